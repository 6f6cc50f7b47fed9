import { describe, expect, it } from 'vitest';
import { request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { codes, rules } from '../__fixtures__/rules-plan.js';
import { PlanBuilder } from '../plan-builder.js';
import { checkGreenClusterName } from './blue-green-checks.js';

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
