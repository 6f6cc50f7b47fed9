/**
 * The IAM permissions each method of `AwsEksPodIdentity` (aws-eks-pod-identity.ts) needs.
 * Actions and resource types are from the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
 */
import type { PodIdentityOperations } from './aws-eks-pod-identity.js';
import type { IamCondition, IamGrant, IamResource } from './aws-gateway-iam.js';

const CLUSTER: IamResource = { kind: 'eks-cluster' };
const ASSOCIATION: IamResource = { kind: 'eks-podidentityassociation' };

/**
 * The association's role is passed to EKS Pod Identity, whose service principal assumes it for
 * the pods (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html); it may go to no
 * other service.
 */
const PASSED_TO_POD_IDENTITY: IamCondition = {
  operator: 'StringEquals',
  key: 'iam:PassedToService',
  value: 'pods.eks.amazonaws.com',
  statementId: 'PassRolesToEksPodIdentity',
  reason:
    'CreatePodIdentityAssociation passes the association role to EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html); it may go to no other service',
};

/**
 * The IAM permissions of each `AwsEksPodIdentity` method. Listing is authorised on the cluster,
 * describing on the association; creating with tags is also eks:TagResource on the association.
 *
 * @example
 * ```ts
 * POD_IDENTITY_OPERATION_GRANTS.createPodIdentityAssociation[0]?.action; // 'eks:CreatePodIdentityAssociation'
 * ```
 */
export const POD_IDENTITY_OPERATION_GRANTS = {
  listPodIdentityAssociations: [
    { action: 'eks:ListPodIdentityAssociations', resources: [CLUSTER] },
    { action: 'eks:DescribePodIdentityAssociation', resources: [ASSOCIATION] },
  ],
  // Only on the green cluster eks-upgrade created, tagged as such; only the configured roles
  // (`permissions.passRoleArns`) may be passed, never `*`.
  createPodIdentityAssociation: [
    { action: 'eks:CreatePodIdentityAssociation', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:TagResource', resources: [ASSOCIATION], scope: 'creating' },
    {
      action: 'iam:PassRole',
      resources: [{ kind: 'iam-role' }],
      scope: 'configured',
      condition: PASSED_TO_POD_IDENTITY,
    },
  ],
} as const satisfies Record<keyof PodIdentityOperations, readonly IamGrant[]>;
