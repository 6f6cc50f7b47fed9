import type { CreateClusterRequest, VpcConfigRequest } from '@aws-sdk/client-eks';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { HealthIssue, SupportedVersion, TrafficRouting, UpgradeInsight } from '@eks-upgrade/core-models';
import type {
  AccessEntryDetails,
  AddonDetails,
  CreateAccessEntrySpec,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateFargateProfileSpec,
  CreateNodegroupSpec,
  FargateProfileDetails,
  NodegroupDetails,
} from './cluster-copy-specs.js';
import type { ClusterIdentityOperations } from './cluster-identity.js';
import type { ClusterTaggingOperations } from './cluster-tagging.js';
import type {
  InsightsRefreshInfo,
  NodegroupUpdateConfig,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateNodegroupVersionOptions,
  UpdateScope,
} from './cluster-updates.js';
import type { ClusterLaunchTemplateOperations } from './launch-templates.js';

export type {
  AccessEntryDetails,
  AccessPolicyAssociation,
  AddonDetails,
  CreateAccessEntrySpec,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateFargateProfileSpec,
  CreateNodegroupSpec,
  FargateProfileDetails,
  NodegroupDetails,
} from './cluster-copy-specs.js';
export {
  type InsightsRefreshInfo,
  type NodegroupUpdateConfig,
  type UpdateClusterVersionOptions,
  type UpdateInfo,
  type UpdateNodegroupVersionOptions,
  type UpdateScope,
  UpdateStatus,
} from './cluster-updates.js';

/**
 * A cluster's settings that CreateCluster takes and DescribeCluster reports, beyond name,
 * version, role, subnets, security groups and tags: what a green copy of the cluster is created
 * with. The shapes are the EKS API's own (CreateCluster request,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html); the simulator
 * fills them as EKS would.
 */
export type ClusterConfiguration = Pick<
  CreateClusterRequest,
  | 'kubernetesNetworkConfig'
  | 'logging'
  | 'encryptionConfig'
  | 'outpostConfig'
  | 'accessConfig'
  | 'upgradePolicy'
  | 'zonalShiftConfig'
  | 'remoteNetworkConfig'
  | 'computeConfig'
  | 'storageConfig'
  | 'deletionProtection'
  | 'controlPlaneScalingConfig'
  | 'kubeApiServerConfig'
  | 'kubeSchedulerConfig'
  | 'kubeControllerManagerConfig'
> & {
  /** The API server endpoint's reachability (part of `resourcesVpcConfig`). */
  endpointAccess?: Pick<
    VpcConfigRequest,
    'endpointPublicAccess' | 'endpointPrivateAccess' | 'publicAccessCidrs' | 'controlPlaneEgressMode'
  >;
};

