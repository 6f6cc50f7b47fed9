import { compareKubernetesVersions, ExecutionError } from '@eks-upgrade/core-models';
import { updateProgress } from '../shared/checks.js';
import { firstVersions } from '../shared/first-versions.js';
import { describeStart, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `nodegroup_upgrade`: a managed node group's kubelets to the control plane's version (EKS
 * UpdateNodegroupVersion). Managed node groups are not rolled back, so rollback reports each one
 * that moved.
 */
export const nodegroupUpgrade: StepKindModule<'nodegroup_upgrade'> = {
  kind: 'nodegroup_upgrade',
  describe: (step) =>
    `Upgrade node group ${step.nodegroupName} of ${step.clusterName} ${step.fromVersion} → ${step.toVersion}`,
  operations: {
    execution: ['listNodegroups', 'listUpdateIds', 'describeUpdate', 'updateNodegroupVersion'],
    validation: ['describeUpdate'],
    rollback: ['listNodegroups'],
  },

  async execute(step, { gateway }) {
    const current = (await gateway.listNodegroups(step.clusterName)).find(
      (candidate) => candidate.name === step.nodegroupName,
    );
    if (!current) {
      throw new ExecutionError(`Node group ${step.nodegroupName} does not exist in ${step.clusterName}`, {
        phase: 'execution',
        status: 'PRECONDITION_FAILED',
      });
    }
    const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
    if (compareKubernetesVersions(current.version, step.toVersion) >= 0) {
      return {
        ...base,
        status: 'skipped',
        message: `Node group ${step.nodegroupName} already runs ${current.version}`,
      };
    }
    const { update, resumed } = await startOrResume(
      gateway,
      { clusterName: step.clusterName, scope: { nodegroupName: step.nodegroupName }, status: current.status },
      (running) => running.params.Version === step.toVersion,
      () => gateway.updateNodegroupVersion(step.clusterName, step.nodegroupName, step.toVersion),
      `upgrade node group ${step.nodegroupName} to ${step.toVersion}`,
    );
    return {
      ...base,
      status: 'in_progress',
      updateId: update.id,
      message: describeStart(
        update,
        resumed,
        `UpdateNodegroupVersion ${step.nodegroupName} ${current.version} → ${step.toVersion}`,
      ),
    };
  },

  validation: {
    progress: (_step, result, { gateway }) => updateProgress(gateway, result),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { nodegroupVersions: new Map([[step.nodegroupName, step.toVersion]]) },
    }),
    // The final check expects every node group at the target already.
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'nodegroups',
    // EKS native rollback covers the control plane only; going back means replacing the nodes.
    async undo(steps, { gateway, report }) {
      for (const [clusterName, original] of firstVersions(steps, (step) => step.nodegroupName)) {
        for (const nodegroup of await gateway.listNodegroups(clusterName)) {
          const was = original.get(nodegroup.name);
          if (!was || was === nodegroup.version) continue;
          report.act({
            target: `nodegroup:${nodegroup.name}`,
            status: 'not_possible',
            message: `Managed node groups are not rolled back: ${nodegroup.name} stays at ${nodegroup.version} (was ${was}); replace its nodes to go back`,
          });
        }
      }
    },
  },
};
