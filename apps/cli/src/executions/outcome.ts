import type { ExecutionResult, PhaseTimelineEntry } from '@eks-upgrade/sfn';
import { ExitCode } from '../cli/exit-codes.js';

/** The error a workflow fails with when its rollback failed (sfn's `WorkflowError.ROLLBACK_FAILED`). */
export const ROLLBACK_FAILED_ERROR = 'Upgrade.RollbackFailed';

/**
 * The error a workflow fails with when its rollback undid what it could but left something
 * changed (sfn's `WorkflowError.PARTIALLY_ROLLED_BACK`); the cause lists what is left changed.
 */
export const PARTIALLY_ROLLED_BACK_ERROR = 'Upgrade.PartiallyRolledBack';

/** How an upgrade ended, as the CLI reports it. */
export const UpgradeOutcome = {
  SUCCEEDED: 'succeeded',
  /** Failed, and the rollback put everything back: nothing is left changed. */
  ROLLED_BACK: 'rolled_back',
  /** Failed, and the rollback undid what it could; the error's cause lists what is left changed. */
  PARTIALLY_ROLLED_BACK: 'partially_rolled_back',
  FAILED: 'failed',
  RUNNING: 'running',
} as const;
export type UpgradeOutcome = (typeof UpgradeOutcome)[keyof typeof UpgradeOutcome];

/**
 * The outcome of an execution: succeeded; rolled back (it failed after the rollback phase ran,
 * and the rollback neither failed nor left anything changed); partially rolled back (the
 * workflow ended in `Upgrade.PartiallyRolledBack`: something is left changed); or failed.
 *
 * @example
 * ```ts
 * outcomeOf('FAILED', [{ phase: 'rollback' }], 'Upgrade.PartiallyRolledBack'); // 'partially_rolled_back'
 * ```
 */
export function outcomeOf(
  status: ExecutionResult['status'],
  timeline: readonly Pick<PhaseTimelineEntry, 'phase'>[],
  error?: string,
  rollbackSucceeded?: boolean,
): UpgradeOutcome {
  if (status === 'RUNNING' || status === 'PENDING_REDRIVE') return UpgradeOutcome.RUNNING;
  if (status === 'SUCCEEDED') return UpgradeOutcome.SUCCEEDED;
  // A rollback that failed (it threw, or reported success: false) leaves the cluster
  // half-changed: that is a failure, not a rollback.
  if (error === ROLLBACK_FAILED_ERROR || rollbackSucceeded === false) return UpgradeOutcome.FAILED;
  if (error === PARTIALLY_ROLLED_BACK_ERROR) return UpgradeOutcome.PARTIALLY_ROLLED_BACK;
  const rolledBack =
    timeline.some((entry) => entry.phase === 'rollback') || /rolled.?back/i.test(error ?? '');
  return rolledBack ? UpgradeOutcome.ROLLED_BACK : UpgradeOutcome.FAILED;
}

/**
 * Whether the rollback phase reported success, read from the last Rollback task's output in the
 * history (`undefined` when it did not run or said nothing).
 */
export function rollbackSucceededIn(
  history: readonly { type: string; stateName?: string; output?: unknown }[],
): boolean | undefined {
  let rollbackState: string | undefined;
  let verdict: boolean | undefined;
  for (const event of history) {
    if (event.type === 'TaskStateEntered' && event.stateName?.startsWith('Rollback'))
      rollbackState = event.stateName;
    if (
      event.type === 'TaskStateExited' &&
      event.stateName === rollbackState &&
      typeof event.output === 'object' &&
      event.output !== null
    ) {
      const output = event.output as {
        success?: unknown;
        Payload?: { success?: unknown };
        rollback?: { success?: unknown };
      };
      const success = output.Payload?.success ?? output.rollback?.success ?? output.success;
      if (typeof success === 'boolean') verdict = success;
    }
  }
  return verdict;
}

/** The exit code of an outcome: 0 succeeded, 3 rolled back, 4 partially rolled back, 1 otherwise. */
export function exitCodeOf(outcome: UpgradeOutcome): ExitCode {
  if (outcome === UpgradeOutcome.SUCCEEDED) return ExitCode.SUCCESS;
  if (outcome === UpgradeOutcome.ROLLED_BACK) return ExitCode.ROLLED_BACK;
  if (outcome === UpgradeOutcome.PARTIALLY_ROLLED_BACK) return ExitCode.PARTIALLY_ROLLED_BACK;
  return ExitCode.FAILURE;
}
