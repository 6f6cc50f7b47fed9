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
 * Roles are passed only to EKS, and only the roles the configuration names
 * (`permissions.passRoleArns`: the blue cluster's role, its node roles, its add-ons' service
 * account roles and its pod execution roles), never `*`: a role that may pass any role could
 * hand EKS an administrator role (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
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
  resources: [{ kind: 'iam-role' }],
  scope: 'configured',
  condition: PASSED_TO_EKS,
};

/**
 * The IAM permissions of each `AwsEksApi` method. Reads reach every cluster of the stack's
 * regions; changes reach only the clusters the stack may upgrade (`upgradable`) or the green
 * resources eks-upgrade created (`created`: they carry `CREATED_RESOURCE_TAG`); creating is
 * allowed only with that tag in the request (`creating`), also for eks:TagResource, which
 * authorises the tags given at creation; deleting reaches only what eks-upgrade created, and the
 * blue cluster in the phases that decommission it (`decommissioned`).
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
  listNodegroupNames: [{ action: 'eks:ListNodegroups', resources: [CLUSTER] }],
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
  // Perception refreshes the insights before reading them, and waits for the refresh.
  // A refresh re-runs the checks of a cluster about to be upgraded: one the stack may upgrade.
  startInsightsRefresh: [{ action: 'eks:StartInsightsRefresh', resources: [CLUSTER], scope: 'upgradable' }],
  describeInsightsRefresh: [{ action: 'eks:DescribeInsightsRefresh', resources: [CLUSTER] }],
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
  // The Service Authorization Reference lists cluster, node group and add-on resources for both:
  // an update of a node group or add-on is authorised on it.
  listUpdateIds: [{ action: 'eks:ListUpdates', resources: [CLUSTER, NODEGROUP, ADDON] }],
  describeUpdate: [{ action: 'eks:DescribeUpdate', resources: [CLUSTER, NODEGROUP, ADDON] }],
  updateClusterVersion: [{ action: 'eks:UpdateClusterVersion', resources: [CLUSTER], scope: 'upgradable' }],
  updateAddon: [{ action: 'eks:UpdateAddon', resources: [ADDON], scope: 'upgradable' }],
  updateNodegroupVersion: [
    { action: 'eks:UpdateNodegroupVersion', resources: [NODEGROUP], scope: 'upgradable' },
  ],
  // Sets the update strategy of a node group the stack may upgrade (and puts it back on rollback).
  updateNodegroupConfig: [
    { action: 'eks:UpdateNodegroupConfig', resources: [NODEGROUP], scope: 'upgradable' },
  ],
  // The green cluster gets the blue cluster's role, and the tag that lets the tool fill and delete it.
  createCluster: [
    { action: 'eks:CreateCluster', resources: [CLUSTER], scope: 'creating' },
    { action: 'eks:TagResource', resources: [CLUSTER], scope: 'creating' },
    PASS_ROLE,
  ],
  describeNodegroup: [{ action: 'eks:DescribeNodegroup', resources: [NODEGROUP] }],
  // Authorised on the cluster it adds to; passes the node role (a launch template is referenced by id).
  createNodegroup: [
    { action: 'eks:CreateNodegroup', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:TagResource', resources: [NODEGROUP], scope: 'creating' },
    PASS_ROLE,
  ],
  describeAddon: [{ action: 'eks:DescribeAddon', resources: [ADDON] }],
  // Authorised on the cluster it adds to; passes the add-on's service account role when blue's has one.
  createAddon: [
    { action: 'eks:CreateAddon', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:TagResource', resources: [ADDON], scope: 'creating' },
    PASS_ROLE,
  ],
  describeFargateProfile: [{ action: 'eks:DescribeFargateProfile', resources: [FARGATE_PROFILE] }],
  // Authorised on the cluster it adds to; passes the pod execution role.
  createFargateProfile: [
    { action: 'eks:CreateFargateProfile', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:TagResource', resources: [FARGATE_PROFILE], scope: 'creating' },
    PASS_ROLE,
  ],
  deleteFargateProfile: [
    { action: 'eks:DeleteFargateProfile', resources: [FARGATE_PROFILE], scope: 'created' },
    { action: 'eks:DeleteFargateProfile', resources: [FARGATE_PROFILE], scope: 'decommissioned' },
  ],
  listAccessEntries: [
    { action: 'eks:ListAccessEntries', resources: [CLUSTER] },
    { action: 'eks:DescribeAccessEntry', resources: [ACCESS_ENTRY] },
    { action: 'eks:ListAssociatedAccessPolicies', resources: [ACCESS_ENTRY] },
  ],
  // Authorised on the cluster it adds to; the policies are associated on the entry.
  createAccessEntry: [
    { action: 'eks:CreateAccessEntry', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:TagResource', resources: [ACCESS_ENTRY], scope: 'creating' },
    { action: 'eks:AssociateAccessPolicy', resources: [ACCESS_ENTRY], scope: 'created' },
  ],
  deleteNodegroup: [
    { action: 'eks:DeleteNodegroup', resources: [NODEGROUP], scope: 'created' },
    { action: 'eks:DeleteNodegroup', resources: [NODEGROUP], scope: 'decommissioned' },
  ],
  deleteCluster: [
    { action: 'eks:DeleteCluster', resources: [CLUSTER], scope: 'created' },
    { action: 'eks:DeleteCluster', resources: [CLUSTER], scope: 'decommissioned' },
  ],
} as const satisfies Record<keyof EksOperations, readonly IamGrant[]>;
