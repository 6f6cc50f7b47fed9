import type { ExecutionResult, PhaseTimelineEntry } from '@eks-upgrade/sfn';
import { ExitCode } from '../cli/exit-codes.js';

/** The error a workflow fails with when its rollback failed (sfn's `WorkflowError.ROLLBACK_FAILED`). */
export const ROLLBACK_FAILED_ERROR = 'Upgrade.RollbackFailed';

/** How an upgrade ended, as the CLI reports it. */
export const UpgradeOutcome = {
  SUCCEEDED: 'succeeded',
  ROLLED_BACK: 'rolled_back',
  FAILED: 'failed',
  RUNNING: 'running',
} as const;
export type UpgradeOutcome = (typeof UpgradeOutcome)[keyof typeof UpgradeOutcome];

/**
 * The outcome of an execution: succeeded, failed, or rolled back (it failed after the rollback
 * phase ran and the rollback did not report a failure).
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

/** The exit code of an outcome: 0 succeeded, 3 rolled back, 1 otherwise. */
export function exitCodeOf(outcome: UpgradeOutcome): ExitCode {
  if (outcome === UpgradeOutcome.SUCCEEDED) return ExitCode.SUCCESS;
  if (outcome === UpgradeOutcome.ROLLED_BACK) return ExitCode.ROLLED_BACK;
  return ExitCode.FAILURE;
}
