import { z } from 'zod';
import { KubernetesVersionSchema } from '../kubernetes/versions.js';

const IsoDateSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

/** A health problem EKS reports on a cluster, node group or add-on. */
export const HealthIssueSchema = z.object({
  code: z.string(),
  message: z.string().default(''),
  resourceIds: z.array(z.string()).default([]),
});
export type HealthIssue = z.infer<typeof HealthIssueSchema>;

/**
 * One setting of a launch template version that names the blue cluster, so that a node group
 * copied to green with that version would carry blue's settings.
 */
export const LaunchTemplatePinSchema = z.object({
  /** Where in the version: `SecurityGroupIds`, `NetworkInterfaces[0].Groups` or `UserData`. */
  setting: z.string().min(1),
  /** What of blue's it names. */
  names: z.enum(['cluster-security-group', 'cluster-name', 'api-server-endpoint', 'certificate-authority']),
  /** The user data's format, for `UserData`: e.g. `AL2023 nodeadm NodeConfig`. */
  format: z.string().optional(),
});
export type LaunchTemplatePin = z.infer<typeof LaunchTemplatePinSchema>;

/**
 * What perception found in the launch template version a node group uses (blue/green only,
 * EC2 DescribeLaunchTemplateVersions): only the findings, never the user data, which can hold
 * secrets. `unreadable` with the reason when EC2 refused or did not return the version.
 */
export const LaunchTemplateReadingSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('read'),
    /** The version read (`VersionNumber`). */
    version: z.string().min(1),
    pins: z.array(LaunchTemplatePinSchema).default([]),
  }),
  z.object({ status: z.literal('unreadable'), reason: z.string().min(1) }),
]);
export type LaunchTemplateReading = z.infer<typeof LaunchTemplateReadingSchema>;

/** A managed node group as perception saw it. */
export const NodegroupSnapshotSchema = z.object({
  name: z.string().min(1),
  /** Kubernetes minor version of its kubelets. */
  version: KubernetesVersionSchema,
  releaseVersion: z.string().optional(),
  status: z.string(),
  capacityType: z.string().optional(),
  desiredSize: z.number().int().min(0).optional(),
  amiType: z.string().optional(),
  /** Node groups with a launch template carrying a custom AMI cannot take a version update. */
  customAmi: z.boolean().default(false),
  /**
   * The launch template the group was created with (DescribeNodegroup `launchTemplate`): a
   * custom-AMI group moves by a new version of it.
   */
  launchTemplate: z
    .object({
      id: z.string().optional(),
      name: z.string().optional(),
      version: z.string().optional(),
      /** What the version pins of this cluster; absent when not read (in place, or a custom AMI). */
      reading: LaunchTemplateReadingSchema.optional(),
    })
    .optional(),
  /**
   * How EKS rolls the group (`updateConfig.updateStrategy`: `DEFAULT` or `MINIMAL`,
   * https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html).
   */
  updateStrategy: z.string().optional(),
  healthIssues: z.array(HealthIssueSchema).default([]),
});
export type NodegroupSnapshot = z.infer<typeof NodegroupSnapshotSchema>;

/** Add-on versions EKS says are compatible with one Kubernetes version. */
export const AddonCompatibilitySchema = z.object({
  kubernetesVersion: KubernetesVersionSchema,
  /** The version EKS marks as default for that Kubernetes version, if any. */
  defaultVersion: z.string().optional(),
  /** Compatible versions, newest first. */
  versions: z.array(z.string()),
});
export type AddonCompatibility = z.infer<typeof AddonCompatibilitySchema>;

/** An EKS add-on with the versions compatible with each upgrade hop. */
export const AddonSnapshotSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  status: z.string(),
  healthIssues: z.array(HealthIssueSchema).default([]),
  /**
   * The IAM role of the add-on's service account (IRSA), whose trust policy names this
   * cluster's OIDC issuer (DescribeAddon `serviceAccountRoleArn`).
   */
  serviceAccountRoleArn: z.string().min(1).optional(),
  /** One entry per hop of the upgrade (perception asks DescribeAddonVersions for each). */
  compatibility: z.array(AddonCompatibilitySchema).default([]),
});
export type AddonSnapshot = z.infer<typeof AddonSnapshotSchema>;

/** EKS upgrade insight status values. */
export const InsightStatus = {
  PASSING: 'PASSING',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  UNKNOWN: 'UNKNOWN',
} as const;
export type InsightStatus = (typeof InsightStatus)[keyof typeof InsightStatus];

