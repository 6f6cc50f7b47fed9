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
 * phase ran, or its error says so).
 */
export function outcomeOf(
  status: ExecutionResult['status'],
  timeline: readonly Pick<PhaseTimelineEntry, 'phase'>[],
  error?: string,
): UpgradeOutcome {
  if (status === 'RUNNING' || status === 'PENDING_REDRIVE') return UpgradeOutcome.RUNNING;
  if (status === 'SUCCEEDED') return UpgradeOutcome.SUCCEEDED;
  // A rollback that failed leaves the cluster half-changed: that is a failure, not a rollback.
  if (error === ROLLBACK_FAILED_ERROR) return UpgradeOutcome.FAILED;
  const rolledBack =
    timeline.some((entry) => entry.phase === 'rollback') || /rolled.?back/i.test(error ?? '');
  return rolledBack ? UpgradeOutcome.ROLLED_BACK : UpgradeOutcome.FAILED;
}

/** The exit code of an outcome: 0 succeeded, 3 rolled back, 1 otherwise. */
export function exitCodeOf(outcome: UpgradeOutcome): ExitCode {
  if (outcome === UpgradeOutcome.SUCCEEDED) return ExitCode.SUCCESS;
  if (outcome === UpgradeOutcome.ROLLED_BACK) return ExitCode.ROLLED_BACK;
  return ExitCode.FAILURE;
}
