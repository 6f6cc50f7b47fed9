import { renderDefinition } from '../asl/states.js';
import type { AslDefinition } from '../asl/types.js';
import { rejectedBeforeChangeStates } from './approval-gate.js';
import { deadlineBudgetSeconds, deadlineStates } from './deadline.js';
import { finalValidationStates } from './final-validation.js';
import { perceptionAndReasoningStates } from './perception-reasoning.js';
import { rollbackStates } from './rollback.js';
import { StateFactory } from './state-factory.js';
import { createLoopAdvances, stepLoopStates } from './step-loop.js';
import { stageStates } from './step-stage.js';
import { resolveWorkflowOptions, type UpgradeWorkflowOptions } from './workflow-options.js';

/**
 * The EKS upgrade workflow as an Amazon States Language document (JSONPath query language).
 *
 * Perception → Reasoning → (blockers: `upgrade.failed`, stop before any change) →
 * `upgrade.started` → each plan step in order (execute → wait → poll until the update finished
 * → validate; traffic steps publish `traffic.shifted`, bake, and must validate healthy) → final
 * validation → `upgrade.completed`. Any failure once execution began → `rollback.triggered` →
 * Rollback (run again a poll interval apart while undos it started are pending, up to
 * `rollbackPolls` times) → `rollback.completed` → Fail with the original cause when nothing is left changed
 * (`Upgrade: Rolled back`); a rollback that undid what it could but left something changed
 * (`notUndone` not empty) fails with `Upgrade.PartiallyRolledBack` and a cause naming the original
 * failure and what is left (`Upgrade: Partially rolled back`); a rollback that throws or reports
 * `success: false` fails with `Upgrade.RollbackFailed` and a cause naming both failures. The
 * execution input is the `UpgradeRequest`, so one machine serves every cluster.
 *
 * @example
 * ```ts
 * const asl = createUpgradeStateMachineDefinition({ bakeTimeSeconds: 600, eventBusName: 'platform' });
 * await client.upsertStateMachine({ name: 'eks-upgrade-workflow', definition: asl, roleArn });
 * ```
 */
export function createUpgradeStateMachineDefinition(options: UpgradeWorkflowOptions = {}): AslDefinition {
  const f = new StateFactory(resolveWorkflowOptions(options));
  const o = f.options;
  const budgetSeconds = deadlineBudgetSeconds(o);
  // A step's polls cover its EKS operation and then the health settling after it.
  const maxStepPolls = Math.ceil(
    (o.operationTimeoutSeconds + o.validationTimeoutSeconds) / o.pollIntervalSeconds,
  );

  // The failure paths first, so the happy path can point at them.
  const { noteExecutionFailure, noteValidationFailure } = rollbackStates(f);
  const deadline = deadlineStates(o, noteExecutionFailure);
  const loop = createLoopAdvances();
  const stage = stageStates(f, loop, maxStepPolls, {
    onFailure: noteExecutionFailure,
    onDeadline: deadline.deadlineReached,
    onRejectedBeforeChange: rejectedBeforeChangeStates(f),
  });
  const steps = stepLoopStates(f, loop, {
    stage,
    deadline,
    afterLastStep: finalValidationStates(f, noteValidationFailure),
  });
  const prepare = perceptionAndReasoningStates(f, budgetSeconds, steps);

  return renderDefinition(prepare, {
    comment:
      'eks-upgrade: Perception → Reasoning → Execution (one plan step at a time) → Validation; any failure after execution began → Rollback',
    timeoutSeconds: o.executionTimeoutSeconds,
  });
}
