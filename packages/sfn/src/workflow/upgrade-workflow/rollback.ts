import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, FailState, PassState, WaitState } from '../asl/states.js';
import {
  LAMBDA_TRANSIENT_ERRORS,
  LAMBDA_UNANSWERED_ERRORS,
  ROLLBACK_UNANSWERED_RERUNS,
} from './service-integrations.js';
import { FAILED_PHASE_DETAIL, type StateFactory, UPGRADE_FAILED_DETAIL } from './state-factory.js';
import { WorkflowError } from './workflow-errors.js';

/** Where a failure after execution began enters the rollback, by the phase that failed. */
export interface RollbackEntries {
  /** A step (or the deadline, a gate, a hold) failed: closes the execution phase, then rolls back. */
  readonly noteExecutionFailure: PassState;
  /** The final validation failed: closes the validation phase, then rolls back. */
  readonly noteValidationFailure: PassState;
}

/**
 * The rollback path: `phase.failed` of the failed phase → `rollback.triggered` → Rollback
 * (run again a poll interval apart while undos it started are pending, up to `rollbackPolls`
 * times) → `rollback.completed` → `upgrade.failed` → a Fail state: `Upgrade: Rolled back` with
 * the original cause when nothing is left changed, `Upgrade: Partially rolled back` when
 * `notUndone` is not empty, `Upgrade: Rollback failed` (a cause naming both failures) when the
 * rollback threw or reported `success: false`. A pass that left no answer (its function crashed,
 * or its invocation failed after it may have run) is run again, up to three times in all, with
 * `pass.unanswered` telling it so.
 */
