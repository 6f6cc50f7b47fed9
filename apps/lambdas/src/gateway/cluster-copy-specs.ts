import type { AddonInfo, ClusterConfiguration, NodegroupInfo } from './cluster-gateway.js';

// The shapes a blue/green copy reads from blue and creates on green (Describe* as Create* takes
// them), apart from the gateway's interface in cluster-gateway.ts, which re-exports them.

/** A managed node group's shape (DescribeNodegroup), as CreateNodegroup takes it to copy the group. */
export interface NodegroupDetails extends NodegroupInfo {
  clusterName: string;
  nodeRole?: string;
  subnets: string[];
  scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number };
  instanceTypes?: string[];
  diskSize?: number;
  labels?: Record<string, string>;
  taints?: { key?: string; value?: string; effect?: string }[];
  /** The launch template the group was created with (EKS reports id, name and version). */
  launchTemplate?: { id?: string; name?: string; version?: string };
  remoteAccess?: { ec2SshKey?: string; sourceSecurityGroups?: string[] };
  updateConfig?: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  tags?: Record<string, string>;
}

/**
 * What a new managed node group is created from (CreateNodegroup). EKS refuses `diskSize` and
 * `remoteAccess` together with a launch template (they belong in the template then).
 */
export interface CreateNodegroupSpec {
  clusterName: string;
  nodegroupName: string;
  /** Kubernetes version; EKS picks the AMI release for it (no custom AMI). */
  version: string;
  nodeRole: string;
  subnets: string[];
  scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number };
  instanceTypes?: string[];
  amiType?: string;
  capacityType?: string;
  diskSize?: number;
  labels?: Record<string, string>;
  taints?: { key?: string; value?: string; effect?: string }[];
  launchTemplate?: { id?: string; name?: string; version?: string };
  remoteAccess?: { ec2SshKey?: string; sourceSecurityGroups?: string[] };
  updateConfig?: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  tags?: Record<string, string>;
}

/** A Fargate profile (DescribeFargateProfile), as CreateFargateProfile takes it to copy the profile. */
export interface FargateProfileDetails {
  name: string;
  clusterName: string;
  /** `CREATING`, `ACTIVE`, `DELETING`, `CREATE_FAILED` or `DELETE_FAILED`. */
  status: string;
  podExecutionRoleArn: string;
  /** Private subnets the profile's pods run in. */
  subnets: string[];
  /** Which pods run on Fargate: a namespace, and labels they must all carry. */
  selectors: { namespace?: string; labels?: Record<string, string> }[];
  tags?: Record<string, string>;
}

/** What a new Fargate profile is created from (CreateFargateProfile). */
export interface CreateFargateProfileSpec {
  clusterName: string;
  fargateProfileName: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: { namespace?: string; labels?: Record<string, string> }[];
  tags?: Record<string, string>;
}

/** An access policy associated with an access entry, and where it applies. */
export interface AccessPolicyAssociation {
  policyArn: string;
  /** `cluster`, or `namespace` with the namespaces. */
  accessScope: { type: string; namespaces?: string[] };
}

/** An access entry (DescribeAccessEntry) with its access policies (ListAssociatedAccessPolicies). */
export interface AccessEntryDetails {
  principalArn: string;
  /** `STANDARD`, `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`, `EC2`, `HYBRID_LINUX`, ... */
  type: string;
  kubernetesGroups: string[];
  username?: string;
  tags?: Record<string, string>;
  policies: AccessPolicyAssociation[];
}

/** What an access entry is created from (CreateAccessEntry, then AssociateAccessPolicy per policy). */
export interface CreateAccessEntrySpec extends AccessEntryDetails {
  clusterName: string;
}

/** An add-on's settings (DescribeAddon), as CreateAddon takes them to copy the add-on. */
export interface AddonDetails extends AddonInfo {
  clusterName: string;
  /** The add-on's configuration (JSON or YAML text, as given to EKS). */
  configurationValues?: string;
  tags?: Record<string, string>;
}

/** What a new add-on is installed from (CreateAddon). */
export interface CreateAddonSpec {
  clusterName: string;
  addonName: string;
  version: string;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  tags?: Record<string, string>;
}

/** What a new (green) cluster is created from. */
export interface CreateClusterSpec {
  name: string;
  version: string;
  roleArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  tags?: Record<string, string>;
  /** Everything else CreateCluster takes; EKS's defaults for what is absent. */
  configuration?: ClusterConfiguration;
}
