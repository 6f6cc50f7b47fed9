/**
 * The IAM permissions each method of `AwsEksTagging` (aws-eks-tagging.ts) needs. Actions and
 * resource types are from the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
 */

import type { EksTaggingOperations } from './aws-eks-tagging.js';
import type { IamGrant, IamResource } from './aws-gateway-iam.js';
import { UNTAG_ONLY_GREEN_TAG_KEYS } from './green-tags-iam.js';

const CLUSTER: IamResource = { kind: 'eks-cluster' };
const NODEGROUP: IamResource = { kind: 'eks-nodegroup' };
const ADDON: IamResource = { kind: 'eks-addon' };
const FARGATE_PROFILE: IamResource = { kind: 'eks-fargateprofile' };
const ACCESS_ENTRY: IamResource = { kind: 'eks-access-entry' };
const ASSOCIATION: IamResource = { kind: 'eks-podidentityassociation' };

/**
 * The IAM permissions of each `AwsEksTagging` method. The ARN is read with the resource's
 * Describe call; UntagResource reaches only what eks-upgrade created (`created`: it carries
 * `CREATED_RESOURCE_TAG`) and removes only eks-upgrade's own tag keys
 * (`UNTAG_ONLY_GREEN_TAG_KEYS`), so the promotion of green can take those tags off and nothing
 * else of the account, nor any other tag of green, can be untagged.
 *
 * @example
 * ```ts
 * EKS_TAGGING_OPERATION_GRANTS.untagEksResource.at(-1)?.action; // 'eks:UntagResource'
 * ```
 */
export const EKS_TAGGING_OPERATION_GRANTS = {
  untagEksResource: [
    { action: 'eks:DescribeCluster', resources: [CLUSTER] },
    { action: 'eks:DescribeNodegroup', resources: [NODEGROUP] },
    { action: 'eks:DescribeAddon', resources: [ADDON] },
    { action: 'eks:DescribeFargateProfile', resources: [FARGATE_PROFILE] },
    { action: 'eks:DescribeAccessEntry', resources: [ACCESS_ENTRY] },
    { action: 'eks:DescribePodIdentityAssociation', resources: [ASSOCIATION] },
    {
      action: 'eks:UntagResource',
      resources: [CLUSTER, NODEGROUP, ADDON, FARGATE_PROFILE, ACCESS_ENTRY, ASSOCIATION],
      scope: 'created',
      condition: UNTAG_ONLY_GREEN_TAG_KEYS,
    },
  ],
} as const satisfies Record<keyof EksTaggingOperations, readonly IamGrant[]>;
