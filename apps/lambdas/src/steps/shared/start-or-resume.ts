import { ExecutionError } from '@eks-upgrade/core-models';
import type { ClusterGateway, UpdateInfo, UpdateScope } from '../../gateway/cluster-gateway.js';
import { findInProgressUpdate, isResourceInUse } from './updates.js';

/**
 * Starts the update unless one for the same target is already running (a Step Functions retry,
 * or a race that EKS answers with ResourceInUseException): then that update is returned. The
 * update history is only read when the resource says UPDATING, or when EKS refuses the start
 * (its status turns UPDATING with some delay).
 */
export async function startOrResume(
  gateway: ClusterGateway,
  target: { clusterName: string; scope: UpdateScope; status: string },
  isSameTarget: (update: UpdateInfo) => boolean,
  start: () => Promise<UpdateInfo>,
  what: string,
): Promise<{ update: UpdateInfo; resumed: boolean }> {
  const { clusterName, scope } = target;
  const running =
    target.status === 'UPDATING' ? await findInProgressUpdate(gateway, clusterName, scope) : undefined;
  if (running) {
    if (isSameTarget(running)) return { update: running, resumed: true };
    throw new ExecutionError(
      `Cannot ${what}: update ${running.id} (${running.type} ${JSON.stringify(running.params)}) is already in progress and EKS runs one at a time`,
      { phase: 'execution', status: 'CONFLICT' },
    );
  }
  try {
    return { update: await start(), resumed: false };
  } catch (error) {
    if (!isResourceInUse(error)) throw error;
    const raced = await findInProgressUpdate(gateway, clusterName, scope);
    if (raced && isSameTarget(raced)) return { update: raced, resumed: true };
    throw error;
  }
}

/** The message of a step that started (or found running) an update. */
export function describeStart(update: UpdateInfo, resumed: boolean, text: string): string {
  return resumed
    ? `${text}: update ${update.id} was already in progress`
    : `${text}: update ${update.id} started`;
}

/** The cluster a step works on; an ExecutionError (NOT_FOUND) when EKS does not know it. */
export async function requireCluster(gateway: ClusterGateway, clusterName: string) {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) {
    throw new ExecutionError(`Cluster ${clusterName} does not exist`, {
      phase: 'execution',
      status: 'NOT_FOUND',
    });
  }
  return cluster;
}
