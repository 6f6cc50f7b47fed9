import { describe, expect, it } from 'vitest';
import { config, request, snapshot, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { codes, NOW, rules } from '../__fixtures__/rules-plan.js';
import { PlanBuilder } from '../plan-builder.js';
import { buildRulesPlan } from '../rules-plan.js';
import { checkAlarmGate, checkGreenClusterName } from './blue-green-checks.js';

describe('Function: checkGreenClusterName', () => {
  it('blocks a green cluster named like the blue one', () => {
    // Act
    const plan = rules(
      request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, greenClusterName: 'prod' }),
    );

    // Assess
    expect(plan.blockers).toEqual([
      {
        code: 'GREEN_CLUSTER_NAME',
        message: "The green cluster needs a name other than the blue cluster's (prod)",
      },
    ]);
  });

  it('blocks a name EKS would refuse, and accepts a valid distinct one', () => {
    // Prepare
    const refused = new PlanBuilder();
    const accepted = new PlanBuilder();

    // Act
    checkGreenClusterName('prod', '-prod-green', refused);
    checkGreenClusterName('prod', 'prod-green', accepted);

    // Assess
    expect(refused.blockers).toEqual([
      {
        code: 'GREEN_CLUSTER_NAME',
        message: 'The green cluster name -prod-green is not a valid EKS cluster name',
      },
    ]);
    expect(accepted.blockers).toEqual([]);
  });
});

describe('Function: checkTrafficRouting', () => {
  it('blocks blue/green without traffic routing, saying what is missing', () => {
    // Act
    const plan = rules(request({ strategy: 'blue_green' }));

    // Assess
    expect(codes(plan.blockers)).toEqual(['TRAFFIC_ROUTING_MISSING']);
    expect(plan.blockers[0]!.message).toBe(
      'A blue/green upgrade needs trafficRouting (the Route 53 weighted records to shift)',
    );
  });
});

describe('Function: checkAlarmGate', () => {
  const bg = (extra: Partial<Parameters<typeof request>[0]> = {}) =>
    request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, ...extra });

  it('blocks blue/green when neither the configuration nor the request names an alarm', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkAlarmGate(bg(), config(), builder);

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'ALARM_GATE_MISSING',
        message:
          "A blue/green upgrade needs at least one CloudWatch alarm on the application to gate its traffic steps: name it in upgrade.alarmNames or the request's alarmNames, or set alarmGate: 'none' in the request to go without",
      },
    ]);
    expect(builder.warnings).toEqual([]);
  });

  it("only warns when the request says alarmGate: 'none'", () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkAlarmGate(bg({ alarmGate: 'none' }), config(), builder);

    // Assess
    expect(builder.blockers).toEqual([]);
    expect(codes(builder.warnings)).toEqual(['ALARM_GATE_NONE']);
  });

  it('accepts an alarm from either the configuration or the request', () => {
    // Prepare
    const fromConfig = new PlanBuilder();
    const fromRequest = new PlanBuilder();

    // Act
    checkAlarmGate(bg(), config({ alarmNames: ['api-5xx'] }), fromConfig);
    checkAlarmGate(bg({ alarmNames: ['api-5xx'] }), config(), fromRequest);

    // Assess
    expect([fromConfig.blockers, fromConfig.warnings, fromRequest.blockers, fromRequest.warnings]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it('is a blocker of the whole blue/green plan (in place needs no alarm)', () => {
    // Act
    const blueGreen = buildRulesPlan(bg(), snapshot(), { config: config(), now: NOW });
    const inPlace = buildRulesPlan(request(), snapshot(), { config: config(), now: NOW });

    // Assess
    expect(codes(blueGreen.blockers)).toEqual(['ALARM_GATE_MISSING']);
    expect(inPlace.blocked).toBe(false);
  });
});
