import {
  normalizeKubernetesVersion,
  type SupportedVersion,
  type UpgradeInsight,
} from '@eks-upgrade/core-models';
import type {
  AddonDetails,
  AddonInfo,
  AddonVersionsInfo,
  ClusterGateway,
  ClusterInfo,
  InsightCategory,
  InsightsRefreshInfo,
  NodegroupDetails,
  NodegroupInfo,
} from '../cluster-gateway.js';
import {
  addonInfo,
  clone,
  compatibilityOf,
  eksError,
  nodegroupInfo,
  requireCluster,
  type SimAddon,
  type SimCluster,
  type SimNodegroup,
  type SimulatedWorld,
} from './simulated-eks-state.js';

/** The EKS reads of the simulated gateway. */
export type SimulatedEksReadOperations = Pick<
  ClusterGateway,
  | 'describeCluster'
  | 'listNodegroups'
  | 'listNodegroupNames'
  | 'describeNodegroup'
  | 'listAddons'
  | 'describeAddon'
  | 'describeAddonVersions'
  | 'listInsights'
  | 'startInsightsRefresh'
  | 'describeInsightsRefresh'
  | 'describeClusterVersions'
>;

const TRANSITIONING_NODEGROUP = new Set(['CREATING', 'DELETING']);

/**
 * The EKS reads, and the polls among them. Clusters, node groups and add-ons being created or
 * deleted are polled the way EKS's waiters poll them (`aws eks wait cluster-active`,
 * `nodegroup-active`, `addon-active` and the `-deleted` ones call DescribeCluster,
 * DescribeNodegroup and DescribeAddon until the status changes:
 * https://docs.aws.amazon.com/cli/latest/reference/eks/wait/index.html): a DescribeCluster of a
 * cluster in transition polls that cluster; a DescribeNodegroup or DescribeAddon polls that one
 * node group or add-on. ListNodegroups and ListAddons report each item's status and poll
 * nothing, so how often a phase lists changes no outcome. A read never polls anything else: a
 * DescribeNodegroup of one group does not move another on, and reads of resources not in
 * transition (or of insights, versions, Fargate profiles) change nothing. Each read that polls
 * something advances the clock one `secondsPerPoll`.
 *
 * @example
 * ```ts
 * const eks = new SimulatedEks(world);
 * await eks.describeCluster('demo-1-31'); // CREATING, one poll of its creation
 * ```
 */
export class SimulatedEks implements SimulatedEksReadOperations {
  private readonly world: SimulatedWorld;
  /** Insights refreshes started, by cluster: each ends at the first DescribeInsightsRefresh of it. */
  private readonly refreshes = new Map<string, InsightsRefreshInfo>();

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async describeCluster(clusterName: string): Promise<ClusterInfo | undefined> {
    const cluster = this.world.clusters.get(clusterName);
    if (!cluster) return undefined;
    if (cluster.transition) {
      this.world.clock.poll();
      if (cluster.transition.poll()) {
        delete cluster.transition;
        if (cluster.info.status === 'DELETING') {
          this.world.clusters.delete(clusterName);
          return undefined;
        }
        // An injected creation failure: EKS reports the cluster FAILED with the reason in its health.
        const failure = cluster.failure;
        delete cluster.failure;
        cluster.info.status = failure ? failure.status : 'ACTIVE';
        if (failure) cluster.info.healthIssues.push(clone(failure.issue));
      }
    }
    return clone(cluster.info);
  }

  async listNodegroups(clusterName: string): Promise<NodegroupInfo[]> {
    const cluster = requireCluster(this.world, 'ListNodegroups', clusterName);
    // A listing reports where each group stands; it polls none of them (issue: a phase that
    // lists twice must not move a creation on twice).
    return cluster.nodegroups.map(nodegroupInfo);
  }

  async listNodegroupNames(clusterName: string): Promise<string[]> {
    return requireCluster(this.world, 'ListNodegroups', clusterName).nodegroups.map(
      (nodegroup) => nodegroup.name,
    );
  }

  async describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined> {
    const cluster = requireCluster(this.world, 'DescribeNodegroup', clusterName);
    const polled = cluster.nodegroups.filter((candidate) => candidate.name === nodegroupName);
    this.pollNodegroups(cluster, polled);
    const nodegroup = cluster.nodegroups.find((candidate) => candidate.name === nodegroupName);
    return nodegroup ? { ...nodegroupInfo(nodegroup), clusterName, ...clone(nodegroup.shape) } : undefined;
  }

  async listAddons(clusterName: string): Promise<AddonInfo[]> {
    const cluster = requireCluster(this.world, 'ListAddons', clusterName);
    return cluster.addons.map(addonInfo);
  }

