import type { AgentConfig } from '@eks-upgrade/core-models';
import type { AwaitedUpdate } from '../shared/rollback-report.js';
import type { RollbackContext } from '../step-kind-module.js';

/**
 * The rollback function's Lambda timeout: `PHASE_SIZING.rollback.timeout` of
 * `@eks-upgrade/lambda-templates` (a test keeps the two equal; the package is not imported here
 * so the rollback bundle stays free of the Lambda SDK).
 */
export const ROLLBACK_FUNCTION_TIMEOUT_SECONDS = 180;
/** Time left, after the wait, for the control-plane call, the report and the answer. */
const MARGIN_SECONDS = 60;

/**
 * How many polls of the updates it started the rollback may wait for: the time of the rollback
 * task (the shorter of the function's timeout and `upgrade.rollbackTimeoutSeconds`, the Step
 * Functions task's), less a margin, in `upgrade.pollIntervalSeconds` — 4 polls (2 minutes) by
 * default.
 *
 * @example
 * ```ts
 * rollbackWaitPolls(createDefaultAgentConfig()); // 4
 * ```
 */
export function rollbackWaitPolls(config: AgentConfig): number {
  const { rollbackTimeoutSeconds, pollIntervalSeconds } = config.upgrade;
  const budget = Math.min(ROLLBACK_FUNCTION_TIMEOUT_SECONDS, rollbackTimeoutSeconds) - MARGIN_SECONDS;
  return Math.max(0, Math.floor(budget / pollIntervalSeconds));
}

/**
 * Waits for the node group and add-on updates the rollback started (`report.pendingUpdates()`),
 * polling DescribeUpdate every `upgrade.pollIntervalSeconds` up to `rollbackWaitPolls` times,
 * and settles each that ends: `undone` when it succeeded, `failed` with EKS's errors otherwise.
 * Rollback is one Lambda invocation, so a wait longer than its time is not possible here: the
 * updates still running are returned, and the control plane stays for the operator (or a later
 * rollback run, which resumes them instead of starting new ones) to finish. A rehearsal's
 * virtual clock moves with the simulated polls, so the scenario's timing decides whether they fit.
 */
export async function waitForStartedUpdates(context: RollbackContext): Promise<readonly AwaitedUpdate[]> {
  const { gateway, report, config } = context;
  const polls = rollbackWaitPolls(config);
  for (let poll = 0; ; poll += 1) {
    for (const awaited of report.pendingUpdates()) {
      const update = await gateway.describeUpdate(awaited.clusterName, awaited.updateId, awaited.scope);
      if (update.status === 'InProgress') continue;
      if (update.status === 'Successful') {
        report.settle(awaited.updateId, 'undone', awaited.undoneMessage);
      } else {
        const errors = update.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
        report.settle(
          awaited.updateId,
          'failed',
          `Update ${awaited.updateId} ended ${update.status}${errors ? `: ${errors}` : ''}`,
        );
      }
    }
    const pending = report.pendingUpdates();
    if (pending.length === 0 || poll >= polls) return pending;
    await context.sleep(config.upgrade.pollIntervalSeconds);
  }
}
