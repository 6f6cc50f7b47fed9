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

/** States of a node group or Fargate profile on its way out: the side is being taken down. */
const LEAVING_STATES = ['DELETING', 'DELETE_FAILED'];

/**
 * Whether a side of a blue/green pair has capacity for the traffic about to move to it: its
 * cluster ACTIVE (or UPDATING), nothing of it being deleted (a node group or Fargate profile
 * DELETING means decommission has begun: its capacity is going, whatever is left), and
 * something to run pods on — a managed node group ACTIVE (or UPDATING) with a desired size above
 * 0, a Fargate profile ACTIVE (DescribeFargateProfile), or EKS Auto Mode compute enabled (EKS
 * then launches nodes for the pods, https://docs.aws.amazon.com/eks/latest/userguide/automode.html).
 * Whether the workloads themselves run is for the alarm gates to say.
 *
 * @example
 * ```ts
 * await sideCapacity(gateway, 'shop'); // { serving: false, reason: 'shop is being taken down (node groups general DELETING)' }
 * ```
 */
export async function sideCapacity(
  gateway: Pick<
    ClusterGateway,
    'describeCluster' | 'listNodegroups' | 'listFargateProfiles' | 'describeFargateProfile'
  >,
  clusterName: string,
): Promise<SideCapacity> {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) return { serving: false, reason: `cluster ${clusterName} does not exist` };
  if (!SERVING_CLUSTER_STATES.includes(cluster.status)) {
    return { serving: false, reason: `cluster ${clusterName} is ${cluster.status}` };
  }
  const nodegroups = await gateway.listNodegroups(clusterName);
  const profiles = [];
  for (const name of await gateway.listFargateProfiles(clusterName)) {
    const profile = await gateway.describeFargateProfile(clusterName, name);
    if (profile) profiles.push(profile);
  }
  const leaving = [
    ...nodegroups
      .filter((nodegroup) => LEAVING_STATES.includes(nodegroup.status))
      .map((nodegroup) => `node group ${nodegroup.name} ${nodegroup.status}`),
    ...profiles
      .filter((profile) => LEAVING_STATES.includes(profile.status))
      .map((profile) => `Fargate profile ${profile.name} ${profile.status}`),
  ];
  if (leaving.length > 0) {
    return { serving: false, reason: `${clusterName} is being taken down (${leaving.join(', ')})` };
  }
  const serving = [
    ...nodegroups
      .filter(
        (nodegroup) =>
          SERVING_NODEGROUP_STATES.includes(nodegroup.status) && (nodegroup.desiredSize ?? 0) > 0,
      )
      .map((nodegroup) => `node group ${nodegroup.name} (${nodegroup.desiredSize} nodes)`),
    ...profiles
      .filter((profile) => profile.status === 'ACTIVE')
      .map((profile) => `Fargate profile ${profile.name}`),
    ...(cluster.configuration?.computeConfig?.enabled ? ['EKS Auto Mode compute'] : []),
  ];
  if (serving.length > 0) return { serving: true, reason: `${clusterName} serves on ${serving.join(', ')}` };
  const found = [
    ...nodegroups.map(
      (nodegroup) =>
        `node group ${nodegroup.name} ${nodegroup.status} with ${nodegroup.desiredSize ?? 0} nodes`,
    ),
    ...profiles.map((profile) => `Fargate profile ${profile.name} ${profile.status}`),
  ];
  return {
    serving: false,
    reason:
      found.length > 0
        ? `${clusterName} has nothing to run pods on (${found.join(', ')})`
        : `${clusterName} has no managed node group, Fargate profile or Auto Mode compute`,
  };
}
