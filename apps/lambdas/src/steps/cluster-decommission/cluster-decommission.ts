import { greenClusterNameFor } from '../../planner/green-cluster-name.js';
import type { GatewayOperation } from '../phase-operations.js';
import { check } from '../shared/checks.js';
import { advanceClusterDeletion, describeDeletion } from '../shared/cluster-deletion.js';
import { describeError } from '../shared/rollback-report.js';
import type { StepKindModule } from '../step-kind-module.js';
import { sideCapacity } from '../traffic-shift/side-capacity.js';
import { PROMOTION_OPERATIONS, promoteGreen } from './green-promotion.js';

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
 *
 * Execution also promotes green (`promoteGreen`): right after blue's deletion has been started,
 * green and what eks-upgrade created on it lose the green tag that the green-only deletion
 * grants match, so a later upgrade of the cluster that now serves runs with no grant that could
 * delete it. Not earlier: until blue's decommission begins, a rollback may still move traffic
 * back to blue and must then be able to delete green (during the retention, or at a rejected
 * decommission gate). Not later (once blue is gone): from here on no rollback sends traffic to
 * blue (a blue being deleted has no capacity, so the traffic undo keeps green, and green is
 * kept), so green needs no deletion grant any more, and a decommission that fails or stalls —
 * the likeliest failure of the whole run — must not leave production deletable. Should EKS
 * refuse blue's very first deletion call (blue then still serves), green is promoted all the
 * same: the decommission gate approved green as production, and a rollback that then moves
 * traffic back to blue fails to delete green (AccessDenied, named as left over) rather than
 * deleting anything that serves.
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
    execution: [...new Set([...DELETION_OPERATIONS, ...PROMOTION_OPERATIONS])],
    validation: DELETION_OPERATIONS,
    // What `sideCapacity` reads to say what is left of blue.
    rollback: ['describeCluster', 'listNodegroups', 'listFargateProfiles', 'describeFargateProfile'],
  },

  async execute(step, { gateway, request }) {
    const base = { clusterName: step.clusterName };
    const progress = await advanceClusterDeletion(gateway, step.clusterName);
    // Blue's deletion has begun: green is production for good (see above). The planner named
    // green with the same function, from the same request.
    const promotion = await promoteGreen(gateway, {
      blue: step.clusterName,
      green: greenClusterNameFor(request),
    });
    const message = describeDeletion(step.clusterName, progress);
    return progress.state === 'gone'
      ? { ...base, status: 'skipped', message: `Cluster ${step.clusterName} is already gone; ${promotion}` }
      : { ...base, status: 'in_progress', message: `${message}; ${promotion}` };
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

  // A deleted cluster cannot be brought back, and once its decommission began nothing sends traffic
  // to blue (the traffic undo keeps it on green, and green is kept): the undo changes nothing and
  // says what is left of blue, for the operator to finish.
  rollback: {
    kind: 'undo',
    target: 'blue-cluster',
    async undo(steps, { gateway, report }) {
      for (const step of steps) {
        const blue = step.clusterName;
        // Reading blue only informs the operator: a failure to read is said, not a failed undo.
        const capacity = await sideCapacity(gateway, blue).catch((error: unknown) => ({
          serving: false,
          reason: `could not be read: ${describeError(error)}`,
        }));
        if (capacity.reason.startsWith('could not be read')) {
          report.notUndone.push(`blue-cluster: what is left of ${blue} ${capacity.reason}`);
          continue;
        }
        if (
          capacity.serving ||
          !/does not exist|DELETING|being taken down|DELETE_FAILED/.test(capacity.reason)
        )
          continue;
        report.notUndone.push(
          capacity.reason.includes('does not exist')
            ? `blue-cluster: ${blue} was deleted by the decommission and cannot be brought back; the traffic stays on green`
            : `blue-cluster: ${blue} is left part-decommissioned (${capacity.reason}); no traffic goes back to it: finish deleting it (its node groups and Fargate profiles, then the cluster) once green is confirmed`,
        );
      }
    },
  },
};
