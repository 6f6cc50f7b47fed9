import {
  type AddonCompatibility,
  AWSServiceError,
  type ClusterSnapshot,
  ClusterSnapshotSchema,
  compareKubernetesVersions,
  type PerceptionInput,
  PerceptionInputSchema,
  parseOrThrow,
  planVersionHops,
  UpgradeStrategy,
} from '@eks-upgrade/core-models';
import type { AddonVersionsInfo, ClusterGateway } from '../gateway/cluster-gateway.js';
import { readLaunchTemplates } from '../launch-templates/launch-template-pins.js';
import type { GatewayOperation } from '../steps/step-kind-module.js';
import {
  type Clock,
  type PhaseDependencies,
  type PhaseLogger,
  silentLogger,
  systemClock,
} from './dependencies.js';

/**
 * How long perception waits for the insights refresh it starts: DescribeInsightsRefresh every
 * `intervalSeconds`, at most `polls` times (a minute in all, well inside the perception task's
 * timeout). EKS refreshes insights about once a day on its own; StartInsightsRefresh asks for it
 * now (https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_StartInsightsRefresh.html).
 */
export const INSIGHTS_REFRESH_WAIT = { polls: 12, intervalSeconds: 5 } as const;

/**
 * Starts an insights refresh and waits, bounded, for DescribeInsightsRefresh to say COMPLETED
 * or FAILED. Never throws: a refresh EKS refuses, that fails or does not end in time is
 * reported (the planner warns: the insights may be a day old).
 */
