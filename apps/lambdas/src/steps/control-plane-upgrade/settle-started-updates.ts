import type { AwaitedUpdate } from '../shared/rollback-report.js';
import type { RollbackContext } from '../step-kind-module.js';

/**
 * Checks once, with DescribeUpdate, each node group and add-on update this rollback pass started
 * or resumed (`report.pendingUpdates()`), and settles each that ended: `undone` when it succeeded,
 * `failed` with EKS's errors otherwise. Returns those still running. It does not wait: the
 * rollback function runs for seconds, and the workflow waits a poll interval and runs the
 * rollback again while anything is pending (a later pass resumes the updates instead of starting
 * new ones), so the control plane's native rollback starts on the pass that finds them done.
 */
export async function settleStartedUpdates(context: RollbackContext): Promise<readonly AwaitedUpdate[]> {
  const { gateway, report } = context;
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
  return report.pendingUpdates();
}