/** An EKS cluster as the phases need it (DescribeCluster). */
export interface ClusterInfo {
  name: string;
  arn?: string;
  /** Kubernetes minor version, e.g. `1.30`. */
  version: string;
  platformVersion?: string;
  /** `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, `FAILED` or `PENDING`. */
  status: string;
  endpoint?: string;
  roleArn?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** `STANDARD` or `EXTENDED` (the cluster's upgrade policy). */
  supportType?: string;
  healthIssues: HealthIssue[];
  createdAt?: string;
  tags?: Record<string, string>;
  /** The cluster's OpenID Connect issuer URL (`identity.oidc.issuer`); each cluster has its own. */
  oidcIssuer?: string;
  /**
   * The security group EKS created for the cluster (`resourcesVpcConfig.clusterSecurityGroupId`):
   * a copy of the cluster gets its own
   * (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
   */
  clusterSecurityGroupId?: string;
  /** The API server's certificate authority, base64 (`certificateAuthority.data`). */
  certificateAuthorityData?: string;
  /** The settings a copy of this cluster is created with (DescribeCluster). */
  configuration?: ClusterConfiguration;
}

/** A managed node group (ListNodegroups + DescribeNodegroup). */
export interface NodegroupInfo {
  name: string;
  version: string;
  releaseVersion?: string;
  /** `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, `CREATE_FAILED`, `DELETE_FAILED`, `DEGRADED`. */
  status: string;
  capacityType?: string;
  desiredSize?: number;
  amiType?: string;
  /** The launch template names a custom AMI (amiType `CUSTOM`): EKS cannot move its version. */
  customAmi: boolean;
  /** The launch template the group was created with (id, name and version, as EKS reports them). */
  launchTemplate?: { id?: string; name?: string; version?: string };
  /** `updateConfig.updateStrategy`: `DEFAULT` or `MINIMAL` (how EKS rolls the group). */
  updateStrategy?: string;
  healthIssues: HealthIssue[];
}

/** An installed EKS add-on (ListAddons + DescribeAddon). */
export interface AddonInfo {
  name: string;
  version: string;
  /** `CREATING`, `ACTIVE`, `CREATE_FAILED`, `UPDATING`, `DELETING`, `DELETE_FAILED`, `DEGRADED`, `UPDATE_FAILED`. */
  status: string;
  healthIssues: HealthIssue[];
  /** IAM role of the add-on's service account (IRSA); its trust names the cluster's issuer. */
  serviceAccountRoleArn?: string;
}

/** The versions of one add-on EKS says are compatible with one Kubernetes version (DescribeAddonVersions). */
export interface AddonVersionsInfo {
  addonName: string;
  kubernetesVersion: string;
  /** The version EKS marks as the default for that Kubernetes version. */
  defaultVersion?: string;
  /** Compatible versions, newest first. */
  versions: string[];
}

/** The categories of EKS cluster insights the phases read (ListInsights `filter.categories`). */
export type InsightCategory = 'UPGRADE_READINESS' | 'ROLLBACK_READINESS';

/** Weights of the blue and green records; `undefined` when the record does not exist. */
export interface TrafficWeights {
  blue: number | undefined;
  green: number | undefined;
}

/**
 * One read of the weighted records: the weights, and each side's record sets exactly as Route 53
 * listed them, which a write based on this read DELETEs as read and CREATEs with the new weight,
 * so that it fails whole if they changed since (`setTrafficWeights`).
 */
export interface TrafficReading {
  weights: TrafficWeights;
  recordSets: { blue: ResourceRecordSet[]; green: ResourceRecordSet[] };
}

/** Route 53 change status (GetChange): `PENDING` until every DNS server has the change, then `INSYNC`. */
export type TrafficChangeStatus = 'PENDING' | 'INSYNC';

/** A CloudWatch alarm's state; `found` is false when no alarm has that name. */
export interface AlarmInfo {
  name: string;
  found: boolean;
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  state?: string;
  reason?: string;
}

/**
 * The small set of EKS, Route 53 and CloudWatch operations the five phases need. Two
 * implementations: `AwsClusterGateway` (AWS SDK v3) and `SimulatedClusterGateway` (a scenario,
 * for rehearsals and tests). Every method reads all pages; failures are `AWSServiceError`s.
 *
 * @example
 * ```ts
 * const gateway: ClusterGateway = new SimulatedClusterGateway(DEMO_SCENARIO);
 * const cluster = await gateway.describeCluster('demo');
 * ```
 */
export interface ClusterGateway
  extends ClusterIdentityOperations,
    ClusterTaggingOperations,
    ClusterLaunchTemplateOperations {
  /** DescribeCluster; `undefined` when the cluster does not exist. */
  describeCluster(clusterName: string): Promise<ClusterInfo | undefined>;
  /** ListNodegroups (all pages), each described. */
  listNodegroups(clusterName: string): Promise<NodegroupInfo[]>;
  /**
   * ListNodegroups (all pages), the names only: for a caller that describes the groups itself
   * (following a deletion, as EKS's `nodegroup-deleted` waiter does).
   */
  listNodegroupNames(clusterName: string): Promise<string[]>;
  /** ListFargateProfiles (all pages): their pods run the kubelet of the version they started on. */
  listFargateProfiles(clusterName: string): Promise<string[]>;
  /** ListAddons (all pages), each described. */
  listAddons(clusterName: string): Promise<AddonInfo[]>;
  /** DescribeAddonVersions for each add-on and one Kubernetes version (all pages). */
  describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]>;
  /**
   * ListInsights of one category (all pages), `UPGRADE_READINESS` unless told; non-passing ones
   * described in full. `ROLLBACK_READINESS` insights say whether EKS native rollback may run
   * (https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html).
   */
  listInsights(clusterName: string, category?: InsightCategory): Promise<UpgradeInsight[]>;
  /**
   * StartInsightsRefresh: EKS re-evaluates the cluster's insights now instead of at its next
   * daily run (https://docs.aws.amazon.com/eks/latest/APIReference/API_StartInsightsRefresh.html).
   */
  startInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo>;
  /**
   * DescribeInsightsRefresh: the latest refresh's status
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeInsightsRefresh.html).
   */
  describeInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo>;
  /** DescribeClusterVersions (all pages). */
  describeClusterVersions(): Promise<SupportedVersion[]>;
  /** ListUpdates for the cluster, a node group or an add-on (all pages). */
  listUpdateIds(clusterName: string, scope?: UpdateScope): Promise<string[]>;
  /** DescribeUpdate. */
  describeUpdate(clusterName: string, updateId: string, scope?: UpdateScope): Promise<UpdateInfo>;
  /** UpdateClusterVersion (or its native rollback). */
  updateClusterVersion(
    clusterName: string,
    version: string,
    options?: UpdateClusterVersionOptions,
  ): Promise<UpdateInfo>;
  /** UpdateAddon to a version. */
  updateAddon(clusterName: string, addonName: string, version: string): Promise<UpdateInfo>;
  /** UpdateNodegroupVersion to a Kubernetes version (or, with `options.launchTemplate`, a launch template version). */
  updateNodegroupVersion(
    clusterName: string,
    nodegroupName: string,
    version: string,
    options?: UpdateNodegroupVersionOptions,
  ): Promise<UpdateInfo>;
  /**
   * UpdateNodegroupConfig with `updateConfig` only (the update strategy and the group's
   * unavailability bound): an update of type `ConfigUpdate` to follow with DescribeUpdate.
   */
  updateNodegroupConfig(
    clusterName: string,
    nodegroupName: string,
    updateConfig: NodegroupUpdateConfig,
  ): Promise<UpdateInfo>;
  /** CreateCluster (blue/green: the green cluster). */
  createCluster(spec: CreateClusterSpec): Promise<ClusterInfo>;
  /** DescribeNodegroup with the group's shape; `undefined` when it does not exist. */
  describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined>;
  /** CreateNodegroup (blue/green: a green node group shaped like a blue one); it starts CREATING. */
  createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo>;
  /** DescribeAddon with its settings; `undefined` when the add-on is not installed. */
  describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined>;
  /** CreateAddon (blue/green: an add-on on the green cluster); it starts CREATING. */
  createAddon(spec: CreateAddonSpec): Promise<AddonInfo>;
  /** DescribeFargateProfile; `undefined` when it does not exist. */
  describeFargateProfile(
    clusterName: string,
    profileName: string,
  ): Promise<FargateProfileDetails | undefined>;
  /** CreateFargateProfile (blue/green: a green profile like a blue one); it starts CREATING. */
  createFargateProfile(spec: CreateFargateProfileSpec): Promise<FargateProfileDetails>;
  /**
   * DeleteFargateProfile (it turns DELETING, then disappears). EKS deletes one profile of a
   * cluster at a time: ResourceInUseException while another is DELETING.
   */
  deleteFargateProfile(clusterName: string, profileName: string): Promise<void>;
  /**
   * ListAccessEntries (all pages), each described with its associated access policies (all
   * pages). EKS refuses it on a cluster in `CONFIG_MAP` authentication mode.
   */
  listAccessEntries(clusterName: string): Promise<AccessEntryDetails[]>;
  /**
   * CreateAccessEntry, then AssociateAccessPolicy for each policy. An entry that already exists
   * (a retry) gets its policies associated; associating a policy again replaces its scope.
   */
  createAccessEntry(spec: CreateAccessEntrySpec): Promise<void>;
  /** DeleteNodegroup (the node group turns DELETING, then disappears after some minutes). */
  deleteNodegroup(clusterName: string, nodegroupName: string): Promise<void>;
  /** DeleteCluster. EKS refuses it (ResourceInUseException) while node groups or Fargate profiles remain. */
  deleteCluster(clusterName: string): Promise<void>;
  /** Reads the weights of the blue and green weighted records. */
  getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights>;
  /** Reads the weighted records once: their weights and the record sets, for `setTrafficWeights`. */
  readTrafficRecords(routing: TrafficRouting): Promise<TrafficReading>;
  /**
   * Sets both weighted records in one ChangeResourceRecordSets, each record set DELETEd as read
   * and CREATEd with its new weight, so the batch fails whole (InvalidChangeBatch) when a record
   * changed since `read` (the records are read first when no `read` is given); returns the
   * change id.
   */
  setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
    read?: TrafficReading,
  ): Promise<string>;
  /** GetChange: whether a ChangeResourceRecordSets change reached every Route 53 DNS server. */
  getTrafficChangeStatus(changeId: string): Promise<TrafficChangeStatus>;
  /** DescribeAlarms for the names (all pages); names not found are reported with `found: false`. */
  describeAlarms(alarmNames: readonly string[]): Promise<AlarmInfo[]>;
}
