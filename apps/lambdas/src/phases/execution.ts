import {
  type AddonInstallStep,
  type AddonUpgradeStep,
  type ClusterDecommissionStep,
  type ClusterProvisionStep,
  type ControlPlaneUpgradeStep,
  compareKubernetesVersions,
  ExecutionError,
  type ExecutionInput,
  ExecutionInputSchema,
  type NodegroupProvisionStep,
  type NodegroupUpgradeStep,
  parseOrThrow,
  type StepResult,
  StepResultSchema,
  type TrafficShiftStep,
  type UpgradeRequest,
  ValidationError,
} from '@eks-upgrade/core-models';
import type {
  ClusterGateway,
  CreateNodegroupSpec,
  NodegroupDetails,
  UpdateInfo,
  UpdateScope,
} from '../gateway/cluster-gateway.js';
import { advanceClusterDeletion, describeDeletion } from './cluster-deletion.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';
import { findInProgressUpdate, isResourceInUse } from './updates.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;
type Outcome = Omit<StepResult, 'stepId' | 'kind' | 'startedAt' | 'pollAfterSeconds'> & {
  pollAfterSeconds?: number;
};

/**
 * Starts the update unless one for the same target is already running (a Step Functions retry,
 * or a race that EKS answers with ResourceInUseException): then that update is returned. The
 * update history is only read when the resource says UPDATING, or when EKS refuses the start
 * (its status turns UPDATING with some delay).
 */
async function startOrResume(
  gateway: ClusterGateway,
  target: { clusterName: string; scope: UpdateScope; status: string },
  isSameTarget: (update: UpdateInfo) => boolean,
  start: () => Promise<UpdateInfo>,
  what: string,
): Promise<{ update: UpdateInfo; resumed: boolean }> {
  const { clusterName, scope } = target;
  const running =
    target.status === 'UPDATING' ? await findInProgressUpdate(gateway, clusterName, scope) : undefined;
  if (running) {
    if (isSameTarget(running)) return { update: running, resumed: true };
    throw new ExecutionError(
      `Cannot ${what}: update ${running.id} (${running.type} ${JSON.stringify(running.params)}) is already in progress and EKS runs one at a time`,
      { phase: 'execution', status: 'CONFLICT' },
    );
  }
  try {
    return { update: await start(), resumed: false };
  } catch (error) {
    if (!isResourceInUse(error)) throw error;
    const raced = await findInProgressUpdate(gateway, clusterName, scope);
    if (raced && isSameTarget(raced)) return { update: raced, resumed: true };
    throw error;
  }
}

function started(update: UpdateInfo, resumed: boolean, text: string): string {
  return resumed
    ? `${text}: update ${update.id} was already in progress`
    : `${text}: update ${update.id} started`;
}

async function controlPlane(step: ControlPlaneUpgradeStep, dependencies: Dependencies): Promise<Outcome> {
  const { gateway } = dependencies;
  const cluster = await requireCluster(gateway, step.clusterName);
  const base = { clusterName: step.clusterName };
  if (compareKubernetesVersions(cluster.version, step.toVersion) >= 0) {
    return { ...base, status: 'skipped', message: `Control plane already runs ${cluster.version}` };
  }
  const { update, resumed } = await startOrResume(
    gateway,
    { clusterName: step.clusterName, scope: {}, status: cluster.status },
    (running) => running.params.Version === step.toVersion,
    async () => {
      if (cluster.version !== step.fromVersion) {
        throw new ExecutionError(
          `Cannot upgrade ${step.clusterName} to ${step.toVersion}: it runs ${cluster.version}, the step expects ${step.fromVersion}`,
          { phase: 'execution', status: 'PRECONDITION_FAILED' },
        );
      }
      return gateway.updateClusterVersion(step.clusterName, step.toVersion);
    },
    `upgrade the control plane of ${step.clusterName} to ${step.toVersion}`,
  );
  return {
    ...base,
    status: 'in_progress',
    updateId: update.id,
    message: started(update, resumed, `UpdateClusterVersion ${step.fromVersion} → ${step.toVersion}`),
  };
}

