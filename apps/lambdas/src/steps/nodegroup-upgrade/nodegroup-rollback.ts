import { compareKubernetesVersions } from '@eks-upgrade/core-models';
import { nativeRollbackTarget } from '../control-plane-upgrade/native-rollback.js';
import { firstVersions } from '../shared/first-versions.js';
import { describeError } from '../shared/rollback-report.js';
import { startOrResume } from '../shared/start-or-resume.js';
import { findInProgressUpdate } from '../shared/updates.js';
import type { GatewayOperation, RollbackContext, StepOfKind } from '../step-kind-module.js';

/** What `rollBackNodegroups` calls (`nativeRollbackTarget`'s reads included). */
export const NODEGROUP_ROLLBACK_OPERATIONS: readonly GatewayOperation[] = [
  'describeCluster',
  'listUpdateIds',
  'describeUpdate',
  'listNodegroups',
  'updateNodegroupVersion',
];

/**
 * The node groups' part of EKS native rollback: EKS rolls back the control plane only, and
 * managed node groups go back with UpdateNodegroupVersion — first, since the control plane may
 * never trail its nodes ("Roll back a cluster to a previous Kubernetes version",
 * https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html). For each node group
 * the plan moved that runs a kubelet newer than N-1 (N: the control plane's minor), this starts
 * UpdateNodegroupVersion to N-1 (or resumes the one running, on a later rollback pass) and
 * leaves it pending for the control plane's undo to see end; once the control plane's rollback
 * runs or ran, a node group at its version is reported where it stays. Nothing goes back when the control plane
 * cannot (then each moved group is reported where it stays), and one minor at most: a node group
 * a two-hop upgrade moved twice ends at the first hop's version, as the report says.
 */
export async function rollBackNodegroups(
  steps: readonly StepOfKind<'nodegroup_upgrade'>[],
  context: RollbackContext,
): Promise<void> {
  const { gateway, report } = context;
  for (const [clusterName, original] of firstVersions(steps, (step) => step.nodegroupName)) {
    const rollback = await nativeRollbackTarget(context, clusterName);
    for (const nodegroup of await gateway.listNodegroups(clusterName)) {
      const was = original.get(nodegroup.name);
      if (!was || was === nodegroup.version) continue;
      const target = `nodegroup:${nodegroup.name}`;
      const previous = rollback.possible ? rollback.previous : rollback.rolledBackTo;
      const rolledBack = context.earlier.find(
        (action) => action.target === target && (action.status === 'started' || action.status === 'undone'),
      );
      if (previous && nodegroup.version === previous && rolledBack) {
        // An earlier pass's UpdateNodegroupVersion took it here: back one minor, as far as EKS goes.
        report.act({
          target,
          status: 'undone',
          message: `${nodegroup.name} rolled back to ${previous}${rolledBack.updateId ? ` (update ${rolledBack.updateId})` : ''}`,
          ...(rolledBack.updateId ? { updateId: rolledBack.updateId } : {}),
        });
        if (previous !== was) {
          report.notUndone.push(
            `${target}: goes back to ${previous}, not to ${was}: EKS native rollback takes the cluster back one minor at most`,
          );
        }
        continue;
      }
      if (previous && compareKubernetesVersions(nodegroup.version, previous) <= 0) {
        report.act({
          target,
          status: 'not_possible',
          message: `${nodegroup.name} stays at ${nodegroup.version} (was ${was}): EKS native rollback takes the cluster back one minor, to ${previous}, at most`,
        });
        continue;
      }
      if (!rollback.possible) {
        report.act({
          target,
          status: 'not_possible',
          message: `${nodegroup.name} stays at ${nodegroup.version} (was ${was}): node groups go back only with the control plane's native rollback, which does not run here (${rollback.reason}); replace its nodes to go back`,
        });
        continue;
      }
      const { previous: rollbackTo } = rollback;
      // A custom-AMI group goes back by the launch template version it ran at that version:
      // EKS refuses a Kubernetes version for it (UpdateNodegroupVersion API reference,
      // https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html).
      const template = nodegroup.customAmi
        ? launchTemplateAt(steps, clusterName, nodegroup.name, rollbackTo)
        : undefined;
      if (nodegroup.customAmi && !template) {
        report.act({
          target,
          status: 'not_possible',
          message: `${nodegroup.name} stays at ${nodegroup.version} (was ${was}): it runs a custom AMI, which EKS moves back only by a launch template version, and the plan names none for ${rollbackTo}; roll it back with the template version it ran before`,
        });
        continue;
      }
      const scope = { nodegroupName: nodegroup.name };
      if (nodegroup.status === 'UPDATING' && !(await findInProgressUpdate(gateway, clusterName, scope))) {
        // Its update ended between the two reads: the next pass sees where it ended.
        report.pend(target, `${nodegroup.name}'s update just ended; looked at again on the next pass`);
        continue;
      }
      try {
        const { update, resumed } = await startOrResume(
          gateway,
          { clusterName, scope: { nodegroupName: nodegroup.name }, status: nodegroup.status },
          (running) =>
            template
              ? running.params.LaunchTemplateVersion === template.version
              : running.params.Version === rollbackTo,
          () =>
            template
              ? gateway.updateNodegroupVersion(clusterName, nodegroup.name, rollbackTo, {
                  launchTemplate: template,
                })
              : gateway.updateNodegroupVersion(clusterName, nodegroup.name, rollbackTo),
          `roll node group ${nodegroup.name} back to ${rollbackTo}`,
        );
        report.startUpdate(
          {
            target,
            status: 'started',
            message: `UpdateNodegroupVersion ${nodegroup.name} ${nodegroup.version} → ${rollbackTo}${template ? ` (launch template version ${template.version})` : ''}: update ${update.id} ${resumed ? 'was already in progress' : 'started'}`,
            updateId: update.id,
          },
          {
            clusterName,
            scope: { nodegroupName: nodegroup.name },
            undoneMessage: `${nodegroup.name} rolled back ${nodegroup.version} → ${rollbackTo} (update ${update.id})`,
          },
        );
      } catch (error) {
        report.act({
          target,
          status: 'failed',
          message: `Could not roll ${nodegroup.name} back to ${rollbackTo}: ${describeError(error)}`,
        });
        continue;
      }
      if (rollbackTo !== was) {
        report.notUndone.push(
          `${target}: goes back to ${rollbackTo}, not to ${was}: EKS native rollback takes the cluster back one minor at most`,
        );
      }
    }
  }
}

/**
 * The launch template (id or name, and version) a custom-AMI group ran at `version`, from the
 * plan's steps for it: the template version the step to `version` moved it to, or, for the
 * version it started from, the one its first step recorded (`fromLaunchTemplateVersion`).
 */
function launchTemplateAt(
  steps: readonly StepOfKind<'nodegroup_upgrade'>[],
  clusterName: string,
  nodegroupName: string,
  version: string,
): { id?: string; name?: string; version: string } | undefined {
  const own = steps.filter(
    (step) => step.clusterName === clusterName && step.nodegroupName === nodegroupName,
  );
  const reached = own.find((step) => step.toVersion === version && step.launchTemplate);
  if (reached) return reached.launchTemplate;
  const left = own.find(
    (step) => step.fromVersion === version && step.launchTemplate && step.fromLaunchTemplateVersion,
  );
  if (!left?.launchTemplate || !left.fromLaunchTemplateVersion) return undefined;
  const { id, name } = left.launchTemplate;
  return { ...(id ? { id } : { name: name! }), version: left.fromLaunchTemplateVersion };
}
