import { compareKubernetesVersions, ExecutionError } from '@eks-upgrade/core-models';
import { updateProgress } from '../shared/checks.js';
import { describeStart, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';
import { NODEGROUP_ROLLBACK_OPERATIONS, rollBackNodegroups } from './nodegroup-rollback.js';

/**
 * `nodegroup_upgrade`: a managed node group's kubelets to the control plane's version (EKS
 * UpdateNodegroupVersion). Undone, for EKS native rollback, by UpdateNodegroupVersion back to the
 * control plane's previous minor (`rollBackNodegroups`).
 */
/**
 * What to do about the errors EKS ends a node group update with
 * (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html: the
 * upgrade phase drains each node, retrying evictions for 15 minutes, then fails with
 * PodEvictionFailure unless forced).
 */
const NODEGROUP_FAILURE_ADVICE: Readonly<Record<string, string>> = {
  PodEvictionFailure:
    'A PodDisruptionBudget (or a pod without a controller) kept a pod from being evicted while the node was drained: relax the budget, or upgrade with nodegroupUpdates.force (EKS then evicts regardless)',
};

export const nodegroupUpgrade: StepKindModule<'nodegroup_upgrade'> = {
  kind: 'nodegroup_upgrade',
  example: {
    id: 'ng-general-1.30',
    kind: 'nodegroup_upgrade',
    description: 'Upgrade general',
    clusterName: 'prod',
    nodegroupName: 'general',
    fromVersion: '1.29',
    toVersion: '1.30',
  },
  // A rolling replacement (new nodes, drain, terminate, in batches); large node groups and
  // PodDisruptionBudgets take longer (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
  typicalDurationSeconds: () => 20 * 60,
  // Pods are evicted as nodes are replaced.
  disruptive: true,
  describe: (step) =>
    `Upgrade node group ${step.nodegroupName} of ${step.clusterName} ${step.fromVersion} → ${step.toVersion}`,
  operations: {
    execution: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupVersion'],
    validation: ['describeUpdate'],
    rollback: NODEGROUP_ROLLBACK_OPERATIONS,
  },

  async execute(step, { gateway }) {
    // The one node group the step moves, not every group of the cluster.
    const current = await gateway.describeNodegroup(step.clusterName, step.nodegroupName);
    if (!current) {
      throw new ExecutionError(`Node group ${step.nodegroupName} does not exist in ${step.clusterName}`, {
        phase: 'execution',
        status: 'PRECONDITION_FAILED',
      });
    }
    const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
    const template = step.launchTemplate;
    // Done already (a retry or a redrive after the update ended): adopted, not started again.
    const done = template
      ? current.launchTemplate?.version === template.version
      : compareKubernetesVersions(current.version, step.toVersion) >= 0;
    if (done) {
      return {
        ...base,
        status: 'skipped',
        message: template
          ? `Node group ${step.nodegroupName} already runs launch template version ${template.version}`
          : `Node group ${step.nodegroupName} already runs ${current.version}`,
      };
    }
    const options = {
      ...(step.force ? { force: true } : {}),
      ...(template ? { launchTemplate: template } : {}),
      ...(step.releaseVersion ? { releaseVersion: step.releaseVersion } : {}),
    };
    const { update, resumed } = await startOrResume(
      gateway,
      { clusterName: step.clusterName, scope: { nodegroupName: step.nodegroupName }, status: current.status },
      // EKS reports a launch template update's version as LaunchTemplateVersion, not Version.
      (running) =>
        template
          ? running.params.LaunchTemplateVersion === template.version
          : running.params.Version === step.toVersion,
      () => gateway.updateNodegroupVersion(step.clusterName, step.nodegroupName, step.toVersion, options),
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
    progress: (_step, result, { gateway }) => updateProgress(gateway, result, NODEGROUP_FAILURE_ADVICE),
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
    // EKS native rollback covers the control plane only; node groups go back first, to N-1.
    undo: rollBackNodegroups,
  },
};
