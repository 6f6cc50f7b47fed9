/**
 * The IAM permissions each EKS method of the cluster gateway (`AwsEksApi` in aws-eks-api.ts)
 * needs: one entry per method, naming every EKS call it makes and the resource EKS authorises
 * that call on. Actions and resource types are from the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
 */
import type { EksOperations } from './aws-eks-api.js';
import type { IamCondition, IamGrant, IamResource } from './aws-gateway-iam.js';

const CLUSTER: IamResource = { kind: 'eks-cluster' };
const NODEGROUP: IamResource = { kind: 'eks-nodegroup' };
const ADDON: IamResource = { kind: 'eks-addon' };
const FARGATE_PROFILE: IamResource = { kind: 'eks-fargateprofile' };
const ACCESS_ENTRY: IamResource = { kind: 'eks-access-entry' };

/**
 * Roles are passed only to EKS. The roles are the blue cluster's own (its cluster role, node
 * role, add-on service account roles), named by the customer, so the resource stays `*` and the
 * condition does the limiting.
 */
const PASSED_TO_EKS: IamCondition = {
  operator: 'StringEquals',
  key: 'iam:PassedToService',
  value: 'eks.amazonaws.com',
  statementId: 'PassRolesToEks',
  reason:
    'CreateCluster, CreateNodegroup, CreateAddon and CreateFargateProfile pass a role to EKS (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html); it may go to no other service',
};

const PASS_ROLE: IamGrant = {
  action: 'iam:PassRole',
  resources: [
    {
      kind: 'any',
      reason:
        "the roles passed are the blue cluster's own, whose names eks-upgrade does not know when it deploys",
    },
  ],
  condition: PASSED_TO_EKS,
};

/**
 * The IAM permissions of each `AwsEksApi` method. Creating with tags is also authorised as
 * eks:TagResource on the resource created.
 *
 * @example
 * ```ts
 * EKS_OPERATION_GRANTS.listNodegroups.map((grant) => grant.action); // ['eks:ListNodegroups', 'eks:DescribeNodegroup']
 * ```
 */
export const EKS_OPERATION_GRANTS = {
  describeCluster: [{ action: 'eks:DescribeCluster', resources: [CLUSTER] }],
  // Listing is authorised on the cluster; each node group is then described.
  listNodegroups: [
    { action: 'eks:ListNodegroups', resources: [CLUSTER] },
    { action: 'eks:DescribeNodegroup', resources: [NODEGROUP] },
  ],
  listFargateProfiles: [{ action: 'eks:ListFargateProfiles', resources: [CLUSTER] }],
  listAddons: [
    { action: 'eks:ListAddons', resources: [CLUSTER] },
    { action: 'eks:DescribeAddon', resources: [ADDON] },
  ],
  describeAddonVersions: [
    {
      action: 'eks:DescribeAddonVersions',
      resources: [
        {
          kind: 'any',
          reason:
            "the Service Authorization Reference lists no resource type: it reads EKS's add-on catalogue",
        },
      ],
    },
  ],
  listInsights: [
    { action: 'eks:ListInsights', resources: [CLUSTER] },
    { action: 'eks:DescribeInsight', resources: [CLUSTER] },
  ],
  describeClusterVersions: [
    {
      action: 'eks:DescribeClusterVersions',
      resources: [
        {
          kind: 'any',
          reason:
            'the Service Authorization Reference lists no resource type: it reads the Kubernetes versions EKS offers',
        },
      ],
    },
  ],
  listUpdateIds: [{ action: 'eks:ListUpdates', resources: [CLUSTER] }],
  describeUpdate: [{ action: 'eks:DescribeUpdate', resources: [CLUSTER] }],
  updateClusterVersion: [{ action: 'eks:UpdateClusterVersion', resources: [CLUSTER] }],
  updateAddon: [{ action: 'eks:UpdateAddon', resources: [ADDON] }],
  updateNodegroupVersion: [{ action: 'eks:UpdateNodegroupVersion', resources: [NODEGROUP] }],
  // The green cluster gets the blue cluster's role.
  createCluster: [
    { action: 'eks:CreateCluster', resources: [CLUSTER] },
    { action: 'eks:TagResource', resources: [CLUSTER] },
    PASS_ROLE,
  ],
  describeNodegroup: [{ action: 'eks:DescribeNodegroup', resources: [NODEGROUP] }],
  // Authorised on the cluster it adds to; passes the node role (a launch template is referenced by id).
  createNodegroup: [
    { action: 'eks:CreateNodegroup', resources: [CLUSTER] },
    { action: 'eks:TagResource', resources: [NODEGROUP] },
    PASS_ROLE,
  ],
  describeAddon: [{ action: 'eks:DescribeAddon', resources: [ADDON] }],
  // Authorised on the cluster it adds to; passes the add-on's service account role when blue's has one.
  createAddon: [
    { action: 'eks:CreateAddon', resources: [CLUSTER] },
    { action: 'eks:TagResource', resources: [ADDON] },
    PASS_ROLE,
  ],
  describeFargateProfile: [{ action: 'eks:DescribeFargateProfile', resources: [FARGATE_PROFILE] }],
  // Authorised on the cluster it adds to; passes the pod execution role.
  createFargateProfile: [
    { action: 'eks:CreateFargateProfile', resources: [CLUSTER] },
    { action: 'eks:TagResource', resources: [FARGATE_PROFILE] },
    PASS_ROLE,
  ],
  deleteFargateProfile: [{ action: 'eks:DeleteFargateProfile', resources: [FARGATE_PROFILE] }],
  listAccessEntries: [
    { action: 'eks:ListAccessEntries', resources: [CLUSTER] },
    { action: 'eks:DescribeAccessEntry', resources: [ACCESS_ENTRY] },
    { action: 'eks:ListAssociatedAccessPolicies', resources: [ACCESS_ENTRY] },
  ],
  // Authorised on the cluster it adds to; the policies are associated on the entry.
  createAccessEntry: [
    { action: 'eks:CreateAccessEntry', resources: [CLUSTER] },
    { action: 'eks:TagResource', resources: [ACCESS_ENTRY] },
    { action: 'eks:AssociateAccessPolicy', resources: [ACCESS_ENTRY] },
  ],
  deleteNodegroup: [{ action: 'eks:DeleteNodegroup', resources: [NODEGROUP] }],
  deleteCluster: [{ action: 'eks:DeleteCluster', resources: [CLUSTER] }],
} as const satisfies Record<keyof EksOperations, readonly IamGrant[]>;
