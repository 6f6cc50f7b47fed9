import { PlanStepKind, UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, PassState, type State, TaskState } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import { EVENTS_PUT_EVENTS_WAIT_RESOURCE } from './service-integrations.js';
import { DETAIL_BASE, type StateFactory } from './state-factory.js';

/** How often the failed steps of one batch may be resumed before a further failure rolls back. */
export const MAX_FAILURE_HOLD_RESUMES = 5;

/**
 * `failurePolicy: hold`: a failed batch waits at a gate ("roll back or resume", purpose
 * `failure`, `failureHoldTimeoutSeconds`). An approval whose decision says `resume: true` runs
 * the batch's failed steps again from Execute (a step's execution adopts an update already
 * running or done); any other answer, a rejection or the timeout rolls back with the failure.
 * After `MAX_FAILURE_HOLD_RESUMES` resumes, a further failure of the batch rolls back at once.
 */
export function failureHoldStates(
  f: StateFactory,
  stepState: JsonObject,
  run: State,
  onFailure: State,
): State {
  const o = f.options;
  const gateDetail: JsonObject = {
    'executionArn.$': '$$.Execution.Id',
    'planId.$': '$.plan.planId',
    'stepId.$': '$.batch.first.report.stepId',
    purpose: 'failure',
  };
  // Each resume counts in `$.batch.resumes` (absent before the first), so a step that fails
  // every time cannot be resumed until the execution meets the 25,000-event history quota,
  // which ends it with no Catch: no rollback, no upgrade.failed.
  const resume = new PassState('Step: Resume failed steps', {
    parameters: {
      ...stepState,
      'stage.$': '$.stage',
      batch: { 'items.$': '$.batch.failed.reports[*].index', resumes: 1 },
    },
    comment: 'Runs the failed steps of the batch again; drops the failure',
  });
  resume.next(run);
  const resumeAgain = new PassState('Step: Resume failed steps again', {
    parameters: {
      ...stepState,
      'stage.$': '$.stage',
      batch: {
        'items.$': '$.batch.failed.reports[*].index',
        'resumes.$': 'States.MathAdd($.batch.resumes, 1)',
      },
    },
    comment: 'As the first resume, counting it',
  });
  resumeAgain.next(run);
  const publishTimedOut = f.event(
    'Step: Publish failure hold timed out',
    UpgradeEventType.GATE_TIMED_OUT,
    { ...gateDetail, 'timeoutSeconds.$': '$.holdWait.wait.waitSeconds' },
    onFailure,
  );
  const publishRejected = f.event(
    'Step: Publish failure hold rejected',
    UpgradeEventType.GATE_REJECTED,
    { ...gateDetail, reason: 'rejected: rolling back' },
    onFailure,
  );
  const publishApproved = f.event(
    'Step: Publish failure hold approved',
    UpgradeEventType.GATE_APPROVED,
    { ...gateDetail, 'decision.$': '$.holdDecision' },
    new ChoiceState('Step: Resume?')
      .when(
        Condition.and(
          Condition.isPresent('$.holdDecision.resume'),
          Condition.booleanEquals('$.holdDecision.resume', true),
          Condition.isPresent('$.batch.resumes'),
        ),
        resumeAgain,
      )
      .when(
        Condition.and(
          Condition.isPresent('$.holdDecision.resume'),
          Condition.booleanEquals('$.holdDecision.resume', true),
        ),
        resume,
      )
      .otherwise(onFailure),
  );
  // A decision without `resume: true` is answered like a rejection.
  const hold = new TaskState('Step: Hold failure', {
    resource: EVENTS_PUT_EVENTS_WAIT_RESOURCE,
    parameters: {
      Entries: [
        {
          Source: o.eventSource,
          DetailType: UpgradeEventType.GATE_PENDING,
          EventBusName: o.eventBusName,
          Detail: {
            ...DETAIL_BASE,
            'executionArn.$': '$$.Execution.Id',
            'planId.$': '$.plan.planId',
            'stepId.$': '$.batch.first.report.stepId',
            gate: {
              purpose: 'failure',
              'summary.$':
                "States.Format('Step {} failed with {}. Approve with resume true to run it again, or reject to roll back', $.batch.first.report.stepId, $.failure.Error)",
              'timeoutSeconds.$': '$.holdWait.wait.waitSeconds',
              acceptsTrafficTarget: false,
            },
            'taskToken.$': '$$.Task.Token',
          },
        },
      ],
    },
    resultPath: '$.holdDecision',
    timeoutSecondsPath: '$.holdWait.wait.waitSeconds',
  })
    .addCatch(publishTimedOut, { errors: ['States.Timeout'], resultPath: '$.holdFailure' })
    .addCatch(publishRejected, { errors: ['States.ALL'], resultPath: '$.holdFailure' });
  hold.next(publishApproved);
  // As at an approval gate: the hold waits at most until the deadline (Execution's GateWait), so
  // an unanswered hold rolls back while there is time instead of meeting States.Timeout.
  const timeLeft = f
    .lambda(
      'Step: Time left for the hold',
      UpgradePhase.EXECUTION,
      {
        'request.$': '$.request',
        step: {
          'id.$': '$.batch.first.report.stepId',
          kind: PlanStepKind.APPROVAL_GATE,
          description: 'Roll back or resume the failed step',
          'clusterName.$': '$.request.clusterName',
          gate: {
            purpose: 'failure',
            summary: 'Roll back or resume the failed step',
            timeoutSeconds: o.failureHoldTimeoutSeconds,
            acceptsTrafficTarget: false,
          },
        },
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        gateWait: { 'deadline.$': '$.deadline' },
      },
      'wait',
      '$.holdWait',
    )
    .addCatch(onFailure, { errors: ['States.ALL'], resultPath: '$.holdFailure' });
  timeLeft.next(hold);
  // Resumed MAX_FAILURE_HOLD_RESUMES times and failed again: no more holding, roll back.
  const resumesUsedUp = new PassState('Step: Note resumes used up', {
    parameters: {
      'Error.$': '$.failure.Error',
      'Cause.$': `States.Format('{} (failed again after ${MAX_FAILURE_HOLD_RESUMES} resumes: rolling back instead of holding)', $.failure.Cause)`,
    },
    resultPath: '$.failure',
  });
  resumesUsedUp.next(onFailure);
  return new ChoiceState('Step: Resumes left?')
    .when(
      Condition.and(
        Condition.isPresent('$.batch.resumes'),
        Condition.numericGreaterThanEquals('$.batch.resumes', MAX_FAILURE_HOLD_RESUMES),
      ),
      resumesUsedUp,
    )
    .otherwise(timeLeft);
}
