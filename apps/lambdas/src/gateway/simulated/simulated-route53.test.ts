import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: getTrafficChangeStatus', () => {
    it('reports a change PENDING for the configured polls, then INSYNC; an unknown change is NoSuchChange', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({ ...DEMO_SCENARIO, timing: { changePolls: 2 } });

      // Act
      const changeId = await gateway.setTrafficWeights(DEMO_SCENARIO.request.trafficRouting!, {
        blue: 90,
        green: 10,
      });
      const states = [];
      for (let poll = 0; poll < 3; poll += 1) states.push(await gateway.getTrafficChangeStatus(changeId));
      const unknown = await gateway.getTrafficChangeStatus('C999').catch((caught: unknown) => caught);

      // Assess
      expect(states).toEqual(['PENDING', 'INSYNC', 'INSYNC']);
      expect(unknown).toMatchObject({ service: 'Route53', code: 'NoSuchChange' });
    });
  });

  describe('Method: setTrafficWeights', () => {
    it('turns the named alarm to ALARM once green carries the failing weight', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({
        ...DEMO_SCENARIO,
        failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }],
      });
      const routing = DEMO_SCENARIO.request.trafficRouting!;

      // Act
      await gateway.setTrafficWeights(routing, { blue: 75, green: 25 });
      const before = await gateway.describeAlarms(['demo-api-5xx', 'missing']);
      await gateway.setTrafficWeights(routing, { blue: 50, green: 50 });
      const after = await gateway.describeAlarms(['demo-api-5xx']);

      // Assess
      expect(before).toEqual([
        expect.objectContaining({ name: 'demo-api-5xx', state: 'OK', found: true }),
        { name: 'missing', found: false },
      ]);
      expect(after[0]?.state).toBe('ALARM');
      expect(await gateway.getTrafficWeights(routing)).toEqual({ blue: 50, green: 50 });
    });
  });
});
