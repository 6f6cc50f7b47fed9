import type { NodegroupDetails, NodegroupUpdateConfig } from '../../gateway/cluster-gateway.js';

/** The strategy EKS rolls a group with when DescribeNodegroup names none. */
export const EKS_DEFAULT_UPDATE_STRATEGY = 'DEFAULT';

/**
 * The `updateConfig` that puts `nodegroup` on `updateStrategy`: with the group's own
 * unavailability bound, since EKS requires `maxUnavailable` or `maxUnavailablePercentage` to
 * have a value (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html);
 * `undefined` when DescribeNodegroup reports neither.
 */
export function updateConfigFor(
  nodegroup: NodegroupDetails,
  updateStrategy: NodegroupUpdateConfig['updateStrategy'],
): NodegroupUpdateConfig | undefined {
  const { maxUnavailable, maxUnavailablePercentage } = nodegroup.updateConfig ?? {};
  if (maxUnavailable !== undefined) return { updateStrategy, maxUnavailable };
  if (maxUnavailablePercentage !== undefined) return { updateStrategy, maxUnavailablePercentage };
  return undefined;
}

/** True for the running ConfigUpdate that puts the group on `updateStrategy`. */
export const setsStrategy =
  (updateStrategy: string) =>
  (update: { type: string; params: Record<string, string> }): boolean =>
    update.type === 'ConfigUpdate' && update.params.UpdateStrategy === updateStrategy;
