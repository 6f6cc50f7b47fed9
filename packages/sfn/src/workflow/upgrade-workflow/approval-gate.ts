import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, FailState, PassState, type State, TaskState } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import { EVENTS_PUT_EVENTS_WAIT_RESOURCE } from './service-integrations.js';
import { DETAIL_BASE, type StateFactory } from './state-factory.js';
import type { StepLoopAdvances } from './step-loop.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * A gate rejected (or timed out) before any step ran: nothing to roll back. Closes the
 * execution phase, publishes `upgrade.failed` and ends in `Upgrade: Rejected`.
 */
export function rejectedBeforeChangeStates(f: StateFactory): State {
  const rejected = new FailState('Upgrade: Rejected', {
    errorPath: '$.failure.Error',
    causePath: '$.failure.Cause',
    comment: 'A gate was rejected or timed out before any step changed anything: nothing rolled back',
  });
  const publishRejectedPhaseFailed = f.closeAndFail(
    'Upgrade: Publish rejection phase failed',
    'Upgrade: Publish rejected',
    rejected,
  );
  const publishRejectedBeforeChange = f.noteFailedPhase(
    'Upgrade: Note rejection',
    UpgradePhase.EXECUTION,
    publishRejectedPhaseFailed,
  );
  return publishRejectedBeforeChange;
}

/**
 * An approval-gate step (contract: core-models' `ApprovalGateStepSchema`): publishes
 * `gate.pending` with the task token and waits (`.waitForTaskToken`, timeout from the gate)
 * for `SendTaskSuccess` (a `GateDecision`) or `SendTaskFailure` (`Upgrade.GateRejected`).
 * A `plan` gate's decision must name the plan's id. A rejection or timeout rolls back, or, when
 * no step has run yet, ends in "Upgrade: Rejected" (nothing changed, nothing to undo).
 */
