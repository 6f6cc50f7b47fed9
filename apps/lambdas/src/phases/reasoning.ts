import {
  type AddonSnapshot,
  type AgentConfig,
  type ClusterSnapshot,
  checkKubeletSkew,
  compareKubernetesVersions,
  EksClusterNameSchema,
  type PlanIssue,
  PlanSource,
  type PlanStep,
  parseOrThrow,
  planVersionHops,
  type ReasoningInput,
  ReasoningInputSchema,
  type UpgradePlan,
  UpgradePlanSchema,
  type UpgradeRequest,
  UpgradeStrategy,
  ValidationError,
} from '@eks-upgrade/core-models';
import {
  addonMinorDistance,
  addonMinorKey,
  compareAddonVersions,
  parseAddonVersion,
  VPC_CNI_ADDON,
} from '../versions/addon-versions.js';
import {
  type Clock,
  type NarrativeClient,
  type PhaseLogger,
  silentLogger,
  systemClock,
} from './dependencies.js';

/** Stable codes of the planner's blockers and warnings. */
export const PlanIssueCode = {
  DOWNGRADE: 'DOWNGRADE',
  ALREADY_AT_TARGET: 'ALREADY_AT_TARGET',
  UNSUPPORTED_TARGET: 'UNSUPPORTED_TARGET',
  UNSUPPORTED_HOP: 'UNSUPPORTED_HOP',
  CLUSTER_NOT_ACTIVE: 'CLUSTER_NOT_ACTIVE',
  CLUSTER_UNHEALTHY: 'CLUSTER_UNHEALTHY',
  INSIGHT_ERROR: 'INSIGHT_ERROR',
  INSIGHT_WARNING: 'INSIGHT_WARNING',
  INSIGHT_UNKNOWN: 'INSIGHT_UNKNOWN',
  EXTENDED_SUPPORT: 'EXTENDED_SUPPORT',
  ADDON_INCOMPATIBLE: 'ADDON_INCOMPATIBLE',
  ADDON_NOT_ACTIVE: 'ADDON_NOT_ACTIVE',
  ADDON_NO_DEFAULT_VERSION: 'ADDON_NO_DEFAULT_VERSION',
  NODEGROUP_NOT_ACTIVE: 'NODEGROUP_NOT_ACTIVE',
  NODEGROUP_AHEAD: 'NODEGROUP_AHEAD',
  NODEGROUP_SKEW: 'NODEGROUP_SKEW',
  CUSTOM_AMI_NODEGROUP: 'CUSTOM_AMI_NODEGROUP',
  FARGATE_PROFILES: 'FARGATE_PROFILES',
  TRAFFIC_ROUTING_MISSING: 'TRAFFIC_ROUTING_MISSING',
  GREEN_CLUSTER_NAME: 'GREEN_CLUSTER_NAME',
  EXECUTION_TIMEOUT_TOO_SHORT: 'EXECUTION_TIMEOUT_TOO_SHORT',
} as const;
export type PlanIssueCode = (typeof PlanIssueCode)[keyof typeof PlanIssueCode];

const MAX_NARRATIVE_CHARS = 4000;

/**
 * Typical wall-clock durations of each kind of plan step on EKS, in seconds, from which the
 * planner estimates how long an upgrade takes (`UpgradePlan.estimatedDurationSeconds`). They
 * are typical values, not bounds: large node groups, PodDisruptionBudgets and slow-draining
 * workloads make node group steps take longer.
 *
 * | Step kind               | Typical duration | Why                                                           |
 * | ----------------------- | ---------------- | ------------------------------------------------------------- |
 * | `control_plane_upgrade` | 15 min           | UpdateClusterVersion usually takes 10-25 minutes              |
 * | `nodegroup_upgrade`     | 20 min each      | a rolling replacement: new nodes, drain, terminate, in batches |
 * | `addon_upgrade`         | 3 min each       | UpdateAddon rolls the add-on's pods                           |
 * | `cluster_provision`     | 15 min           | CreateCluster until ACTIVE                                    |
 * | `nodegroup_provision`   | 10 min each      | CreateNodegroup until the nodes joined and it is ACTIVE       |
 * | `addon_install`         | 3 min each       | CreateAddon until ACTIVE                                      |
 * | `traffic_shift`         | the bake time    | `upgrade.bakeTimeSeconds` from the configuration, per step     |
 * | `cluster_decommission`  | 15 min           | node groups deleted, then DeleteCluster                       |
 *
 * @example
 * ```ts
 * TYPICAL_STEP_DURATION_SECONDS.control_plane_upgrade; // 900
 * ```
 */
