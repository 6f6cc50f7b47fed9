import { type PlanStep, StepDeferralSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { config, request } from './__fixtures__/snapshots.js';
import { executeOrDeferStep } from './execution.js';

// 2026-12-01 is a Tuesday; Berlin is on CET (UTC+1): the window opens at 21:00Z.
const WINDOW = 'Tue,Thu 22:00-04:00 Europe/Berlin';

function setup(now: string, windows: string[] = [WINDOW]) {
  const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
  const base = config();
  const dependencies = {
    gateway,
    config: { ...base, upgrade: { ...base.upgrade, maintenanceWindows: windows } },
    clock: { now: () => new Date(now) },
  };
  return { gateway, dependencies };
}

const controlPlaneHop: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'Upgrade the control plane of demo from 1.29 to 1.30',
  clusterName: DEMO_SCENARIO.cluster.name,
  fromVersion: '1.29',
  toVersion: '1.30',
};

describe('Function: executeOrDeferStep', () => {
  it('defers a control-plane hop outside the window, changing nothing', async () => {
    // Prepare
    const { gateway, dependencies } = setup('2026-12-01T12:00:00Z');

    // Act
    const result = await executeOrDeferStep(
      { request: request({ clusterName: 'demo' }), step: controlPlaneHop },
      dependencies,
    );

    // Assess
    expect(StepDeferralSchema.parse(result)).toEqual({
      stepId: 'cp-1.30',
      kind: 'control_plane_upgrade',
      clusterName: DEMO_SCENARIO.cluster.name,
      started: false,
      deferredUntil: '2026-12-01T21:00:00.000Z',
      deferredReason: `No maintenance window is open; waiting for ${WINDOW}, which opens at 2026-12-01T21:00:00.000Z with room for the 15 min the step typically takes`,
      message: 'Step cp-1.30 waits for its maintenance window until 2026-12-01T21:00:00.000Z',
    });
    expect(gateway.calls).toEqual([]);
  });

  it('starts the hop inside the window', async () => {
    // Prepare
    const { gateway, dependencies } = setup('2026-12-01T21:00:00Z');

    // Act
    const result = await executeOrDeferStep(
      { request: request({ clusterName: 'demo' }), step: controlPlaneHop },
      dependencies,
    );

    // Assess
    expect(result).toMatchObject({ stepId: 'cp-1.30', status: 'in_progress' });
    expect(gateway.calls.map((call) => call.operation)).toEqual(['UpdateClusterVersion']);
  });

  it('starts a step that disrupts nothing at once, window or not', async () => {
    // Prepare
    const { gateway, dependencies } = setup('2026-12-01T12:00:00Z');
    const addon: PlanStep = {
      id: 'addon-coredns',
      kind: 'addon_upgrade',
      description: 'Upgrade coredns',
      clusterName: DEMO_SCENARIO.cluster.name,
      addonName: 'coredns',
      fromVersion: 'v1.11.1-eksbuild.8',
      toVersion: 'v1.11.1-eksbuild.9',
      kubernetesVersion: '1.29',
    };

    // Act
    const result = await executeOrDeferStep(
      { request: request({ clusterName: 'demo' }), step: addon },
      dependencies,
    );

    // Assess
    expect(result).toMatchObject({ stepId: 'addon-coredns', status: 'in_progress' });
    expect(gateway.calls.map((call) => call.operation)).toEqual(['UpdateAddon']);
  });

  it('refuses a step no window is long enough for, naming the longest opening', async () => {
    // Prepare
    const { gateway, dependencies } = setup('2026-12-01T12:00:00Z', ['Tue 22:00-22:10 UTC']);

    // Act
    const error = await executeOrDeferStep(
      { request: request({ clusterName: 'demo' }), step: controlPlaneHop },
      dependencies,
    ).catch((caught) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'ExecutionError', status: 'NO_MAINTENANCE_WINDOW_FITS' });
    expect(error.message).toContain('typically takes 15 min, longer than any opening');
    expect(error.message).toContain('the longest is 10 min');
    expect(gateway.calls).toEqual([]);
  });
});