export function approvalGateStates(
  f: StateFactory,
  loop: StepLoopAdvances,
  onFailure: State,
  onRejectedBeforeChange: State,
): State {
  const o = f.options;
  const gateDetail: JsonObject = {
    'executionArn.$': '$$.Execution.Id',
    'planId.$': '$.plan.planId',
    'stepId.$': '$.step.id',
  };
  const anythingChanged = new ChoiceState('Step: Anything changed?')
    .when(Condition.booleanEquals('$.changed', false), onRejectedBeforeChange)
    .otherwise(onFailure);
  const recordRejection = new PassState('Step: Record rejection', {
    parameters: { Error: WorkflowError.GATE_REJECTED, 'Cause.$': '$.gateFailure.Cause' },
    resultPath: '$.failure',
  });
  recordRejection.next(anythingChanged);
  const publishRejected = f.event(
    'Step: Publish gate rejected',
    UpgradeEventType.GATE_REJECTED,
    { ...gateDetail, 'purpose.$': '$.step.gate.purpose', 'reason.$': '$.gateFailure.Cause' },
    recordRejection,
  );
  const noReason = new PassState('Step: Note rejection without reason', {
    result: { Error: WorkflowError.GATE_REJECTED, Cause: 'Rejected without a reason' },
    resultPath: '$.gateFailure',
  });
  noReason.next(publishRejected);
  const hasReason = new ChoiceState('Step: Rejection has a reason?')
    .when(Condition.isPresent('$.gateFailure.Cause'), publishRejected)
    .otherwise(noReason);
  const recordTimeout = new PassState('Step: Record gate timeout', {
    parameters: {
      Error: WorkflowError.GATE_TIMED_OUT,
      'Cause.$':
        "States.Format('Nobody answered the {} gate {} within {} s', $.step.gate.purpose, $.step.id, $.step.gate.timeoutSeconds)",
    },
    resultPath: '$.failure',
  });
  recordTimeout.next(anythingChanged);
  const recordDeadline = new PassState('Step: Record deadline at gate', {
    parameters: {
      Error: WorkflowError.DEADLINE_REACHED,
      'Cause.$':
        "States.Format('The execution reached its deadline {} while the {} gate {} waited for an answer: rolling back while there is time, before Step Functions would stop the execution', $.deadline.at, $.step.gate.purpose, $.step.id)",
    },
    resultPath: '$.failure',
  });
  recordDeadline.next(anythingChanged);
  const whyTimedOut = new ChoiceState('Step: Gate cut by the deadline?')
    .when(Condition.booleanEquals('$.gateWait.wait.cutByDeadline', true), recordDeadline)
    .otherwise(recordTimeout);
  const publishTimedOut = f.event(
    'Step: Publish gate timed out',
    UpgradeEventType.GATE_TIMED_OUT,
    {
      ...gateDetail,
      'purpose.$': '$.step.gate.purpose',
      'timeoutSeconds.$': '$.gateWait.wait.waitSeconds',
    },
    whyTimedOut,
  );

  const keepTrafficTarget = new PassState('Step: Keep approved traffic target', {
    inputPath: '$.gateDecision.trafficTarget',
    resultPath: '$.approvedTrafficTarget',
    comment: 'Passed to every later Execute call',
  });
  keepTrafficTarget.next(loop.advanceAfterGate);
  const trafficTargetApproved = new ChoiceState('Step: Traffic target approved?')
    .when(Condition.isPresent('$.gateDecision.trafficTarget'), keepTrafficTarget)
    .otherwise(loop.advanceAfterGate);
  const publishApproved = f.event(
    'Step: Publish gate approved',
    UpgradeEventType.GATE_APPROVED,
    { ...gateDetail, 'purpose.$': '$.step.gate.purpose', 'decision.$': '$.gateDecision' },
    trafficTargetApproved,
  );
  const noPlanId = new PassState('Step: Record approval without plan id', {
    parameters: {
      Error: WorkflowError.GATE_REJECTED,
      'Cause.$':
        "States.Format('The approval of plan {} named no plan id: a plan is approved by its id (the plan approved is the plan executed)', $.plan.planId)",
    },
    resultPath: '$.gateFailure',
  });
  noPlanId.next(publishRejected);
  const otherPlan = new PassState('Step: Record approval of another plan', {
    parameters: {
      Error: WorkflowError.GATE_REJECTED,
      'Cause.$':
        "States.Format('The approval named plan {} but this execution runs plan {}: not approved', $.gateDecision.planId, $.plan.planId)",
    },
    resultPath: '$.gateFailure',
  });
  otherPlan.next(publishRejected);
  const isPlanGate = Condition.stringEquals('$.step.gate.purpose', 'plan');
  const planApproved = new ChoiceState('Step: Approved plan is this plan?')
    .when(Condition.and(isPlanGate, Condition.not(Condition.isPresent('$.gateDecision.planId'))), noPlanId)
    .when(
      Condition.and(
        isPlanGate,
        Condition.not(Condition.stringEqualsPath('$.gateDecision.planId', '$.plan.planId')),
      ),
      otherPlan,
    )
    .otherwise(publishApproved);

  const waitFor = (name: string, detail: JsonObject): TaskState => {
    const task = new TaskState(name, {
      resource: EVENTS_PUT_EVENTS_WAIT_RESOURCE,
      parameters: {
        Entries: [
          {
            Source: o.eventSource,
            DetailType: UpgradeEventType.GATE_PENDING,
            EventBusName: o.eventBusName,
            Detail: {
              ...DETAIL_BASE,
              ...gateDetail,
              // The gate as planned, with the time it really has: its timeout cut at the deadline.
              gate: {
                'purpose.$': '$.step.gate.purpose',
                'summary.$': '$.step.gate.summary',
                'timeoutSeconds.$': '$.gateWait.wait.waitSeconds',
                'acceptsTrafficTarget.$': '$.step.gate.acceptsTrafficTarget',
              },
              'taskToken.$': '$$.Task.Token',
              ...detail,
            },
          },
        ],
      },
      resultPath: '$.gateDecision',
      timeoutSecondsPath: '$.gateWait.wait.waitSeconds',
    })
      .addCatch(hasReason, { errors: [WorkflowError.GATE_REJECTED], resultPath: '$.gateFailure' })
      .addCatch(publishTimedOut, { errors: ['States.Timeout'], resultPath: '$.gateFailure' })
      // The gate could not be published (or answered): nobody can approve it, so it is refused.
      .addCatch(hasReason, { errors: ['States.ALL'], resultPath: '$.gateFailure' });
    task.next(planApproved);
    return task;
  };
  // A plan gate publishes the plan with it, so reviewers see what they approve.
  const whichGate = new ChoiceState('Step: Plan gate?')
    .when(isPlanGate, waitFor('Step: Wait for plan approval', { 'plan.$': '$.plan' }))
    .otherwise(waitFor('Step: Wait for approval', {}));
  // A `.waitForTaskToken` wait does not look at the deadline, and one still running when the
  // execution's TimeoutSeconds passes ends it with States.Timeout, which no Catch sees. JSONPath
  // has no date arithmetic, so Execution says how long the gate may wait: its timeout cut at
  // the deadline (core-models' GateWait).
  const timeLeft = f
    .lambda(
      'Step: Time left for the gate',
      UpgradePhase.EXECUTION,
      {
        'request.$': '$.request',
        'step.$': '$.step',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        gateWait: { 'deadline.$': '$.deadline' },
      },
      'wait',
      '$.gateWait',
    )
    .addCatch(hasReason, { errors: ['States.ALL'], resultPath: '$.gateFailure' });
  timeLeft.next(whichGate);
  return timeLeft;
}