export const TYPICAL_STEP_DURATION_SECONDS = {
  control_plane_upgrade: 15 * 60,
  nodegroup_upgrade: 20 * 60,
  addon_upgrade: 3 * 60,
  cluster_provision: 15 * 60,
  nodegroup_provision: 10 * 60,
  addon_install: 3 * 60,
  cluster_decommission: 15 * 60,
} as const satisfies Record<Exclude<PlanStep['kind'], 'traffic_shift'>, number>;

/**
 * How long the steps typically take, from `TYPICAL_STEP_DURATION_SECONDS` (a traffic step
 * counts as the configured bake time, `upgrade.bakeTimeSeconds`).
 *
 * @example
 * ```ts
 * estimatePlanDurationSeconds(plan.steps, createDefaultAgentConfig()); // e.g. 5040 for the demo blue/green plan
 * ```
 */
export function estimatePlanDurationSeconds(steps: readonly PlanStep[], config: AgentConfig): number {
  return steps.reduce(
    (total, step) =>
      total +
      (step.kind === 'traffic_shift'
        ? config.upgrade.bakeTimeSeconds
        : TYPICAL_STEP_DURATION_SECONDS[step.kind]),
    0,
  );
}

/** `5040` → `1 h 24 min`. */
function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function checkExecutionTimeout(estimate: number, config: AgentConfig, builder: PlanBuilder): void {
  const timeout = config.stepFunctions.executionTimeoutSeconds;
  if (estimate <= timeout) return;
  // Room to spare: EKS operations often take longer than typical.
  const suggested = Math.min(31_536_000, Math.ceil((estimate * 1.5) / 3600) * 3600);
  builder.warn(
    PlanIssueCode.EXECUTION_TIMEOUT_TOO_SHORT,
    `The plan typically takes about ${formatDuration(estimate)} (${estimate} s), longer than the workflow's execution timeout of ${timeout} s, which would stop it midway and roll back: raise stepFunctions.executionTimeoutSeconds (e.g. \`eks-upgrade config set stepFunctions.executionTimeoutSeconds ${suggested}\`) and redeploy before starting`,
  );
}

/** What the rules planner needs besides the request and snapshot. */
export interface RulesPlanOptions {
  config: AgentConfig;
  /** When the plan is made (its `createdAt`). */
  now: Date;
}

class PlanBuilder {
  readonly blockers: PlanIssue[] = [];
  readonly warnings: PlanIssue[] = [];
  readonly steps: PlanStep[] = [];

  block(code: PlanIssueCode, message: string, resource?: string): void {
    this.blockers.push({ code, message, ...(resource ? { resource } : {}) });
  }

  warn(code: PlanIssueCode, message: string, resource?: string): void {
    this.warnings.push({ code, message, ...(resource ? { resource } : {}) });
  }

  add(step: PlanStep): void {
    this.steps.push(step);
  }
}

/** A step id from readable parts, kept within the 64-character rule. */
function stepId(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 64);
}

/**
 * The green cluster's name: the request's, or `<blue>-<target with dashes>`.
 *
 * @example
 * ```ts
 * greenClusterNameFor({ clusterName: 'prod', targetVersion: '1.31', strategy: 'blue_green' }); // 'prod-1-31'
 * ```
 */
