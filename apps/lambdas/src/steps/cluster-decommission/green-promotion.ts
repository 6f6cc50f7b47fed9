import type { ClusterGateway } from '../../gateway/cluster-gateway.js';
import { describeTaggedResource, type EksTaggedResource } from '../../gateway/cluster-tagging.js';
import type { GatewayOperation } from '../phase-operations.js';
import { BLUE_CLUSTER_TAG, carriesGreenRole, greenTags } from '../shared/green-resources.js';

/** The tags eks-upgrade puts on what it creates for green (`greenTags`), which promotion removes. */
const GREEN_TAG_KEYS: readonly string[] = Object.keys(greenTags(''));

/** What `promoteGreen` calls. */
export const PROMOTION_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listNodegroupNames',
  'describeNodegroup',
  'listAddons',
  'describeAddon',
  'listFargateProfiles',
  'describeFargateProfile',
  'listAccessEntries',
  'listPodIdentityAssociations',
  'findOidcProvider',
  'untagEksResource',
  'untagOidcProvider',
];

/** Green's EKS resources, other than the cluster itself, that still carry the green tag. */
async function taggedDependents(
  gateway: ClusterGateway,
  green: string,
  authenticationMode: string | undefined,
): Promise<EksTaggedResource[]> {
  const tagged: EksTaggedResource[] = [];
  for (const nodegroupName of await gateway.listNodegroupNames(green)) {
    const nodegroup = await gateway.describeNodegroup(green, nodegroupName);
    if (carriesGreenRole(nodegroup?.tags))
      tagged.push({ type: 'nodegroup', clusterName: green, nodegroupName });
  }
  for (const { name: addonName } of await gateway.listAddons(green)) {
    const addon = await gateway.describeAddon(green, addonName);
    if (carriesGreenRole(addon?.tags)) tagged.push({ type: 'addon', clusterName: green, addonName });
  }
  for (const fargateProfileName of await gateway.listFargateProfiles(green)) {
    const profile = await gateway.describeFargateProfile(green, fargateProfileName);
    if (carriesGreenRole(profile?.tags)) {
      tagged.push({ type: 'fargateprofile', clusterName: green, fargateProfileName });
    }
  }
  // EKS refuses ListAccessEntries on a cluster in CONFIG_MAP mode, which has none.
  if ((authenticationMode ?? 'CONFIG_MAP') !== 'CONFIG_MAP') {
    for (const entry of await gateway.listAccessEntries(green)) {
      if (carriesGreenRole(entry.tags)) {
        tagged.push({ type: 'access-entry', clusterName: green, principalArn: entry.principalArn });
      }
    }
  }
  for (const association of await gateway.listPodIdentityAssociations(green)) {
    if (carriesGreenRole(association.tags)) {
      tagged.push({
        type: 'podidentityassociation',
        clusterName: green,
        associationId: association.associationId,
      });
    }
  }
  return tagged;
}

/**
 * Promotes green to production: the green cluster and everything eks-upgrade created on it with
 * the green tags (node groups, add-ons, Fargate profiles, access entries, Pod Identity
 * associations, and the IAM OIDC provider of its issuer) lose them (EKS UntagResource, IAM
 * UntagOpenIDConnectProvider). The green-only deletion grants match `CREATED_RESOURCE_TAG`
 * (`aws:ResourceTag`), so afterwards none of them reaches the cluster that now serves, when a
 * later upgrade of it runs. Only a green created for `blue` (its `eks-upgrade:blue-cluster` tag)
 * is touched. The cluster goes last: a cluster without the tag means its promotion is complete,
 * so a call after a partial one (a retry) finishes it and a later call reads one cluster only.
 * Returns one sentence for the step's message.
 *
 * @example
 * ```ts
 * await promoteGreen(gateway, { blue: 'prod', green: 'prod-1-31' });
 * // 'prod-1-31 promoted: the green tags eks-upgrade:blue-cluster, eks-upgrade:role removed from node group general of prod-1-31, cluster prod-1-31'
 * ```
 */
export async function promoteGreen(
  gateway: ClusterGateway,
  { blue, green }: { blue: string; green: string },
): Promise<string> {
  const cluster = await gateway.describeCluster(green);
  if (!cluster) return `Green cluster ${green} not found: nothing to promote`;
  if (!carriesGreenRole(cluster.tags)) return `${green} is promoted already (it carries no green tag)`;
  const createdFor = cluster.tags?.[BLUE_CLUSTER_TAG];
  if (createdFor !== blue) {
    return `${green} keeps its green tag: it was created for ${createdFor ?? 'another cluster'}, not ${blue}`;
  }
  const untagged: string[] = [];
  const tagged = await taggedDependents(
    gateway,
    green,
    cluster.configuration?.accessConfig?.authenticationMode,
  );
  for (const resource of tagged) {
    await gateway.untagEksResource(resource, GREEN_TAG_KEYS);
    untagged.push(describeTaggedResource(resource));
  }
  const provider = cluster.oidcIssuer ? await gateway.findOidcProvider(cluster.oidcIssuer) : undefined;
  if (provider && carriesGreenRole(provider.tags)) {
    await gateway.untagOidcProvider(provider.arn, GREEN_TAG_KEYS);
    untagged.push(`IAM OIDC provider ${provider.arn}`);
  }
  const self: EksTaggedResource = { type: 'cluster', clusterName: green };
  await gateway.untagEksResource(self, GREEN_TAG_KEYS);
  untagged.push(describeTaggedResource(self));
  return `${green} promoted: the green tags ${GREEN_TAG_KEYS.join(', ')} removed from ${untagged.join(', ')}`;
}