async function addon(step: AddonUpgradeStep, dependencies: Dependencies): Promise<Outcome> {
  const { gateway } = dependencies;
  const installed = (await gateway.listAddons(step.clusterName)).find(
    (candidate) => candidate.name === step.addonName,
  );
  if (!installed) {
    throw new ExecutionError(`Add-on ${step.addonName} is not installed on ${step.clusterName}`, {
      phase: 'execution',
      status: 'PRECONDITION_FAILED',
    });
  }
  const base = { clusterName: step.clusterName, addonName: step.addonName };
  if (installed.version === step.toVersion) {
    return { ...base, status: 'skipped', message: `Add-on ${step.addonName} already at ${step.toVersion}` };
  }
  const { update, resumed } = await startOrResume(
    gateway,
    { clusterName: step.clusterName, scope: { addonName: step.addonName }, status: installed.status },
    (running) => running.params.AddonVersion === step.toVersion,
    () => gateway.updateAddon(step.clusterName, step.addonName, step.toVersion),
    `update add-on ${step.addonName} to ${step.toVersion}`,
  );
  return {
    ...base,
    status: 'in_progress',
    updateId: update.id,
    message: started(
      update,
      resumed,
      `UpdateAddon ${step.addonName} ${installed.version} → ${step.toVersion}`,
    ),
  };
}

async function nodegroup(step: NodegroupUpgradeStep, dependencies: Dependencies): Promise<Outcome> {
  const { gateway } = dependencies;
  const current = (await gateway.listNodegroups(step.clusterName)).find(
    (candidate) => candidate.name === step.nodegroupName,
  );
  if (!current) {
    throw new ExecutionError(`Node group ${step.nodegroupName} does not exist in ${step.clusterName}`, {
      phase: 'execution',
      status: 'PRECONDITION_FAILED',
    });
  }
  const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
  if (compareKubernetesVersions(current.version, step.toVersion) >= 0) {
    return {
      ...base,
      status: 'skipped',
      message: `Node group ${step.nodegroupName} already runs ${current.version}`,
    };
  }
  const { update, resumed } = await startOrResume(
    gateway,
    { clusterName: step.clusterName, scope: { nodegroupName: step.nodegroupName }, status: current.status },
    (running) => running.params.Version === step.toVersion,
    () => gateway.updateNodegroupVersion(step.clusterName, step.nodegroupName, step.toVersion),
    `upgrade node group ${step.nodegroupName} to ${step.toVersion}`,
  );
  return {
    ...base,
    status: 'in_progress',
    updateId: update.id,
    message: started(
      update,
      resumed,
      `UpdateNodegroupVersion ${step.nodegroupName} ${current.version} → ${step.toVersion}`,
    ),
  };
}

async function provision(step: ClusterProvisionStep, dependencies: Dependencies): Promise<Outcome> {
  const { gateway } = dependencies;
  const base = { clusterName: step.clusterName };
  const existing = await gateway.describeCluster(step.clusterName);
  if (existing) {
    if (existing.version !== step.version) {
      throw new ExecutionError(
        `Cluster ${step.clusterName} already exists at ${existing.version}, not the planned ${step.version}; choose another green cluster name`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    if (existing.status === 'CREATING') {
      return {
        ...base,
        status: 'in_progress',
        message: `Cluster ${step.clusterName} is already being created`,
      };
    }
    return {
      ...base,
      status: 'skipped',
      message: `Cluster ${step.clusterName} already exists (${existing.status})`,
    };
  }
  const source = await requireCluster(gateway, step.sourceClusterName);
  if (!source.roleArn || source.subnetIds.length === 0) {
    throw new ExecutionError(
      `Cluster ${step.sourceClusterName} reports no role or subnets to copy to ${step.clusterName}`,
      {
        phase: 'execution',
        status: 'PRECONDITION_FAILED',
      },
    );
  }
  await gateway.createCluster({
    name: step.clusterName,
    version: step.version,
    roleArn: source.roleArn,
    subnetIds: source.subnetIds,
    securityGroupIds: source.securityGroupIds,
    tags: { 'eks-upgrade:blue-cluster': step.sourceClusterName, 'eks-upgrade:role': 'green' },
  });
  return {
    ...base,
    status: 'in_progress',
    message: `CreateCluster ${step.clusterName} at ${step.version} started`,
  };
}

/** Tags that mark what eks-upgrade created for a blue/green upgrade. */
function greenTags(blueClusterName: string): Record<string, string> {
  return { 'eks-upgrade:blue-cluster': blueClusterName, 'eks-upgrade:role': 'green' };
}

/** AWS reserves the `aws:` tag prefix: such tags come back from Describe calls but cannot be set. */
function copyableTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {}).filter(([key]) => !key.toLowerCase().startsWith('aws:')),
  );
}

