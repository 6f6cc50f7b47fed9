import { compareKubernetesVersions, minorVersionDistance } from '@eks-upgrade/core-models';
import { addonMinorDistance, VPC_CNI_ADDON } from '../../versions/addon-versions.js';
import type {
  ClusterGateway,
  UpdateClusterVersionOptions,
  UpdateInfo,
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
import { PollCountdown } from './virtual-clock.js';

/** The EKS updates of the simulated gateway. */
export type SimulatedEksUpdateOperations = Pick<
  ClusterGateway,
  'listUpdateIds' | 'describeUpdate' | 'updateClusterVersion' | 'updateAddon' | 'updateNodegroupVersion'
>;

/** Native rollback is offered for 7 days after an in-place version upgrade. */
const ROLLBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** `rollbackConfig.timeoutMinutes` bounds and default (UpdateClusterVersion API reference). */
const ROLLBACK_TIMEOUT_MINUTES = { min: 120, max: 10_080, default: 720 } as const;

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
    const distance = minorVersionDistance(from, version);
    if (options.rollback) this.checkRollback(cluster, version, distance, options.rollbackTimeoutMinutes);
    else this.checkUpgrade(cluster, version, distance);
    const timeout = options.rollbackTimeoutMinutes ?? ROLLBACK_TIMEOUT_MINUTES.default;
    this.world.calls.push({
      operation,
      clusterName,
      detail: `${from} -> ${version}${options.rollback ? ` (rollback, window ${timeout} min)` : ''}`,
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
  ): Promise<UpdateInfo> {
    const operation = 'UpdateNodegroupVersion';
    const cluster = requireCluster(this.world, operation, clusterName);
    const nodegroup = requireNodegroup(operation, cluster, nodegroupName);
    this.requireIdle(operation, cluster, { nodegroupName });
    // A launch template with a custom AMI takes a new template version, not a Kubernetes version
    // (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html).
    if (nodegroup.customAmi) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Node group ${nodegroupName} uses a custom AMI; update its launch template instead of passing a version`,
      );
    }
    // Nodes never run a newer Kubernetes version than the control plane
    // (https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html).
    if (compareKubernetesVersions(version, cluster.info.version) > 0) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Requested Kubernetes version ${version} is newer than the control plane ${cluster.info.version}`,
      );
    }
    // UpdateNodegroupVersion only moves a node group forward (to the control plane's version or
    // a newer AMI release); there is no documented downgrade, so the simulator refuses one
    // (https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html).
    if (compareKubernetesVersions(version, nodegroup.version) < 0) {
      throw eksError(operation, 'InvalidParameterException', `Cannot downgrade node group ${nodegroupName}`);
    }
    this.world.calls.push({
      operation,
      clusterName,
      detail: `${nodegroupName} ${nodegroup.version} -> ${version}`,
    });
    nodegroup.status = 'UPDATING';
    return this.start({
      clusterName,
      scope: { nodegroupName },
      type: 'VersionUpdate',
      params: { Version: version, ReleaseVersion: `${version}.0-20260101` },
      failure: this.world.failures.updateFailure('nodegroup', nodegroupName, version),
      apply: () => {
        nodegroup.version = version;
        nodegroup.releaseVersion = `${version}.0-20260101`;
      },
      settle: () => {
        nodegroup.status = 'ACTIVE';
      },
    });
  }

  /**
   * The control plane moves one minor version per update, to a version EKS supports, and only
   * once every managed node group runs its current version
   * (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
   */
  private checkUpgrade(cluster: SimCluster, version: string, distance: number): void {
    const operation = 'UpdateClusterVersion';
    const from = cluster.info.version;
    if (distance !== 1) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Unsupported Kubernetes minor version update from ${from} to ${version}: the control plane moves one minor version at a time`,
      );
    }
    if (!this.world.scenario.cluster.supportedVersions.some((row) => row.version === version)) {
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

  /**
   * Native rollback (UpdateClusterVersion with `rollbackConfig`): only to the previous minor
   * version, of a cluster upgraded in place from it less than 7 days ago, with no node group on
   * a newer kubelet than that version; `rollbackConfig.timeoutMinutes` is 120-10080
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html). A
   * scenario's `rollback_fails` makes EKS refuse it (a failing rollback-readiness check).
   */
  private checkRollback(
    cluster: SimCluster,
    version: string,
    distance: number,
    timeoutMinutes?: number,
  ): void {
    const operation = 'UpdateClusterVersion';
    const minutes = timeoutMinutes ?? ROLLBACK_TIMEOUT_MINUTES.default;
    if (minutes < ROLLBACK_TIMEOUT_MINUTES.min || minutes > ROLLBACK_TIMEOUT_MINUTES.max) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `rollbackConfig.timeoutMinutes must be between 120 and 10080 (got ${minutes})`,
      );
    }
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
    if (this.world.clock.nowMs() - last.completedAtMs > ROLLBACK_WINDOW_MS) {
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
    const refusal = this.world.failures.rollbackRefusal();
    if (refusal) throw eksError(operation, 'InvalidRequestException', refusal);
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
