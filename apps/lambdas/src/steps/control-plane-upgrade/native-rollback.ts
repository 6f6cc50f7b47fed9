import { minorVersionDistance } from '@eks-upgrade/core-models';
import { describeError } from '../shared/rollback-report.js';
import { findInProgressUpdate, findLastVersionUpdate } from '../shared/updates.js';
import type { GatewayOperation, RollbackContext } from '../step-kind-module.js';

/** EKS native rollback is possible for 7 days after an in-place upgrade. */
export const NATIVE_ROLLBACK_WINDOW_DAYS = 7;

/** What `rollBackControlPlane` calls. */
export const NATIVE_ROLLBACK_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listUpdateIds',
  'describeUpdate',
  'listNodegroups',
  'updateClusterVersion',
];

/**
 * Takes the control plane of the plan's cluster back one minor with EKS native rollback
 * (UpdateClusterVersion to N-1 with `rollbackConfig`), when EKS allows it: the last in-place
 * version update (its creation time, conservatively) within 7 days, no update running, and no
 * node group on a kubelet newer than N-1 (the control plane may never trail its nodes). EKS keeps
 * the rollback window open `upgrade.nativeRollbackTimeoutMinutes`.
 * See https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html
 */
export async function rollBackControlPlane(context: RollbackContext): Promise<void> {
  const { gateway, plan, report } = context;
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
  const ageMs = last?.createdAt
    ? context.now.getTime() - Date.parse(last.createdAt)
    : Number.POSITIVE_INFINITY;
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
      rollbackTimeoutMinutes: context.config.upgrade.nativeRollbackTimeoutMinutes,
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