export function greenClusterNameFor(request: UpgradeRequest): string {
  return (
    request.greenClusterName ??
    `${request.clusterName}-${request.targetVersion.replace('.', '-')}`.slice(0, 100)
  );
}

/** Add-ons in the order they are updated after a control-plane hop: VPC CNI, kube-proxy, CoreDNS, then the rest. */
function orderAddons(addons: readonly AddonSnapshot[]): AddonSnapshot[] {
  const rank = (name: string) => {
    const index = [VPC_CNI_ADDON, 'kube-proxy', 'coredns'].indexOf(name);
    return index === -1 ? 3 : index;
  };
  return [...addons].sort((left, right) => rank(left.name) - rank(right.name));
}

/**
 * The add-on versions to pass through so that `addon` ends on a version compatible with
 * `kubernetesVersion`: the default compatible version (or the newest when EKS marks none), and
 * for VPC CNI the newest compatible version of each minor in between.
 */
function addonPath(
  addon: AddonSnapshot,
  currentVersion: string,
  kubernetesVersion: string,
  builder: PlanBuilder,
): string[] | undefined {
  const compatibility = addon.compatibility.find((entry) => entry.kubernetesVersion === kubernetesVersion);
  if (!compatibility || compatibility.versions.length === 0) {
    builder.block(
      PlanIssueCode.ADDON_INCOMPATIBLE,
      `Add-on ${addon.name} has no version compatible with Kubernetes ${kubernetesVersion}`,
      `addon:${addon.name}`,
    );
    return undefined;
  }
  let target = compatibility.defaultVersion;
  if (!target) {
    target = [...compatibility.versions].sort(compareAddonVersions).reverse()[0]!;
    builder.warn(
      PlanIssueCode.ADDON_NO_DEFAULT_VERSION,
      `EKS marks no default ${addon.name} version for Kubernetes ${kubernetesVersion}; using the newest compatible ${target}`,
      `addon:${addon.name}`,
    );
  }
  if (compareAddonVersions(currentVersion, target) >= 0) {
    if (compatibility.versions.includes(currentVersion)) return [];
    builder.block(
      PlanIssueCode.ADDON_INCOMPATIBLE,
      `Add-on ${addon.name} ${currentVersion} is not compatible with Kubernetes ${kubernetesVersion} and no newer compatible version exists`,
      `addon:${addon.name}`,
    );
    return undefined;
  }
  if (addon.name !== VPC_CNI_ADDON || addonMinorDistance(currentVersion, target) <= 1) return [target];
  // VPC CNI moves one minor at a time: the newest compatible patch of each minor in between.
  const path: string[] = [];
  const current = parseAddonVersion(currentVersion)!;
  const last = parseAddonVersion(target)!;
  for (let minor = current.minor + 1; minor < last.minor; minor += 1) {
    const key = `${current.major}.${minor}`;
    const candidates = compatibility.versions
      .filter((version) => addonMinorKey(version) === key)
      .sort(compareAddonVersions)
      .reverse();
    if (candidates.length === 0) {
      builder.block(
        PlanIssueCode.ADDON_INCOMPATIBLE,
        `VPC CNI moves one minor version at a time, but no ${key}.x version is compatible with Kubernetes ${kubernetesVersion}`,
        `addon:${addon.name}`,
      );
      return undefined;
    }
    path.push(candidates[0]!);
  }
  path.push(target);
  return path;
}

/**
 * The version an add-on is installed at on the green cluster: EKS's default for the target (or
 * the newest compatible one, with a warning, when EKS marks none). A fresh install may take any
 * compatible version (VPC CNI's one-minor rule is about updates). `undefined`, with a blocker,
 * when nothing is compatible.
 */