/** The green cluster a bootstrap step adds to must exist and be ACTIVE. */
async function requireActiveGreen(gateway: ClusterGateway, clusterName: string, what: string) {
  const cluster = await requireCluster(gateway, clusterName);
  if (cluster.status !== 'ACTIVE') {
    throw new ExecutionError(`Cannot ${what}: cluster ${clusterName} is ${cluster.status}, not ACTIVE`, {
      phase: 'execution',
      status: 'PRECONDITION_FAILED',
    });
  }
  return cluster;
}

/**
 * The CreateNodegroup request that copies `source` (a blue node group) to the green cluster at
 * `version`: same role, subnets, scaling, instance types, AMI type, capacity type, disk, labels,
 * taints, launch template (its id and version: without a custom AMI EKS picks the AMI for the
 * version), remote access, update config and tags. EKS takes disk size and remote access from
 * the launch template when there is one, so they are copied only without one.
 *
 * @example
 * ```ts
 * const blue = await gateway.describeNodegroup('prod', 'general');
 * const spec = nodegroupCopySpec(blue!, {
 *   clusterName: 'prod-1-31',
 *   nodegroupName: 'general',
 *   version: '1.31',
 *   blueClusterName: 'prod',
 * });
 * await gateway.createNodegroup(spec);
 * ```
 */
export function nodegroupCopySpec(
  source: NodegroupDetails,
  target: { clusterName: string; nodegroupName: string; version: string; blueClusterName: string },
): CreateNodegroupSpec {
  const launchTemplate = source.launchTemplate
    ? {
        ...(source.launchTemplate.id
          ? { id: source.launchTemplate.id }
          : { name: source.launchTemplate.name }),
        ...(source.launchTemplate.version ? { version: source.launchTemplate.version } : {}),
      }
    : undefined;
  return {
    clusterName: target.clusterName,
    nodegroupName: target.nodegroupName,
    version: target.version,
    nodeRole: source.nodeRole!,
    subnets: [...source.subnets],
    ...(source.scalingConfig ? { scalingConfig: { ...source.scalingConfig } } : {}),
    ...(source.instanceTypes ? { instanceTypes: [...source.instanceTypes] } : {}),
    ...(source.amiType ? { amiType: source.amiType } : {}),
    ...(source.capacityType ? { capacityType: source.capacityType } : {}),
    ...(source.labels ? { labels: { ...source.labels } } : {}),
    ...(source.taints ? { taints: source.taints.map((taint) => ({ ...taint })) } : {}),
    ...(launchTemplate
      ? { launchTemplate }
      : {
          ...(source.diskSize !== undefined ? { diskSize: source.diskSize } : {}),
          ...(source.remoteAccess ? { remoteAccess: { ...source.remoteAccess } } : {}),
        }),
    ...(source.updateConfig ? { updateConfig: { ...source.updateConfig } } : {}),
    tags: { ...copyableTags(source.tags), ...greenTags(target.blueClusterName) },
  };
}

/**
 * What an existing resource a bootstrap step would create means for the step: still being
 * created → poll it; created at the wanted version → nothing to do (validation judges its
 * health); failed → the step failed; at another version → not ours to touch.
 */
function existingOutcome(
  base: Pick<Outcome, 'clusterName' | 'nodegroupName' | 'addonName'>,
  what: string,
  existing: { status: string; version: string },
  wantedVersion: string,
): Outcome {
  if (existing.status === 'CREATING') {
    return { ...base, status: 'in_progress', message: `${what} is already being created` };
  }
  if (existing.status === 'CREATE_FAILED' || existing.status === 'DELETING') {
    return { ...base, status: 'failed', message: `${what} exists but is ${existing.status}` };
  }
  if (existing.version !== wantedVersion) {
    throw new ExecutionError(
      `${what} already exists at ${existing.version}, not the planned ${wantedVersion}; it was not created by this upgrade`,
      { phase: 'execution', status: 'PRECONDITION_FAILED' },
    );
  }
  return {
    ...base,
    status: 'skipped',
    message: `${what} already exists at ${wantedVersion} (${existing.status})`,
  };
}