async function refreshInsights(
  gateway: ClusterGateway,
  clusterName: string,
  clock: Clock,
  logger: PhaseLogger,
): Promise<ClusterSnapshot['insightsRefresh']> {
  try {
    let refresh = await gateway.startInsightsRefresh(clusterName);
    for (let poll = 0; refresh.status === 'IN_PROGRESS' && poll < INSIGHTS_REFRESH_WAIT.polls; poll += 1) {
      // A rehearsal's virtual clock has no sleep: its simulated refresh moves on when polled.
      await clock.sleep?.(INSIGHTS_REFRESH_WAIT.intervalSeconds);
      refresh = await gateway.describeInsightsRefresh(clusterName);
    }
    if (refresh.status === 'COMPLETED') return { status: 'COMPLETED', message: refresh.message ?? '' };
    if (refresh.status === 'FAILED') return { status: 'FAILED', message: refresh.message ?? '' };
    const waited = INSIGHTS_REFRESH_WAIT.polls * INSIGHTS_REFRESH_WAIT.intervalSeconds;
    return { status: 'TIMED_OUT', message: `still ${refresh.status} after ${waited} s` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn('Insights refresh not started', { clusterName, message });
    return { status: 'NOT_STARTED', message };
  }
}

/** The cluster's `eks-upgrade:` tags, as the snapshot's `upgradeTags` (left out when there are none). */
function upgradeTagsOf(tags: Record<string, string> | undefined): { upgradeTags?: Record<string, string> } {
  const own = Object.entries(tags ?? {}).filter(([key]) => key.startsWith('eks-upgrade:'));
  return own.length > 0 ? { upgradeTags: Object.fromEntries(own) } : {};
}

/**
 * Perception: what the cluster is now. DescribeCluster; node groups and add-ons (all pages,
 * each described); Fargate profiles; for every hop to the target, the add-on versions EKS says are compatible
 * (DescribeAddonVersions); upgrade insights after a refresh (StartInsightsRefresh, waited for
 * within `INSIGHTS_REFRESH_WAIT`; non-passing ones described); supported versions
 * (DescribeClusterVersions) → a `ClusterSnapshot`.
 *
 * @throws AWSServiceError (`ResourceNotFoundException`) when the cluster does not exist.
 * @example
 * ```ts
 * const snapshot = await perceiveCluster({ request }, { gateway, config });
 * snapshot.nodegroups.map((nodegroup) => `${nodegroup.name}@${nodegroup.version}`);
 * ```
 */
export async function perceiveCluster(
  input: PerceptionInput,
  dependencies: Pick<PhaseDependencies, 'gateway' | 'logger' | 'clock'>,
): Promise<ClusterSnapshot> {
  return perceiveClusterFromParsedInput(
    parseOrThrow(PerceptionInputSchema, input, 'perception input'),
    dependencies,
  );
}

/**
 * `perceiveCluster` for an input already parsed with `PerceptionInputSchema`: the handlers parse
 * the event once, at the boundary, and call this.
 *
 * @example
 * ```ts
 * const input = parseOrThrow(PerceptionInputSchema, event, 'perception input');
 * const snapshot = await perceiveClusterFromParsedInput(input, { gateway });
 * ```
 */
export async function perceiveClusterFromParsedInput(
  { request }: PerceptionInput,
  dependencies: Pick<PhaseDependencies, 'gateway' | 'logger' | 'clock'>,
): Promise<ClusterSnapshot> {
  const { gateway } = dependencies;
  const logger = dependencies.logger ?? silentLogger;
  const cluster = await gateway.describeCluster(request.clusterName);
  if (!cluster) {
    throw new AWSServiceError(
      `Could not describe cluster ${request.clusterName}: ResourceNotFoundException: no such cluster. Check the name and the region.`,
      {
        service: 'EKS',
        operation: 'DescribeCluster',
        code: 'ResourceNotFoundException',
        httpStatusCode: 404,
        retryable: false,
      },
    );
  }
  // The insights are read after the refresh, so they are today's, not up to a day old.
  const insightsRefresh = await refreshInsights(
    gateway,
    request.clusterName,
    dependencies.clock ?? systemClock,
    logger,
  );
  const [nodegroups, fargateProfiles, addons, insights, supportedVersions] = await Promise.all([
    gateway.listNodegroups(request.clusterName),
    gateway.listFargateProfiles(request.clusterName),
    gateway.listAddons(request.clusterName),
    gateway.listInsights(request.clusterName),
    gateway.describeClusterVersions(),
  ]);
  // Compatibility for every hop: in place the add-ons move after each one; blue/green needs the target.
  const hops =
    compareKubernetesVersions(request.targetVersion, cluster.version) > 0
      ? planVersionHops(cluster.version, request.targetVersion)
      : [];
  // Blue/green copies each node group with blue's launch template: read what each version pins
  // of blue (in place keeps the groups on their cluster, so it needs no EC2 read).
  const launchTemplateReadings =
    request.strategy === UpgradeStrategy.BLUE_GREEN
      ? await readLaunchTemplates(gateway, cluster, nodegroups)
      : new Map();
  const addonNames = addons.map((addon) => addon.name);
  const perHop: AddonVersionsInfo[][] =
    addonNames.length === 0
      ? []
      : await Promise.all(hops.map((hop) => gateway.describeAddonVersions(addonNames, hop)));
  const compatibilityOf = (addonName: string): AddonCompatibility[] =>
    perHop.flatMap((rows) =>
      rows
        .filter((row) => row.addonName === addonName)
        .map((row) => ({
          kubernetesVersion: row.kubernetesVersion,
          ...(row.defaultVersion ? { defaultVersion: row.defaultVersion } : {}),
          versions: row.versions,
        })),
    );
  const snapshot = parseOrThrow(
    ClusterSnapshotSchema,
    {
      clusterName: cluster.name,
      region: request.region,
      arn: cluster.arn,
      version: cluster.version,
      platformVersion: cluster.platformVersion,
      status: cluster.status,
      endpoint: cluster.endpoint,
      roleArn: cluster.roleArn,
      subnetIds: cluster.subnetIds,
      securityGroupIds: cluster.securityGroupIds,
      supportType: cluster.supportType,
      authenticationMode: cluster.configuration?.accessConfig?.authenticationMode,
      ...upgradeTagsOf(cluster.tags),
      healthIssues: cluster.healthIssues,
      nodegroups: nodegroups.map((nodegroup) => {
        const reading = launchTemplateReadings.get(nodegroup.name);
        return reading && nodegroup.launchTemplate
          ? { ...nodegroup, launchTemplate: { ...nodegroup.launchTemplate, reading } }
          : nodegroup;
      }),
      fargateProfiles,
      autoMode: cluster.configuration?.computeConfig?.enabled ?? false,
      addons: addons.map((addon) => ({ ...addon, compatibility: compatibilityOf(addon.name) })),
      insights,
      insightsRefresh,
      supportedVersions,
      capturedAt: (dependencies.clock ?? systemClock).now().toISOString(),
    },
    'cluster snapshot',
  );
  logger.info('Cluster perceived', {
    clusterName: snapshot.clusterName,
    version: snapshot.version,
    status: snapshot.status,
    nodegroups: snapshot.nodegroups.length,
    addons: snapshot.addons.length,
    insights: snapshot.insights.length,
    hops: hops.join(','),
  });
  return snapshot;
}

/** The cluster-gateway operations `perceiveCluster` calls (its function role's IAM follows them). */
export const PERCEPTION_GATEWAY_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listNodegroups',
  'listFargateProfiles',
  'listAddons',
  'describeAddonVersions',
  'listInsights',
  'startInsightsRefresh',
  'describeInsightsRefresh',
  'describeClusterVersions',
  'describeLaunchTemplateVersions',
];