function installVersion(
  addon: AddonSnapshot,
  kubernetesVersion: string,
  builder: PlanBuilder,
): string | undefined {
  const compatibility = addon.compatibility.find((entry) => entry.kubernetesVersion === kubernetesVersion);
  if (!compatibility || compatibility.versions.length === 0) {
    builder.block(
      PlanIssueCode.ADDON_INCOMPATIBLE,
      `Add-on ${addon.name} has no version compatible with Kubernetes ${kubernetesVersion}`,
      `addon:${addon.name}`,
    );
    return undefined;
  }
  if (compatibility.defaultVersion) return compatibility.defaultVersion;
  const newest = [...compatibility.versions].sort(compareAddonVersions).reverse()[0]!;
  builder.warn(
    PlanIssueCode.ADDON_NO_DEFAULT_VERSION,
    `EKS marks no default ${addon.name} version for Kubernetes ${kubernetesVersion}; using the newest compatible ${newest}`,
    `addon:${addon.name}`,
  );
  return newest;
}

function checkSupport(
  snapshot: ClusterSnapshot,
  request: UpgradeRequest,
  hops: readonly string[],
  builder: PlanBuilder,
): void {
  if (snapshot.supportedVersions.length === 0) return;
  const byVersion = new Map(snapshot.supportedVersions.map((row) => [row.version, row]));
  const target = byVersion.get(request.targetVersion);
  if (!target) {
    builder.block(
      PlanIssueCode.UNSUPPORTED_TARGET,
      `EKS does not support Kubernetes ${request.targetVersion} (supported: ${[...byVersion.keys()].join(', ')})`,
    );
  } else if (target.status === 'EXTENDED_SUPPORT') {
    builder.warn(
      PlanIssueCode.EXTENDED_SUPPORT,
      `Kubernetes ${request.targetVersion} is in extended support${target.endOfExtendedSupportDate ? ` until ${target.endOfExtendedSupportDate}` : ''}: extra cost, plan the next upgrade`,
    );
  }
  if (request.strategy === UpgradeStrategy.IN_PLACE) {
    for (const hop of hops.slice(0, -1)) {
      if (!byVersion.has(hop)) {
        builder.block(
          PlanIssueCode.UNSUPPORTED_HOP,
          `The in-place path passes through Kubernetes ${hop}, which EKS no longer supports`,
        );
      }
    }
  }
}

function checkClusterAndInsights(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  if (snapshot.status !== 'ACTIVE') {
    builder.block(
      PlanIssueCode.CLUSTER_NOT_ACTIVE,
      `Cluster ${snapshot.clusterName} is ${snapshot.status}, not ACTIVE`,
    );
  }
  for (const issue of snapshot.healthIssues) {
    builder.block(
      PlanIssueCode.CLUSTER_UNHEALTHY,
      `Cluster ${snapshot.clusterName} reports ${issue.code}: ${issue.message}`,
    );
  }
  for (const insight of snapshot.insights) {
    const text = `Upgrade insight "${insight.name}"${insight.kubernetesVersion ? ` (${insight.kubernetesVersion})` : ''}: ${insight.reason || insight.description || insight.status}`;
    if (insight.status === 'ERROR') builder.block(PlanIssueCode.INSIGHT_ERROR, text, insight.id);
    if (insight.status === 'WARNING') builder.warn(PlanIssueCode.INSIGHT_WARNING, text, insight.id);
    if (insight.status === 'UNKNOWN') builder.warn(PlanIssueCode.INSIGHT_UNKNOWN, text, insight.id);
  }
}