async function provisionNodegroup(
  step: NodegroupProvisionStep,
  dependencies: Dependencies,
): Promise<Outcome> {
  const { gateway } = dependencies;
  const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
  const what = `Node group ${step.nodegroupName} of ${step.clusterName}`;
  await requireActiveGreen(gateway, step.clusterName, `create node group ${step.nodegroupName}`);
  const existing = await gateway.describeNodegroup(step.clusterName, step.nodegroupName);
  if (existing) return existingOutcome(base, what, existing, step.version);
  const source = await gateway.describeNodegroup(step.sourceClusterName, step.sourceNodegroupName);
  if (!source) {
    throw new ExecutionError(
      `Node group ${step.sourceNodegroupName} of ${step.sourceClusterName} no longer exists, so it cannot be copied`,
      { phase: 'execution', status: 'NOT_FOUND' },
    );
  }
  if (source.customAmi || !source.nodeRole) {
    throw new ExecutionError(
      source.customAmi
        ? `Node group ${step.sourceNodegroupName} uses a custom AMI built for ${source.version}; create ${step.nodegroupName} on ${step.clusterName} with an AMI for ${step.version} yourself`
        : `Node group ${step.sourceNodegroupName} reports no node role to copy`,
      { phase: 'execution', status: 'PRECONDITION_FAILED' },
    );
  }
  const spec = nodegroupCopySpec(source, {
    clusterName: step.clusterName,
    nodegroupName: step.nodegroupName,
    version: step.version,
    blueClusterName: step.sourceClusterName,
  });
  try {
    await gateway.createNodegroup(spec);
  } catch (error) {
    // A retry racing the first call: EKS already has the node group.
    if (!isResourceInUse(error)) throw error;
    return { ...base, status: 'in_progress', message: `${what} is already being created` };
  }
  return {
    ...base,
    status: 'in_progress',
    message: `CreateNodegroup ${step.nodegroupName} on ${step.clusterName} at ${step.version}, shaped like ${step.sourceClusterName}/${step.sourceNodegroupName}, started`,
  };
}

