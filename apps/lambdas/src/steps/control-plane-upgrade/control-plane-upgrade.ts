import { compareKubernetesVersions, ExecutionError } from '@eks-upgrade/core-models';
import { updateProgress } from '../shared/checks.js';
import { describeStart, requireCluster, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';
import { requireNoBlockingInsights } from './hop-insights.js';
import { NATIVE_ROLLBACK_OPERATIONS, rollBackControlPlane } from './native-rollback.js';

/**
 * `control_plane_upgrade`: one minor version of the control plane (EKS UpdateClusterVersion).
 * Undone with EKS native rollback, one minor back, when EKS allows it.
 */
export const controlPlaneUpgrade: StepKindModule<'control_plane_upgrade'> = {
  kind: 'control_plane_upgrade',
  example: {
    id: 'cp-1.30',
    kind: 'control_plane_upgrade',
    description: 'Upgrade the control plane',
    clusterName: 'prod',
    fromVersion: '1.29',
    toVersion: '1.30',
  },
  // UpdateClusterVersion usually takes 10-25 minutes.
  typicalDurationSeconds: () => 15 * 60,
  // Nodes reconnect to a new API server; EKS cannot pause the update once started.
  disruptive: true,
  describe: (step) =>
    `Upgrade the control plane of ${step.clusterName} ${step.fromVersion} → ${step.toVersion}`,
  operations: {
    execution: ['describeCluster', 'listUpdateIds', 'describeUpdate', 'listInsights', 'updateClusterVersion'],
    validation: ['describeUpdate'],
    rollback: NATIVE_ROLLBACK_OPERATIONS,
  },

  async execute(step, { gateway }) {
    const cluster = await requireCluster(gateway, step.clusterName);
    const base = { clusterName: step.clusterName };
    if (compareKubernetesVersions(cluster.version, step.toVersion) >= 0) {
      return { ...base, status: 'skipped', message: `Control plane already runs ${cluster.version}` };
    }
    const { update, resumed } = await startOrResume(
      gateway,
      { clusterName: step.clusterName, scope: {}, status: cluster.status },
      (running) => running.params.Version === step.toVersion,
      async () => {
        if (cluster.version !== step.fromVersion) {
          throw new ExecutionError(
            `Cannot upgrade ${step.clusterName} to ${step.toVersion}: it runs ${cluster.version}, the step expects ${step.fromVersion}`,
            { phase: 'execution', status: 'PRECONDITION_FAILED' },
          );
        }
        // Before each hop, not only at planning: the cluster changed since the insights were read.
        await requireNoBlockingInsights(gateway, step.clusterName, step.toVersion);
        return gateway.updateClusterVersion(step.clusterName, step.toVersion);
      },
      `upgrade the control plane of ${step.clusterName} to ${step.toVersion}`,
    );
    return {
      ...base,
      status: 'in_progress',
      updateId: update.id,
      message: describeStart(update, resumed, `UpdateClusterVersion ${step.fromVersion} → ${step.toVersion}`),
    };
  },

  validation: {
    progress: (_step, result, { gateway }) => updateProgress(gateway, result),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { clusterVersion: step.toVersion },
    }),
    // The final check expects the target everywhere already.
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'control-plane',
    // The plan's source version is where the control plane started, before its first hop.
    undo: (_steps, context) => rollBackControlPlane(context),
  },
};