function planInPlace(snapshot: ClusterSnapshot, hops: readonly string[], builder: PlanBuilder): void {
  const cluster = snapshot.clusterName;
  const nodegroupVersions = new Map<string, string>();
  for (const nodegroup of snapshot.nodegroups) {
    const resource = `nodegroup:${nodegroup.name}`;
    nodegroupVersions.set(nodegroup.name, nodegroup.version);
    const skew = checkKubeletSkew(snapshot.version, nodegroup.version);
    if (skew.skew < 0) {
      builder.block(PlanIssueCode.NODEGROUP_AHEAD, `Node group ${nodegroup.name}: ${skew.reason}`, resource);
    } else if (!skew.allowed) {
      builder.warn(
        PlanIssueCode.NODEGROUP_SKEW,
        `Node group ${nodegroup.name}: ${skew.reason}; it is upgraded first`,
        resource,
      );
    }
    if (nodegroup.status !== 'ACTIVE') {
      builder.block(
        PlanIssueCode.NODEGROUP_NOT_ACTIVE,
        `Node group ${nodegroup.name} is ${nodegroup.status}`,
        resource,
      );
    }
    for (const issue of nodegroup.healthIssues) {
      builder.block(
        PlanIssueCode.NODEGROUP_NOT_ACTIVE,
        `Node group ${nodegroup.name} reports ${issue.code}: ${issue.message}`,
        resource,
      );
    }
    if (nodegroup.customAmi) {
      builder.block(
        PlanIssueCode.CUSTOM_AMI_NODEGROUP,
        `Node group ${nodegroup.name} uses a custom AMI: EKS cannot move its version; publish a launch template version with an AMI for each hop, or use blue/green`,
        resource,
      );
    }
  }
  for (const addon of snapshot.addons) {
    if (addon.status !== 'ACTIVE' || addon.healthIssues.length > 0) {
      builder.block(
        PlanIssueCode.ADDON_NOT_ACTIVE,
        `Add-on ${addon.name} is ${addon.status}${addon.healthIssues.map((issue) => `; ${issue.code}: ${issue.message}`).join('')}`,
        `addon:${addon.name}`,
      );
    }
  }
  if (snapshot.fargateProfiles.length > 0) {
    builder.warn(
      PlanIssueCode.FARGATE_PROFILES,
      `Fargate profiles (${snapshot.fargateProfiles.join(', ')}) keep their old kubelet until their pods are restarted after each hop`,
    );
  }
  // EKS requires every managed node group on the control plane's version before the next
  // control-plane update, so node groups behind it move first, then after every hop.
  const moveNodegroups = (toVersion: string) => {
    for (const nodegroup of snapshot.nodegroups) {
      const fromVersion = nodegroupVersions.get(nodegroup.name)!;
      if (compareKubernetesVersions(fromVersion, toVersion) >= 0) continue;
      builder.add({
        id: stepId('ng', nodegroup.name.slice(0, 48), toVersion),
        kind: 'nodegroup_upgrade',
        description: `Upgrade node group ${nodegroup.name} from ${fromVersion} to ${toVersion}`,
        clusterName: cluster,
        nodegroupName: nodegroup.name,
        fromVersion,
        toVersion,
      });
      nodegroupVersions.set(nodegroup.name, toVersion);
    }
  };
  moveNodegroups(snapshot.version);
  const addonVersions = new Map(snapshot.addons.map((addon) => [addon.name, addon.version]));
  let previous = snapshot.version;
  for (const hop of hops) {
    builder.add({
      id: stepId('cp', hop),
      kind: 'control_plane_upgrade',
      description: `Upgrade the control plane of ${cluster} from ${previous} to ${hop}`,
      clusterName: cluster,
      fromVersion: previous,
      toVersion: hop,
    });
    for (const addon of orderAddons(snapshot.addons)) {
      const path = addonPath(addon, addonVersions.get(addon.name)!, hop, builder);
      path?.forEach((toVersion, index) => {
        const fromVersion = addonVersions.get(addon.name)!;
        builder.add({
          id: stepId('addon', addon.name.slice(0, 40), hop, ...(path.length > 1 ? [String(index + 1)] : [])),
          kind: 'addon_upgrade',
          description: `Update add-on ${addon.name} from ${fromVersion} to ${toVersion} for Kubernetes ${hop}`,
          clusterName: cluster,
          addonName: addon.name,
          fromVersion,
          toVersion,
          kubernetesVersion: hop,
        });
        addonVersions.set(addon.name, toVersion);
      });
    }
    moveNodegroups(hop);
    previous = hop;
  }
}