async function installAddon(step: AddonInstallStep, dependencies: Dependencies): Promise<Outcome> {
  const { gateway } = dependencies;
  const base = { clusterName: step.clusterName, addonName: step.addonName };
  const what = `Add-on ${step.addonName} on ${step.clusterName}`;
  await requireActiveGreen(gateway, step.clusterName, `install add-on ${step.addonName}`);
  const existing = await gateway.describeAddon(step.clusterName, step.addonName);
  if (existing) return existingOutcome(base, what, existing, step.toVersion);
  const source = await gateway.describeAddon(step.sourceClusterName, step.addonName);
  try {
    await gateway.createAddon({
      clusterName: step.clusterName,
      addonName: step.addonName,
      version: step.toVersion,
      ...(source?.serviceAccountRoleArn ? { serviceAccountRoleArn: source.serviceAccountRoleArn } : {}),
      ...(source?.configurationValues ? { configurationValues: source.configurationValues } : {}),
      tags: { ...copyableTags(source?.tags), ...greenTags(step.sourceClusterName) },
    });
  } catch (error) {
    if (!isResourceInUse(error)) throw error;
    return { ...base, status: 'in_progress', message: `${what} is already being created` };
  }
  const copied = [
    source?.serviceAccountRoleArn ? 'service account role' : '',
    source?.configurationValues ? 'configuration' : '',
  ].filter(Boolean);
  return {
    ...base,
    status: 'in_progress',
    message: `CreateAddon ${step.addonName} ${step.toVersion} on ${step.clusterName} started${copied.length > 0 ? ` (with ${step.sourceClusterName}'s ${copied.join(' and ')})` : ''}`,
  };
}

async function traffic(
  step: TrafficShiftStep,
  request: UpgradeRequest,
  dependencies: Dependencies,
): Promise<Outcome> {
  const routing = request.trafficRouting;
  if (!routing) {
    throw new ValidationError('Invalid execution input', [
      { path: 'request.trafficRouting', message: 'is required for a traffic_shift step' },
    ]);
  }
  const weights = { blue: 100 - step.toWeight, green: step.toWeight };
  const current = await dependencies.gateway.getTrafficWeights(routing);
  const base = { clusterName: step.greenClusterName };
  if (current.blue === weights.blue && current.green === weights.green) {
    return {
      ...base,
      status: 'skipped',
      message: `Traffic already ${weights.green}% green / ${weights.blue}% blue`,
    };
  }
  const changeId = await dependencies.gateway.setTrafficWeights(routing, weights);
  // Validation polls the change (GetChange) until every Route 53 DNS server has it.
  return {
    ...base,
    status: 'in_progress',
    ...(changeId ? { changeId } : {}),
    message: `Route 53 ${routing.recordName}: ${weights.green}% to ${step.greenClusterName}, ${weights.blue}% to ${step.blueClusterName} (change ${changeId})`,
  };
}

async function decommission(step: ClusterDecommissionStep, dependencies: Dependencies): Promise<Outcome> {
  const base = { clusterName: step.clusterName };
  const progress = await advanceClusterDeletion(dependencies.gateway, step.clusterName);
  const message = describeDeletion(step.clusterName, progress);
  return progress.state === 'gone'
    ? { ...base, status: 'skipped', message: `Cluster ${step.clusterName} is already gone` }
    : { ...base, status: 'in_progress', message };
}

async function requireCluster(gateway: ClusterGateway, clusterName: string) {
  const cluster = await gateway.describeCluster(clusterName);
  if (!cluster) {
    throw new ExecutionError(`Cluster ${clusterName} does not exist`, {
      phase: 'execution',
      status: 'NOT_FOUND',
    });
  }
  return cluster;
}

/**
 * Execution: performs one plan step and returns at once with what to poll. Safe under Step
 * Functions retries: a resource already at the step's target gives `skipped`; an update for the
 * same target already in progress (ListUpdates + DescribeUpdate, or EKS's
 * ResourceInUseException) is returned instead of starting a second one.
 *
 * @throws ExecutionError when the cluster is not where the step expects it, or another update blocks it.
 * @example
 * ```ts
 * const result = await executeStep({ request, step: plan.steps[0] }, { gateway, config });
 * // { status: 'in_progress', updateId: '…', pollAfterSeconds: 30, ... }
 * ```
 */
export async function executeStep(input: ExecutionInput, dependencies: Dependencies): Promise<StepResult> {
  const { request, step } = parseOrThrow(ExecutionInputSchema, input, 'execution input');
  const logger = dependencies.logger ?? silentLogger;
  const startedAt = (dependencies.clock ?? systemClock).now().toISOString();
  logger.info('Executing step', { stepId: step.id, kind: step.kind });
  let outcome: Outcome;
  switch (step.kind) {
    case 'control_plane_upgrade':
      outcome = await controlPlane(step, dependencies);
      break;
    case 'addon_upgrade':
      outcome = await addon(step, dependencies);
      break;
    case 'nodegroup_upgrade':
      outcome = await nodegroup(step, dependencies);
      break;
    case 'cluster_provision':
      outcome = await provision(step, dependencies);
      break;
    case 'nodegroup_provision':
      outcome = await provisionNodegroup(step, dependencies);
      break;
    case 'addon_install':
      outcome = await installAddon(step, dependencies);
      break;
    case 'traffic_shift':
      outcome = await traffic(step, request, dependencies);
      break;
    case 'cluster_decommission':
      outcome = await decommission(step, dependencies);
      break;
  }
  const result = parseOrThrow(
    StepResultSchema,
    {
      ...outcome,
      stepId: step.id,
      kind: step.kind,
      pollAfterSeconds:
        outcome.pollAfterSeconds ??
        (outcome.status === 'in_progress' ? dependencies.config.upgrade.pollIntervalSeconds : 0),
      startedAt,
    },
    'step result',
  );
  logger.info('Step executed', {
    stepId: step.id,
    status: result.status,
    updateId: result.updateId,
    changeId: result.changeId,
  });
  return result;
}
