import { ExecutionError } from '@eks-upgrade/core-models';
import type { NodegroupDetails } from '../../gateway/cluster-gateway.js';
import { updateProgress } from '../shared/checks.js';
import { describeStart, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule, StepOfKind } from '../step-kind-module.js';
import { rollBackNodegroupConfigs } from './nodegroup-config-rollback.js';
import { EKS_DEFAULT_UPDATE_STRATEGY, setsStrategy, updateConfigFor } from './nodegroup-update-strategy.js';

function requireNodegroup(
  step: StepOfKind<'nodegroup_update_config'>,
  nodegroup: NodegroupDetails | undefined,
): NodegroupDetails {
  if (!nodegroup) {
    throw new ExecutionError(`Node group ${step.nodegroupName} does not exist in ${step.clusterName}`, {
      phase: 'execution',
      status: 'PRECONDITION_FAILED',
    });
  }
  return nodegroup;
}

/**
 * `nodegroup_update_config`: before a managed node group's first version update, puts it on the
 * update strategy the request or configuration asks for (EKS UpdateNodegroupConfig with
 * `updateConfig` only, https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html;
 * DEFAULT or MINIMAL, https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html),
 * so the version updates that follow roll with it. Undone by putting the group back on the
 * strategy it had.
 */
export const nodegroupUpdateConfig: StepKindModule<'nodegroup_update_config'> = {
  kind: 'nodegroup_update_config',
  example: {
    id: 'ng-config-general',
    kind: 'nodegroup_update_config',
    description: 'Roll general with the MINIMAL update strategy',
    clusterName: 'prod',
    nodegroupName: 'general',
    updateStrategy: 'MINIMAL',
    previousUpdateStrategy: 'DEFAULT',
  },
  // A configuration change replaces no node: EKS applies it in a minute or two (the update's
  // own DescribeUpdate says when).
  typicalDurationSeconds: () => 2 * 60,
  describe: (step) =>
    `Set the update strategy of node group ${step.nodegroupName} of ${step.clusterName} ${step.previousUpdateStrategy} → ${step.updateStrategy}`,
  operations: {
    execution: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupConfig'],
    validation: ['describeUpdate'],
    rollback: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupConfig'],
  },

  async execute(step, { gateway }) {
    const current = await requireNodegroup(
      step,
      await gateway.describeNodegroup(step.clusterName, step.nodegroupName),
    );
    const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
    const strategy = current.updateStrategy ?? EKS_DEFAULT_UPDATE_STRATEGY;
    // Done already (a retry, or a redrive after the update ended): adopted, not started again.
    if (strategy === step.updateStrategy) {
      return {
        ...base,
        status: 'skipped',
        message: `Node group ${step.nodegroupName} already rolls with updateStrategy ${step.updateStrategy}`,
      };
    }
    const updateConfig = updateConfigFor(current, step.updateStrategy);
    if (!updateConfig) {
      throw new ExecutionError(
        `DescribeNodegroup reports neither maxUnavailable nor maxUnavailablePercentage for ${step.nodegroupName}, and EKS requires one with the update strategy: set one (aws eks update-nodegroup-config --cluster-name ${step.clusterName} --nodegroup-name ${step.nodegroupName} --update-config maxUnavailable=1,updateStrategy=${step.updateStrategy}) and run the upgrade again`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    const { update, resumed } = await startOrResume(
      gateway,
      { clusterName: step.clusterName, scope: { nodegroupName: step.nodegroupName }, status: current.status },
      setsStrategy(step.updateStrategy),
      () => gateway.updateNodegroupConfig(step.clusterName, step.nodegroupName, updateConfig),
      `set node group ${step.nodegroupName}'s update strategy to ${step.updateStrategy}`,
    );
    return {
      ...base,
      status: 'in_progress',
      updateId: update.id,
      message: describeStart(
        update,
        resumed,
        `UpdateNodegroupConfig ${step.nodegroupName} updateStrategy ${strategy} → ${step.updateStrategy}`,
      ),
    };
  },

  validation: {
    progress: (_step, result, { gateway }) => updateProgress(gateway, result),
    // The group's version does not change: the cluster's health is all there is to judge.
    expectedHealth: (step) => ({ clusterName: step.clusterName, expectations: {} }),
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'nodegroups',
    undo: rollBackNodegroupConfigs,
  },
};