function planBlueGreen(
  snapshot: ClusterSnapshot,
  request: UpgradeRequest,
  config: AgentConfig,
  builder: PlanBuilder,
): void {
  const blue = snapshot.clusterName;
  const green = greenClusterNameFor(request);
  if (!EksClusterNameSchema.safeParse(green).success || green === blue) {
    builder.block(
      PlanIssueCode.GREEN_CLUSTER_NAME,
      green === blue
        ? `The green cluster needs a name other than the blue cluster's (${blue})`
        : `The green cluster name ${green} is not a valid EKS cluster name`,
    );
  }
  if (!request.trafficRouting) {
    builder.block(
      PlanIssueCode.TRAFFIC_ROUTING_MISSING,
      'A blue/green upgrade needs trafficRouting (the Route 53 weighted records to shift)',
    );
  }
  for (const nodegroup of snapshot.nodegroups) {
    if (nodegroup.customAmi) {
      builder.block(
        PlanIssueCode.CUSTOM_AMI_NODEGROUP,
        `Node group ${nodegroup.name} uses a custom AMI built for ${nodegroup.version}: its copy on ${green} needs an AMI for ${request.targetVersion}; publish a launch template version with one, or create that node group yourself and leave ${nodegroup.name} out of blue/green`,
        `nodegroup:${nodegroup.name}`,
      );
    }
  }
  builder.add({
    id: stepId('provision', green.slice(0, 50)),
    kind: 'cluster_provision',
    description: `Create the green cluster ${green} at Kubernetes ${request.targetVersion}, shaped like ${blue}`,
    sourceClusterName: blue,
    clusterName: green,
    version: request.targetVersion,
  });
  // Node groups before add-ons: CreateCluster starts green with self-managed VPC CNI,
  // kube-proxy and CoreDNS, so nodes join at once; CoreDNS as an EKS add-on needs nodes to run on.
  for (const nodegroup of snapshot.nodegroups) {
    builder.add({
      id: stepId('green-ng', nodegroup.name.slice(0, 48)),
      kind: 'nodegroup_provision',
      description: `Create node group ${nodegroup.name} on ${green} at ${request.targetVersion}, shaped like ${blue}'s`,
      clusterName: green,
      nodegroupName: nodegroup.name,
      sourceClusterName: blue,
      sourceNodegroupName: nodegroup.name,
      version: request.targetVersion,
    });
  }
  for (const addon of orderAddons(snapshot.addons)) {
    const toVersion = installVersion(addon, request.targetVersion, builder);
    if (!toVersion) continue;
    builder.add({
      id: stepId('green-addon', addon.name.slice(0, 40)),
      kind: 'addon_install',
      description: `Install add-on ${addon.name} ${toVersion} on ${green} (${blue} runs ${addon.version})`,
      clusterName: green,
      addonName: addon.name,
      toVersion,
      kubernetesVersion: request.targetVersion,
      sourceClusterName: blue,
    });
  }
  const intervals = request.trafficShiftIntervals ?? config.upgrade.trafficShiftIntervals;
  let fromWeight = 0;
  for (const toWeight of intervals) {
    builder.add({
      id: stepId('traffic', String(toWeight)),
      kind: 'traffic_shift',
      description: `Shift ${toWeight}% of traffic to ${green} (${100 - toWeight}% stays on ${blue})`,
      blueClusterName: blue,
      greenClusterName: green,
      fromWeight,
      toWeight,
    });
    fromWeight = toWeight;
  }
  builder.add({
    id: stepId('decommission', blue.slice(0, 50)),
    kind: 'cluster_decommission',
    description: `Delete the old (blue) cluster ${blue} once ${green} carries all traffic`,
    clusterName: blue,
  });
}