export function rollbackStates(f: StateFactory): RollbackEntries {
  const o = f.options;
  const rolledBack = new FailState('Upgrade: Rolled back', {
    errorPath: '$.failure.Error',
    causePath: '$.failure.Cause',
    comment: 'Rolled back, nothing left changed; fails with the cause of the original failure',
  });
  const publishFailedAfterRollback = f.event(
    'Rollback: Publish upgrade failed',
    UpgradeEventType.UPGRADE_FAILED,
    UPGRADE_FAILED_DETAIL,
    rolledBack,
  );
  const rollbackFailed = new FailState('Upgrade: Rollback failed', {
    errorPath: '$.rollbackOutcome.Error',
    causePath: '$.rollbackOutcome.Cause',
    comment: 'The rollback failed too; the cause names both failures',
  });
  const combineCauses = new PassState('Rollback: Combine causes', {
    parameters: {
      Error: WorkflowError.ROLLBACK_FAILED,
      'Cause.$':
        "States.Format('Upgrade failed with {}: {} | Rollback failed with {}: {}', $.failure.Error, $.failure.Cause, $.rollbackFailure.Error, $.rollbackFailure.Cause)",
    },
    resultPath: '$.rollbackOutcome',
  });
  const publishFailedAfterRollbackFailure = f.event(
    'Rollback: Publish upgrade failed after rollback failure',
    UpgradeEventType.UPGRADE_FAILED,
    {
      'targetVersion.$': '$.request.targetVersion',
      'phase.$': '$.failedPhase',
      'error.$': '$.rollbackOutcome.Error',
      'cause.$': '$.rollbackOutcome.Cause',
    },
    rollbackFailed,
  );
  combineCauses.next(publishFailedAfterRollbackFailure);
  // A rollback whose function failed past its retries answered nothing of this pass: the cause
  // names what may be left changed, so no left-over goes unnamed. That is what the last pass
  // that answered still had pending or not undone or, when none answered, the plan's steps
  // (any that ran may have changed something).
  const combineUnanswered = new PassState('Rollback: Combine causes, naming what may be left', {
    parameters: {
      Error: WorkflowError.ROLLBACK_FAILED,
      'Cause.$':
        "States.Format('Upgrade failed with {}: {} | Rollback failed with {}: {} | May be left changed: {}', $.failure.Error, $.failure.Cause, $.rollbackFailure.Error, $.rollbackFailure.Cause, States.JsonToString($.mayBeLeft))",
    },
    resultPath: '$.rollbackOutcome',
  });
  combineUnanswered.next(publishFailedAfterRollbackFailure);
  const nameLastPass = new PassState('Rollback: Name what the last pass left', {
    parameters: { 'pending.$': '$.rollback.result.pending', 'notUndone.$': '$.rollback.result.notUndone' },
    resultPath: '$.mayBeLeft',
  });
  nameLastPass.next(combineUnanswered);
  const namePlanSteps = new PassState("Rollback: Name the plan's steps", {
    parameters: { 'planSteps.$': '$.rollbackInput.plan.steps[*].id' },
    resultPath: '$.mayBeLeft',
  });
  namePlanSteps.next(combineUnanswered);
  const nameWhatMayBeLeft = new ChoiceState('Rollback: Did a pass answer?')
    .when(Condition.isPresent('$.rollback.result'), nameLastPass)
    .otherwise(namePlanSteps);
  // A rollback that ran but could not undo everything it tried fails like one that threw.
  const recordIncompleteRollback = new PassState('Rollback: Record incomplete rollback', {
    parameters: {
      Error: WorkflowError.ROLLBACK_INCOMPLETE,
      'Cause.$':
        "States.Format('{} Not undone: {}', $.rollback.result.summary, States.JsonToString($.rollback.result.notUndone))",
    },
    resultPath: '$.rollbackFailure',
  });
  recordIncompleteRollback.next(combineCauses);
  // Ran without a failed undo, but something stays changed: not "rolled back".
  const partiallyRolledBack = new FailState('Upgrade: Partially rolled back', {
    errorPath: '$.rollbackOutcome.Error',
    causePath: '$.rollbackOutcome.Cause',
    comment:
      'The rollback undid what it could; the cause names the original failure and what is left changed',
  });
  const publishFailedAfterPartialRollback = f.event(
    'Rollback: Publish upgrade failed, left changed',
    UpgradeEventType.UPGRADE_FAILED,
    {
      'targetVersion.$': '$.request.targetVersion',
      'phase.$': '$.failedPhase',
      'error.$': '$.rollbackOutcome.Error',
      'cause.$': '$.rollbackOutcome.Cause',
    },
    partiallyRolledBack,
  );
  const recordLeftChanged = new PassState('Rollback: Record what is left changed', {
    parameters: {
      Error: WorkflowError.PARTIALLY_ROLLED_BACK,
      'Cause.$':
        "States.Format('Upgrade failed with {}: {} | Rolled back partially, left changed: {}', $.failure.Error, $.failure.Cause, States.JsonToString($.rollback.result.notUndone))",
    },
    resultPath: '$.rollbackOutcome',
  });
  recordLeftChanged.next(publishFailedAfterPartialRollback);
  const checkRollback = new ChoiceState('Rollback: Undone?')
    .when(Condition.booleanEquals('$.rollback.result.success', false), recordIncompleteRollback)
    .when(Condition.isPresent('$.rollback.result.notUndone[0]'), recordLeftChanged)
    // The last pass lists what still runs as not undone; anything pending still is not undone either.
    .when(Condition.isPresent('$.rollback.result.pending[0]'), recordLeftChanged)
    .otherwise(publishFailedAfterRollback);
  const publishRollbackCompleted = f.event(
    'Rollback: Publish completed',
    UpgradeEventType.ROLLBACK_COMPLETED,
    {
      'success.$': '$.rollback.result.success',
      'summary.$': '$.rollback.result.summary',
      'notUndone.$': '$.rollback.result.notUndone',
    },
    checkRollback,
  );
  const publishRollbackFailed = f.event(
    'Rollback: Publish failed',
    UpgradeEventType.ROLLBACK_COMPLETED,
    { success: false, 'summary.$': '$.rollbackFailure.Cause' },
    nameWhatMayBeLeft,
  );
  // Undos that take minutes (the green cluster's deletion, node group and control-plane
  // rollbacks) only start in one pass: while the result lists them as pending, wait a poll
  // interval and run the rollback again (it resumes what runs) with the result before, up to
  // rollbackPolls times; rollback.completed is published once, after the last pass.
  // A pass that left no answer (LAMBDA_UNANSWERED_ERRORS: its function may have run) is run
  // again, counted in pass.unanswered, rather than retried with the same input: what it did
  // (traffic moved back to blue, whose records' TTL green's deletion waits for) is recorded
  // nowhere, and the pass run again must know. Throttling (the function did not run) is retried.
  const undo = f.lambda(
    'Rollback: Undo changes',
    UpgradePhase.ROLLBACK,
    { path: '$.rollbackInput' },
    'result',
    '$.rollback',
    o.rollbackTimeoutSeconds,
    LAMBDA_TRANSIENT_ERRORS.filter((error) => !LAMBDA_UNANSWERED_ERRORS.includes(error)),
  );
  // How many passes left no answer, in all (`$.rollbackUnanswered.count`, absent until one did);
  // the pass run again carries it in its input's pass.unanswered.
  const markRerun = new PassState('Rollback: Mark the pass run again', {
    parameters: {
      'count.$': '$.rollbackInput.pass.count',
      'limit.$': '$.rollbackInput.pass.limit',
      'unanswered.$': '$.rollbackUnanswered.count',
    },
    resultPath: '$.rollbackInput.pass',
  });
  const waitBeforeRerun = new WaitState('Rollback: Wait before running the pass again', {
    seconds: ROLLBACK_UNANSWERED_RERUNS.waitSeconds,
  });
  markRerun.next(waitBeforeRerun);
  waitBeforeRerun.next(undo);
  const rerunUnanswered = new ChoiceState('Rollback: Run the unanswered pass again?')
    .when(
      Condition.numericLessThan('$.rollbackUnanswered.count', ROLLBACK_UNANSWERED_RERUNS.maxReruns + 1),
      markRerun,
    )
    .otherwise(publishRollbackFailed);
  const countFirstUnanswered = new PassState('Rollback: Count the first unanswered pass', {
    result: { count: 1 },
    resultPath: '$.rollbackUnanswered',
  });
  countFirstUnanswered.next(rerunUnanswered);
  const countAnotherUnanswered = new PassState('Rollback: Count another unanswered pass', {
    parameters: { 'count.$': 'States.MathAdd($.rollbackUnanswered.count, 1)' },
    resultPath: '$.rollbackUnanswered',
  });
  countAnotherUnanswered.next(rerunUnanswered);
  const countUnanswered = new ChoiceState('Rollback: A pass left unanswered before?')
    .when(Condition.isPresent('$.rollbackUnanswered'), countAnotherUnanswered)
    .otherwise(countFirstUnanswered);
  undo
    .addCatch(countUnanswered, { errors: LAMBDA_UNANSWERED_ERRORS, resultPath: '$.rollbackFailure' })
    .addCatch(publishRollbackFailed, { resultPath: '$.rollbackFailure' });
  const countPass = new PassState('Rollback: Count pass', {
    parameters: {
      'request.$': '$.rollbackInput.request',
      'plan.$': '$.rollbackInput.plan',
      'failure.$': '$.rollbackInput.failure',
      pass: { 'count.$': 'States.MathAdd($.rollbackInput.pass.count, 1)', limit: o.rollbackPolls },
      'previous.$': '$.rollback.result',
      'approvedTrafficTarget.$': '$.rollbackInput.approvedTrafficTarget',
    },
    resultPath: '$.rollbackInput',
  });
  countPass.next(undo);
  const waitForUndos = new WaitState('Rollback: Wait for undos', { seconds: o.pollIntervalSeconds });
  waitForUndos.next(countPass);
  const stillUndoing = new ChoiceState('Rollback: Still undoing?')
    .when(
      Condition.and(
        Condition.isPresent('$.rollback.result.pending[0]'),
        Condition.numericLessThan('$.rollbackInput.pass.count', o.rollbackPolls),
      ),
      waitForUndos,
    )
    .otherwise(publishRollbackCompleted);
  undo.next(stillUndoing);
  const startRollback = new PassState('Rollback: Start', {
    parameters: {
      'request.$': '$.request',
      'upgradeId.$': '$.upgradeId',
      'failedPhase.$': '$.failedPhase',
      'failure.$': '$.failure',
      rollbackInput: {
        'request.$': '$.request',
        'plan.$': '$.plan',
        'failure.$': '$.failure',
        pass: { count: 0, limit: o.rollbackPolls },
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
    },
    comment: "Keeps what the rollback and its events read; the plan moves into the rollback's input",
  });
  startRollback.next(undo);
  const publishRollbackTriggered = f.event(
    'Rollback: Publish triggered',
    UpgradeEventType.ROLLBACK_TRIGGERED,
    { 'reason.$': '$.failure.Cause', 'failedPhase.$': '$.failedPhase', 'error.$': '$.failure.Error' },
    startRollback,
  );
  // The phase that failed is closed (phase.failed) before the rollback starts: every
  // phase.started is followed by its phase.completed or phase.failed.
  const publishFailedPhase = f.event(
    'Rollback: Publish phase failed',
    UpgradeEventType.PHASE_FAILED,
    FAILED_PHASE_DETAIL,
    publishRollbackTriggered,
  );
  const noteExecutionFailure = f.noteFailedPhase(
    'Rollback: Note execution failure',
    UpgradePhase.EXECUTION,
    publishFailedPhase,
  );
  const noteValidationFailure = f.noteFailedPhase(
    'Rollback: Note validation failure',
    UpgradePhase.VALIDATION,
    publishFailedPhase,
  );
  return { noteExecutionFailure, noteValidationFailure };
}
