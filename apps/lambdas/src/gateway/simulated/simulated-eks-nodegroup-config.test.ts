import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { inPlaceScenario, pollUntilDone, rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: updateNodegroupConfig', () => {
    it('changes the update strategy when the ConfigUpdate ends, keeping the bound sent', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario({ timing: { updatePolls: 2 } }));

      // Act
      const update = await gateway.updateNodegroupConfig('demo', 'general', {
        updateStrategy: 'MINIMAL',
        maxUnavailablePercentage: 30,
      });
      const during = await gateway.describeNodegroup('demo', 'general');
      const ended = await pollUntilDone(gateway, 'demo', update.id, { nodegroupName: 'general' });
      const after = await gateway.describeNodegroup('demo', 'general');

      // Assess
      expect(update).toMatchObject({
        type: 'ConfigUpdate',
        status: 'InProgress',
        params: { UpdateStrategy: 'MINIMAL', MaxUnavailablePercentage: '30' },
      });
      expect(during).toMatchObject({ status: 'UPDATING' });
      expect(during?.updateStrategy).toBeUndefined();
      expect(ended.status).toBe('Successful');
      expect(after).toMatchObject({
        status: 'ACTIVE',
        updateStrategy: 'MINIMAL',
        updateConfig: { maxUnavailablePercentage: 30 },
      });
      expect(gateway.calls.at(-1)).toEqual({
        operation: 'UpdateNodegroupConfig',
        clusterName: 'demo',
        detail: 'general updateStrategy DEFAULT -> MINIMAL',
      });
    });

    it('refuses it while another update of the node group is in progress (ResourceInUseException)', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({ cluster: { ...DEMO_SCENARIO.cluster, version: '1.30' } }),
      );
      await gateway.updateNodegroupVersion('demo', 'general', '1.30');

      // Act
      const error = await rejection(
        gateway.updateNodegroupConfig('demo', 'general', { updateStrategy: 'MINIMAL', maxUnavailable: 1 }),
      );

      // Assess
      expect(error.code).toBe('ResourceInUseException');
    });

    it('refuses an updateConfig with neither unavailability bound, or both', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());

      // Act
      const neither = await rejection(
        gateway.updateNodegroupConfig('demo', 'general', { updateStrategy: 'MINIMAL' }),
      );
      const both = await rejection(
        gateway.updateNodegroupConfig('demo', 'general', {
          updateStrategy: 'MINIMAL',
          maxUnavailable: 1,
          maxUnavailablePercentage: 10,
        }),
      );

      // Assess
      expect([neither.code, both.code]).toEqual(['InvalidParameterException', 'InvalidParameterException']);
      expect(neither.message).toMatch(/exactly one of maxUnavailable and maxUnavailablePercentage/);
    });

    it('refuses a bound outside 1-100', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());

      // Act
      const error = await rejection(
        gateway.updateNodegroupConfig('demo', 'general', { updateStrategy: 'DEFAULT', maxUnavailable: 0 }),
      );

      // Assess
      expect(error.message).toMatch(/maxUnavailable must be between 1 and 100 \(got 0\)/);
    });

    it('refuses a node group that is not ACTIVE', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          cluster: {
            ...DEMO_SCENARIO.cluster,
            nodegroups: [{ name: 'general', version: '1.29', status: 'DEGRADED' }],
          },
        }),
      );

      // Act
      const error = await rejection(
        gateway.updateNodegroupConfig('demo', 'general', { updateStrategy: 'MINIMAL', maxUnavailable: 1 }),
      );

      // Assess
      expect(error.code).toBe('InvalidRequestException');
    });
  });
});
