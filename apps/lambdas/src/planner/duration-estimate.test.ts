import { describe, expect, it } from 'vitest';
import { config, request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { NOW, rules } from './__fixtures__/rules-plan.js';
import { estimatePlanDurationSeconds } from './duration-estimate.js';
import { buildRulesPlan } from './rules-plan.js';

describe('Function: estimatePlanDurationSeconds and the execution timeout check', () => {
  it('estimates the duration from typical EKS durations', () => {
    // Act
    const inPlace = rules();
    const blueGreen = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }));

    // Assess
    // 2 control-plane hops × 15 min + 6 add-on updates × 3 min + 4 node group rolls × 20 min.
    expect(inPlace.estimatedDurationSeconds).toBe(2 * 900 + 6 * 180 + 4 * 1200);
    // Cluster 15 min + 2 node groups × 10 min + 3 add-ons × 3 min + 5 bakes × 300 s + decommission 15 min.
    expect(blueGreen.estimatedDurationSeconds).toBe(900 + 2 * 600 + 3 * 180 + 5 * 300 + 900);
    expect(
      estimatePlanDurationSeconds(blueGreen.steps, {
        ...config(),
        upgrade: { ...config().upgrade, bakeTimeSeconds: 600 },
      }),
    ).toBe(900 + 2 * 600 + 3 * 180 + 5 * 600 + 900);
  });

  it('warns when the estimate exceeds the execution timeout, naming the setting to raise', () => {
    // Prepare
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

    // Act
    const tooShort = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 3600 }),
      now: NOW,
    });
    const enough = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 7200 }),
      now: NOW,
    });

    // Assess
    expect(tooShort.blocked).toBe(false);
    expect(tooShort.warnings).toEqual([
      {
        code: 'EXECUTION_TIMEOUT_TOO_SHORT',
        message: expect.stringContaining(
          "about 1 h 24 min (5040 s), longer than the workflow's execution timeout of 3600 s",
        ),
      },
    ]);
    expect(tooShort.warnings[0]!.message).toContain(
      'raise stepFunctions.executionTimeoutSeconds (e.g. `eks-upgrade config set stepFunctions.executionTimeoutSeconds 10800`)',
    );
    expect(enough.warnings).toEqual([]);
  });
});
