import {
  AWSServiceError,
  compareKubernetesVersions,
  type HealthIssue,
  minorVersionDistance,
  normalizeKubernetesVersion,
  parseOrThrow,
  type SupportedVersion,
  type TrafficRouting,
  type UpgradeInsight,
} from '@eks-upgrade/core-models';
import { type Scenario, type ScenarioInput, ScenarioSchema } from '../simulation/scenario.js';
import { addonMinorDistance, VPC_CNI_ADDON } from '../versions/addon-versions.js';
import type {
  AddonDetails,
  AddonInfo,
  AddonVersionsInfo,
  AlarmInfo,
  ClusterGateway,
  ClusterInfo,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateNodegroupSpec,
  NodegroupDetails,
  NodegroupInfo,
  TrafficChangeStatus,
  TrafficWeights,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateScope,
} from './cluster-gateway.js';

const ROLLBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The DescribeNodegroup fields beyond `NodegroupInfo`. */
type NodegroupShape = Omit<NodegroupDetails, keyof NodegroupInfo | 'clusterName'>;

interface SimNodegroup extends NodegroupInfo {
  /** ListNodegroups calls left while DELETING. */
  deletePollsLeft?: number;
  /** Reads left while CREATING. */
  createPollsLeft?: number;
  shape: NodegroupShape;
}

interface SimAddon extends AddonInfo {
  compatibility: Scenario['cluster']['addons'][number]['compatibility'];
  /** Reads left while CREATING. */
  createPollsLeft?: number;
  settings: Pick<AddonDetails, 'serviceAccountRoleArn' | 'configurationValues' | 'tags'>;
}

interface SimCluster {
  info: ClusterInfo;
  nodegroups: SimNodegroup[];
  addons: SimAddon[];
  /** Polls left while CREATING or DELETING. */
  pollsLeft: number;
  /** The last completed in-place version upgrade, for the rollback window. */
  lastUpgrade?: { fromVersion: string; toVersion: string; completedAtMs: number };
}

interface SimUpdate {
  info: UpdateInfo;
  clusterName: string;
  scope: UpdateScope;
  pollsLeft: number;
  /** What happens when the update ends successfully. */
  apply: () => void;
  /** Error to end with instead, from the scenario's failures. */
  failure?: { code: string; message: string };
}

/** A record of what the simulated cluster was asked to do, for reports and tests. */
export interface SimulatedCall {
  operation: string;
  clusterName?: string;
  detail?: string;
}

