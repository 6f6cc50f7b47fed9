import type { CreateNodegroupSpec, NodegroupDetails } from '../../gateway/cluster-gateway.js';
import { copyableTags, greenTags } from '../shared/green-resources.js';

/**
 * The CreateNodegroup request that copies `source` (a blue node group) to the green cluster at
 * `version`: same role, subnets, scaling, instance types, AMI type, capacity type, disk, labels,
 * taints, launch template (its id and version: without a custom AMI EKS picks the AMI for the
 * version), remote access, update config and tags. EKS takes disk size and remote access from
 * the launch template when there is one, so they are copied only without one.
 *
 * @example
 * ```ts
 * const blue = await gateway.describeNodegroup('prod', 'general');
 * const spec = nodegroupCopySpec(blue!, {
 *   clusterName: 'prod-1-31',
 *   nodegroupName: 'general',
 *   version: '1.31',
 *   blueClusterName: 'prod',
 * });
 * await gateway.createNodegroup(spec);
 * ```
 */
export function nodegroupCopySpec(
  source: NodegroupDetails,
  target: {
    clusterName: string;
    nodegroupName: string;
    version: string;
    blueClusterName: string;
    /** The copy's AMI type when the plan moves it (AL2 → AL2023 at 1.33+); blue's otherwise. */
    amiType?: string;
  },
): CreateNodegroupSpec {
  const launchTemplate = source.launchTemplate
    ? {
        ...(source.launchTemplate.id
          ? { id: source.launchTemplate.id }
          : { name: source.launchTemplate.name }),
        ...(source.launchTemplate.version ? { version: source.launchTemplate.version } : {}),
      }
    : undefined;
  return {
    clusterName: target.clusterName,
    nodegroupName: target.nodegroupName,
    version: target.version,
    nodeRole: source.nodeRole!,
    subnets: [...source.subnets],
    ...(source.scalingConfig ? { scalingConfig: { ...source.scalingConfig } } : {}),
    ...(source.instanceTypes ? { instanceTypes: [...source.instanceTypes] } : {}),
    ...((target.amiType ?? source.amiType) ? { amiType: target.amiType ?? source.amiType } : {}),
    ...(source.capacityType ? { capacityType: source.capacityType } : {}),
    ...(source.labels ? { labels: { ...source.labels } } : {}),
    ...(source.taints ? { taints: source.taints.map((taint) => ({ ...taint })) } : {}),
    ...(launchTemplate
      ? { launchTemplate }
      : {
          ...(source.diskSize !== undefined ? { diskSize: source.diskSize } : {}),
          ...(source.remoteAccess ? { remoteAccess: { ...source.remoteAccess } } : {}),
        }),
    ...(source.updateConfig ? { updateConfig: { ...source.updateConfig } } : {}),
    tags: { ...copyableTags(source.tags), ...greenTags(target.blueClusterName) },
  };
}
