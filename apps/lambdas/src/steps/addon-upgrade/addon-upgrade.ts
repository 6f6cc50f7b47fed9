import { ExecutionError } from '@eks-upgrade/core-models';
import { updateProgress } from '../shared/checks.js';
import { describeStart, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';
import { ADDON_ROLLBACK_OPERATIONS, rollBackAddons } from './addon-rollback.js';

/**
 * `addon_upgrade`: an EKS add-on to a version compatible with a control-plane hop (EKS
 * UpdateAddon). EKS does not roll add-ons back; for its native rollback, the ones that do not
 * support the control plane's previous minor are downgraded (`rollBackAddons`), the others said.
 */
export const addonUpgrade: StepKindModule<'addon_upgrade'> = {
  kind: 'addon_upgrade',
  example: {
    id: 'addon-coredns-1.30',
    kind: 'addon_upgrade',
    description: 'Update coredns',
    clusterName: 'prod',
    addonName: 'coredns',
    fromVersion: 'v1.11.1-eksbuild.8',
    toVersion: 'v1.11.1-eksbuild.9',
    kubernetesVersion: '1.30',
  },
  // UpdateAddon rolls the add-on's pods: a few minutes.
  typicalDurationSeconds: () => 3 * 60,
  describe: (step) =>
    `Update add-on ${step.addonName} of ${step.clusterName} ${step.fromVersion} → ${step.toVersion}`,
  operations: {
    execution: ['describeAddon', 'listUpdateIds', 'describeUpdate', 'updateAddon'],
    validation: ['describeUpdate'],
    rollback: ADDON_ROLLBACK_OPERATIONS,
  },

  async execute(step, { gateway }) {
    // The one add-on the step moves, not every add-on of the cluster.
    const installed = await gateway.describeAddon(step.clusterName, step.addonName);
    if (!installed) {
      throw new ExecutionError(`Add-on ${step.addonName} is not installed on ${step.clusterName}`, {
        phase: 'execution',
        status: 'PRECONDITION_FAILED',
      });
    }
    const base = { clusterName: step.clusterName, addonName: step.addonName };
    // Done already (a retry, or a redrive after the update ended): adopted, not started again.
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
      message: describeStart(
        update,
        resumed,
        `UpdateAddon ${step.addonName} ${installed.version} → ${step.toVersion}`,
      ),
    };
  },

  validation: {
    progress: (_step, result, { gateway }) => updateProgress(gateway, result),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { addonVersions: new Map([[step.addonName, step.toVersion]]) },
    }),
    finalExpectations: (step) => ({ addonVersions: new Map([[step.addonName, step.toVersion]]) }),
  },

  rollback: {
    kind: 'undo',
    target: 'addons',
    // EKS leaves add-ons alone; the ones that do not support N-1 are downgraded before it.
    undo: rollBackAddons,
  },
};
