import { parseOrThrow, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_GATES, type ScenarioInput, ScenarioSchema } from './scenario.js';

const BASE: ScenarioInput = {
  cluster: { name: 'prod', version: '1.29' },
  request: { clusterName: 'prod', targetVersion: '1.30' },
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseOrThrow(ScenarioSchema, input, 'scenario');
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return (error as ValidationError).issues.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('the scenario was accepted');
}

describe('Schema: ScenarioSchema gates', () => {
  it('answers no gate unless told (every gate then approves at once)', () => {
    expect(ScenarioSchema.parse(BASE).gates).toEqual([]);
  });

  it('accepts an approval with a traffic target, a rejection with a reason, and a timeout', () => {
    // Prepare
    const gates = [
      {
        purpose: 'workload',
        decision: 'approve',
        afterSeconds: 1800,
        trafficTarget: { setIdentifier: 'green-v2' },
        approvedBy: 'alice',
      },
      { stepId: 'gate-decommission-prod', decision: 'reject', reason: 'keep blue for the audit' },
      { purpose: 'plan', decision: 'timeout' },
    ];

    // Act
    const parsed = ScenarioSchema.parse({ ...BASE, gates });

    // Assess
    expect(parsed.gates).toEqual(gates);
  });

  it.each([
    [{ decision: 'approve' }, 'gates[0].purpose', 'name either purpose or stepId (one of them)'],
    [
      { purpose: 'workload', stepId: 'x', decision: 'approve' },
      'gates[0].purpose',
      'name either purpose or stepId',
    ],
    [{ purpose: 'workload', decision: 'reject' }, 'gates[0].reason', 'is required to reject a gate'],
    [
      { purpose: 'workload', decision: 'approve', reason: 'x' },
      'gates[0].reason',
      'is only for decision reject',
    ],
    [
      { purpose: 'workload', decision: 'reject', reason: 'no', trafficTarget: { setIdentifier: 'g' } },
      'gates[0].trafficTarget',
      'is only for decision approve',
    ],
    [
      { purpose: 'plan', decision: 'timeout', afterSeconds: 5 },
      'gates[0].afterSeconds',
      'is not for decision timeout',
    ],
    [{ purpose: 'lunch', decision: 'approve' }, 'gates[0].purpose', 'must be one of plan, workload'],
    [{ purpose: 'plan', decision: 'maybe' }, 'gates[0].decision', 'must be approve, reject or timeout'],
    [{ purpose: 'plan', decision: 'approve', after: 5 }, 'gates[0]', 'unknown field "after"'],
  ])('refuses %j naming the field', (gate, path, message) => {
    // Act
    const issues = issuesOf({ ...BASE, gates: [gate] });

    // Assess
    expect(issues.find((issue) => issue.path === path)?.message, JSON.stringify(issues)).toContain(message);
  });

  it(`answers at most ${MAX_SCENARIO_GATES} gates`, () => {
    // Act
    const issues = issuesOf({
      ...BASE,
      gates: Array.from({ length: MAX_SCENARIO_GATES + 1 }, () => ({ purpose: 'plan', decision: 'approve' })),
    });

    // Assess
    expect(issues).toEqual([{ path: 'gates', message: 'must have at most 20 items (gates per scenario)' }]);
  });
});
