import { ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, ScenarioSchema } from '../../simulation/scenario.js';
import { inPlaceScenario, pollUntilDone } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: constructor', () => {
    it('rejects a scenario whose request names another cluster', () => {
      // Prepare
      const scenario = { ...DEMO_SCENARIO, request: { ...DEMO_SCENARIO.request, clusterName: 'other' } };

      // Act & Assess
      expect(() => new SimulatedClusterGateway(scenario)).toThrow(ValidationError);
      expect(() => new SimulatedClusterGateway(scenario)).toThrow(/request\.clusterName/);
    });

    it('parses the demo scenario with two node groups, three add-ons and five traffic steps', () => {
      // Act
      const scenario = ScenarioSchema.parse(DEMO_SCENARIO);

      // Assess
      expect(scenario.cluster.version).toBe('1.29');
      expect(scenario.request.targetVersion).toBe('1.31');
      expect(scenario.request.strategy).toBe('blue_green');
      expect(scenario.cluster.nodegroups.map((nodegroup) => nodegroup.name)).toEqual([
        'general',
        'spot-workers',
      ]);
      expect(scenario.cluster.addons.map((addon) => addon.name)).toEqual([
        'vpc-cni',
        'coredns',
        'kube-proxy',
      ]);
      expect(scenario.request.trafficShiftIntervals).toEqual([10, 25, 50, 75, 100]);
    });
  });

  it('is deterministic: the same calls give the same answers', async () => {
    // Prepare
    const run = async () => {
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      const update = await gateway.updateClusterVersion('demo', '1.30');
      const done = await pollUntilDone(gateway, 'demo', update.id);
      return { update, done, now: gateway.now().toISOString(), calls: gateway.calls };
    };

    // Act & Assess
    expect(await run()).toEqual(await run());
  });
});
