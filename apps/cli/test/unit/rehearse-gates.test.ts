import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ScenarioInput, ScenarioSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { renderRehearsalMarkdown, renderRehearsalText } from '../../src/rehearsal/rehearsal-report.js';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const example = (name: string): ScenarioInput => JSON.parse(readFileSync(`${EXAMPLES}${name}`, 'utf8'));
const rehearse = (scenario: ScenarioInput) => runRehearsal(ScenarioSchema.parse(scenario));
const PLAN_APPROVED = example('in-place-plan-approved-after-review.json');
const REJECTED_AT_WORKLOAD = example('blue-green-rejected-at-workload-gate.json');
/** EKS calls that change something (the simulator's mutating operations). */
const CHANGES = /^(create|update|delete|set|associate)/;

describe('Rehearsal: approval gates', () => {
  it('runs the plan approved after review: the gate waits 30 min, then every step runs', async () => {
    // Act
    const report = await rehearse(PLAN_APPROVED);

    // Assess
    expect(report.outcome).toBe('succeeded');
    expect(report.gates).toEqual([
      expect.objectContaining({
        stepId: 'gate-plan',
        purpose: 'plan',
        decision: 'approved',
        answeredBy: 'scenario',
        waitedSeconds: 1800,
        comment: 'CHG-2041 approved',
      }),
    ]);
    expect(report.steps[0]).toMatchObject({ id: 'gate-plan', status: 'approved' });
    expect(report.steps.slice(1).every((step) => step.status === 'succeeded')).toBe(true);
    expect(report.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['gate.pending', 'gate.approved', 'upgrade.completed']),
    );
  });

  it.each([
    ['rejected', { purpose: 'plan', decision: 'reject', reason: 'CHG-2041 refused' }, 'gate.rejected'],
    ['timed out', { purpose: 'plan', decision: 'timeout' }, 'gate.timed_out'],
    [
      'approved naming another plan',
      { purpose: 'plan', decision: 'approve', planId: 'plan-stale' },
      'gate.rejected',
    ],
  ] as const)('ends before any change when the plan gate is %s', async (_case, gate, event) => {
    // Prepare
    const gateWith = { ...PLAN_APPROVED, gates: [gate] };

    // Act
    const report = await rehearse(gateWith);

    // Assess
    expect(report.outcome).not.toBe('succeeded');
    expect(report.status).toBe('FAILED');
    expect(report.events.map((item) => item.type)).toContain(event);
    expect(report.steps.slice(1).every((step) => step.status === 'not_run')).toBe(true);
    expect(report.gatewayOperations.execution.filter((operation) => CHANGES.test(operation))).toEqual([]);
    expect(report.rollback).toBeUndefined();
  });

  it('rolls back a blue/green rejected at the workload gate: green deleted, traffic never moved', async () => {
    // Act
    const report = await rehearse(REJECTED_AT_WORKLOAD);

    // Assess
    expect(report.outcome).toBe('rolled_back');
    expect(report.error).toBe('Upgrade.GateRejected');
    expect(report.gates).toEqual([
      expect.objectContaining({
        stepId: 'gate-workload-shop-1-31',
        decision: 'rejected',
        waitedSeconds: 2700,
        reason:
          'checkout pods crash-loop on shop-1-31: the image still calls policy/v1beta1, removed in 1.25',
      }),
    ]);
    expect(report.steps.filter((step) => step.kind === 'traffic_shift').map((step) => step.status)).toEqual([
      'not_run',
      'not_run',
      'not_run',
      'not_run',
      'not_run',
    ]);
    expect(report.rollback?.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'traffic', status: 'not_needed' }),
        expect.objectContaining({ target: 'green-cluster', status: 'undone' }),
      ]),
    );
    expect(report.rollback?.notUndone).toEqual([]);
    expect(report.events.map((event) => event.type)).not.toContain('traffic.shifted');
    // Both reports show the gate, its answer and why.
    const reason =
      'checkout pods crash-loop on shop-1-31: the image still calls policy/v1beta1, removed in 1.25';
    expect(renderRehearsalText(report, (_colour, text) => text)).toContain(
      `gates:\n  rejected    gate-workload-shop-1-31      workload: rejected after 45 min by the scenario: ${reason}\n`,
    );
    expect(renderRehearsalMarkdown(report)).toContain(
      `| gate-workload-shop-1-31 | workload | rejected | 2026-01-05T09:19:00.000Z | 2026-01-05T10:04:00.000Z | rejected after 45 min by the scenario: ${reason} |`,
    );
  });

  it('moves traffic to the green record the workload gate approval names, when the request names none', async () => {
    // Prepare: the same upgrade, approved after 45 min with the green record workloads got.
    const approved = {
      ...REJECTED_AT_WORKLOAD,
      gates: [
        {
          purpose: 'workload',
          decision: 'approve',
          afterSeconds: 2700,
          trafficTarget: { setIdentifier: 'green', target: 'shop-green.ingress.example.com' },
        },
      ],
    };

    // Act
    const report = await rehearse(approved as ScenarioInput);

    // Assess
    expect(report.outcome).toBe('succeeded');
    expect(report.gates).toEqual([
      expect.objectContaining({
        stepId: 'gate-workload-shop-1-31',
        decision: 'approved',
        trafficTarget: { setIdentifier: 'green', target: 'shop-green.ingress.example.com' },
      }),
      // The scenario names no answer for the decommission gate: approved at once.
      expect.objectContaining({
        stepId: 'gate-decommission-shop',
        decision: 'approved',
        answeredBy: 'default',
      }),
    ]);
    expect(
      report.steps
        .filter((step) => step.kind === 'traffic_shift')
        .every((step) => step.status === 'succeeded'),
    ).toBe(true);
    expect(report.events.filter((event) => event.type === 'traffic.shifted')).toHaveLength(5);
  });
});
