import type { AddonInfo, AddonVersionsInfo } from '../../gateway/cluster-gateway.js';
import { nativeRollbackTarget } from '../control-plane-upgrade/native-rollback.js';
import { firstVersions } from '../shared/first-versions.js';
import { describeError } from '../shared/rollback-report.js';
import { startOrResume } from '../shared/start-or-resume.js';
import type { GatewayOperation, RollbackContext, StepOfKind } from '../step-kind-module.js';

/** What `rollBackAddons` calls (`nativeRollbackTarget`'s reads included). */
export const ADDON_ROLLBACK_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listUpdateIds',
  'describeUpdate',
  'listAddons',
  'describeAddonVersions',
  'updateAddon',
];

/**
 * The version to take an add-on to before the control plane goes back to N-1: EKS's default
 * for N-1 when the cluster (still at N) accepts it, else the newest version both accept
 * (UpdateAddon installs only versions DescribeAddonVersions lists for the cluster's current
 * version); `undefined` when they share none.
 */
function downgradeTarget(forPrevious: AddonVersionsInfo, forCurrent: AddonVersionsInfo): string | undefined {
  const installable = new Set(forCurrent.versions);
  if (forPrevious.defaultVersion && installable.has(forPrevious.defaultVersion))
    return forPrevious.defaultVersion;
  return forPrevious.versions.find((version) => installable.has(version));
}

/**
 * The add-ons' part of EKS native rollback: EKS leaves add-on versions alone and its rollback
 * readiness checks that they support N-1 ("Roll back a cluster to a previous Kubernetes
 * version", https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html). Of the
 * add-ons the plan moved, one whose version DescribeAddonVersions does not list for N-1 is
 * downgraded with UpdateAddon (`downgradeTarget`), left for the control plane's undo to wait
 * for; one that supports N-1 stays where the plan moved it, and both are said. Nothing moves
 * when the control plane is not rolled back.
 */
export async function rollBackAddons(
  steps: readonly StepOfKind<'addon_upgrade'>[],
  context: RollbackContext,
): Promise<void> {
  const { gateway, report } = context;
  for (const [clusterName, original] of firstVersions(steps, (step) => step.addonName)) {
    const rollback = await nativeRollbackTarget(context, clusterName);
    const moved = (await gateway.listAddons(clusterName)).filter(
      (addon) => original.has(addon.name) && original.get(addon.name) !== addon.version,
    );
    if (moved.length === 0) continue;
    if (!rollback.possible) {
      for (const addon of moved) {
        if (
          rollback.rolledBackTo &&
          reportedDowngraded(context, clusterName, addon, original.get(addon.name)!, rollback.rolledBackTo)
        )
          continue;
        report.act({
          target: `addon:${addon.name}`,
          status: 'not_possible',
          message: `EKS does not roll back add-ons: ${addon.name} stays at ${addon.version} (was ${original.get(addon.name)})`,
        });
      }
      continue;
    }
    const names = moved.map((addon) => addon.name);
    const [forPrevious, forCurrent] = await Promise.all([
      gateway.describeAddonVersions(names, rollback.previous),
      gateway.describeAddonVersions(names, rollback.cluster.version),
    ]);
    for (const addon of moved) {
      const previous = forPrevious.find((entry) => entry.addonName === addon.name);
      const current = forCurrent.find((entry) => entry.addonName === addon.name);
      await rollBackAddon(context, clusterName, addon, original.get(addon.name)!, {
        previousVersion: rollback.previous,
        currentVersion: rollback.cluster.version,
        previous,
        current,
      });
    }
  }
}

/**
 * Reports the downgrade an earlier pass of the rollback started: still running (the add-on is
 * UPDATING), it is resumed as pending, for the control plane's undo to see end; otherwise the
 * add-on is on a version for `previousVersion` because that UpdateAddon took it there: `undone`.
 * False when no earlier pass downgraded it.
 */
function reportedDowngraded(
  context: RollbackContext,
  clusterName: string,
  addon: AddonInfo,
  was: string,
  previousVersion: string,
): boolean {
  const target = `addon:${addon.name}`;
  const downgraded = context.earlier.find(
    (action) => action.target === target && (action.status === 'started' || action.status === 'undone'),
  );
  if (!downgraded) return false;
  if (addon.status === 'UPDATING' && downgraded.updateId) {
    context.report.startUpdate(
      { target, status: 'started', message: downgraded.message, updateId: downgraded.updateId },
      {
        clusterName,
        scope: { addonName: addon.name },
        undoneMessage: `${addon.name} downgraded to ${addon.version} for ${previousVersion} (update ${downgraded.updateId})`,
      },
    );
    return true;
  }
  context.report.act({
    target,
    status: 'undone',
    message: `${addon.name} downgraded to ${addon.version} for ${previousVersion}${downgraded.updateId ? ` (update ${downgraded.updateId})` : ''}`,
    ...(downgraded.updateId ? { updateId: downgraded.updateId } : {}),
  });
  context.report.notUndone.push(
    `${target}: goes to ${addon.version} for ${previousVersion}, not back to ${was}`,
  );
  return true;
}

async function rollBackAddon(
  context: RollbackContext,
  clusterName: string,
  addon: AddonInfo,
  was: string,
  versions: {
    previousVersion: string;
    currentVersion: string;
    previous: AddonVersionsInfo | undefined;
    current: AddonVersionsInfo | undefined;
  },
): Promise<void> {
  const { gateway, report } = context;
  const { previousVersion, currentVersion } = versions;
  const target = `addon:${addon.name}`;
  if (versions.previous?.versions.includes(addon.version)) {
    if (reportedDowngraded(context, clusterName, addon, was, previousVersion)) return;
    report.act({
      target,
      status: 'not_possible',
      message: `EKS does not roll back add-ons: ${addon.name} stays at ${addon.version} (was ${was}), which supports ${previousVersion}`,
    });
    return;
  }
  const downgrade =
    versions.previous && versions.current ? downgradeTarget(versions.previous, versions.current) : undefined;
  if (!downgrade) {
    report.act({
      target,
      status: 'not_possible',
      message: `${addon.name} ${addon.version} does not support ${previousVersion}, and no version EKS lists for ${previousVersion} installs while the control plane runs ${currentVersion}; downgrade it (UpdateAddon) once the control plane is back at ${previousVersion} (was ${was})`,
    });
    return;
  }
  try {
    const { update, resumed } = await startOrResume(
      gateway,
      { clusterName, scope: { addonName: addon.name }, status: addon.status },
      (running) => running.params.AddonVersion === downgrade,
      () => gateway.updateAddon(clusterName, addon.name, downgrade),
      `downgrade add-on ${addon.name} to ${downgrade}`,
    );
    report.startUpdate(
      {
        target,
        status: 'started',
        message: `UpdateAddon ${addon.name} ${addon.version} → ${downgrade} (${addon.version} does not support ${previousVersion}): update ${update.id} ${resumed ? 'was already in progress' : 'started'}`,
        updateId: update.id,
      },
      {
        clusterName,
        scope: { addonName: addon.name },
        undoneMessage: `${addon.name} downgraded ${addon.version} → ${downgrade} for ${previousVersion} (update ${update.id})`,
      },
    );
  } catch (error) {
    report.act({
      target,
      status: 'failed',
      message: `Could not downgrade ${addon.name} to ${downgrade}: ${describeError(error)}`,
    });
    return;
  }
  if (downgrade !== was) {
    report.notUndone.push(`${target}: goes to ${downgrade} for ${previousVersion}, not back to ${was}`);
  }
}
