import { KubernetesVersionSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import {
  atMost,
  IsoDateSchema,
  MAX_NODES_PER_NODEGROUP,
  MAX_SCENARIO_ACCESS_ENTRIES,
  MAX_SCENARIO_ADDONS,
  MAX_SCENARIO_FARGATE_PROFILES,
  MAX_SCENARIO_INSIGHTS,
  MAX_SCENARIO_NODEGROUPS,
  StrictHealthIssueSchema,
  StrictUpgradeInsightSchema,
  strictObject,
} from './scenario-limits.js';

/** Versions of one add-on that EKS reports as compatible with one Kubernetes version. */
export const ScenarioAddonCompatibilitySchema = strictObject({
  /** The version DescribeAddonVersions marks `defaultVersion: true`; optional, as for some add-ons. */
  defaultVersion: z.string().min(1).optional(),
  /** Every compatible version, newest first. An empty list means "nothing is compatible". */
  versions: z.array(z.string().min(1)),
});

/** An add-on installed on the scenario's cluster. */
export const ScenarioAddonSchema = strictObject({
  /** Add-on name as EKS knows it: `vpc-cni`, `coredns`, `kube-proxy`, ... */
  name: z.string().min(1),
  /** Installed version, e.g. `v1.18.3-eksbuild.1`. */
  version: z.string().min(1),
  /** DescribeAddon status; `ACTIVE` unless the scenario starts degraded. */
  status: z.string().default('ACTIVE'),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  /** IAM role of the add-on's service account (IRSA), copied to the green cluster's add-on. */
  serviceAccountRoleArn: z.string().min(1).optional(),
  /** The add-on's configuration values (JSON text), copied to the green cluster's add-on. */
  configurationValues: z.string().min(1).optional(),
  /**
   * Compatible versions per Kubernetes version (`{"1.30": {defaultVersion, versions}}`). A
   * Kubernetes version missing here has no compatible version of this add-on.
   */
  compatibility: z.record(KubernetesVersionSchema, ScenarioAddonCompatibilitySchema).default({}),
});

/** A managed node group of the scenario's cluster. */
export const ScenarioNodegroupSchema = strictObject({
  name: z.string().min(1),
  /** Kubelet minor version; the cluster's version when absent. */
  version: KubernetesVersionSchema.optional(),
  status: z.string().default('ACTIVE'),
  capacityType: z.enum(['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK']).default('ON_DEMAND'),
  desiredSize: z.number().int().min(0).max(MAX_NODES_PER_NODEGROUP).default(2),
  amiType: z.string().default('AL2023_x86_64_STANDARD'),
  /** A launch template with a custom AMI: EKS refuses UpdateNodegroupVersion with a version. */
  customAmi: z.boolean().default(false),
  /** How EKS rolls the group (`updateConfig.updateStrategy`); EKS's DEFAULT when absent. */
  updateStrategy: z.enum(['DEFAULT', 'MINIMAL']).optional(),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  /** The node IAM role (CreateNodegroup needs it; copied to the green node group). */
  nodeRole: z.string().min(1).default('arn:aws:iam::123456789012:role/eks-node-role'),
  /** Subnets of the nodes; the cluster's subnets when absent. */
  subnets: z.array(z.string().min(1)).optional(),
  instanceTypes: z.array(z.string().min(1)).default(['m6i.large']),
  minSize: z.number().int().min(0).max(MAX_NODES_PER_NODEGROUP).default(1),
  maxSize: z.number().int().min(1).max(MAX_NODES_PER_NODEGROUP).default(10),
  diskSize: z.number().int().min(1).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  taints: z
    .array(
      strictObject({
        key: z.string().min(1),
        value: z.string().optional(),
        effect: z.enum(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']),
      }),
    )
    .default([]),
  /** The launch template the group uses (without a custom AMI unless `customAmi`). */
  launchTemplate: strictObject({
    id: z.string().min(1),
    name: z.string().min(1).optional(),
    version: z.string().min(1),
    /**
     * What that version holds (simulated EC2 DescribeLaunchTemplateVersions): `userData` as the
     * template's author writes it (the simulator base64-encodes it, as EC2 returns it; at most
     * 16 KB, EC2's limit,
     * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html), security groups
     * (`SecurityGroupIds`) and each network interface's (`NetworkInterfaces[].Groups`).
     */
    content: strictObject({
      userData: z.string().max(16_384, 'EC2 limit: user data is at most 16 KB').optional(),
      securityGroupIds: z
        .array(z.string().min(1))
        .max(5, 'VPC quota: 5 security groups per network interface')
        .default([]),
      networkInterfaceGroups: z
        .array(z.array(z.string().min(1)).max(5))
        .max(8)
        .default([]),
    }).optional(),
  }).optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/** A Fargate profile of the scenario's cluster (DescribeFargateProfile). */
export const ScenarioFargateProfileSchema = strictObject({
  name: z.string().min(1),
  podExecutionRoleArn: z.string().min(1).default('arn:aws:iam::123456789012:role/eks-fargate-pod-role'),
  /** Private subnets of the pods; the cluster's subnets when absent. */
  subnets: z.array(z.string().min(1)).optional(),
  /** At most 5 selectors, each a namespace with optional labels (CreateFargateProfile). */
  selectors: z
    .array(
      strictObject({ namespace: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
    )
    .min(1)
    .max(5)
    .default([{ namespace: 'default' }]),
  tags: z.record(z.string(), z.string()).default({}),
});

/** An access entry of the scenario's cluster, with its access policies (DescribeAccessEntry). */
export const ScenarioAccessEntrySchema = strictObject({
  /** The IAM role or user granted access. */
  principalArn: z.string().min(1),
  type: z
    .enum(['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX'])
    .default('STANDARD'),
  kubernetesGroups: z.array(z.string().min(1)).default([]),
  username: z.string().min(1).optional(),
  /** Access policies, e.g. `arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`. */
  policies: z
    .array(
      strictObject({
        policyArn: z.string().min(1),
        scope: z.enum(['cluster', 'namespace']).default('cluster'),
        namespaces: z.array(z.string().min(1)).optional(),
      }),
    )
    .default([]),
});

/** One row of DescribeClusterVersions. */
export const ScenarioSupportedVersionSchema = strictObject({
  version: KubernetesVersionSchema,
  status: z.enum(['STANDARD_SUPPORT', 'EXTENDED_SUPPORT']).default('STANDARD_SUPPORT'),
  isDefault: z.boolean().default(false),
});

/**
 * The scenario cluster's settings that a blue/green copy carries over (DescribeCluster; what
 * CreateCluster takes, https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 * The defaults are what EKS gives a cluster created through the API without them, except
 * `authenticationMode`, whose default is the console's (`API_AND_CONFIG_MAP`).
 */
export const ScenarioClusterConfigurationSchema = strictObject({
  endpointPublicAccess: z.boolean().default(true),
  endpointPrivateAccess: z.boolean().default(false),
  /** CIDR blocks allowed to reach the public endpoint. */
  publicAccessCidrs: z.array(z.string().min(1)).default(['0.0.0.0/0']),
  authenticationMode: z.enum(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']).default('API_AND_CONFIG_MAP'),
  /** KMS key that encrypts Kubernetes secrets (envelope encryption); none when absent. */
  secretsKeyArn: z.string().min(1).optional(),
  /** Control-plane log types sent to CloudWatch Logs; none when empty. */
  logTypes: z.array(z.enum(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'])).default([]),
  ipFamily: z.enum(['ipv4', 'ipv6']).default('ipv4'),
  serviceIpv4Cidr: z.string().min(1).default('10.100.0.0/16'),
  zonalShift: z.boolean().default(false),
  deletionProtection: z.boolean().default(false),
  /** EKS Auto Mode: compute, block storage and load balancing managed by EKS. */
  autoMode: strictObject({
    nodePools: z.array(z.string().min(1)).default(['general-purpose', 'system']),
    nodeRoleArn: z.string().min(1),
  }).optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/**
 * An EKS Pod Identity association of the scenario cluster: a service account's IAM role
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html), copied to green.
 */
export const ScenarioPodIdentityAssociationSchema = strictObject({
  namespace: z.string().min(1),
  serviceAccount: z.string().min(1),
  roleArn: z.string().min(1),
  targetRoleArn: z.string().min(1).optional(),
  disableSessionTags: z.boolean().optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/** The cluster the scenario starts from (the blue cluster for blue/green). */
export const ScenarioClusterSchema = strictObject({
  name: z.string().min(1),
  /** Control-plane Kubernetes version. */
  version: KubernetesVersionSchema,
  platformVersion: z.string().default('eks.1'),
  status: z.string().default('ACTIVE'),
  region: z.string().default('us-east-1'),
  roleArn: z.string().default('arn:aws:iam::123456789012:role/eks-cluster-role'),
  subnetIds: z.array(z.string()).default(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002']),
  securityGroupIds: z.array(z.string()).default(['sg-0a1b2c3d4e5f60001']),
  /** The security group EKS created for the cluster (DescribeCluster `resourcesVpcConfig.clusterSecurityGroupId`). */
  clusterSecurityGroupId: z.string().min(1).default('sg-0c1a2b3c4d5e6f701'),
  /** Upgrade policy support type: `STANDARD` or `EXTENDED`. */
  supportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD'),
  /** Endpoint access, authentication, encryption, logging, network, Auto Mode, tags. */
  configuration: ScenarioClusterConfigurationSchema.prefault({}),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  nodegroups: atMost(
    ScenarioNodegroupSchema,
    MAX_SCENARIO_NODEGROUPS,
    'EKS quota: managed node groups per cluster',
  ).default([]),
  /**
   * Fargate profiles (their pods pick up a new kubelet only when restarted): a name, or the
   * profile's settings (copied to the green cluster).
   */
  fargateProfiles: atMost(
    z.union([z.string().min(1), ScenarioFargateProfileSchema]),
    MAX_SCENARIO_FARGATE_PROFILES,
    'EKS quota: Fargate profiles per cluster',
  ).default([]),
  addons: atMost(ScenarioAddonSchema, MAX_SCENARIO_ADDONS, 'add-ons per scenario cluster').default([]),
  /** Access entries (with `configuration.authenticationMode` API or API_AND_CONFIG_MAP). */
  accessEntries: atMost(
    ScenarioAccessEntrySchema,
    MAX_SCENARIO_ACCESS_ENTRIES,
    'access entries per scenario cluster',
  ).default([]),
  /** EKS Pod Identity associations (at most 1,000 per cluster, the EKS quota's default). */
  podIdentityAssociations: z.array(ScenarioPodIdentityAssociationSchema).max(1000).default([]),
  /** Upgrade insights ListInsights returns (any status). */
  insights: atMost(StrictUpgradeInsightSchema, MAX_SCENARIO_INSIGHTS, 'one ListInsights page').default([]),
  /** DescribeClusterVersions; the versions 1.28 to 1.33 in standard support when absent. */
  supportedVersions: z.array(ScenarioSupportedVersionSchema).default(() =>
    ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'].map((version) => ({
      version,
      status: 'STANDARD_SUPPORT' as const,
      isDefault: version === '1.32',
    })),
  ),
  /**
   * When the cluster's last in-place version upgrade completed (to its current version), for
   * the native-rollback window. Absent: the cluster was created at its current version.
   */
  lastUpgradedAt: IsoDateSchema.optional(),
});
