import type { ClusterGateway } from '../../gateway/cluster-gateway.js';

/** Cluster states in which the control plane serves (an update keeps it serving). */
const SERVING_CLUSTER_STATES = ['ACTIVE', 'UPDATING'];
/** Node group states in which its nodes run pods (a version update rolls them one by one). */
const SERVING_NODEGROUP_STATES = ['ACTIVE', 'UPDATING'];

/** Whether a cluster can take traffic, and the facts that say so. */
export interface SideCapacity {
  serving: boolean;
  /** What was found, e.g. `node groups general (3 nodes) ACTIVE` or `node groups general DELETING`. */
  reason: string;
}

/**
 * Whether a side of a blue/green pair has capacity for the traffic about to move to it: its
 * cluster ACTIVE (or UPDATING) with a managed node group ACTIVE (or UPDATING) whose desired size
 * is above 0, or EKS Auto Mode compute enabled (EKS then launches nodes for the pods,
 * https://docs.aws.amazon.com/eks/latest/userguide/automode.html). Fargate profiles are not
 * counted: ListFargateProfiles names them without their status, so a profile being deleted
 * cannot be told from one serving; a side that runs on Fargate alone reads as without capacity,
 * which only ever keeps traffic where it is.
 *
 * @example
 * ```ts
 * await sideCapacity(gateway, 'shop'); // { serving: false, reason: 'node groups general, spot DELETING' }
 * ```
 */
export async function sideCapacity(
  gateway: Pick<ClusterGateway, 'describeCluster' | 'listNodegroups'>,
  clusterName: string,
): Promise<SideCapacity> {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) return { serving: false, reason: `cluster ${clusterName} does not exist` };
  if (!SERVING_CLUSTER_STATES.includes(cluster.status)) {
    return { serving: false, reason: `cluster ${clusterName} is ${cluster.status}` };
  }
  const nodegroups = await gateway.listNodegroups(clusterName);
  const serving = nodegroups.filter(
    (nodegroup) => SERVING_NODEGROUP_STATES.includes(nodegroup.status) && (nodegroup.desiredSize ?? 0) > 0,
  );
  if (serving.length > 0) {
    return {
      serving: true,
      reason: `node groups ${serving.map((nodegroup) => `${nodegroup.name} (${nodegroup.desiredSize} nodes)`).join(', ')} ${serving.length === 1 ? 'is' : 'are'} serving`,
    };
  }
  if (cluster.configuration?.computeConfig?.enabled) {
    return { serving: true, reason: `cluster ${clusterName} runs EKS Auto Mode compute` };
  }
  const found = nodegroups.map(
    (nodegroup) => `${nodegroup.name} ${nodegroup.status} with ${nodegroup.desiredSize ?? 0} nodes`,
  );
  return {
    serving: false,
    reason:
      found.length > 0
        ? `no node group of ${clusterName} is serving (${found.join(', ')})`
        : `${clusterName} has no managed node group and no Auto Mode compute`,
  };
}
