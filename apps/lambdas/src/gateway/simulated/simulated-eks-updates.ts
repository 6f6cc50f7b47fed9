import { addonMinorDistance, VPC_CNI_ADDON } from '../../versions/addon-versions.js';
import type {
  ClusterGateway,
  NodegroupUpdateConfig,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateNodegroupVersionOptions,
  UpdateScope,
} from '../cluster-gateway.js';
import type { InjectedUpdateError } from './failure-injection.js';
import {
  clone,
  eksError,
  requireCluster,
  requireNodegroup,
  type SimCluster,
  type SimUpdate,
  type SimulatedWorld,
  sameScope,
} from './simulated-eks-state.js';
import {
  checkClusterRollback,
  checkClusterUpgrade,
  checkNodegroupConfig,
  checkNodegroupVersion,
  ROLLBACK_TIMEOUT_MINUTES,
} from './simulated-eks-version-rules.js';
import { PollCountdown } from './virtual-clock.js';

/** The EKS updates of the simulated gateway. */
export type SimulatedEksUpdateOperations = Pick<
  ClusterGateway,
  | 'listUpdateIds'
  | 'describeUpdate'
  | 'updateClusterVersion'
  | 'updateAddon'
  | 'updateNodegroupVersion'
  | 'updateNodegroupConfig'
>;

interface UpdateStart {
  clusterName: string;
  scope: UpdateScope;
  type: string;
  params: Record<string, string>;
  failure: InjectedUpdateError | undefined;
  /** The resource's new version, applied only when the update succeeds. */
  apply: () => void;
  /** The resource back to ACTIVE, whichever way the update ends. */
  settle: () => void;
}

/**
 * EKS's asynchronous updates: UpdateClusterVersion (and its native rollback), UpdateAddon,
 * UpdateNodegroupVersion, and DescribeUpdate / ListUpdates to follow them. An update stays
 * `InProgress` for `timing.updatePolls` DescribeUpdate calls of it (the explicit poll; each one
 * advances the clock a `secondsPerPoll`), then ends `Successful`, or `Failed` with the error a
 * scenario failure injects. Nothing else moves an update on.
 *
 * @example
 * ```ts
 * const updates = new SimulatedEksUpdates(world);
 * const update = await updates.updateClusterVersion('demo', '1.30');
 * await updates.describeUpdate('demo', update.id); // InProgress
 * ```
 */
export class SimulatedEksUpdates implements SimulatedEksUpdateOperations {
  private readonly world: SimulatedWorld;
  private counter = 0;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async listUpdateIds(clusterName: string, scope: UpdateScope = {}): Promise<string[]> {
    requireCluster(this.world, 'ListUpdates', clusterName);
    return [...this.world.updates.values()]
      .filter((update) => update.clusterName === clusterName && sameScope(update.scope, scope))
      .map((update) => update.info.id);
  }

  async describeUpdate(clusterName: string, updateId: string, scope: UpdateScope = {}): Promise<UpdateInfo> {
    const update = this.world.updates.get(updateId);
    if (!update || update.clusterName !== clusterName || !sameScope(update.scope, scope)) {
      throw eksError(
        'DescribeUpdate',
        'ResourceNotFoundException',
        `No update found for ID: ${updateId}`,
        404,
      );
    }
    if (update.info.status === 'InProgress') {
      this.world.clock.poll();
      if (update.transition.poll()) finish(update);
    }
    return clone(update.info);
  }

