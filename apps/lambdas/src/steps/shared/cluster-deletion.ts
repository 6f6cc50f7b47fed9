import type { ClusterGateway } from '../../gateway/cluster-gateway.js';
import { isResourceInUse } from './updates.js';

/** Where a cluster's deletion stands after `advanceClusterDeletion`. */
export type ClusterDeletionProgress =
  | { state: 'gone' }
  | { state: 'cluster_deleting' }
  | {
      state: 'nodegroups_deleting';
      nodegroups: string[];
      /** Node groups still being created: EKS deletes them only once they are created. */
      creating?: string[];
    }
  | { state: 'cluster_delete_started' };

/**
 * Moves a cluster's deletion one step forward without waiting. EKS deletes a cluster only once
 * its managed node groups are gone, and a node group takes minutes to go — longer than a phase
 * function may run — so each call does what can be done now: delete the node groups not yet
 * deleting; once none remain, delete the cluster. Safe to repeat.
 */
export async function advanceClusterDeletion(
  gateway: ClusterGateway,
  clusterName: string,
): Promise<ClusterDeletionProgress> {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) return { state: 'gone' };
  if (cluster.status === 'DELETING') return { state: 'cluster_deleting' };
  const nodegroups = await gateway.listNodegroups(clusterName);
  if (nodegroups.length > 0) {
    const creating: string[] = [];
    for (const nodegroup of nodegroups) {
      if (nodegroup.status === 'DELETING') continue;
      if (nodegroup.status === 'CREATING') {
        // EKS refuses to delete a node group while it is being created; a later call will.
        creating.push(nodegroup.name);
        continue;
      }
      try {
        await gateway.deleteNodegroup(clusterName, nodegroup.name);
      } catch (error) {
        if (!isResourceInUse(error)) throw error; // already deleting: a retry raced us
      }
    }
    return {
      state: 'nodegroups_deleting',
      nodegroups: nodegroups.map((nodegroup) => nodegroup.name).filter((name) => !creating.includes(name)),
      ...(creating.length > 0 ? { creating } : {}),
    };
  }
  try {
    await gateway.deleteCluster(clusterName);
  } catch (error) {
    if (!isResourceInUse(error)) throw error;
    return { state: 'cluster_deleting' };
  }
  return { state: 'cluster_delete_started' };
}

/** One line for a deletion's progress. */
export function describeDeletion(clusterName: string, progress: ClusterDeletionProgress): string {
  switch (progress.state) {
    case 'gone':
      return `Cluster ${clusterName} is deleted`;
    case 'cluster_deleting':
      return `Cluster ${clusterName} is being deleted`;
    case 'cluster_delete_started':
      return `DeleteCluster ${clusterName} started`;
    case 'nodegroups_deleting': {
      const deleting =
        progress.nodegroups.length > 0
          ? `Deleting node groups ${progress.nodegroups.join(', ')} of ${clusterName}`
          : '';
      const creating = progress.creating?.length
        ? `${deleting ? 'n' : 'N'}ode groups ${progress.creating.join(', ')} of ${clusterName} are still being created and can be deleted once they are ACTIVE`
        : '';
      return `${[deleting, creating].filter(Boolean).join('; ')}; the cluster is deleted once they are gone`;
    }
  }
}