function eksError(operation: string, code: string, message: string, httpStatusCode = 400): AWSServiceError {
  return new AWSServiceError(`EKS ${operation} failed: ${code}: ${message}`, {
    service: 'EKS',
    operation,
    code,
    httpStatusCode,
    retryable: false,
  });
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * A deterministic, in-memory EKS (plus Route 53 weighted records and CloudWatch alarms) driven
 * by a `Scenario`, for local rehearsals and tests. It enforces EKS's rules: the control plane
 * moves one minor version per update and only when every managed node group is on its version;
 * node groups never move ahead of the control plane; add-on versions must be compatible with
 * the control plane's version and VPC CNI moves one minor at a time; one update at a time per
 * resource; native rollback only to N-1 within 7 days of an in-place upgrade. Updates take
 * `timing.updatePolls` DescribeUpdate calls to finish; a virtual clock advances with each poll.
 * Failures named by the scenario are injected.
 *
 * @example
 * ```ts
 * const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
 * const update = await gateway.updateClusterVersion('demo', '1.30');
 * await gateway.describeUpdate('demo', update.id); // InProgress, then Successful
 * ```
 */
export class SimulatedClusterGateway implements ClusterGateway {
  readonly scenario: Scenario;
  /** Every mutating call made, in order. */
  readonly calls: SimulatedCall[] = [];
  private readonly clusters = new Map<string, SimCluster>();
  private readonly updates = new Map<string, SimUpdate>();
  private readonly weights = new Map<string, number>();
  /** Route 53 changes: GetChange calls left while PENDING. */
  private readonly changes = new Map<string, number>();
  private readonly alarms = new Map<string, { state: string; reason: string }>();
  private readonly insights: UpgradeInsight[];
  private updateCounter = 0;
  private changeCounter = 0;
  private clockMs: number;

  constructor(scenario: ScenarioInput | Scenario) {
    this.scenario = parseOrThrow(ScenarioSchema, scenario, 'scenario');
    const { cluster } = this.scenario;
    this.clockMs = Date.parse(this.scenario.startTime);
    this.clusters.set(cluster.name, {
      info: {
        name: cluster.name,
        arn: this.clusterArn(cluster.name),
        version: cluster.version,
        platformVersion: cluster.platformVersion,
        status: cluster.status,
        endpoint: `https://${cluster.name}.sim.eks.${cluster.region}.amazonaws.com`,
        roleArn: cluster.roleArn,
        subnetIds: [...cluster.subnetIds],
        securityGroupIds: [...cluster.securityGroupIds],
        supportType: cluster.supportType,
        healthIssues: clone(cluster.healthIssues),
        createdAt: new Date(this.clockMs - 90 * 24 * 3600 * 1000).toISOString(),
      },
      nodegroups: cluster.nodegroups.map((nodegroup) => ({
        name: nodegroup.name,
        version: nodegroup.version ?? cluster.version,
        releaseVersion: `${nodegroup.version ?? cluster.version}.0-20260101`,
        status: nodegroup.status,
        capacityType: nodegroup.capacityType,
        desiredSize: nodegroup.desiredSize,
        amiType: nodegroup.customAmi ? 'CUSTOM' : nodegroup.amiType,
        customAmi: nodegroup.customAmi,
        healthIssues: clone(nodegroup.healthIssues),
        shape: {
          nodeRole: nodegroup.nodeRole,
          subnets: [...(nodegroup.subnets ?? cluster.subnetIds)],
          scalingConfig: {
            minSize: nodegroup.minSize,
            maxSize: nodegroup.maxSize,
            desiredSize: nodegroup.desiredSize,
          },
          instanceTypes: [...nodegroup.instanceTypes],
          ...(nodegroup.diskSize !== undefined ? { diskSize: nodegroup.diskSize } : {}),
          ...(Object.keys(nodegroup.labels).length > 0 ? { labels: { ...nodegroup.labels } } : {}),
          ...(nodegroup.taints.length > 0 ? { taints: clone(nodegroup.taints) } : {}),
          ...(nodegroup.launchTemplate ? { launchTemplate: { ...nodegroup.launchTemplate } } : {}),
          updateConfig: { maxUnavailable: 1 },
          ...(Object.keys(nodegroup.tags).length > 0 ? { tags: { ...nodegroup.tags } } : {}),
        },
      })),
      addons: cluster.addons.map((addon) => ({
        name: addon.name,
        version: addon.version,
        status: addon.status,
        healthIssues: clone(addon.healthIssues),
        compatibility: clone(addon.compatibility),
        settings: {
          ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
          ...(addon.configurationValues ? { configurationValues: addon.configurationValues } : {}),
        },
      })),
      pollsLeft: 0,
      ...(cluster.lastUpgradedAt
        ? {
            lastUpgrade: {
              fromVersion: previousMinor(cluster.version),
              toVersion: cluster.version,
              completedAtMs: Date.parse(cluster.lastUpgradedAt),
            },
          }
        : {}),
    });
    this.insights = clone(cluster.insights);
    this.scenario.failures.forEach((failure, index) => {
      if (failure.type === 'blocking_insight') {
        this.insights.push({
          id: `sim-insight-${index + 1}`,
          name: failure.name,
          category: 'UPGRADE_READINESS',
          kubernetesVersion: failure.kubernetesVersion ?? this.scenario.request.targetVersion,
          status: 'ERROR',
          reason: failure.reason,
          description: `${failure.name} (injected by the scenario)`,
          recommendation: 'Fix the reported resources before upgrading.',
        });
      }
    });
    for (const alarm of this.scenario.alarms) {
      this.alarms.set(alarm.name, { state: alarm.state, reason: `Initial state ${alarm.state}` });
    }
    for (const failure of this.scenario.failures) {
      if (failure.type === 'alarm_in_alarm') {
        this.alarms.set(failure.alarmName, { state: 'ALARM', reason: failure.reason });
      }
      if (
        failure.type === 'unhealthy_at_weight' &&
        failure.alarmName &&
        !this.alarms.has(failure.alarmName)
      ) {
        this.alarms.set(failure.alarmName, { state: 'OK', reason: 'Initial state OK' });
      }
    }
    const routing = this.scenario.request.trafficRouting;
    if (routing) {
      this.weights.set(this.recordKey(routing, routing.blue.setIdentifier), this.scenario.traffic.blueWeight);
      this.weights.set(
        this.recordKey(routing, routing.green.setIdentifier),
        this.scenario.traffic.greenWeight,
      );
    }
  }

  /** The virtual clock: the scenario's start plus `secondsPerPoll` for every poll so far. */
  now(): Date {
    return new Date(this.clockMs);
  }

  /** Moves the virtual clock forward (e.g. to leave the 7-day rollback window in a test). */
  advanceClock(seconds: number): void {
    this.clockMs += seconds * 1000;
  }

  async describeCluster(clusterName: string): Promise<ClusterInfo | undefined> {
    const cluster = this.clusters.get(clusterName);
    if (!cluster) return undefined;
    if (cluster.info.status === 'CREATING' || cluster.info.status === 'DELETING') {
      this.tick();
      cluster.pollsLeft -= 1;
      if (cluster.pollsLeft <= 0) {
        if (cluster.info.status === 'DELETING') {
          this.clusters.delete(clusterName);
          return undefined;
        }
        cluster.info.status = 'ACTIVE';
      }
    }
    return clone(cluster.info);
  }

  async listNodegroups(clusterName: string): Promise<NodegroupInfo[]> {
    const cluster = this.requireCluster('ListNodegroups', clusterName);
    this.progressCreations(cluster);
    if (cluster.nodegroups.some((nodegroup) => nodegroup.status === 'DELETING')) {
      this.tick();
      for (const nodegroup of cluster.nodegroups) {
        if (nodegroup.status === 'DELETING') nodegroup.deletePollsLeft = (nodegroup.deletePollsLeft ?? 1) - 1;
      }
      cluster.nodegroups = cluster.nodegroups.filter(
        (nodegroup) => nodegroup.status !== 'DELETING' || (nodegroup.deletePollsLeft ?? 0) > 0,
      );
    }
    return cluster.nodegroups.map(nodegroupInfo);
  }

  async describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined> {
    const cluster = this.requireCluster('DescribeNodegroup', clusterName);
    this.progressCreations(cluster);
    const nodegroup = cluster.nodegroups.find((candidate) => candidate.name === nodegroupName);
    return nodegroup ? { ...nodegroupInfo(nodegroup), clusterName, ...clone(nodegroup.shape) } : undefined;
  }

  async listFargateProfiles(clusterName: string): Promise<string[]> {
    this.requireCluster('ListFargateProfiles', clusterName);
    return clusterName === this.scenario.cluster.name ? [...this.scenario.cluster.fargateProfiles] : [];
  }

  async listAddons(clusterName: string): Promise<AddonInfo[]> {
    const cluster = this.requireCluster('ListAddons', clusterName);
    this.progressCreations(cluster);
    return cluster.addons.map(addonInfo);
  }

  async describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined> {
    const cluster = this.requireCluster('DescribeAddon', clusterName);
    this.progressCreations(cluster);
    const addon = cluster.addons.find((candidate) => candidate.name === addonName);
    return addon ? { ...addonInfo(addon), clusterName, ...clone(addon.settings) } : undefined;
  }

  async describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    const version = normalizeKubernetesVersion(kubernetesVersion);
    return addonNames.map((addonName) => {
      const entry = this.compatibilityOf(addonName)?.[version];
      return {
        addonName,
        kubernetesVersion: version,
        ...(entry?.defaultVersion ? { defaultVersion: entry.defaultVersion } : {}),
        versions: [...(entry?.versions ?? [])],
      };
    });
  }

  async listInsights(clusterName: string): Promise<UpgradeInsight[]> {
    this.requireCluster('ListInsights', clusterName);
    return clusterName === this.scenario.cluster.name ? clone(this.insights) : [];
  }

  async describeClusterVersions(): Promise<SupportedVersion[]> {
    return this.scenario.cluster.supportedVersions.map((row) => ({
      version: row.version,
      status: row.status,
      isDefault: row.isDefault,
    }));
  }

  async listUpdateIds(clusterName: string, scope: UpdateScope = {}): Promise<string[]> {
    this.requireCluster('ListUpdates', clusterName);
    return [...this.updates.values()]
      .filter((update) => update.clusterName === clusterName && sameScope(update.scope, scope))
      .map((update) => update.info.id);
  }

  async describeUpdate(clusterName: string, updateId: string, scope: UpdateScope = {}): Promise<UpdateInfo> {
    const update = this.updates.get(updateId);
    if (!update || update.clusterName !== clusterName || !sameScope(update.scope, scope)) {
      throw eksError(
        'DescribeUpdate',
        'ResourceNotFoundException',
        `No update found for ID: ${updateId}`,
        404,
      );
    }
    if (update.info.status === 'InProgress') {
      this.tick();
      update.pollsLeft -= 1;
      if (update.pollsLeft <= 0) this.finish(update);
    }
    return clone(update.info);
  }

  async updateClusterVersion(
    clusterName: string,
    version: string,
    options: UpdateClusterVersionOptions = {},
  ): Promise<UpdateInfo> {
    const operation = 'UpdateClusterVersion';
    const cluster = this.requireCluster(operation, clusterName);
    this.requireIdle(operation, cluster, {});
    if (cluster.info.status !== 'ACTIVE') {
      throw eksError(
        operation,
        'InvalidRequestException',
        `Cluster ${clusterName} is ${cluster.info.status}`,
      );
    }
    const from = cluster.info.version;
    const distance = minorVersionDistance(from, version);
    if (options.rollback) {
      const minutes = options.rollbackTimeoutMinutes ?? 720;
      if (minutes < 120 || minutes > 10_080) {
        throw eksError(
          operation,
          'InvalidParameterException',
          `rollbackConfig.timeoutMinutes must be between 120 and 10080 (got ${minutes})`,
        );
      }
      this.checkRollback(cluster, version, distance);
    } else {
      if (distance !== 1) {
        throw eksError(
          operation,
          'InvalidParameterException',
          `Unsupported Kubernetes minor version update from ${from} to ${version}: the control plane moves one minor version at a time`,
        );
      }
      if (!this.scenario.cluster.supportedVersions.some((row) => row.version === version)) {
        throw eksError(
          operation,
          'InvalidParameterException',
          `Kubernetes version ${version} is not supported`,
        );
      }
      const behind = cluster.nodegroups.filter((nodegroup) => nodegroup.version !== from);
      if (behind.length > 0) {
        throw eksError(
          operation,
          'InvalidRequestException',
          `Nodegroups ${behind.map((nodegroup) => nodegroup.name).join(', ')} must be on Kubernetes version ${from} before the cluster is updated`,
        );
      }
    }
    this.calls.push({
      operation,
      clusterName,
      detail: `${from} -> ${version}${options.rollback ? ` (rollback, window ${options.rollbackTimeoutMinutes ?? 720} min)` : ''}`,
    });
    cluster.info.status = 'UPDATING';
    return this.startUpdate({
      clusterName,
      scope: {},
      type: options.rollback ? 'VersionRollback' : 'VersionUpdate',
      params: { Version: version, PlatformVersion: 'eks.1' },
      failure: options.rollback ? undefined : this.failureFor('control_plane', undefined, version),
      apply: () => {
        cluster.info.version = version;
        cluster.info.platformVersion = 'eks.1';
        cluster.lastUpgrade = options.rollback
          ? undefined
          : { fromVersion: from, toVersion: version, completedAtMs: this.clockMs };
      },
      settle: () => {
        cluster.info.status = 'ACTIVE';
      },
    });
  }

  async updateAddon(clusterName: string, addonName: string, version: string): Promise<UpdateInfo> {
    const operation = 'UpdateAddon';
    const cluster = this.requireCluster(operation, clusterName);
    const addon = cluster.addons.find((candidate) => candidate.name === addonName);
    if (!addon) {
      throw eksError(
        operation,
        'ResourceNotFoundException',
        `No addon: ${addonName} found in cluster: ${clusterName}`,
        404,
      );
    }
    this.requireIdle(operation, cluster, { addonName });
    const compatible = addon.compatibility[cluster.info.version]?.versions ?? [];
    if (!compatible.includes(version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Addon version ${version} is not compatible with Kubernetes ${cluster.info.version} (compatible: ${compatible.join(', ') || 'none'})`,
      );
    }
    if (addonName === VPC_CNI_ADDON && Math.abs(addonMinorDistance(addon.version, version)) > 1) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `VPC CNI moves one minor version at a time (${addon.version} to ${version})`,
      );
    }
    this.calls.push({ operation, clusterName, detail: `${addonName} ${addon.version} -> ${version}` });
    addon.status = 'UPDATING';
    return this.startUpdate({
      clusterName,
      scope: { addonName },
      type: 'AddonUpdate',
      params: { AddonVersion: version },
      failure: this.failureFor('addon', addonName, version),
      apply: () => {
        addon.version = version;
      },
      settle: () => {
        addon.status = 'ACTIVE';
      },
    });
  }

  async updateNodegroupVersion(
    clusterName: string,
    nodegroupName: string,
    version: string,
  ): Promise<UpdateInfo> {
    const operation = 'UpdateNodegroupVersion';
    const cluster = this.requireCluster(operation, clusterName);
    const nodegroup = this.requireNodegroup(operation, cluster, nodegroupName);
    this.requireIdle(operation, cluster, { nodegroupName });
    if (nodegroup.customAmi) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Node group ${nodegroupName} uses a custom AMI; update its launch template instead of passing a version`,
      );
    }
    if (compareKubernetesVersions(version, cluster.info.version) > 0) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Requested Kubernetes version ${version} is newer than the control plane ${cluster.info.version}`,
      );
    }
    if (compareKubernetesVersions(version, nodegroup.version) < 0) {
      throw eksError(operation, 'InvalidParameterException', `Cannot downgrade node group ${nodegroupName}`);
    }
    this.calls.push({
      operation,
      clusterName,
      detail: `${nodegroupName} ${nodegroup.version} -> ${version}`,
    });
    nodegroup.status = 'UPDATING';
    return this.startUpdate({
      clusterName,
      scope: { nodegroupName },
      type: 'VersionUpdate',
      params: { Version: version, ReleaseVersion: `${version}.0-20260101` },
      failure: this.failureFor('nodegroup', nodegroupName, version),
      apply: () => {
        nodegroup.version = version;
        nodegroup.releaseVersion = `${version}.0-20260101`;
      },
      settle: () => {
        nodegroup.status = 'ACTIVE';
      },
    });
  }

  async createCluster(spec: CreateClusterSpec): Promise<ClusterInfo> {
    const operation = 'CreateCluster';
    if (this.clusters.has(spec.name)) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster already exists with name: ${spec.name}`,
        409,
      );
    }
    if (!this.scenario.cluster.supportedVersions.some((row) => row.version === spec.version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Kubernetes version ${spec.version} is not supported`,
      );
    }
    this.calls.push({ operation, clusterName: spec.name, detail: spec.version });
    const info: ClusterInfo = {
      name: spec.name,
      arn: this.clusterArn(spec.name),
      version: spec.version,
      platformVersion: 'eks.1',
      status: 'CREATING',
      endpoint: `https://${spec.name}.sim.eks.${this.scenario.cluster.region}.amazonaws.com`,
      roleArn: spec.roleArn,
      subnetIds: [...spec.subnetIds],
      securityGroupIds: [...spec.securityGroupIds],
      supportType: 'STANDARD',
      healthIssues: [],
      createdAt: this.now().toISOString(),
      ...(spec.tags ? { tags: { ...spec.tags } } : {}),
    };
    this.clusters.set(spec.name, {
      info,
      nodegroups: [],
      addons: [],
      pollsLeft: this.scenario.timing.createPolls,
    });
    return clone(info);
  }

  async createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo> {
    const operation = 'CreateNodegroup';
    const cluster = this.requireCluster(operation, spec.clusterName);
    this.requireActive(operation, cluster);
    if (cluster.nodegroups.some((nodegroup) => nodegroup.name === spec.nodegroupName)) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `NodeGroup already exists with name ${spec.nodegroupName} and cluster name ${spec.clusterName}`,
        409,
      );
    }
    const invalid = (message: string) => eksError(operation, 'InvalidParameterException', message);
    if (!spec.nodeRole) throw invalid('nodeRole is required');
    if (spec.subnets.length === 0) throw invalid('At least one subnet is required');
    if (spec.amiType === 'CUSTOM') {
      throw invalid(
        'A custom AMI comes from the launch template; version and releaseVersion cannot be given',
      );
    }
    if (spec.launchTemplate && spec.diskSize !== undefined) {
      throw invalid('Disk size must be specified within the launch template.');
    }
    if (spec.launchTemplate && spec.remoteAccess) {
      throw invalid('Remote access configuration cannot be specified with a launch template.');
    }
    const { minSize = 1, maxSize = 2, desiredSize = minSize } = spec.scalingConfig ?? {};
    if (!(minSize <= desiredSize && desiredSize <= maxSize)) {
      throw invalid(
        `Scaling config must satisfy minSize <= desiredSize <= maxSize (${minSize}, ${desiredSize}, ${maxSize})`,
      );
    }
    if (compareKubernetesVersions(spec.version, cluster.info.version) > 0) {
      throw invalid(
        `Requested Kubernetes version ${spec.version} is newer than the control plane ${cluster.info.version}`,
      );
    }
    this.calls.push({
      operation,
      clusterName: spec.clusterName,
      detail: `${spec.nodegroupName} ${spec.version}`,
    });
    const nodegroup: SimNodegroup = {
      name: spec.nodegroupName,
      version: spec.version,
      releaseVersion: `${spec.version}.0-20260101`,
      status: 'CREATING',
      ...(spec.capacityType ? { capacityType: spec.capacityType } : {}),
      desiredSize,
      ...(spec.amiType ? { amiType: spec.amiType } : {}),
      customAmi: false,
      healthIssues: [],
      createPollsLeft: this.scenario.timing.createPolls,
      shape: {
        nodeRole: spec.nodeRole,
        subnets: [...spec.subnets],
        scalingConfig: { minSize, maxSize, desiredSize },
        ...(spec.instanceTypes ? { instanceTypes: [...spec.instanceTypes] } : {}),
        ...(spec.diskSize !== undefined ? { diskSize: spec.diskSize } : {}),
        ...(spec.labels ? { labels: { ...spec.labels } } : {}),
        ...(spec.taints ? { taints: clone(spec.taints) } : {}),
        ...(spec.launchTemplate ? { launchTemplate: { ...spec.launchTemplate } } : {}),
        ...(spec.remoteAccess ? { remoteAccess: clone(spec.remoteAccess) } : {}),
        ...(spec.updateConfig ? { updateConfig: { ...spec.updateConfig } } : {}),
        ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      },
    };
    cluster.nodegroups.push(nodegroup);
    return nodegroupInfo(nodegroup);
  }

  async createAddon(spec: CreateAddonSpec): Promise<AddonInfo> {
    const operation = 'CreateAddon';
    const cluster = this.requireCluster(operation, spec.clusterName);
    this.requireActive(operation, cluster);
    if (cluster.addons.some((addon) => addon.name === spec.addonName)) {
      throw eksError(operation, 'ResourceInUseException', `Addon already exists: ${spec.addonName}`, 409);
    }
    const compatibility = this.compatibilityOf(spec.addonName) ?? {};
    const compatible = compatibility[cluster.info.version]?.versions ?? [];
    if (!compatible.includes(spec.version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Addon version ${spec.version} is not compatible with Kubernetes ${cluster.info.version} (compatible: ${compatible.join(', ') || 'none'})`,
      );
    }
    this.calls.push({
      operation,
      clusterName: spec.clusterName,
      detail: `${spec.addonName} ${spec.version}`,
    });
    const addon: SimAddon = {
      name: spec.addonName,
      version: spec.version,
      status: 'CREATING',
      healthIssues: [],
      compatibility: clone(compatibility),
      createPollsLeft: this.scenario.timing.createPolls,
      settings: {
        ...(spec.serviceAccountRoleArn ? { serviceAccountRoleArn: spec.serviceAccountRoleArn } : {}),
        ...(spec.configurationValues ? { configurationValues: spec.configurationValues } : {}),
        ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      },
    };
    cluster.addons.push(addon);
    return addonInfo(addon);
  }

  async deleteNodegroup(clusterName: string, nodegroupName: string): Promise<void> {
    const operation = 'DeleteNodegroup';
    const cluster = this.requireCluster(operation, clusterName);
    const nodegroup = this.requireNodegroup(operation, cluster, nodegroupName);
    if (nodegroup.status === 'DELETING' || nodegroup.status === 'CREATING') {
      throw eksError(
        operation,
        'ResourceInUseException',
        nodegroup.status === 'DELETING'
          ? `Nodegroup ${nodegroupName} is already being deleted`
          : `Nodegroup ${nodegroupName} is in CREATING state and cannot be deleted until it is created`,
        409,
      );
    }
    this.calls.push({ operation, clusterName, detail: nodegroupName });
    nodegroup.status = 'DELETING';
    nodegroup.deletePollsLeft = this.scenario.timing.deletePolls;
  }

  async deleteCluster(clusterName: string): Promise<void> {
    const operation = 'DeleteCluster';
    const cluster = this.requireCluster(operation, clusterName);
    if (cluster.info.status === 'DELETING') {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster ${clusterName} is already being deleted`,
        409,
      );
    }
    if (cluster.nodegroups.length > 0) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Cluster has nodegroups attached: ${cluster.nodegroups.map((nodegroup) => nodegroup.name).join(', ')}`,
        409,
      );
    }
    this.calls.push({ operation, clusterName });
    cluster.info.status = 'DELETING';
    cluster.pollsLeft = this.scenario.timing.deletePolls;
  }

  async getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    return {
      blue: this.weights.get(this.recordKey(routing, routing.blue.setIdentifier)),
      green: this.weights.get(this.recordKey(routing, routing.green.setIdentifier)),
    };
  }

  async setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
  ): Promise<string> {
    this.calls.push({
      operation: 'ChangeResourceRecordSets',
      detail: `${routing.recordName} blue=${weights.blue} green=${weights.green}`,
    });
    this.weights.set(this.recordKey(routing, routing.blue.setIdentifier), weights.blue);
    this.weights.set(this.recordKey(routing, routing.green.setIdentifier), weights.green);
    for (const failure of this.scenario.failures) {
      if (failure.type !== 'unhealthy_at_weight' || weights.green < failure.weight) continue;
      if (failure.alarmName) {
        this.alarms.set(failure.alarmName, {
          state: 'ALARM',
          reason: `Threshold Crossed: errors rose with ${weights.green}% of traffic on green (simulated)`,
        });
      } else {
        const green = this.scenario.request.greenClusterName;
        const cluster = green ? this.clusters.get(green) : undefined;
        const issue: HealthIssue = {
          code: 'SimulatedFailure',
          message: `Unhealthy with ${weights.green}% of traffic (simulated)`,
          resourceIds: [],
        };
        if (cluster && !cluster.info.healthIssues.some((existing) => existing.code === issue.code)) {
          cluster.info.healthIssues.push(issue);
        }
      }
    }
    this.changeCounter += 1;
    const changeId = `/change/C${String(this.changeCounter).padStart(12, '0')}`;
    this.changes.set(changeId, this.scenario.timing.changePolls);
    return changeId;
  }

  async getTrafficChangeStatus(changeId: string): Promise<TrafficChangeStatus> {
    const id = changeId.startsWith('/change/') ? changeId : `/change/${changeId}`;
    const pollsLeft = this.changes.get(id);
    if (pollsLeft === undefined) {
      throw new AWSServiceError(
        `Route53 GetChange failed: NoSuchChange: A change with the specified change ID does not exist.`,
        {
          service: 'Route53',
          operation: 'GetChange',
          code: 'NoSuchChange',
          httpStatusCode: 404,
          retryable: false,
        },
      );
    }
    if (pollsLeft <= 0) return 'INSYNC';
    this.tick();
    this.changes.set(id, pollsLeft - 1);
    return pollsLeft - 1 <= 0 ? 'INSYNC' : 'PENDING';
  }

  async describeAlarms(alarmNames: readonly string[]): Promise<AlarmInfo[]> {
    return alarmNames.map((name) => {
      const alarm = this.alarms.get(name);
      return alarm ? { name, found: true, state: alarm.state, reason: alarm.reason } : { name, found: false };
    });
  }

  private tick(): void {
    this.clockMs += this.scenario.timing.secondsPerPoll * 1000;
  }

  private clusterArn(name: string): string {
    return `arn:aws:eks:${this.scenario.cluster.region}:123456789012:cluster/${name}`;
  }

  private recordKey(routing: TrafficRouting, setIdentifier: string): string {
    return `${routing.hostedZoneId.replace('/hostedzone/', '')}|${routing.recordName.replace(/\.$/, '')}|${setIdentifier}`;
  }

  private compatibilityOf(addonName: string): SimAddon['compatibility'] | undefined {
    return this.scenario.cluster.addons.find((addon) => addon.name === addonName)?.compatibility;
  }

  private requireCluster(operation: string, clusterName: string): SimCluster {
    const cluster = this.clusters.get(clusterName);
    if (!cluster) {
      throw eksError(
        operation,
        'ResourceNotFoundException',
        `No cluster found for name: ${clusterName}.`,
        404,
      );
    }
    return cluster;
  }

  private requireNodegroup(
    operation: string,
    cluster: SimCluster,
    nodegroupName: string,
  ): SimCluster['nodegroups'][number] {
    const nodegroup = cluster.nodegroups.find((candidate) => candidate.name === nodegroupName);
    if (!nodegroup) {
      throw eksError(
        operation,
        'ResourceNotFoundException',
        `No node group found for name: ${nodegroupName}`,
        404,
      );
    }
    return nodegroup;
  }

  private requireActive(operation: string, cluster: SimCluster): void {
    if (cluster.info.status !== 'ACTIVE') {
      throw eksError(
        operation,
        'InvalidRequestException',
        `Cluster ${cluster.info.name} is ${cluster.info.status}; it must be ACTIVE`,
      );
    }
  }

  /**
   * Node groups and add-ons being created become ACTIVE after `timing.createPolls` reads (each
   * read of a cluster with something CREATING is one poll). CoreDNS needs nodes: created on a
   * cluster without an ACTIVE node group, it ends DEGRADED, as on EKS.
   */
  private progressCreations(cluster: SimCluster): void {
    const creating = [...cluster.nodegroups, ...cluster.addons].filter((item) => item.status === 'CREATING');
    if (creating.length === 0) return;
    this.tick();
    for (const nodegroup of cluster.nodegroups) {
      if (nodegroup.status !== 'CREATING') continue;
      nodegroup.createPollsLeft = (nodegroup.createPollsLeft ?? 1) - 1;
      if (nodegroup.createPollsLeft <= 0) nodegroup.status = 'ACTIVE';
    }
    for (const addon of cluster.addons) {
      if (addon.status !== 'CREATING') continue;
      addon.createPollsLeft = (addon.createPollsLeft ?? 1) - 1;
      if (addon.createPollsLeft > 0) continue;
      const hasNodes = cluster.nodegroups.some((nodegroup) => nodegroup.status === 'ACTIVE');
      if (addon.name === 'coredns' && !hasNodes) {
        addon.status = 'DEGRADED';
        addon.healthIssues = [
          {
            code: 'InsufficientNumberOfReplicas',
            message: "The add-on is unhealthy because it doesn't have the desired number of replicas.",
            resourceIds: [],
          },
        ];
      } else {
        addon.status = 'ACTIVE';
      }
    }
  }

  private requireIdle(operation: string, cluster: SimCluster, scope: UpdateScope): void {
    const running = [...this.updates.values()].find(
      (update) =>
        update.clusterName === cluster.info.name &&
        update.info.status === 'InProgress' &&
        sameScope(update.scope, scope),
    );
    if (running) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Update ${running.info.id} is already in progress for ${scope.nodegroupName ?? scope.addonName ?? cluster.info.name}`,
        409,
      );
    }
  }

  private checkRollback(cluster: SimCluster, version: string, distance: number): void {
    const operation = 'UpdateClusterVersion';
    if (distance !== -1) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Rollback is only possible to the previous minor version of ${cluster.info.version}`,
      );
    }
    const last = cluster.lastUpgrade;
    if (!last || last.toVersion !== cluster.info.version || last.fromVersion !== version) {
      throw eksError(
        operation,
        'InvalidRequestException',
        `Cluster ${cluster.info.name} was not upgraded in place from ${version}; rollback is not available`,
      );
    }
    if (this.clockMs - last.completedAtMs > ROLLBACK_WINDOW_MS) {
      throw eksError(
        operation,
        'InvalidRequestException',
        'Rollback is only available within 7 days of the upgrade',
      );
    }
    const ahead = cluster.nodegroups.filter(
      (nodegroup) => compareKubernetesVersions(nodegroup.version, version) > 0,
    );
    if (ahead.length > 0) {
      throw eksError(
        operation,
        'InvalidRequestException',
        `Nodegroups ${ahead.map((nodegroup) => nodegroup.name).join(', ')} run a kubelet newer than ${version}`,
      );
    }
    const refusal = this.scenario.failures.find((failure) => failure.type === 'rollback_fails');
    if (refusal) throw eksError(operation, 'InvalidRequestException', refusal.message);
  }

  private failureFor(
    resource: 'control_plane' | 'addon' | 'nodegroup',
    name: string | undefined,
    version: string,
  ): { code: string; message: string } | undefined {
    const failure = this.scenario.failures.find(
      (candidate) =>
        candidate.type === 'update_fails' &&
        candidate.resource === resource &&
        (candidate.name === undefined || candidate.name === name) &&
        (candidate.toVersion === undefined || candidate.toVersion === version),
    );
    return failure?.type === 'update_fails'
      ? { code: failure.errorCode, message: failure.message }
      : undefined;
  }

  private startUpdate(options: {
    clusterName: string;
    scope: UpdateScope;
    type: string;
    params: Record<string, string>;
    failure: { code: string; message: string } | undefined;
    apply: () => void;
    settle: () => void;
  }): UpdateInfo {
    this.updateCounter += 1;
    const id = `00000000-0000-4000-8000-${String(this.updateCounter).padStart(12, '0')}`;
    const update: SimUpdate = {
      info: {
        id,
        type: options.type,
        status: 'InProgress',
        params: options.params,
        errors: [],
        createdAt: this.now().toISOString(),
      },
      clusterName: options.clusterName,
      scope: options.scope,
      pollsLeft: this.scenario.timing.updatePolls,
      apply: () => {
        options.apply();
        options.settle();
      },
      ...(options.failure ? { failure: options.failure } : {}),
    };
    if (options.failure) {
      const settle = options.settle;
      update.apply = settle;
    }
    this.updates.set(id, update);
    return clone(update.info);
  }

  private finish(update: SimUpdate): void {
    update.apply();
    if (update.failure) {
      update.info.status = 'Failed';
      update.info.errors = [{ code: update.failure.code, message: update.failure.message }];
    } else {
      update.info.status = 'Successful';
    }
  }
}

function nodegroupInfo(nodegroup: SimNodegroup): NodegroupInfo {
  const { deletePollsLeft: _deleting, createPollsLeft: _creating, shape: _shape, ...info } = nodegroup;
  return clone(info);
}

function addonInfo(addon: SimAddon): AddonInfo {
  const { compatibility: _compatibility, createPollsLeft: _creating, settings: _settings, ...info } = addon;
  return clone(info);
}

function sameScope(left: UpdateScope, right: UpdateScope): boolean {
  return left.nodegroupName === right.nodegroupName && left.addonName === right.addonName;
}

function previousMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${(minor ?? 1) - 1}`;
}
