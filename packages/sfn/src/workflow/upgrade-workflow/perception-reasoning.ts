import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, FailState, PassState, type State } from '../asl/states.js';
import type { StateFactory } from './state-factory.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * The start of the workflow, before anything changes: `Upgrade: Prepare` (the request, the
 * upgrade id, the start that anchors the deadline) → Perception (the cluster snapshot) →
 * Reasoning (the plan, with its deadline from the start and `budgetSeconds`) → `next` (the step
 * loop). A failed phase, or a plan with blockers (`Upgrade.PlanBlocked`), closes its phase and
 * ends in `Upgrade: Failed`: nothing to roll back. Returns the first state.
 */
export function perceptionAndReasoningStates(f: StateFactory, budgetSeconds: number, next: State): PassState {
  // ---- the end of a failure before any change
  const failed = new FailState('Upgrade: Failed', {
    errorPath: '$.failure.Error',
    causePath: '$.failure.Cause',
    comment: 'Failed before any change was made',
  });
  const publishPhaseFailed = f.closeAndFail(
    'Upgrade: Publish phase failed',
    'Upgrade: Publish failed',
    failed,
  );
  const notePerceptionFailure = f.noteFailedPhase(
    'Perception: Note failure',
    UpgradePhase.PERCEPTION,
    publishPhaseFailed,
  );
  const noteReasoningFailure = f.noteFailedPhase(
    'Reasoning: Note failure',
    UpgradePhase.REASONING,
    publishPhaseFailed,
  );

  // ---- perception and reasoning
  const notePlanBlocked = new PassState('Reasoning: Note blockers', {
    parameters: {
      'request.$': '$.request',
      'upgradeId.$': '$.upgradeId',
      failedPhase: UpgradePhase.REASONING,
      failure: {
        Error: WorkflowError.PLAN_BLOCKED,
        'Cause.$': 'States.JsonToString($.reasoning.plan.blockers)',
      },
    },
    comment: 'The plan has blockers: stop before any change',
  });
  // Reasoning ends failed (Upgrade.PlanBlocked): its phase.started is closed before upgrade.failed.
  notePlanBlocked.next(publishPhaseFailed);
  const keepPlan = new PassState('Reasoning: Keep the plan', {
    parameters: { 'request.$': '$.request', 'upgradeId.$': '$.upgradeId', 'plan.$': '$.reasoning.plan' },
    comment: 'Drops the snapshot: later states pass ids and the plan only',
  });
  keepPlan.next(next);
  const publishReasoningCompleted = f.event(
    'Reasoning: Publish completed',
    UpgradeEventType.PHASE_COMPLETED,
    { phase: UpgradePhase.REASONING },
    keepPlan,
  );
  const checkBlockers = new ChoiceState('Reasoning: Blocked?')
    .when(Condition.booleanEquals('$.reasoning.plan.blocked', true), notePlanBlocked)
    .otherwise(publishReasoningCompleted);
  const reasoning = f
    .lambda(
      'Reasoning: Plan the upgrade',
      UpgradePhase.REASONING,
      {
        'request.$': '$.request',
        'snapshot.$': '$.perception.snapshot',
        deadline: { 'startedAt.$': '$.startedAt', budgetSeconds },
      },
      'plan',
      '$.reasoning',
    )
    .addCatch(noteReasoningFailure, { resultPath: '$.failure' });
  reasoning.next(checkBlockers);
  const publishReasoningStarted = f.event(
    'Reasoning: Publish started',
    UpgradeEventType.PHASE_STARTED,
    { phase: UpgradePhase.REASONING },
    reasoning,
  );
  const publishPerceptionCompleted = f.event(
    'Perception: Publish completed',
    UpgradeEventType.PHASE_COMPLETED,
    { phase: UpgradePhase.PERCEPTION },
    publishReasoningStarted,
  );
  const perception = f
    .lambda(
      'Perception: Collect cluster state',
      UpgradePhase.PERCEPTION,
      { 'request.$': '$.request' },
      'snapshot',
      '$.perception',
    )
    .addCatch(notePerceptionFailure, { resultPath: '$.failure' });
  perception.next(publishPerceptionCompleted);
  const publishPerceptionStarted = f.event(
    'Perception: Publish started',
    UpgradeEventType.PHASE_STARTED,
    { phase: UpgradePhase.PERCEPTION },
    perception,
  );
  const prepare = new PassState('Upgrade: Prepare', {
    // The first state's EnteredTime, not $$.Execution.StartTime: on AWS they are milliseconds
    // apart (nothing next to the minutes of the rollback reserve), and the local runner provides
    // only the first on its virtual clock.
    parameters: {
      'request.$': '$',
      'upgradeId.$': '$$.Execution.Name',
      'startedAt.$': '$$.State.EnteredTime',
    },
    comment:
      'The execution input is the UpgradeRequest; the execution name is the upgrade id; the start anchors the deadline',
  });
  prepare.next(publishPerceptionStarted);
  return prepare;
}
