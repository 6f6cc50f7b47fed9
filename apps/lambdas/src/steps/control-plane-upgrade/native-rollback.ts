import { minorVersionDistance } from '@eks-upgrade/core-models';
import type { ClusterInfo } from '../../gateway/cluster-gateway.js';
import { describeError, type RollbackReport } from '../shared/rollback-report.js';
import { findInProgressUpdate, findLastVersionUpdate } from '../shared/updates.js';
import type { GatewayOperation, RollbackContext } from '../step-kind-module.js';
import { settleStartedUpdates } from './settle-started-updates.js';

/**
 * EKS native rollback is possible for 7 days after an in-place upgrade completed
 * (https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html, Prerequisites).
 */
export const NATIVE_ROLLBACK_WINDOW_DAYS = 7;

/** What `rollBackControlPlane` calls. */
export const NATIVE_ROLLBACK_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listUpdateIds',
  'describeUpdate',
  'listNodegroups',
  'listInsights',
  'updateClusterVersion',
];

/** The minor version before `version` (`1.31` → `1.30`). */
function previousMinor(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) - 1}`;
}

/**
 * Where EKS native rollback would take a cluster, or why it would not. `rolledBackTo`: a native
 * rollback to that version is running (`in_progress`) or done (`not_needed`), so nothing is to
 * start: EKS goes back one minor, once.
 */
export type NativeRollbackTarget =
  | { possible: true; cluster: ClusterInfo; previous: string }
  | {
      possible: false;
      status: 'not_needed' | 'not_possible' | 'in_progress';
      reason: string;
      updateId?: string;
      rolledBackTo?: string;
    };

/**
 * Whether EKS native rollback can take the cluster back one minor, and to which version: the
 * cluster exists, no update of it is running (EKS cannot cancel one), the plan moved it, and the
 * last in-place version update to its current version is on record within 7 days. EKS counts
 * the 7 days from the upgrade's completion, but DescribeUpdate gives only `createdAt` (the
 * `Update` type of `@aws-sdk/client-eks` has no completion time), so the window is counted from
 * the creation, conservatively: a rollback EKS would still take on its last hours is refused.
 * The node group and add-on undos ask this first: they move nothing back for a control plane
 * that stays.
 */
export function nativeRollbackTarget(
  context: RollbackContext,
  clusterName: string,
): Promise<NativeRollbackTarget> {
  // Asked by three undos of one rollback run: read EKS once per run (its report) and cluster.
  const known = TARGETS.get(context.report) ?? new Map<string, Promise<NativeRollbackTarget>>();
  TARGETS.set(context.report, known);
  const target =
    known.get(clusterName) ??
    readNativeRollbackTarget(context, clusterName).catch((error: unknown) => {
      known.delete(clusterName); // a failed read is tried again by the next undo
      throw error;
    });
  known.set(clusterName, target);
  return target;
}

const TARGETS = new WeakMap<RollbackReport, Map<string, Promise<NativeRollbackTarget>>>();

async function readNativeRollbackTarget(
  context: RollbackContext,
  clusterName: string,
): Promise<NativeRollbackTarget> {
  const { gateway, plan } = context;
  let cluster = await gateway.describeCluster(clusterName);
  if (!cluster)
    return { possible: false, status: 'not_possible', reason: `Cluster ${clusterName} no longer exists` };
  const running =
    cluster.status === 'UPDATING' ? await findInProgressUpdate(gateway, clusterName, {}) : undefined;
  if (cluster.status === 'UPDATING' && !running) {
    // The update ended between the two reads: judge the cluster as it is now.
    cluster = await gateway.describeCluster(clusterName);
    if (!cluster)
      return { possible: false, status: 'not_possible', reason: `Cluster ${clusterName} no longer exists` };
  }
  if (running?.type === 'VersionRollback') {
    // Started by an earlier pass of this rollback (or by the operator): the rollback we want.
    return {
      possible: false,
      status: 'in_progress',
      reason: `EKS native rollback ${cluster.version} → ${running.params.Version ?? '?'} (update ${running.id})`,
      updateId: running.id,
      ...(running.params.Version ? { rolledBackTo: running.params.Version } : {}),
    };
  }
  if (running) {
    return {
      possible: false,
      status: 'not_possible',
      reason: `Update ${running.id} (${running.type} to ${running.params.Version ?? '?'}) is still in progress and EKS cannot cancel it; run rollback again when it ends`,
      updateId: running.id,
    };
  }
  if (minorVersionDistance(plan.sourceVersion, cluster.version) <= 0) {
    return { possible: false, status: 'not_needed', reason: `Control plane still runs ${cluster.version}` };
  }
  const last = await findLastVersionUpdate(gateway, clusterName, ['VersionUpdate', 'VersionRollback']);
  if (last?.type === 'VersionRollback' && last.params.Version === cluster.version) {
    return {
      possible: false,
      status: 'not_needed',
      reason: `The control plane was rolled back to ${cluster.version} (update ${last.id}); EKS native rollback goes back one minor, once`,
      updateId: last.id,
      rolledBackTo: cluster.version,
    };
  }
  if (!last?.createdAt || last.params.Version !== cluster.version) {
    return {
      possible: false,
      status: 'not_possible',
      reason: `No in-place upgrade to ${cluster.version} is on record, so EKS native rollback does not apply`,
    };
  }
  const ageMs = context.now.getTime() - Date.parse(last.createdAt);
  if (ageMs > NATIVE_ROLLBACK_WINDOW_DAYS * 24 * 3600 * 1000) {
    return {
      possible: false,
      status: 'not_possible',
      reason: `The upgrade to ${cluster.version} is older than ${NATIVE_ROLLBACK_WINDOW_DAYS} days; EKS native rollback is no longer available`,
    };
  }
  return { possible: true, cluster, previous: previousMinor(cluster.version) };
}

/**
 * Takes the control plane of the plan's cluster back one minor with EKS native rollback
 * (UpdateClusterVersion to N-1 with `rollbackConfig`; EKS records it as a `VersionRollback`
 * update), the last part of EKS's choreography
 * (https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html): the node group and
 * add-on undos, run before this one, started UpdateNodegroupVersion to N-1 for the node groups
 * at N and UpdateAddon for the add-ons that do not support N-1; while those updates run
 * (`settleStartedUpdates`, no waiting) the control plane's undo is pending, for a later pass of
 * the rollback (the workflow runs it again after a poll interval); then it refuses while a node group still
 * runs a kubelet newer than N-1 (the control plane may never trail its nodes) or while a
 * ROLLBACK_READINESS insight is ERROR (with its reason), then starts the rollback. EKS waits
 * `upgrade.nativeRollbackTimeoutMinutes` (`rollbackConfig.timeoutMinutes`) before cancelling
 * it. One minor only: after a two-hop upgrade the control plane goes back to the first hop's
 * version at best, and the report says so.
 * See https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html
 */
export async function rollBackControlPlane(context: RollbackContext): Promise<void> {
  const { gateway, plan, report } = context;
  const target = 'control-plane';
  const rollback = await nativeRollbackTarget(context, plan.clusterName);
  if (!rollback.possible) {
    report.act({
      target,
      status: rollback.status === 'in_progress' ? 'started' : rollback.status,
      message: rollback.reason,
      ...(rollback.updateId ? { updateId: rollback.updateId } : {}),
    });
    if (rollback.status === 'in_progress') report.pend(target, `${rollback.reason} in progress`);
    if (rollback.rolledBackTo && minorVersionDistance(plan.sourceVersion, rollback.rolledBackTo) > 0) {
      report.notUndone.push(
        `control-plane: goes back to ${rollback.rolledBackTo}, not to ${plan.sourceVersion}: EKS rolls back one minor version only`,
      );
    }
    return;
  }
  const { cluster, previous } = rollback;
  if (minorVersionDistance(plan.sourceVersion, cluster.version) > 1) {
    report.notUndone.push(
      `control-plane: EKS rolls back one minor version only; the control plane can go back to ${previous} at best, not to ${plan.sourceVersion}`,
    );
  }
  const stillRunning = await settleStartedUpdates(context);
  if (stillRunning.length > 0) {
    report.pend(
      target,
      `rolls back ${cluster.version} → ${previous} once ${stillRunning.map((update) => `${update.target} (update ${update.updateId})`).join(', ')} ended`,
    );
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
  const blocking = (await gateway.listInsights(plan.clusterName, 'ROLLBACK_READINESS')).filter(
    (insight) => insight.status === 'ERROR',
  );
  if (blocking.length > 0) {
    report.act({
      target,
      status: 'not_possible',
      message: `EKS rollback readiness says no: ${blocking.map((insight) => `${insight.name}: ${insight.reason || insight.description}`).join('; ')}; the control plane stays at ${cluster.version}`,
    });
    return;
  }
  try {
    const update = await gateway.updateClusterVersion(plan.clusterName, previous, {
      rollback: true,
      rollbackTimeoutMinutes: context.config.upgrade.nativeRollbackTimeoutMinutes,
    });
    report.act({
      target,
      status: 'started',
      message: `EKS native rollback ${cluster.version} → ${previous} started`,
      updateId: update.id,
    });
    report.pend(
      target,
      `EKS native rollback ${cluster.version} → ${previous} (update ${update.id}) in progress`,
    );
  } catch (error) {
    report.act({
      target,
      status: 'failed',
      message: `EKS refused the rollback to ${previous}: ${describeError(error)}`,
    });
  }
}
