import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
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
    // … + blue kept an hour (upgrade.blueRetentionSeconds) + decommission 15 min.
    expect(blueGreen.estimatedDurationSeconds).toBe(900 + 2 * 600 + 3 * 180 + 5 * 300 + 3600 + 900);
    expect(
      estimatePlanDurationSeconds(blueGreen.steps, {
        ...config(),
        upgrade: { ...config().upgrade, bakeTimeSeconds: 600 },
      }),
    ).toBe(900 + 2 * 600 + 3 * 180 + 5 * 600 + 3600 + 900);
  });

  it('blocks a plan whose estimate exceeds the execution timeout, with both figures and the setting to raise', () => {
    // Prepare
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, alarmNames: ['api-5xx'] });

    // Act
    const tooShort = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 3600 }),
      now: NOW,
    });
    const exact = buildRulesPlan(bg, snapshot(), {
      config: config({ executionTimeoutSeconds: 8640 }),
      now: NOW,
    });

    // Assess
    expect(tooShort.blocked).toBe(true);
    expect(tooShort.blockers).toEqual([
      {
        code: 'EXECUTION_TIMEOUT_TOO_SHORT',
        message:
          "The plan typically takes about 2 h 24 min (8640 s), longer than the workflow's execution timeout of 1 h 0 min (3600 s): the workflow would reach its deadline partway and roll back, or Step Functions would end the execution with States.Timeout, which no rollback follows. Raise stepFunctions.executionTimeoutSeconds above 8640 (e.g. `eks-upgrade config set stepFunctions.executionTimeoutSeconds 14400`), redeploy (`eks-upgrade deploy`) and plan again",
      },
    ]);
    // The one warning of every blue/green plan (green's access), not about the duration, and
    // that one default gate waiting its full 3600 s would not fit either.
    expect(tooShort.warnings.map((warning) => warning.code)).toEqual([
      'GREEN_CLUSTER_ACCESS',
      'APPROVAL_WAIT_BEYOND_TIMEOUT',
    ]);
    expect(exact).toMatchObject({ blocked: false, blockers: [] });
    expect(exact.warnings.map((warning) => warning.code)).toEqual([
      'GREEN_CLUSTER_ACCESS',
      'APPROVAL_WAIT_BEYOND_TIMEOUT',
    ]);
  });

  it('blocks a plan that fits the timeout but not what the workflow gives the steps before its deadline', () => {
    // Prepare: the workflow keeps 1,710 s of an 8,640 s timeout for the rollback.
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, alarmNames: ['api-5xx'] });
    const options = { config: config({ executionTimeoutSeconds: 8640 }), now: NOW };

    // Act
    const withinBudget = buildRulesPlan(bg, snapshot(), { ...options, executionBudgetSeconds: 8640 });
    const pastBudget = buildRulesPlan(bg, snapshot(), { ...options, executionBudgetSeconds: 6930 });

    // Assess
    expect(withinBudget).toMatchObject({ blocked: false, blockers: [] });
    expect(pastBudget.blockers).toEqual([
      {
        code: 'EXECUTION_TIMEOUT_TOO_SHORT',
        message:
          'The plan typically takes about 2 h 24 min (8640 s), longer than the 1 h 56 min (6930 s) the workflow gives the steps: its execution timeout of 2 h 24 min (8640 s) minus 1710 s kept for the rollback. At that deadline the workflow stops the upgrade partway and rolls back. Raise stepFunctions.executionTimeoutSeconds above 10350 (e.g. `eks-upgrade config set stepFunctions.executionTimeoutSeconds 18000`), redeploy (`eks-upgrade deploy`) and plan again',
      },
    ]);
  });

  it("lets the fixture cluster's plans of both strategies fit the default 4 h execution timeout", () => {
    // Prepare
    const defaults = createDefaultAgentConfig();
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, alarmNames: ['api-5xx'] });

    // Act
    const plans = [request(), bg].map((req) =>
      buildRulesPlan(req, snapshot(), { config: defaults, now: NOW }),
    );

    // Assess
    expect(defaults.stepFunctions.executionTimeoutSeconds).toBe(14_400);
    expect(plans.map((plan) => [plan.estimatedDurationSeconds, plan.blocked])).toEqual([
      [7680, false],
      [8640, false],
    ]);
  });
});
