import { describeError } from '../shared/rollback-report.js';
import { findInProgressUpdate, isResourceInUse } from '../shared/updates.js';
import type { RollbackContext, StepOfKind } from '../step-kind-module.js';
import { EKS_DEFAULT_UPDATE_STRATEGY, setsStrategy, updateConfigFor } from './nodegroup-update-strategy.js';

/**
 * Puts each node group a `nodegroup_update_config` step moved back on the update strategy it
 * had (UpdateNodegroupConfig,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html). EKS runs
 * one update of a node group at a time (ResourceInUseException otherwise), so a group still
 * rolling back its version is left pending and changed on a later pass; the change started is
 * pending until it ends. A group on neither strategy (changed by someone else since) is left as
 * it is, and said.
 */
export async function rollBackNodegroupConfigs(
  steps: readonly StepOfKind<'nodegroup_update_config'>[],
  context: RollbackContext,
): Promise<void> {
  const { gateway, report } = context;
  for (const step of steps) {
    const { clusterName, nodegroupName, previousUpdateStrategy } = step;
    const target = `nodegroup-config:${nodegroupName}`;
    const nodegroup = await gateway.describeNodegroup(clusterName, nodegroupName);
    if (!nodegroup) {
      report.act({ target, status: 'not_needed', message: `Node group ${nodegroupName} no longer exists` });
      continue;
    }
    const strategy = nodegroup.updateStrategy ?? EKS_DEFAULT_UPDATE_STRATEGY;
    const earlier = context.earlier.find(
      (action) => action.target === target && (action.status === 'started' || action.status === 'undone'),
    );
    if (strategy === previousUpdateStrategy) {
      report.act(
        earlier
          ? {
              target,
              status: 'undone',
              message: `${nodegroupName} rolls with updateStrategy ${previousUpdateStrategy} again${earlier.updateId ? ` (update ${earlier.updateId})` : ''}`,
              ...(earlier.updateId ? { updateId: earlier.updateId } : {}),
            }
          : {
              target,
              status: 'not_needed',
              message: `${nodegroupName} rolls with updateStrategy ${strategy}`,
            },
      );
      continue;
    }
    if (strategy !== step.updateStrategy) {
      report.act({
        target,
        status: 'not_possible',
        message: `${nodegroupName} rolls with updateStrategy ${strategy}, which neither it had (${previousUpdateStrategy}) nor the upgrade set (${step.updateStrategy}): left as it is`,
      });
      continue;
    }
    const scope = { nodegroupName };
    const running =
      nodegroup.status === 'UPDATING' ? await findInProgressUpdate(gateway, clusterName, scope) : undefined;
    if (nodegroup.status === 'UPDATING' && !running) {
      // Its update ended between the two reads: the next pass sees where it ended.
      report.pend(target, `${nodegroupName}'s update just ended; looked at again on the next pass`);
      continue;
    }
    if (running && !setsStrategy(previousUpdateStrategy)(running)) {
      report.pend(
        target,
        `${nodegroupName}'s update ${running.id} (${running.type}) runs first; its update strategy goes back to ${previousUpdateStrategy} once it ends`,
      );
      continue;
    }
    const updateConfig = updateConfigFor(nodegroup, previousUpdateStrategy);
    if (!running && !updateConfig) {
      report.act({
        target,
        status: 'failed',
        message: `Could not put ${nodegroupName} back on updateStrategy ${previousUpdateStrategy}: DescribeNodegroup reports neither maxUnavailable nor maxUnavailablePercentage, and EKS requires one`,
      });
      continue;
    }
    try {
      const update =
        running ?? (await gateway.updateNodegroupConfig(clusterName, nodegroupName, updateConfig!));
      report.startUpdate(
        {
          target,
          status: 'started',
          message: `UpdateNodegroupConfig ${nodegroupName} updateStrategy ${strategy} → ${previousUpdateStrategy}: update ${update.id} ${running ? 'was already in progress' : 'started'}`,
          updateId: update.id,
        },
        {
          clusterName,
          scope,
          undoneMessage: `${nodegroupName} rolls with updateStrategy ${previousUpdateStrategy} again (update ${update.id})`,
        },
      );
    } catch (error) {
      if (isResourceInUse(error)) {
        // Another update of the group started between the read and the call: a later pass retries.
        report.pend(
          target,
          `${nodegroupName} is being updated; its update strategy goes back on a later pass`,
        );
        continue;
      }
      report.act({
        target,
        status: 'failed',
        message: `Could not put ${nodegroupName} back on updateStrategy ${previousUpdateStrategy}: ${describeError(error)}`,
      });
    }
  }
}
