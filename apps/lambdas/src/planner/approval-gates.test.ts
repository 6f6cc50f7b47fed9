import type { AgentConfig, ApprovalSettings, UpgradeRequestInput } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { config, request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { GATE_ALARM, NOW } from './__fixtures__/rules-plan.js';
import { buildRulesPlan } from './rules-plan.js';

function withApproval(approval: Partial<ApprovalSettings>, executionTimeoutSeconds?: number): AgentConfig {
  const base = config({
    alarmNames: [GATE_ALARM],
    ...(executionTimeoutSeconds ? { executionTimeoutSeconds } : {}),
  });
  return { ...base, upgrade: { ...base.upgrade, approval: { ...base.upgrade.approval, ...approval } } };
}

const plan = (overrides: Partial<UpgradeRequestInput>, approval: Partial<ApprovalSettings> = {}) =>
  buildRulesPlan(request(overrides), snapshot(), { config: withApproval(approval), now: NOW });

const blueGreen = { strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING } as const;
const gateIds = (steps: { id: string; kind: string }[]) =>
  steps.filter((step) => step.kind === 'approval_gate').map((step) => step.id);

describe('Function: addWorkloadGate (through buildRulesPlan)', () => {
  it('waits for workloads on green right after its last add-on and before the first traffic shift', () => {
    // Act
    const { steps } = plan(blueGreen);

    // Assess
    const at = steps.findIndex((step) => step.id === 'gate-workload-prod-1-31');
    expect(steps[at - 1]?.kind).toBe('addon_install');
    expect(steps[at + 1]?.id).toBe('traffic-10');
    expect(steps[at]).toEqual({
      id: 'gate-workload-prod-1-31',
      kind: 'approval_gate',
      description: 'Wait for workloads on prod-1-31 before any traffic moves from prod',
      clusterName: 'prod-1-31',
      gate: {
        purpose: 'workload',
        summary:
          'Green cluster prod-1-31 is ready (node groups and add-ons at 1.31). Deploy your workloads to it and check them; then approve; traffic then moves to the green record green. Rejecting deletes prod-1-31; traffic stays on prod.',
        timeoutSeconds: 3600,
        // The request names green's record, so the approval cannot change it.
        acceptsTrafficTarget: false,
      },
    });
  });

  it('lets the approval name green’s record when the request does not', () => {
    // Prepare
    const { green: _named, ...withoutGreen } = TRAFFIC_ROUTING;

    // Act
    const result = plan({ ...blueGreen, trafficRouting: withoutGreen });

    // Assess
    expect(result.blocked).toBe(false);
    const gate = result.steps.find((step) => step.id === 'gate-workload-prod-1-31');
    expect(gate).toMatchObject({ gate: { purpose: 'workload', acceptsTrafficTarget: true } });
    expect(gate?.kind === 'approval_gate' && gate.gate.summary).toContain(
      'eks-upgrade approve --traffic-target',
    );
  });

  it('blocks a plan whose green record nothing can supply (no green target, workload gate off)', () => {
    // Prepare
    const { green: _named, ...withoutGreen } = TRAFFIC_ROUTING;

    // Act
    const result = plan({ ...blueGreen, trafficRouting: withoutGreen }, { workload: false });

    // Assess
    expect(result.blocked).toBe(true);
    expect(result.blockers.map((issue) => issue.code)).toEqual(['GREEN_TRAFFIC_TARGET_MISSING']);
    expect(result.blockers[0]?.message).toContain('name trafficRouting.green.setIdentifier in the request');
    expect(gateIds(result.steps)).toEqual(['gate-decommission-prod']);
  });
});

describe('Function: insertApprovalGates (through buildRulesPlan)', () => {
  it('puts the plan gate first when the request asks for plan approval', () => {
    // Act
    const { steps } = plan({ approvePlan: true });

    // Assess
    expect(steps[0]).toEqual({
      id: 'gate-plan',
      kind: 'approval_gate',
      description: 'Approve the plan for prod before anything changes',
      clusterName: 'prod',
      gate: {
        purpose: 'plan',
        summary:
          'Review the plan (12 steps: control_plane_upgrade, addon_upgrade, nodegroup_upgrade) for prod to 1.31 (eks-upgrade plan --cluster prod) and approve it by its plan id; rejecting ends the upgrade with nothing changed.',
        timeoutSeconds: 3600,
        acceptsTrafficTarget: false,
      },
    });
    expect(gateIds(steps)).toEqual(['gate-plan']);
  });

  it('puts the plan gate first when the configuration asks for it, with the configured timeout', () => {
    // Act
    const { steps } = plan({}, { plan: true, timeoutSeconds: 900 });

    // Assess
    expect(steps[0]).toMatchObject({ id: 'gate-plan', gate: { purpose: 'plan', timeoutSeconds: 900 } });
  });

  it('gates each control-plane hop in place when configured, and nothing else by default', () => {
    // Act
    const gated = plan({}, { controlPlaneHops: true });
    const plain = plan({});

    // Assess
    expect(gateIds(plain.steps)).toEqual([]);
    expect(gateIds(gated.steps)).toEqual(['gate-cp-1.30', 'gate-cp-1.31']);
    const at = gated.steps.findIndex((step) => step.id === 'gate-cp-1.31');
    expect(gated.steps[at + 1]).toMatchObject({ kind: 'control_plane_upgrade', toVersion: '1.31' });
    expect(gated.steps[at]).toMatchObject({
      clusterName: 'prod',
      gate: {
        purpose: 'control_plane_hop',
        summary:
          'Update the control plane of prod from 1.30 to 1.31? EKS cannot cancel a control-plane update once it started.',
      },
    });
  });

  it('gates each traffic shift above the configured percentage, one gate where the workload gate already stands', () => {
    // Act
    const above50 = plan(blueGreen, { trafficAbovePercent: 50 });
    const every = plan(blueGreen, { trafficAbovePercent: 0 });

    // Assess
    expect(gateIds(above50.steps)).toEqual([
      'gate-workload-prod-1-31',
      'gate-traffic-75',
      'gate-traffic-100',
      'gate-decommission-prod',
    ]);
    // traffic-10 follows the workload gate: no second gate in a row.
    expect(gateIds(every.steps)).toEqual([
      'gate-workload-prod-1-31',
      'gate-traffic-25',
      'gate-traffic-50',
      'gate-traffic-75',
      'gate-traffic-100',
      'gate-decommission-prod',
    ]);
  });

  it('removes blue without a gate when decommission is automatic', () => {
    // Act
    const { steps } = plan(blueGreen, { decommission: 'automatic' });

    // Assess
    expect(gateIds(steps)).toEqual(['gate-workload-prod-1-31']);
    expect(steps.at(-1)?.kind).toBe('cluster_decommission');
    const afterTraffic = steps.slice(steps.findIndex((step) => step.id === 'traffic-100'));
    expect(afterTraffic.filter((step) => step.kind === 'approval_gate')).toEqual([]);
  });

  it('warns when one gate waiting its full timeout would outlast the execution timeout, and not when it fits', () => {
    // Act: the steps typically take under 10,000 s; one gate's full wait takes them past it.
    const tight = buildRulesPlan(request(blueGreen), snapshot(), {
      config: withApproval({}, 10_000),
      now: NOW,
    });
    const roomy = buildRulesPlan(request(blueGreen), snapshot(), {
      config: withApproval({}, 20_000),
      now: NOW,
    });

    // Assess
    expect(tight.estimatedDurationSeconds).toBeLessThan(10_000);
    expect((tight.estimatedDurationSeconds ?? 0) + 3600).toBeGreaterThan(10_000);
    expect(tight.warnings.find((issue) => issue.code === 'APPROVAL_WAIT_BEYOND_TIMEOUT')?.message).toBe(
      `One of the plan's 2 approval gate(s) waiting its full 3600 s, added to the steps' ${tight.estimatedDurationSeconds} s, is beyond the execution timeout of 10000 s. A gate still unanswered at the workflow's deadline stops waiting there and the upgrade rolls back. Answer promptly, or raise stepFunctions.executionTimeoutSeconds or lower upgrade.approval.timeoutSeconds`,
    );
    expect(roomy.warnings.map((issue) => issue.code)).not.toContain('APPROVAL_WAIT_BEYOND_TIMEOUT');
  });

  it('adds no gate to a plan without steps', () => {
    // Act
    const nothing = plan({ targetVersion: '1.29', approvePlan: true });

    // Assess
    expect(nothing.steps).toEqual([]);
  });
});
