import { AWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../cluster-gateway.js';
import { describeTaggedResource, type EksTaggedResource } from '../cluster-tagging.js';
import { eksError, requireCluster, type SimCluster, type SimulatedWorld } from './simulated-eks-state.js';

/** The tag operations of the simulated gateway. */
export type SimulatedTaggingOperations = Pick<ClusterGateway, 'untagEksResource' | 'untagOidcProvider'>;

/** The tags a resource keeps once `tagKeys` are removed; `undefined` when none is left. */
function without(
  tags: Record<string, string> | undefined,
  tagKeys: readonly string[],
): Record<string, string> | undefined {
  const kept = Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !tagKeys.includes(key)));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Sets `holder.tags`, leaving the key out when no tag is left (as the Describe calls report it). */
function setTags(holder: { tags?: Record<string, string> }, tags: Record<string, string> | undefined): void {
  if (tags) holder.tags = tags;
  else delete holder.tags;
}

/**
 * Tags in the simulated account: EKS UntagResource (a key the resource does not carry is no
 * error; a resource that does not exist is ResourceNotFoundException,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UntagResource.html) and IAM
 * UntagOpenIDConnectProvider (NoSuchEntity for a provider that does not exist,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagOpenIDConnectProvider.html).
 * Tags live on each resource: removing a cluster's does not touch its node groups'.
 *
 * @example
 * ```ts
 * const tagging = new SimulatedTagging(world);
 * await tagging.untagEksResource({ type: 'cluster', clusterName: 'demo-1-31' }, ['eks-upgrade:role']);
 * ```
 */
export class SimulatedTagging implements SimulatedTaggingOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  /** The holder of the resource's tags; ResourceNotFoundException when it does not exist. */
  private tagHolder(cluster: SimCluster, resource: EksTaggedResource): { tags?: Record<string, string> } {
    const found = (() => {
      switch (resource.type) {
        case 'cluster':
          return cluster.info;
        case 'nodegroup':
          return cluster.nodegroups.find((nodegroup) => nodegroup.name === resource.nodegroupName)?.shape;
        case 'addon':
          return cluster.addons.find((addon) => addon.name === resource.addonName)?.settings;
        case 'fargateprofile':
          return cluster.fargateProfiles.find((profile) => profile.name === resource.fargateProfileName);
        case 'access-entry':
          return cluster.accessEntries.find((entry) => entry.principalArn === resource.principalArn);
        case 'podidentityassociation':
          return cluster.podIdentityAssociations.find(
            (association) => association.associationId === resource.associationId,
          );
      }
    })();
    if (!found) {
      throw eksError(
        'UntagResource',
        'ResourceNotFoundException',
        `No ${describeTaggedResource(resource)} found`,
        404,
      );
    }
    return found;
  }

  async untagEksResource(resource: EksTaggedResource, tagKeys: readonly string[]): Promise<void> {
    const operation = 'UntagResource';
    const cluster = requireCluster(this.world, operation, resource.clusterName);
    const holder = this.tagHolder(cluster, resource);
    this.world.calls.push({
      operation,
      clusterName: resource.clusterName,
      detail: `${describeTaggedResource(resource)}: ${tagKeys.join(', ')}`,
    });
    setTags(holder, without(holder.tags, tagKeys));
  }

  async untagOidcProvider(providerArn: string, tagKeys: readonly string[]): Promise<void> {
    const operation = 'UntagOpenIDConnectProvider';
    const provider = this.world.iam.oidcProviders.get(providerArn);
    if (!provider) {
      throw new AWSServiceError(
        `IAM ${operation} failed: NoSuchEntityException: OpenIDConnect Provider not found for arn ${providerArn}`,
        { service: 'IAM', operation, code: 'NoSuchEntityException', httpStatusCode: 404, retryable: false },
      );
    }
    this.world.calls.push({ operation, detail: `${providerArn}: ${tagKeys.join(', ')}` });
    provider.tags = without(provider.tags, tagKeys) ?? {};
  }
}
