/**
 * Tag removal on what eks-upgrade created for a blue/green upgrade: once green is production,
 * its resources lose the tag that the green-only deletion grants match
 * (`CREATED_RESOURCE_TAG`, an `aws:ResourceTag` condition).
 */

/**
 * An EKS resource that takes tags, named as EKS names it (EKS TagResource and UntagResource
 * take its ARN, https://docs.aws.amazon.com/eks/latest/userguide/eks-using-tags.html; tags are
 * not propagated between a cluster and what belongs to it, so each resource is untagged itself).
 */
export type EksTaggedResource =
  | { readonly type: 'cluster'; readonly clusterName: string }
  | { readonly type: 'nodegroup'; readonly clusterName: string; readonly nodegroupName: string }
  | { readonly type: 'addon'; readonly clusterName: string; readonly addonName: string }
  | { readonly type: 'fargateprofile'; readonly clusterName: string; readonly fargateProfileName: string }
  | { readonly type: 'access-entry'; readonly clusterName: string; readonly principalArn: string }
  | {
      readonly type: 'podidentityassociation';
      readonly clusterName: string;
      readonly associationId: string;
    };

/**
 * One line naming an EKS resource for messages.
 *
 * @example
 * ```ts
 * describeTaggedResource({ type: 'nodegroup', clusterName: 'prod-1-31', nodegroupName: 'general' });
 * // 'node group general of prod-1-31'
 * ```
 */
export function describeTaggedResource(resource: EksTaggedResource): string {
  switch (resource.type) {
    case 'cluster':
      return `cluster ${resource.clusterName}`;
    case 'nodegroup':
      return `node group ${resource.nodegroupName} of ${resource.clusterName}`;
    case 'addon':
      return `add-on ${resource.addonName} of ${resource.clusterName}`;
    case 'fargateprofile':
      return `Fargate profile ${resource.fargateProfileName} of ${resource.clusterName}`;
    case 'access-entry':
      return `access entry ${resource.principalArn} of ${resource.clusterName}`;
    case 'podidentityassociation':
      return `Pod Identity association ${resource.associationId} of ${resource.clusterName}`;
  }
}

/** The tag operations of the cluster gateway. */
export interface ClusterTaggingOperations {
  /**
   * EKS UntagResource on the resource's ARN (read with its Describe call): removes the tag keys;
   * a key the resource does not carry is no error
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UntagResource.html).
   */
  untagEksResource(resource: EksTaggedResource, tagKeys: readonly string[]): Promise<void>;
  /**
   * IAM UntagOpenIDConnectProvider: removes the tag keys from the IAM OIDC provider
   * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagOpenIDConnectProvider.html).
   */
  untagOidcProvider(providerArn: string, tagKeys: readonly string[]): Promise<void>;
}

export type ClusterTaggingOperation = keyof ClusterTaggingOperations;