  async describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined> {
    const cluster = requireCluster(this.world, 'DescribeAddon', clusterName);
    const addon = cluster.addons.find((candidate) => candidate.name === addonName);
    if (addon) this.pollAddons(cluster, [addon]);
    return addon ? { ...addonInfo(addon), clusterName, ...clone(addon.settings) } : undefined;
  }

  async describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    const version = normalizeKubernetesVersion(kubernetesVersion);
    return addonNames.map((addonName) => {
      const entry = compatibilityOf(this.world.scenario, addonName)?.[version];
      return {
        addonName,
        kubernetesVersion: version,
        ...(entry?.defaultVersion ? { defaultVersion: entry.defaultVersion } : {}),
        versions: [...(entry?.versions ?? [])],
      };
    });
  }

  async listInsights(
    clusterName: string,
    category: InsightCategory = 'UPGRADE_READINESS',
  ): Promise<UpgradeInsight[]> {
    requireCluster(this.world, 'ListInsights', clusterName);
    if (clusterName !== this.world.scenario.cluster.name) return [];
    const minutes = (this.world.clock.nowMs() - Date.parse(this.world.scenario.startTime)) / 60_000;
    return clone(
      this.world.insights.filter(
        (insight) =>
          insight.category === category && this.world.failures.insightReported(insight.id, minutes),
      ),
    );
  }

  /**
   * A refresh re-evaluates the insights the scenario holds; it is IN_PROGRESS until polled once
   * (DescribeInsightsRefresh, one `secondsPerPoll`), then COMPLETED. EKS answers
   * ResourceNotFoundException for a cluster it does not know
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_StartInsightsRefresh.html).
   */
  async startInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    requireCluster(this.world, 'StartInsightsRefresh', clusterName);
    const refresh = { status: 'IN_PROGRESS', message: 'Insights refresh started' };
    this.refreshes.set(clusterName, refresh);
    return clone(refresh);
  }

  async describeInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    requireCluster(this.world, 'DescribeInsightsRefresh', clusterName);
    const refresh = this.refreshes.get(clusterName);
    if (!refresh) {
      throw eksError(
        'DescribeInsightsRefresh',
        'ResourceNotFoundException',
        `No insights refresh found for cluster ${clusterName}`,
        404,
      );
    }
    if (refresh.status === 'IN_PROGRESS') {
      this.world.clock.poll();
      refresh.status = 'COMPLETED';
      refresh.message = 'Insights refresh completed';
    }
    return clone(refresh);
  }

  async describeClusterVersions(): Promise<SupportedVersion[]> {
    return this.world.scenario.cluster.supportedVersions.map((row) => ({
      version: row.version,
      status: row.status,
      isDefault: row.isDefault,
    }));
  }

  /**
   * One poll of each of `nodegroups` being created or deleted: after `timing.createPolls` polls
   * a new group is ACTIVE, after `timing.deletePolls` a deleted one is gone.
   */
  private pollNodegroups(cluster: SimCluster, nodegroups: readonly SimNodegroup[]): void {
    const polled = nodegroups.filter(
      (nodegroup) => nodegroup.transition && TRANSITIONING_NODEGROUP.has(nodegroup.status),
    );
    if (polled.length === 0) return;
    this.world.clock.poll();
    const gone = new Set<SimNodegroup>();
    for (const nodegroup of polled) {
      if (!nodegroup.transition?.poll()) continue;
      delete nodegroup.transition;
      // An injected failure ends the transition CREATE_FAILED or DELETE_FAILED, with its health issue.
      const failure = nodegroup.failure;
      delete nodegroup.failure;
      if (failure) {
        nodegroup.status = failure.status;
        nodegroup.healthIssues = [clone(failure.issue)];
      } else if (nodegroup.status === 'DELETING') gone.add(nodegroup);
      else nodegroup.status = 'ACTIVE';
    }
    if (gone.size > 0) cluster.nodegroups = cluster.nodegroups.filter((nodegroup) => !gone.has(nodegroup));
  }

  /**
   * One poll of each of `addons` being created: after `timing.createPolls` polls it is ACTIVE —
   * except CoreDNS on a cluster without an ACTIVE node group, which ends DEGRADED with
   * InsufficientNumberOfReplicas: its pods have no node to run on
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_AddonIssue.html lists the code).
   */
  private pollAddons(cluster: SimCluster, addons: readonly SimAddon[]): void {
    const polled = addons.filter((addon) => addon.transition && addon.status === 'CREATING');
    if (polled.length === 0) return;
    this.world.clock.poll();
    for (const addon of polled) {
      if (!addon.transition?.poll()) continue;
      delete addon.transition;
      const failure = addon.failure;
      delete addon.failure;
      if (failure) {
        addon.status = failure.status;
        addon.healthIssues = [clone(failure.issue)];
        continue;
      }
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
}
