import type { LaunchTemplatePin, LaunchTemplateReading } from '@eks-upgrade/core-models';
import type { ClusterGateway, ClusterInfo, NodegroupInfo } from '../gateway/cluster-gateway.js';
import type { LaunchTemplateVersionInfo } from '../gateway/launch-templates.js';
import { userDataReferences } from './user-data-references.js';

/** The version EC2 picks for a node group that names none: the template's default. */
const DEFAULT_VERSION = '$Default';

/**
 * What of the cluster one template version pins: its cluster security group (in
 * `SecurityGroupIds` or a network interface's `Groups`), or user data naming it
 * (`userDataReferences`).
 *
 * @example
 * ```ts
 * pinsOf(version, cluster); // [{ setting: 'SecurityGroupIds', names: 'cluster-security-group' }]
 * ```
 */
export function pinsOf(version: LaunchTemplateVersionInfo, cluster: ClusterInfo): LaunchTemplatePin[] {
  const group = cluster.clusterSecurityGroupId;
  return [
    ...(group && version.securityGroupIds.includes(group)
      ? [{ setting: 'SecurityGroupIds', names: 'cluster-security-group' as const }]
      : []),
    ...(group
      ? version.networkInterfaceGroups.flatMap((groups, index) =>
          groups.includes(group)
            ? [{ setting: `NetworkInterfaces[${index}].Groups`, names: 'cluster-security-group' as const }]
            : [],
        )
      : []),
    ...(version.userData
      ? userDataReferences(version.userData, {
          name: cluster.name,
          ...(cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
          ...(cluster.certificateAuthorityData
            ? { certificateAuthorityData: cluster.certificateAuthorityData }
            : {}),
        }).flatMap((finding) =>
          finding.references.map((names) => ({ setting: 'UserData', names, format: finding.format })),
        )
      : []),
  ];
}

/** The version a node group uses among those EC2 returned for its template. */
function versionUsed(
  versions: readonly LaunchTemplateVersionInfo[],
  wanted: string,
): LaunchTemplateVersionInfo | undefined {
  if (wanted === DEFAULT_VERSION) return versions.find((version) => version.defaultVersion);
  if (wanted === '$Latest') {
    return versions.reduce<LaunchTemplateVersionInfo | undefined>(
      (latest, version) =>
        !latest || Number(version.versionNumber) > Number(latest.versionNumber) ? version : latest,
      undefined,
    );
  }
  return versions.find((version) => version.versionNumber === wanted);
}

/**
 * Blue/green perception: reads the launch template version each node group uses (one
 * DescribeLaunchTemplateVersions call per template, naming every version its groups use) and
 * says what each pins of the cluster (`pinsOf`), keyed by node group. Custom-AMI groups are not
 * read (the planner blocks their copy anyway). A template EC2 does not answer for (AccessDenied,
 * deleted, throttled past the retries) or a version it does not return reads `unreadable`,
 * with the reason; nothing here throws.
 *
 * @example
 * ```ts
 * const readings = await readLaunchTemplates(gateway, cluster, nodegroups);
 * readings.get('general'); // { status: 'read', version: '7', pins: [{ setting: 'UserData', names: 'cluster-name', format: 'AL2 bootstrap.sh' }] }
 * ```
 */
export async function readLaunchTemplates(
  gateway: Pick<ClusterGateway, 'describeLaunchTemplateVersions'>,
  cluster: ClusterInfo,
  nodegroups: readonly NodegroupInfo[],
): Promise<Map<string, LaunchTemplateReading>> {
  const byTemplate = new Map<string, { template: { id?: string; name?: string }; groups: NodegroupInfo[] }>();
  for (const nodegroup of nodegroups) {
    const template = nodegroup.launchTemplate;
    if (!template || nodegroup.customAmi || !(template.id || template.name)) continue;
    const key = template.id ? `id:${template.id}` : `name:${template.name}`;
    const entry = byTemplate.get(key) ?? { template, groups: [] };
    entry.groups.push(nodegroup);
    byTemplate.set(key, entry);
  }
  const readings = new Map<string, LaunchTemplateReading>();
  await Promise.all(
    [...byTemplate.values()].map(async ({ template, groups }) => {
      const wanted = [...new Set(groups.map((group) => group.launchTemplate?.version ?? DEFAULT_VERSION))];
      const described = await gateway
        .describeLaunchTemplateVersions(template.id ? { id: template.id } : { name: template.name! }, wanted)
        .then(
          (versions) => ({ versions }),
          (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
        );
      for (const group of groups) {
        const version = group.launchTemplate?.version ?? DEFAULT_VERSION;
        if ('error' in described) {
          readings.set(group.name, { status: 'unreadable', reason: described.error });
          continue;
        }
        const found = versionUsed(described.versions, version);
        readings.set(
          group.name,
          found
            ? { status: 'read', version: found.versionNumber, pins: pinsOf(found, cluster) }
            : {
                status: 'unreadable',
                reason: `EC2 DescribeLaunchTemplateVersions returned no version ${version} of ${template.id ?? template.name}`,
              },
        );
      }
    }),
  );
  return readings;
}