/**
 * The deterministic rules planner (DESIGN §1). In place: the control plane one minor at a time;
 * after each hop the add-ons to the default compatible version (VPC CNI one minor at a time)
 * and the managed node groups to the control plane's version (EKS requires them there before
 * the next hop; node groups already behind move first). Blue/green: create the green cluster at
 * the target, then a copy of each blue managed node group and each blue add-on (at EKS's default
 * version for the target) on it, shift traffic at the configured intervals, delete the blue
 * cluster. Blockers:
 * ERROR insights, an unsupported target or hop, an unhealthy cluster, node group or add-on, a
 * downgrade or no change, an add-on without a compatible version, a custom-AMI node group (in
 * place: EKS cannot move its version; blue/green: its copy would need an AMI for the target), a
 * node group ahead of the control plane, blue/green without traffic routing. Warnings: extended
 * support, WARNING/UNKNOWN insights, skew already beyond policy, Fargate profiles, add-ons
 * without a default version, an estimated duration (`estimatedDurationSeconds`, see
 * `TYPICAL_STEP_DURATION_SECONDS`) beyond `stepFunctions.executionTimeoutSeconds`.
 *
 * @throws ValidationError when the snapshot is of another cluster than the request names.
 * @example
 * ```ts
 * const plan = buildRulesPlan(request, snapshot, { config: createDefaultAgentConfig(), now: new Date() });
 * plan.steps.map((step) => step.id); // ['cp-1.30', 'addon-vpc-cni-1.30', ..., 'ng-general-1.31']
 * ```
 */
export function buildRulesPlan(
  request: UpgradeRequest,
  snapshot: ClusterSnapshot,
  options: RulesPlanOptions,
): UpgradePlan {
  if (request.clusterName !== snapshot.clusterName) {
    throw new ValidationError('Invalid reasoning input', [
      {
        path: 'snapshot.clusterName',
        message: `must be the requested cluster ${request.clusterName} (got ${snapshot.clusterName})`,
      },
    ]);
  }
  const builder = new PlanBuilder();
  const direction = compareKubernetesVersions(request.targetVersion, snapshot.version);
  if (direction < 0) {
    builder.block(
      PlanIssueCode.DOWNGRADE,
      `Cluster ${snapshot.clusterName} runs ${snapshot.version}; EKS cannot downgrade it to ${request.targetVersion}`,
    );
  } else if (direction === 0) {
    builder.block(
      PlanIssueCode.ALREADY_AT_TARGET,
      `Cluster ${snapshot.clusterName} already runs ${request.targetVersion}: nothing to upgrade`,
    );
  }
  const hops = direction > 0 ? planVersionHops(snapshot.version, request.targetVersion) : [];
  checkSupport(snapshot, request, hops, builder);
  checkClusterAndInsights(snapshot, builder);
  if (direction > 0) {
    if (request.strategy === UpgradeStrategy.BLUE_GREEN)
      planBlueGreen(snapshot, request, options.config, builder);
    else planInPlace(snapshot, hops, builder);
  }
  const estimatedDurationSeconds = estimatePlanDurationSeconds(builder.steps, options.config);
  checkExecutionTimeout(estimatedDurationSeconds, options.config, builder);
  return parseOrThrow(
    UpgradePlanSchema,
    {
      planId: stepId(
        request.upgradeId ?? `${snapshot.clusterName}-${snapshot.version}-to-${request.targetVersion}`,
        request.strategy,
      ).slice(0, 128),
      clusterName: snapshot.clusterName,
      sourceVersion: snapshot.version,
      targetVersion: request.targetVersion,
      strategy: request.strategy,
      hops,
      steps: builder.steps,
      blockers: builder.blockers,
      warnings: builder.warnings,
      estimatedDurationSeconds,
      blocked: builder.blockers.length > 0,
      source: PlanSource.RULES,
      createdAt: options.now.toISOString(),
    },
    'upgrade plan',
  );
}

