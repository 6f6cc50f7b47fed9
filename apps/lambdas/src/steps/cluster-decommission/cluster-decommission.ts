import type { GatewayOperation } from '../phase-operations.js';
import { check } from '../shared/checks.js';
import { advanceClusterDeletion, describeDeletion } from '../shared/cluster-deletion.js';
import type { StepKindModule } from '../step-kind-module.js';

/** What `advanceClusterDeletion` calls. */
const DELETION_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listNodegroupNames',
  'describeNodegroup',
  'deleteNodegroup',
  'listFargateProfiles',
  'describeFargateProfile',
  'deleteFargateProfile',
  'deleteCluster',
];

/**
 * `cluster_decommission` (blue/green): delete the blue cluster once green carries all traffic.
 * EKS deletes a cluster only once its managed node groups and Fargate profiles are gone
 * (minutes), longer than a phase function may run, so execution starts the deletion and each validation poll moves it on.
 * See https://docs.aws.amazon.com/eks/latest/userguide/delete-cluster.html
 */
export const clusterDecommission: StepKindModule<'cluster_decommission'> = {
  kind: 'cluster_decommission',
  example: {
    id: 'decommission-prod',
    kind: 'cluster_decommission',
    description: 'Delete blue',
    clusterName: 'prod',
  },
  // Fargate profiles and node groups deleted, then DeleteCluster.
  typicalDurationSeconds: () => 15 * 60,
  // Blue stops serving for good.
  disruptive: true,
  describe: (step) => `Delete cluster ${step.clusterName} (its node groups and Fargate profiles first)`,
  operations: {
    execution: DELETION_OPERATIONS,
    validation: DELETION_OPERATIONS,
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    const progress = await advanceClusterDeletion(gateway, step.clusterName);
    const message = describeDeletion(step.clusterName, progress);
    return progress.state === 'gone'
      ? { ...base, status: 'skipped', message: `Cluster ${step.clusterName} is already gone` }
      : { ...base, status: 'in_progress', message };
  },

  validation: {
    // The one write validation makes: EKS deletes the cluster only after its node groups are
    // gone, minutes later, so each poll moves the deletion on (see advanceClusterDeletion).
    async progress(step, _result, { gateway }) {
      const progress = await advanceClusterDeletion(gateway, step.clusterName);
      const message = describeDeletion(step.clusterName, progress);
      const gone = progress.state === 'gone';
      return {
        state: gone ? 'done' : 'running',
        checks: [check('cluster-deleted', gone ? 'pass' : 'pending', message, { observed: progress.state })],
      };
    },
    // A deleted cluster has no health to judge.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'impossible',
    reason:
      'A deleted cluster cannot be brought back. While blue is being deleted or gone, the traffic undo reports that traffic stays on green, and the green cluster is kept.',
  },
};
