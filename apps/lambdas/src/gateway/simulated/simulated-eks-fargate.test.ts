import type { PlanStep } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

function withFargate(): ScenarioInput {
  return {
    ...DEMO_SCENARIO,
    cluster: {
      ...DEMO_SCENARIO.cluster,
      nodegroups: [],
      fargateProfiles: [
        'batch',
        { name: 'web', selectors: [{ namespace: 'web', labels: { tier: 'front' } }] },
      ],
    },
  };
}

describe('Class: SimulatedClusterGateway', () => {
  describe('Fargate profiles', () => {
    it('describes the scenario profiles, a bare name with the default role, subnets and selector', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(withFargate());

      // Act
      const names = await gateway.listFargateProfiles('demo');
      const web = await gateway.describeFargateProfile('demo', 'web');
      const batch = await gateway.describeFargateProfile('demo', 'batch');

      // Assess
      expect(names).toEqual(['batch', 'web']);
      expect(web).toEqual({
        name: 'web',
        clusterName: 'demo',
        status: 'ACTIVE',
        podExecutionRoleArn: 'arn:aws:iam::123456789012:role/eks-fargate-pod-role',
        subnets: DEMO_SCENARIO.cluster.subnetIds,
        selectors: [{ namespace: 'web', labels: { tier: 'front' } }],
      });
      expect(batch?.selectors).toEqual([{ namespace: 'default' }]);
    });

    it('refuses DeleteCluster while Fargate profiles exist, and a second profile deletion while one is DELETING', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(withFargate());

      // Act
      const refused = await rejection(gateway.deleteCluster('demo'));
      await gateway.deleteFargateProfile('demo', 'batch');
      const second = await rejection(gateway.deleteFargateProfile('demo', 'web'));

      // Assess
      expect(refused.code).toBe('ResourceInUseException');
      expect(refused.message).toMatch(/fargate profiles attached: batch, web/);
      expect(second.code).toBe('ResourceInUseException');
      expect((await gateway.describeCluster('demo'))?.status).toBe('ACTIVE');
    });

    it('decommissions a cluster with Fargate profiles: each profile deleted and gone, then the cluster', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(withFargate());
      const step: PlanStep = {
        id: 'decommission-demo',
        kind: 'cluster_decommission',
        description: 'Delete blue',
        clusterName: 'demo',
      };
      const deps = { gateway, config: config(), clock: { now: () => new Date('2026-11-25T10:00:00Z') } };
      const bg = request({ clusterName: 'demo', strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

      // Act
      const messages: string[] = [];
      for (let call = 0; call < 40 && (await gateway.describeCluster('demo')); call += 1) {
        messages.push((await executeStep({ request: bg, step }, deps)).message);
      }

      // Assess
      expect(await gateway.describeCluster('demo')).toBeUndefined();
      expect(gateway.calls.filter((call) => call.operation.startsWith('Delete'))).toEqual([
        { operation: 'DeleteFargateProfile', clusterName: 'demo', detail: 'batch' },
        { operation: 'DeleteFargateProfile', clusterName: 'demo', detail: 'web' },
        { operation: 'DeleteCluster', clusterName: 'demo' },
      ]);
      // (no green exists in this scenario: each call says there is none to promote)
      const noGreen = 'Green cluster demo-1-31 not found: nothing to promote';
      const deletingProfiles = (names: string) =>
        `Deleting Fargate profiles ${names} of demo, one at a time; the cluster is deleted once they are gone; ${noGreen}`;
      expect(messages).toEqual([
        deletingProfiles('batch, web'),
        deletingProfiles('batch, web'),
        deletingProfiles('web'),
        deletingProfiles('web'),
        `DeleteCluster demo started; ${noGreen}`,
        `Cluster demo is already gone; ${noGreen}`,
      ]);
    });
  });
});
