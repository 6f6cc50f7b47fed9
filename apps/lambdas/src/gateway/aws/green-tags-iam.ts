/**
 * The IAM condition that keeps green's promotion to the tags eks-upgrade set: the keys of
 * `greenTags` (steps/shared/green-resources.ts), which `promoteGreen` removes at blue's
 * decommission. Both EKS UntagResource and IAM UntagOpenIDConnectProvider take `aws:TagKeys`
 * (Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
 */
import { CREATED_RESOURCE_TAG } from '@eks-upgrade/core-models';
import { BLUE_CLUSTER_TAG } from '../../steps/shared/green-resources.js';
import type { IamCondition } from './aws-gateway-iam.js';

/**
 * Untagging allowed only of `eks-upgrade:role` and `eks-upgrade:blue-cluster`: with the green
 * tag condition on the resource (scope `created`), the role can take eks-upgrade's own tags off
 * what it created and no other tag of it, e.g. a cost-allocation tag green copied from blue.
 *
 * @example
 * ```ts
 * UNTAG_ONLY_GREEN_TAG_KEYS.values; // ['eks-upgrade:role', 'eks-upgrade:blue-cluster']
 * ```
 */
export const UNTAG_ONLY_GREEN_TAG_KEYS = {
  operator: 'ForAllValues:StringEquals',
  key: 'aws:TagKeys',
  values: [CREATED_RESOURCE_TAG.key, BLUE_CLUSTER_TAG],
  statementId: 'UntagGreenTagsOnly',
  reason:
    'green promotion removes the tags eks-upgrade set (greenTags) and no other: aws:TagKeys is multivalued, so ForAllValues (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)',
} as const satisfies IamCondition;
