import { describe, expect, it } from 'vitest';
import { request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { codes, rules } from '../__fixtures__/rules-plan.js';

describe('Function: checkUpgradeInsights (through buildRulesPlan)', () => {
  it('blocks on an ERROR insight and warns on a WARNING one', () => {
    // Prepare
    const snap = snapshot({
      insights: [
        {
          id: 'i-err',
          name: 'Deprecated APIs removed in Kubernetes v1.30',
          status: 'ERROR',
          reason: 'flowcontrol v1beta2 in use',
        },
        { id: 'i-warn', name: 'Cluster health issues', status: 'WARNING', reason: 'one node NotReady' },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        code: 'INSIGHT_ERROR',
        resource: 'i-err',
        message: expect.stringMatching(/flowcontrol/),
      }),
    ]);
    expect(codes(plan.warnings)).toEqual(['INSIGHT_WARNING']);
  });
});
