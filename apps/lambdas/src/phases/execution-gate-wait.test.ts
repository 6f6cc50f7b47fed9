import { GateWaitSchema, type PlanStep } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { config, request } from './__fixtures__/snapshots.js';
import { executeOrDeferStep, gateWaitOf } from './execution.js';

const workloadGate: PlanStep = {
  id: 'gate-workload',
  kind: 'approval_gate',
  description: 'Deploy the workloads to green, then approve',
  clusterName: DEMO_SCENARIO.cluster.name,
  gate: {
    purpose: 'workload',
    summary: 'Workloads on green?',
    timeoutSeconds: 3600,
    acceptsTrafficTarget: false,
  },
};

describe('Function: gateWaitOf', () => {
  it("cuts a gate's wait at the deadline, and keeps its own timeout when the deadline is further or absent", () => {
    // Act
    const cut = gateWaitOf(workloadGate, '2026-12-01T12:00:00Z', new Date('2026-12-01T11:30:00Z'));
    const own = gateWaitOf(workloadGate, '2026-12-01T15:00:00Z', new Date('2026-12-01T11:30:00Z'));
    const none = gateWaitOf(workloadGate, undefined, new Date('2026-12-01T11:30:00Z'));
    const past = gateWaitOf(workloadGate, '2026-12-01T11:00:00Z', new Date('2026-12-01T11:30:00Z'));
    // Assess
    expect(cut).toEqual({
      stepId: 'gate-workload',
      kind: 'approval_gate',
      clusterName: DEMO_SCENARIO.cluster.name,
      waitSeconds: 1800,
      cutByDeadline: true,
      message:
        "Gate gate-workload may wait 1800 s: the workflow's deadline 2026-12-01T12:00:00Z comes before its own 3600 s timeout",
    });
    expect([own.waitSeconds, own.cutByDeadline]).toEqual([3600, false]);
    expect([none.waitSeconds, none.cutByDeadline]).toEqual([3600, false]);
    // Past the deadline: Step Functions' smallest timeout, so the deadline's rollback follows at once.
    expect([past.waitSeconds, past.cutByDeadline]).toEqual([1, true]);
    expect(GateWaitSchema.parse(cut)).toEqual(cut);
  });

  it('refuses a step that is not an approval gate, naming it', () => {
    // Prepare
    const hop: PlanStep = {
      id: 'cp-1.30',
      kind: 'control_plane_upgrade',
      description: 'Upgrade the control plane',
      clusterName: 'demo',
      fromVersion: '1.29',
      toVersion: '1.30',
    };
    // Act / Assess
    expect(() => gateWaitOf(hop, undefined, new Date())).toThrow(
      /cp-1.30 may wait at a gate, but it is a control_plane_upgrade step/,
    );
  });
});

describe('Function: executeOrDeferStep (gate wait)', () => {
  it('answers how long a gate may wait and calls nothing on the cluster', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const before = gateway.calls.length;
    // Act
    const result = await executeOrDeferStep(
      {
        request: request({ clusterName: 'demo' }),
        step: workloadGate,
        gateWait: { deadline: { at: '2026-12-01T12:10:00Z' } },
      },
      { gateway, config: config(), clock: { now: () => new Date('2026-12-01T12:00:00Z') } },
    );
    // Assess
    expect(result).toMatchObject({ stepId: 'gate-workload', waitSeconds: 600, cutByDeadline: true });
    expect(gateway.calls.length).toBe(before);
  });
});
