import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  type EKSClientConfig,
  UntagResourceCommand,
} from '@aws-sdk/client-eks';
import { AWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../cluster-gateway.js';
import { describeTaggedResource, type EksTaggedResource } from '../cluster-tagging.js';
import { sendEks } from './aws-eks-send.js';

/** The EKS tag operations of the cluster gateway. */
export type EksTaggingOperations = Pick<ClusterGateway, 'untagEksResource'>;

/** Options of `AwsEksTagging`: an injected EKS client (e.g. `AwsEksApi`'s) or a configuration. */
export type AwsEksTaggingOptions =
  | { region?: string; client?: EKSClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: EKSClientConfig };

/**
 * EKS tags over the AWS SDK v3: UntagResource takes the resource's ARN, which for a node group,
 * add-on, Fargate profile, access entry or Pod Identity association ends in an id EKS assigns,
 * so it is read with the resource's Describe call first
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UntagResource.html).
 *
 * @example
 * ```ts
 * const tagging = new AwsEksTagging({ client: eks.client });
 * await tagging.untagEksResource({ type: 'cluster', clusterName: 'prod-1-31' }, ['eks-upgrade:role']);
 * ```
 */
export class AwsEksTagging implements EksTaggingOperations {
  readonly client: EKSClient;

  constructor(options: AwsEksTaggingOptions = {}) {
    this.client =
      options.client ??
      new EKSClient({ ...(options.region ? { region: options.region } : {}), ...options.clientConfig });
  }

  /** The resource's ARN, from its Describe call. */
  private async arnOf(resource: EksTaggedResource): Promise<string | undefined> {
    const { clusterName } = resource;
    const what = `read the ARN of ${describeTaggedResource(resource)}`;
    switch (resource.type) {
      case 'cluster':
        return (
          await sendEks('DescribeCluster', what, () =>
            this.client.send(new DescribeClusterCommand({ name: clusterName })),
          )
        ).cluster?.arn;
      case 'nodegroup':
        return (
          await sendEks('DescribeNodegroup', what, () =>
            this.client.send(
              new DescribeNodegroupCommand({ clusterName, nodegroupName: resource.nodegroupName }),
            ),
          )
        ).nodegroup?.nodegroupArn;
      case 'addon':
        return (
          await sendEks('DescribeAddon', what, () =>
            this.client.send(new DescribeAddonCommand({ clusterName, addonName: resource.addonName })),
          )
        ).addon?.addonArn;
      case 'fargateprofile':
        return (
          await sendEks('DescribeFargateProfile', what, () =>
            this.client.send(
              new DescribeFargateProfileCommand({
                clusterName,
                fargateProfileName: resource.fargateProfileName,
              }),
            ),
          )
        ).fargateProfile?.fargateProfileArn;
      case 'access-entry':
        return (
          await sendEks('DescribeAccessEntry', what, () =>
            this.client.send(
              new DescribeAccessEntryCommand({ clusterName, principalArn: resource.principalArn }),
            ),
          )
        ).accessEntry?.accessEntryArn;
      case 'podidentityassociation':
        return (
          await sendEks('DescribePodIdentityAssociation', what, () =>
            this.client.send(
              new DescribePodIdentityAssociationCommand({
                clusterName,
                associationId: resource.associationId,
              }),
            ),
          )
        ).association?.associationArn;
    }
  }

  async untagEksResource(resource: EksTaggedResource, tagKeys: readonly string[]): Promise<void> {
    const arn = await this.arnOf(resource);
    if (!arn) {
      throw new AWSServiceError(
        `EKS reported no ARN for ${describeTaggedResource(resource)}, so its tags ${tagKeys.join(', ')} cannot be removed; remove them with aws eks untag-resource`,
        { service: 'EKS', operation: 'UntagResource', code: 'MissingArn', retryable: false },
      );
    }
    await sendEks(
      'UntagResource',
      `remove the tags ${tagKeys.join(', ')} from ${describeTaggedResource(resource)}`,
      () => this.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [...tagKeys] })),
    );
  }
}
