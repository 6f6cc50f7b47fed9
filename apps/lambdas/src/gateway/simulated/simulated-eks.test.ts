import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: listInsights', () => {
    it('adds an ERROR insight for a blocking_insight failure', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({
        ...DEMO_SCENARIO,
        failures: [{ type: 'blocking_insight' }],
      });

      // Act
      const insights = await gateway.listInsights('demo');

      // Assess
      expect(insights.map((insight) => insight.status)).toEqual(['PASSING', 'ERROR']);
    });
  });
});