  async updateClusterVersion(
    clusterName: string,
    version: string,
    options: UpdateClusterVersionOptions = {},
  ): Promise<UpdateInfo> {
    const operation = 'UpdateClusterVersion';
    const cluster = requireCluster(this.world, operation, clusterName);
    this.requireIdle(operation, cluster, {});
    // A cluster that is not ACTIVE (still CREATING, UPDATING, DELETING) takes no version update:
    // InvalidRequestException, "the request is invalid given the state of the cluster"
    // (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html, Errors).
    if (cluster.info.status !== 'ACTIVE') {
      throw eksError(
        operation,
        'InvalidRequestException',
        `Cluster ${clusterName} is ${cluster.info.status}`,
      );
    }
    const from = cluster.info.version;
    if (options.rollback) checkClusterRollback(this.world, cluster, version, options.rollbackTimeoutMinutes);
    else checkClusterUpgrade(this.world, cluster, version);
    const timeout = options.rollbackTimeoutMinutes ?? ROLLBACK_TIMEOUT_MINUTES.default;
    this.world.calls.push({
      operation,
      clusterName,
      detail: `${from} -> ${version}${options.rollback ? ` (rollback, cancelled after ${timeout} min)` : ''}`,
    });
    cluster.info.status = 'UPDATING';
    return this.start({
      clusterName,
      scope: {},
      type: options.rollback ? 'VersionRollback' : 'VersionUpdate',
      params: { Version: version, PlatformVersion: 'eks.1' },
      failure: options.rollback
        ? undefined
        : this.world.failures.updateFailure('control_plane', undefined, version),
      apply: () => {
        cluster.info.version = version;
        cluster.info.platformVersion = 'eks.1';
        cluster.lastUpgrade = options.rollback
          ? undefined
          : { fromVersion: from, toVersion: version, completedAtMs: this.world.clock.nowMs() };
        // Running pods keep their kubelet: Fargate pods stay on `from` until they are restarted.
        if (!options.rollback && cluster.fargateProfiles.length > 0) cluster.fargatePodsVersion ??= from;
      },
      settle: () => {
        cluster.info.status = 'ACTIVE';
      },
    });
  }

