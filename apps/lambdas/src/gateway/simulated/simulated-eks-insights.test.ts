import { describe, expect, it } from 'vitest';
import { inPlaceScenario } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: listInsights, an injected insight that appears mid-rehearsal', () => {
    it('reports it only once appearsAfterMinutes of virtual time have passed, with its status', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          failures: [
            {
              type: 'blocking_insight',
              name: 'API deprecations',
              kubernetesVersion: '1.31',
              status: 'WARNING',
              appearsAfterMinutes: 10,
            },
          ],
        }),
      );

      // Act
      const before = await gateway.listInsights('demo');
      gateway.advanceClock(9 * 60 + 59);
      const justBefore = await gateway.listInsights('demo');
      gateway.advanceClock(1);
      const after = await gateway.listInsights('demo');

      // Assess
      expect(before.map((insight) => insight.id)).not.toContain('sim-insight-1');
      expect(justBefore.map((insight) => insight.id)).not.toContain('sim-insight-1');
      expect(after).toContainEqual(
        expect.objectContaining({
          id: 'sim-insight-1',
          name: 'API deprecations',
          status: 'WARNING',
          kubernetesVersion: '1.31',
        }),
      );
    });

    it('reports one without appearsAfterMinutes from the start, in ERROR by default', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({ failures: [{ type: 'blocking_insight' }] }),
      );

      // Act
      const insights = await gateway.listInsights('demo');

      // Assess
      expect(insights).toContainEqual(expect.objectContaining({ id: 'sim-insight-1', status: 'ERROR' }));
    });
  });
});
