import { ExecutionError } from '@eks-upgrade/core-models';
import { updateProgress } from '../shared/checks.js';
import { firstVersions } from '../shared/first-versions.js';
import { describeStart, startOrResume } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `addon_upgrade`: an EKS add-on to a version compatible with a control-plane hop (EKS
 * UpdateAddon). EKS does not roll add-ons back, so rollback reports each one that moved.
 */
export const addonUpgrade: StepKindModule<'addon_upgrade'> = {
  kind: 'addon_upgrade',
  describe: (step) =>
    `Update add-on ${step.addonName} of ${step.clusterName} ${step.fromVersion} → ${step.toVersion}`,
  operations: {
    execution: ['listAddons', 'listUpdateIds', 'describeUpdate', 'updateAddon'],
    validation: ['describeUpdate'],
    rollback: ['listAddons'],
  },

  async execute(step, { gateway }) {
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
    // EKS native rollback covers the control plane only, so the honest undo is to say which
    // add-ons stay where the plan moved them.
    async undo(steps, { gateway, report }) {
      for (const [clusterName, original] of firstVersions(steps, (step) => step.addonName)) {
        for (const addon of await gateway.listAddons(clusterName)) {
          const was = original.get(addon.name);
          if (!was || was === addon.version) continue;
          report.act({
            target: `addon:${addon.name}`,
            status: 'not_possible',
            message: `EKS does not roll back add-ons: ${addon.name} stays at ${addon.version} (was ${was})`,
          });
        }
      }
    },
  },
};