/** An EKS upgrade insight (ListInsights / DescribeInsight). */
export const UpgradeInsightSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().default('UPGRADE_READINESS'),
  kubernetesVersion: z.string().optional(),
  status: z.enum(['PASSING', 'WARNING', 'ERROR', 'UNKNOWN']),
  reason: z.string().default(''),
  description: z.string().default(''),
  recommendation: z.string().default(''),
});
export type UpgradeInsight = z.infer<typeof UpgradeInsightSchema>;

/** One row of DescribeClusterVersions. */
export const SupportedVersionSchema = z.object({
  version: KubernetesVersionSchema,
  /** `STANDARD_SUPPORT` or `EXTENDED_SUPPORT` (or another status EKS adds). */
  status: z.string(),
  isDefault: z.boolean().default(false),
  endOfStandardSupportDate: IsoDateSchema.optional(),
  endOfExtendedSupportDate: IsoDateSchema.optional(),
});
export type SupportedVersion = z.infer<typeof SupportedVersionSchema>;

/**
 * How the insights refresh perception asked for ended (StartInsightsRefresh, then
 * DescribeInsightsRefresh until COMPLETED or FAILED, bounded): `TIMED_OUT` when it was still
 * IN_PROGRESS at the bound, `NOT_STARTED` when EKS refused to start one. Anything but
 * `COMPLETED` means the insights may be up to a day old
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html).
 */
export const InsightsRefreshSnapshotSchema = z.object({
  status: z.enum(['COMPLETED', 'FAILED', 'TIMED_OUT', 'NOT_STARTED']),
  message: z.string().default(''),
});
export type InsightsRefreshSnapshot = z.infer<typeof InsightsRefreshSnapshotSchema>;

/** The last control-plane update EKS recorded, needed to judge native rollback (within 7 days). */
export const LastVersionUpdateSchema = z.object({
  updateId: z.string(),
  fromVersion: KubernetesVersionSchema.optional(),
  toVersion: KubernetesVersionSchema,
  status: z.string(),
  createdAt: IsoDateSchema,
});
export type LastVersionUpdate = z.infer<typeof LastVersionUpdateSchema>;

/**
 * Everything perception learned about a cluster, the input of the planner.
 *
 * @example
 * ```ts
 * const snapshot = parseOrThrow(ClusterSnapshotSchema, output, 'cluster snapshot');
 * snapshot.nodegroups.filter((nodegroup) => nodegroup.version !== snapshot.version);
 * ```
 */
export const ClusterSnapshotSchema = z.object({
  clusterName: z.string().min(1),
  region: z.string().optional(),
  arn: z.string().optional(),
  version: KubernetesVersionSchema,
  platformVersion: z.string().optional(),
  status: z.string(),
  endpoint: z.string().optional(),
  roleArn: z.string().optional(),
  subnetIds: z.array(z.string()).default([]),
  securityGroupIds: z.array(z.string()).default([]),
  /** `STANDARD` or `EXTENDED`: the cluster's upgrade policy support type. */
  supportType: z.string().optional(),
  /**
   * `API`, `API_AND_CONFIG_MAP` or `CONFIG_MAP` (DescribeCluster `accessConfig`): who can reach
   * the cluster's Kubernetes API, which a blue/green copy must recreate.
   */
  authenticationMode: z.string().optional(),
  /**
   * The cluster's tags eks-upgrade itself sets (keys starting `eks-upgrade:`, DescribeCluster),
   * absent when it has none: a cluster created as green by an earlier blue/green carries
   * `eks-upgrade:role` = `green` until that upgrade's decommission of blue promoted it.
   */
  upgradeTags: z.record(z.string(), z.string()).optional(),
  healthIssues: z.array(HealthIssueSchema).default([]),
  nodegroups: z.array(NodegroupSnapshotSchema).default([]),
  /** Fargate profiles run pods at the control plane's version; listed so the plan can note them. */
  fargateProfiles: z.array(z.string()).default([]),
  /**
   * EKS Auto Mode (DescribeCluster `computeConfig.enabled`): EKS itself replaces the nodes it
   * manages to follow the control plane's version
   * (https://docs.aws.amazon.com/eks/latest/userguide/auto-upgrade.html).
   */
  autoMode: z.boolean().default(false),
  addons: z.array(AddonSnapshotSchema).default([]),
  insights: z.array(UpgradeInsightSchema).default([]),
  /** The insights refresh perception asked for before reading them; absent in older snapshots. */
  insightsRefresh: InsightsRefreshSnapshotSchema.optional(),
  supportedVersions: z.array(SupportedVersionSchema).default([]),
  lastVersionUpdate: LastVersionUpdateSchema.optional(),
  capturedAt: IsoDateSchema,
});
export type ClusterSnapshot = z.infer<typeof ClusterSnapshotSchema>;
export type ClusterSnapshotInput = z.input<typeof ClusterSnapshotSchema>;
