import { AWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway, UpdateInfo, UpdateScope } from '../../gateway/cluster-gateway.js';

/**
 * The update in progress for the cluster, node group or add-on in `scope`, if any (ListUpdates
 * + DescribeUpdate). EKS runs at most one at a time per resource.
 */
export async function findInProgressUpdate(
  gateway: ClusterGateway,
  clusterName: string,
  scope: UpdateScope = {},
): Promise<UpdateInfo | undefined> {
  const ids = await gateway.listUpdateIds(clusterName, scope);
  // Newest updates are the likeliest to be running; EKS lists in no documented order, so check all.
  for (const id of [...ids].reverse()) {
    const update = await gateway.describeUpdate(clusterName, id, scope);
    if (update.status === 'InProgress') return update;
  }
  return undefined;
}

/**
 * The newest successful control-plane update of one of `types` (default: version updates), for
 * the native-rollback window; with `VersionRollback` among them, to see a rollback already done.
 */
export async function findLastVersionUpdate(
  gateway: ClusterGateway,
  clusterName: string,
  types: readonly string[] = ['VersionUpdate'],
): Promise<UpdateInfo | undefined> {
  const ids = await gateway.listUpdateIds(clusterName, {});
  const updates: UpdateInfo[] = [];
  for (const id of ids) updates.push(await gateway.describeUpdate(clusterName, id, {}));
  return updates
    .filter((update) => types.includes(update.type) && update.status === 'Successful' && update.createdAt)
    .sort((left, right) => Date.parse(right.createdAt!) - Date.parse(left.createdAt!))[0];
}

/** True for EKS's answer to an update started while another is running. */
export function isResourceInUse(error: unknown): boolean {
  return AWSServiceError.isInstance(error) && error.code === 'ResourceInUseException';
}
