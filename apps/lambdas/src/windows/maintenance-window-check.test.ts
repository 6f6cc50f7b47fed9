import { createDefaultAgentConfig, type PlanStep } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { PlanBuilder } from '../planner/plan-builder.js';
import { checkMaintenanceWindows } from './maintenance-window-check.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const ROLL: PlanStep = {
  id: 'ng-general-1.30',
  kind: 'nodegroup_upgrade',
  description: 'Upgrade node group general from 1.29 to 1.30',
  clusterName: 'prod',
  nodegroupName: 'general',
  fromVersion: '1.29',
  toVersion: '1.30',
};
const ADDON: PlanStep = {
  id: 'addon-coredns-1.30',
  kind: 'addon_upgrade',
  description: 'Update coredns',
  clusterName: 'prod',
  addonName: 'coredns',
  fromVersion: 'v1.11.1-eksbuild.8',
  toVersion: 'v1.11.1-eksbuild.9',
  kubernetesVersion: '1.30',
};

function check(windows: string[], steps: PlanStep[], executionTimeoutSeconds = 86_400) {
  const base = createDefaultAgentConfig();
  const builder = new PlanBuilder();
  const config = {
    ...base,
    upgrade: { ...base.upgrade, maintenanceWindows: windows },
    stepFunctions: { ...base.stepFunctions, executionTimeoutSeconds },
  };
  checkMaintenanceWindows(steps, config, builder, NOW);
  return builder;
}

describe('Function: checkMaintenanceWindows', () => {
  it('blocks a disruptive step longer than every opening, naming it and the longest opening', () => {
    const builder = check(['Tue,Thu 22:00-22:10 Europe/Berlin'], [ADDON, ROLL]);
    expect(builder.blockers).toEqual([
      {
        code: 'NO_MAINTENANCE_WINDOW_FITS',
        message:
          "Step ng-general-1.30 typically takes 20 min, longer than the longest opening of the maintenance windows (Tue,Thu 22:00-22:10 Europe/Berlin): 10 min. Widen a window (eks-upgrade config set upgrade.maintenanceWindows '[...]') and plan again",
        resource: 'ng-general-1.30',
      },
    ]);
  });

  it('passes steps that fit, steps that disrupt nothing, and plans without windows', () => {
    expect(check(['Tue 22:00-04:00 Europe/Berlin'], [ROLL]).blockers).toEqual([]);
    expect(check(['Tue 22:00-22:05 UTC'], [ADDON]).blockers).toEqual([]);
    expect(check([], [ROLL]).blockers).toEqual([]);
  });
});

describe('Function: checkMaintenanceWindows (deadline)', () => {
  it('blocks a plan whose waits for the windows outlast the workflow’s deadline, and says how to start it', () => {
    // Noon on Tuesday: the window opens at 21:00Z, nine hours on; the default timeout is four hours.
    const builder = check(['Tue 22:00-04:00 Europe/Berlin'], [ADDON, ROLL], 4 * 3600);
    expect(builder.blockers.map((blocker) => blocker.code)).toEqual(['MAINTENANCE_WINDOWS_PAST_DEADLINE']);
    expect(builder.blockers[0]?.message).toContain(
      'typically ends 9 h 20 min after it starts (around 2026-12-01T21:20:00.000Z), past the 4 h the workflow gives its steps',
    );
    expect(builder.blockers[0]?.message).toContain(
      'Start it when a window opens (eks-upgrade start --at TIME), or raise stepFunctions.executionTimeoutSeconds above 33600',
    );
  });

  it('passes a plan that fits in the time the workflow gives it, waits included', () => {
    const base = createDefaultAgentConfig();
    const builder = new PlanBuilder();
    const config = {
      ...base,
      upgrade: { ...base.upgrade, maintenanceWindows: ['Tue 22:00-04:00 Europe/Berlin'] },
      stepFunctions: { ...base.stepFunctions, executionTimeoutSeconds: 86_400 },
    };
    checkMaintenanceWindows([ADDON, ROLL], config, builder, NOW);
    expect(builder.blockers).toEqual([]);
  });
});