  async updateAddon(clusterName: string, addonName: string, version: string): Promise<UpdateInfo> {
    const operation = 'UpdateAddon';
    const cluster = requireCluster(this.world, operation, clusterName);
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
    // Only versions DescribeAddonVersions lists for the cluster's Kubernetes version install
    // (https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html).
    const compatible = addon.compatibility[cluster.info.version]?.versions ?? [];
    if (!compatible.includes(version)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Addon version ${version} is not compatible with Kubernetes ${cluster.info.version} (compatible: ${compatible.join(', ') || 'none'})`,
      );
    }
    // VPC CNI is updated one minor version at a time; stricter than EKS, which only recommends it
    // (https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html).
    if (addonName === VPC_CNI_ADDON && Math.abs(addonMinorDistance(addon.version, version)) > 1) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `VPC CNI moves one minor version at a time (${addon.version} to ${version})`,
      );
    }
    this.world.calls.push({ operation, clusterName, detail: `${addonName} ${addon.version} -> ${version}` });
    addon.status = 'UPDATING';
    return this.start({
      clusterName,
      scope: { addonName },
      type: 'AddonUpdate',
      params: { AddonVersion: version },
      failure: this.world.failures.updateFailure('addon', addonName, version),
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
    options: UpdateNodegroupVersionOptions = {},
  ): Promise<UpdateInfo> {
    const operation = 'UpdateNodegroupVersion';
    const cluster = requireCluster(this.world, operation, clusterName);
    const nodegroup = requireNodegroup(operation, cluster, nodegroupName);
    this.requireIdle(operation, cluster, { nodegroupName });
    checkNodegroupVersion(cluster, nodegroup, version, options);
    const template = options.launchTemplate;
    const releaseVersion = template ? undefined : (options.releaseVersion ?? `${version}.0-20260101`);
    this.world.calls.push({
      operation,
      clusterName,
      detail: `${nodegroupName} ${nodegroup.version} -> ${version}${template ? ` (launch template version ${template.version})` : ''}${options.force ? ' (force)' : ''}`,
    });
    nodegroup.status = 'UPDATING';
    const failure = this.world.failures.updateFailure('nodegroup', nodegroupName, version);
    return this.start({
      clusterName,
      scope: { nodegroupName },
      type: 'VersionUpdate',
      // A launch template update reports the template's version, not a Kubernetes one.
      params: template
        ? { LaunchTemplateVersion: template.version, ...(options.force ? { Force: 'true' } : {}) }
        : { Version: version, ReleaseVersion: releaseVersion!, ...(options.force ? { Force: 'true' } : {}) },
      // A forced update evicts pods whatever their PodDisruptionBudget says, so an eviction
      // failure does not happen (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
      failure: options.force && failure?.code === 'PodEvictionFailure' ? undefined : failure,
      apply: () => {
        nodegroup.version = version;
        if (template) {
          nodegroup.shape.launchTemplate = { ...nodegroup.shape.launchTemplate, version: template.version };
        } else nodegroup.releaseVersion = releaseVersion;
      },
      settle: () => {
        nodegroup.status = 'ACTIVE';
      },
    });
  }

  async updateNodegroupConfig(
    clusterName: string,
    nodegroupName: string,
    updateConfig: NodegroupUpdateConfig,
  ): Promise<UpdateInfo> {
    const operation = 'UpdateNodegroupConfig';
    const cluster = requireCluster(this.world, operation, clusterName);
    const nodegroup = requireNodegroup(operation, cluster, nodegroupName);
    this.requireIdle(operation, cluster, { nodegroupName });
    checkNodegroupConfig(nodegroup, updateConfig);
    const { updateStrategy, maxUnavailable, maxUnavailablePercentage } = updateConfig;
    const bound: Record<string, string> =
      maxUnavailable !== undefined
        ? { MaxUnavailable: String(maxUnavailable) }
        : { MaxUnavailablePercentage: String(maxUnavailablePercentage) };
    this.world.calls.push({
      operation,
      clusterName,
      detail: `${nodegroupName} updateStrategy ${nodegroup.updateStrategy ?? 'DEFAULT'} -> ${updateStrategy}`,
    });
    nodegroup.status = 'UPDATING';
    return this.start({
      clusterName,
      scope: { nodegroupName },
      // DescribeUpdate reports a node group configuration change as a ConfigUpdate with the
      // fields it changed (https://docs.aws.amazon.com/eks/latest/APIReference/API_Update.html).
      type: 'ConfigUpdate',
      params: { UpdateStrategy: updateStrategy, ...bound },
      failure: undefined,
      apply: () => {
        nodegroup.updateStrategy = updateStrategy;
        nodegroup.shape.updateConfig =
          maxUnavailable !== undefined
            ? { maxUnavailable }
            : { maxUnavailablePercentage: maxUnavailablePercentage! };
      },
      settle: () => {
        nodegroup.status = 'ACTIVE';
      },
    });
  }

  /**
   * One update at a time per resource: another update of the cluster, node group or add-on
   * while one runs is refused with ResourceInUseException
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html, Errors).
   */
  private requireIdle(operation: string, cluster: SimCluster, scope: UpdateScope): void {
    const running = [...this.world.updates.values()].find(
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

  private start(options: UpdateStart): UpdateInfo {
    this.counter += 1;
    const id = `00000000-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
    const update: SimUpdate = {
      info: {
        id,
        type: options.type,
        status: 'InProgress',
        params: options.params,
        errors: [],
        createdAt: this.world.clock.now().toISOString(),
      },
      clusterName: options.clusterName,
      scope: options.scope,
      transition: new PollCountdown(this.world.scenario.timing.updatePolls),
      apply: options.failure
        ? options.settle
        : () => {
            options.apply();
            options.settle();
          },
      ...(options.failure ? { failure: options.failure } : {}),
    };
    this.world.updates.set(id, update);
    return clone(update.info);
  }
}

function finish(update: SimUpdate): void {
  update.apply();
  if (update.failure) {
    update.info.status = 'Failed';
    update.info.errors = [{ code: update.failure.code, message: update.failure.message }];
  } else {
    update.info.status = 'Successful';
  }
}
