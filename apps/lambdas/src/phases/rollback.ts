import {
  minorVersionDistance,
  parseOrThrow,
  type RollbackAction,
  type RollbackInput,
  RollbackInputSchema,
  type RollbackResult,
  RollbackResultSchema,
  type UpgradePlan,
  type UpgradeRequest,
  UpgradeStrategy,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import { advanceClusterDeletion, describeDeletion } from './cluster-deletion.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';
import { greenClusterNameFor } from './reasoning.js';
import { findInProgressUpdate, findLastVersionUpdate } from './updates.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;

/** EKS native rollback is possible for 7 days after an in-place upgrade. */
export const NATIVE_ROLLBACK_WINDOW_DAYS = 7;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Report {
  readonly actions: RollbackAction[] = [];
  readonly notUndone: string[] = [];

  act(action: RollbackAction): void {
    this.actions.push(action);
    if (action.status === 'not_possible' || action.status === 'failed')
      this.notUndone.push(`${action.target}: ${action.message}`);
  }
}

async function rollBackTraffic(
  gateway: ClusterGateway,
  request: UpgradeRequest,
  report: Report,
): Promise<boolean> {
  const routing = request.trafficRouting;
  if (!routing) {
    report.act({ target: 'traffic', status: 'not_needed', message: 'No traffic routing in the request' });
    return true;
  }
  const blue = await gateway.describeCluster(request.clusterName);
  const weights = await gateway.getTrafficWeights(routing);
  if (!weights.green) {
    report.act({
      target: 'traffic',
      status: 'not_needed',
      message: `All traffic already on ${request.clusterName}`,
    });
    return true;
  }
  if (!blue || blue.status === 'DELETING') {
    report.act({
      target: 'traffic',
      status: 'not_possible',
      message: `The blue cluster ${request.clusterName} is ${blue ? 'being deleted' : 'gone'}; traffic stays ${weights.green}% on green`,
    });
    return false;
  }
  try {
    const changeId = await gateway.setTrafficWeights(routing, { blue: 100, green: 0 });
    report.act({
      target: 'traffic',
      status: 'undone',
      message: `Route 53 ${routing.recordName} back to 100% ${request.clusterName} (was ${weights.green}% green; change ${changeId})`,
    });
  } catch (error) {
    report.act({
      target: 'traffic',
      status: 'failed',
      message: `Could not move traffic back to blue: ${describeError(error)}`,
    });
  }
  return true;
}

async function removeGreen(gateway: ClusterGateway, request: UpgradeRequest, report: Report): Promise<void> {
  const green = greenClusterNameFor(request);
  const cluster = await gateway.describeCluster(green);
  if (!cluster) {
    report.act({
      target: 'green-cluster',
      status: 'not_needed',
      message: `Green cluster ${green} was not created`,
    });
    return;
  }
  try {
    const progress = await advanceClusterDeletion(gateway, green);
    report.act({ target: 'green-cluster', status: 'started', message: describeDeletion(green, progress) });
    if (progress.state === 'nodegroups_deleting') {
      report.notUndone.push(
        `green-cluster: ${green} itself is deleted only once its node groups are gone; run rollback again or delete it then`,
      );
    }
  } catch (error) {
    report.act({
      target: 'green-cluster',
      status: 'failed',
      message: `Could not delete ${green}: ${describeError(error)}`,
    });
  }
}

async function reportDataPlane(gateway: ClusterGateway, plan: UpgradePlan, report: Report): Promise<void> {
  const [nodegroups, addons] = await Promise.all([
    gateway.listNodegroups(plan.clusterName),
    gateway.listAddons(plan.clusterName),
  ]);
  const originalNodegroup = new Map<string, string>();
  const originalAddon = new Map<string, string>();
  for (const step of plan.steps) {
    if (step.kind === 'nodegroup_upgrade' && !originalNodegroup.has(step.nodegroupName)) {
      originalNodegroup.set(step.nodegroupName, step.fromVersion);
    }
    if (step.kind === 'addon_upgrade' && !originalAddon.has(step.addonName))
      originalAddon.set(step.addonName, step.fromVersion);
  }
  // Reverse order: node groups moved last, so they are reported first.
  for (const nodegroup of nodegroups) {
    const original = originalNodegroup.get(nodegroup.name);
    if (!original || original === nodegroup.version) continue;
    report.act({
      target: `nodegroup:${nodegroup.name}`,
      status: 'not_possible',
      message: `Managed node groups are not rolled back: ${nodegroup.name} stays at ${nodegroup.version} (was ${original}); replace its nodes to go back`,
    });
  }
  for (const addon of addons) {
    const original = originalAddon.get(addon.name);
    if (!original || original === addon.version) continue;
    report.act({
      target: `addon:${addon.name}`,
      status: 'not_possible',
      message: `EKS does not roll back add-ons: ${addon.name} stays at ${addon.version} (was ${original})`,
    });
  }
}

async function rollBackControlPlane(
  gateway: ClusterGateway,
  plan: UpgradePlan,
  now: Date,
  rollbackTimeoutMinutes: number,
  report: Report,
): Promise<void> {
  const target = 'control-plane';
  const cluster = await gateway.describeCluster(plan.clusterName);
  if (!cluster) {
    report.act({ target, status: 'not_possible', message: `Cluster ${plan.clusterName} no longer exists` });
    return;
  }
  const moved = minorVersionDistance(plan.sourceVersion, cluster.version);
  const running =
    cluster.status === 'UPDATING' ? await findInProgressUpdate(gateway, plan.clusterName, {}) : undefined;
  if (running) {
    report.act({
      target,
      status: 'not_possible',
      message: `Update ${running.id} (${running.type} to ${running.params.Version ?? '?'}) is still in progress and EKS cannot cancel it; run rollback again when it ends`,
      updateId: running.id,
    });
    return;
  }
  if (moved <= 0) {
    report.act({ target, status: 'not_needed', message: `Control plane still runs ${cluster.version}` });
    return;
  }
  const previous = `${cluster.version.split('.')[0]}.${Number(cluster.version.split('.')[1]) - 1}`;
  if (moved > 1) {
    report.notUndone.push(
      `control-plane: EKS rolls back one minor version only; the control plane can go back to ${previous} at best, not to ${plan.sourceVersion}`,
    );
  }
  const last = await findLastVersionUpdate(gateway, plan.clusterName);
  const ageMs = last?.createdAt ? now.getTime() - Date.parse(last.createdAt) : Number.POSITIVE_INFINITY;
  if (!last || last.params.Version !== cluster.version) {
    report.act({
      target,
      status: 'not_possible',
      message: `No in-place upgrade to ${cluster.version} is on record, so EKS native rollback does not apply`,
    });
    return;
  }
  if (ageMs > NATIVE_ROLLBACK_WINDOW_DAYS * 24 * 3600 * 1000) {
    report.act({
      target,
      status: 'not_possible',
      message: `The upgrade to ${cluster.version} is older than ${NATIVE_ROLLBACK_WINDOW_DAYS} days; EKS native rollback is no longer available`,
    });
    return;
  }
  const nodegroups = await gateway.listNodegroups(plan.clusterName);
  const ahead = nodegroups.filter((nodegroup) => minorVersionDistance(previous, nodegroup.version) > 0);
  if (ahead.length > 0) {
    report.act({
      target,
      status: 'not_possible',
      message: `Node groups ${ahead.map((nodegroup) => `${nodegroup.name} (${nodegroup.version})`).join(', ')} run a kubelet newer than ${previous}, which the control plane may never trail; the control plane stays at ${cluster.version}`,
    });
    return;
  }
  try {
    const update = await gateway.updateClusterVersion(plan.clusterName, previous, {
      rollback: true,
      rollbackTimeoutMinutes,
    });
    report.act({
      target,
      status: 'started',
      message: `EKS native rollback ${cluster.version} → ${previous} started`,
      updateId: update.id,
    });
  } catch (error) {
    report.act({
      target,
      status: 'failed',
      message: `EKS refused the rollback to ${previous}: ${describeError(error)}`,
    });
  }
}

/**
 * Rollback: undoes what can be undone, in reverse order, and says plainly what cannot. Blue/green:
 * traffic back to 100 % blue (unless blue is gone), then the green cluster deleted. In place:
 * node groups and add-ons that moved are reported (EKS rolls neither back), then the control
 * plane goes back one minor with EKS native rollback when allowed (N-1, within 7 days of the
 * in-place upgrade, no update running, no node group ahead of N-1), with EKS keeping the
 * rollback window open `upgrade.nativeRollbackTimeoutMinutes`. `success` is false only
 * when an attempted undo failed.
 *
 * @example
 * ```ts
 * const report = await rollbackUpgrade({ request, plan, failure: { Error: 'ValidationError', Cause: '…' } }, { gateway, config });
 * report.notUndone.forEach((line) => console.error(line));
 * ```
 */
export async function rollbackUpgrade(
  input: RollbackInput,
  dependencies: Dependencies,
): Promise<RollbackResult> {
  const { request, plan, failure } = parseOrThrow(RollbackInputSchema, input, 'rollback input');
  const { gateway } = dependencies;
  const logger = dependencies.logger ?? silentLogger;
  const now = (dependencies.clock ?? systemClock).now();
  logger.warn('Rolling back', {
    clusterName: request.clusterName,
    error: failure.Error,
    planId: plan?.planId,
  });
  const report = new Report();
  const strategy = plan?.strategy ?? request.strategy;
  // Best effort: one part failing to read must not stop the others; the failure is reported.
  const guard = async (target: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      report.act({
        target,
        status: 'failed',
        message: `Could not inspect ${target}: ${describeError(error)}`,
      });
    }
  };
  if (strategy === UpgradeStrategy.BLUE_GREEN) {
    let blueServes = true;
    await guard('traffic', async () => {
      blueServes = await rollBackTraffic(gateway, request, report);
    });
    if (blueServes) await guard('green-cluster', () => removeGreen(gateway, request, report));
    else
      report.notUndone.push(`green-cluster: ${greenClusterNameFor(request)} kept, as it carries the traffic`);
  } else if (!plan) {
    report.act({
      target: 'control-plane',
      status: 'not_needed',
      message: 'No plan was made, so nothing was executed',
    });
  } else {
    await guard('data-plane', () => reportDataPlane(gateway, plan, report));
    await guard('control-plane', () =>
      rollBackControlPlane(
        gateway,
        plan,
        now,
        dependencies.config.upgrade.nativeRollbackTimeoutMinutes,
        report,
      ),
    );
  }
  const success = !report.actions.some((action) => action.status === 'failed');
  const done = report.actions.filter((action) => action.status === 'undone' || action.status === 'started');
  const summary = `Rollback of ${request.clusterName} after ${failure.Error}: ${done.length} action(s) taken, ${report.notUndone.length} thing(s) not undone${success ? '' : ', some undo failed'}`;
  const result = parseOrThrow(
    RollbackResultSchema,
    {
      clusterName: request.clusterName,
      success,
      actions: report.actions,
      notUndone: report.notUndone,
      summary,
      completedAt: (dependencies.clock ?? systemClock).now().toISOString(),
    },
    'rollback result',
  );
  logger.info('Rollback done', {
    success,
    actions: result.actions.length,
    notUndone: result.notUndone.length,
  });
  return result;
}
