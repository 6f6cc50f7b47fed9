import { describe, expect, it } from 'vitest';
import { ScenarioGateSchema } from './scenario-gates.js';

describe('Schema: ScenarioGateSchema (resume)', () => {
  it('resumes a held failure on approval, and only on approval', () => {
    expect(ScenarioGateSchema.parse({ purpose: 'failure', decision: 'approve', resume: true }).resume).toBe(
      true,
    );
    const rejected = ScenarioGateSchema.safeParse({
      purpose: 'failure',
      decision: 'reject',
      reason: 'no',
      resume: true,
    });
    expect(rejected.success).toBe(false);
    expect(rejected.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['resume', 'is only for decision approve'],
    ]);
  });
});
