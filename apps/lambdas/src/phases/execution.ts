import {
  type AddonUpgradeStep,
  type ClusterDecommissionStep,
  type ClusterProvisionStep,
  type ControlPlaneUpgradeStep,
  compareKubernetesVersions,
  ExecutionError,
  type ExecutionInput,
  ExecutionInputSchema,
  type NodegroupUpgradeStep,
  parseOrThrow,
  type StepResult,
  StepResultSchema,
  type TrafficShiftStep,
  type UpgradeRequest,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { ClusterGateway, UpdateInfo, UpdateScope } from '../gateway/cluster-gateway.js';
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
  return {
    ...base,
    status: 'succeeded',
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
  logger.info('Step executed', { stepId: step.id, status: result.status, updateId: result.updateId });
  return result;
}
