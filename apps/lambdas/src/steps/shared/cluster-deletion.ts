import type { ClusterGateway, FargateProfileDetails } from '../../gateway/cluster-gateway.js';
import { describeError } from './rollback-report.js';
import { isResourceInUse } from './updates.js';

/** Where a cluster's deletion stands after `advanceClusterDeletion`. */
export type ClusterDeletionProgress =
  | { state: 'gone' }
  | { state: 'cluster_deleting' }
  | {
      /** Node groups and Fargate profiles are being deleted; the cluster goes after them. */
      state: 'dependents_deleting';
      nodegroups: string[];
      fargateProfiles: string[];
      /** Node groups still being created: EKS deletes them only once they are created. */
      creating?: string[];
      /** Fargate profiles still being created: deleted once they are. */
      creatingFargateProfiles?: string[];
    }
  | { state: 'cluster_delete_started' }
  | {
      /** EKS refused DeleteCluster and the cluster is not being deleted: it is not going away. */
      state: 'cluster_delete_refused';
      reason: string;
    };

/**
 * Starts the deletion of the next Fargate profile: EKS deletes one profile of a cluster at a
 * time ("Only one Fargate profile in a cluster can be in the DELETING status at a time",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteFargateProfile.html).
 */
async function deleteNextFargateProfile(
  gateway: ClusterGateway,
  clusterName: string,
  profiles: readonly FargateProfileDetails[],
): Promise<void> {
  if (profiles.some((profile) => profile.status === 'DELETING')) return;
  const next = profiles.find((profile) => profile.status !== 'CREATING');
  if (!next) return;
  try {
    await gateway.deleteFargateProfile(clusterName, next.name);
  } catch (error) {
    if (!isResourceInUse(error)) throw error; // another deletion raced us
  }
}

/**
 * Moves a cluster's deletion one step forward without waiting. EKS deletes a cluster only once
 * its managed node groups and Fargate profiles are gone (DeleteCluster API reference,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteCluster.html), and each takes
 * minutes to go — longer than a phase function may run — so each call does what can be done
 * now: delete the node groups not yet deleting and the next Fargate profile; once none remain,
 * delete the cluster. Safe to repeat.
 */
export async function advanceClusterDeletion(
  gateway: ClusterGateway,
  clusterName: string,
): Promise<ClusterDeletionProgress> {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) return { state: 'gone' };
  if (cluster.status === 'DELETING') return { state: 'cluster_deleting' };
  const [names, profileNames] = await Promise.all([
    gateway.listNodegroupNames(clusterName),
    gateway.listFargateProfiles(clusterName),
  ]);
  // Each group is described, which follows one being created or deleted as EKS's waiters do
  // (`aws eks wait nodegroup-deleted`, https://docs.aws.amazon.com/cli/latest/reference/eks/wait/nodegroup-deleted.html);
  // one gone since the listing describes as nothing.
  const nodegroups = [];
  for (const name of names) {
    const nodegroup = await gateway.describeNodegroup(clusterName, name);
    if (nodegroup) nodegroups.push(nodegroup);
  }
  const profiles: FargateProfileDetails[] = [];
  for (const name of profileNames) {
    const profile = await gateway.describeFargateProfile(clusterName, name);
    if (profile) profiles.push(profile);
  }
  if (nodegroups.length > 0 || profiles.length > 0) {
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
    await deleteNextFargateProfile(gateway, clusterName, profiles);
    const creatingProfiles = profiles
      .filter((profile) => profile.status === 'CREATING')
      .map((profile) => profile.name);
    return {
      state: 'dependents_deleting',
      nodegroups: nodegroups.map((nodegroup) => nodegroup.name).filter((name) => !creating.includes(name)),
      fargateProfiles: profiles
        .map((profile) => profile.name)
        .filter((name) => !creatingProfiles.includes(name)),
      ...(creating.length > 0 ? { creating } : {}),
      ...(creatingProfiles.length > 0 ? { creatingFargateProfiles: creatingProfiles } : {}),
    };
  }
  try {
    await gateway.deleteCluster(clusterName);
  } catch (error) {
    if (!isResourceInUse(error)) throw error;
    // ResourceInUseException: already being deleted (a retry raced us), or something still
    // attached. Only the cluster's own status tells which.
    const now = await gateway.describeCluster(clusterName);
    if (!now) return { state: 'gone' };
    if (now.status === 'DELETING') return { state: 'cluster_deleting' };
    return { state: 'cluster_delete_refused', reason: describeError(error) };
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
    case 'cluster_delete_refused':
      return `EKS refused to delete cluster ${clusterName}, which is not being deleted (${progress.reason}); the next attempt tries again`;
    case 'dependents_deleting': {
      const nodegroups =
        progress.nodegroups.length > 0
          ? `Deleting node groups ${progress.nodegroups.join(', ')} of ${clusterName}`
          : '';
      const fargate =
        progress.fargateProfiles.length > 0
          ? `${nodegroups ? 'd' : 'D'}eleting Fargate profiles ${progress.fargateProfiles.join(', ')} of ${clusterName}, one at a time`
          : '';
      const deleting = [nodegroups, fargate].filter(Boolean).join(' and ');
      const creating = [
        progress.creating?.length ? `node groups ${progress.creating.join(', ')}` : '',
        progress.creatingFargateProfiles?.length
          ? `Fargate profiles ${progress.creatingFargateProfiles.join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join(' and ');
      const waiting = creating
        ? `${deleting ? creating : creating[0]!.toUpperCase() + creating.slice(1)} of ${clusterName} are still being created and can be deleted once they are ACTIVE`
        : '';
      return `${[deleting, waiting].filter(Boolean).join('; ')}; the cluster is deleted once they are gone`;
    }
  }
}