const NARRATIVE_SYSTEM_PROMPT =
  'You review Amazon EKS upgrade plans for platform engineers. In at most 200 words, summarise the risks of the plan you are given: the hops, the add-on and node group moves, blockers and warnings, and what to watch during the upgrade. Do not invent steps; the plan is decided.';

function narrativePrompt(plan: UpgradePlan): string {
  return JSON.stringify({
    cluster: plan.clusterName,
    from: plan.sourceVersion,
    to: plan.targetVersion,
    strategy: plan.strategy,
    hops: plan.hops,
    steps: plan.steps.map((step) => step.description),
    blockers: plan.blockers.map((issue) => `${issue.code}: ${issue.message}`),
    warnings: plan.warnings.map((issue) => `${issue.code}: ${issue.message}`),
  });
}

async function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutSeconds: number,
): Promise<{ value: T } | { timedOut: true }> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutSeconds}s`));
      resolve({ timedOut: true });
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([run(controller.signal).then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the reasoning phase needs. */
export interface ReasoningDependencies {
  config: AgentConfig;
  narrative?: NarrativeClient;
  logger?: PhaseLogger;
  clock?: Clock;
}

/**
 * Reasoning: the rules plan, plus (when `config.bedrock.enabled` and a narrative client is
 * given) Bedrock's narrative risk summary within `config.bedrock.timeoutSeconds`. Bedrock off,
 * failing or slow leaves the rules plan alone, with `source: 'rules'` and the reason in
 * `narrativeUnavailableReason`.
 *
 * @example
 * ```ts
 * const plan = await planUpgrade({ request, snapshot }, { config, narrative: new BedrockNarrativeClient() });
 * if (plan.blocked) console.error(plan.blockers);
 * ```
 */
export async function planUpgrade(
  input: ReasoningInput,
  dependencies: ReasoningDependencies,
): Promise<UpgradePlan> {
  const { request, snapshot } = parseOrThrow(ReasoningInputSchema, input, 'reasoning input');
  const logger = dependencies.logger ?? silentLogger;
  const { config } = dependencies;
  const plan = buildRulesPlan(request, snapshot, { config, now: (dependencies.clock ?? systemClock).now() });
  logger.info('Rules plan ready', {
    planId: plan.planId,
    steps: plan.steps.length,
    blockers: plan.blockers.length,
    warnings: plan.warnings.length,
  });
  if (!config.bedrock.enabled)
    return { ...plan, narrativeUnavailableReason: 'Bedrock is disabled in the configuration' };
  if (!dependencies.narrative)
    return { ...plan, narrativeUnavailableReason: 'No Bedrock client is configured' };
  const narrative = dependencies.narrative;
  try {
    const outcome = await withTimeout(
      (abortSignal) =>
        narrative.summarize(
          {
            modelId: config.bedrock.modelId,
            maxTokens: config.bedrock.maxTokens,
            temperature: config.bedrock.temperature,
            system: NARRATIVE_SYSTEM_PROMPT,
            prompt: narrativePrompt(plan),
          },
          { abortSignal },
        ),
      config.bedrock.timeoutSeconds,
    );
    if ('timedOut' in outcome) {
      logger.warn('Bedrock did not answer in time; using the rules plan alone', {
        timeoutSeconds: config.bedrock.timeoutSeconds,
      });
      return {
        ...plan,
        narrativeUnavailableReason: `Bedrock did not answer within ${config.bedrock.timeoutSeconds}s`,
      };
    }
    const text = outcome.value.trim();
    if (!text) return { ...plan, narrativeUnavailableReason: 'Bedrock returned no text' };
    return { ...plan, source: PlanSource.RULES_WITH_BEDROCK, narrative: text.slice(0, MAX_NARRATIVE_CHARS) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn('Bedrock failed; using the rules plan alone', { error: message });
    return { ...plan, narrativeUnavailableReason: `Bedrock failed: ${message}`.slice(0, 500) };
  }
}
