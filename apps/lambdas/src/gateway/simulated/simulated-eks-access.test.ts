import type { PlanStep } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

function withAccessEntries(): ScenarioInput {
  return {
    ...DEMO_SCENARIO,
    cluster: {
      ...DEMO_SCENARIO.cluster,
      accessEntries: [{ principalArn: ADMIN, policies: [{ policyArn: ADMIN_POLICY }] }],
    },
  };
}

const deps = (gateway: SimulatedClusterGateway) => ({
  gateway,
  config: config(),
  clock: { now: () => new Date('2026-11-25T10:00:00Z') },
});
const bg = () => request({ clusterName: 'demo', strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

describe('Class: SimulatedClusterGateway', () => {
  describe('Access entries', () => {
    it('copies blue’s access entries with their policies to a green created by cluster_provision', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(withAccessEntries());
      const provision: PlanStep = {
        id: 'provision-demo-1-31',
        kind: 'cluster_provision',
        description: 'Create green',
        sourceClusterName: 'demo',
        clusterName: 'demo-1-31',
        version: '1.31',
      };
      const access: PlanStep = {
        id: 'green-access-demo-1-31',
        kind: 'access_entry_provision',
        description: 'Copy access entries',
        clusterName: 'demo-1-31',
        sourceClusterName: 'demo',
      };
      await executeStep({ request: bg(), step: provision }, deps(gateway));
      while ((await gateway.describeCluster('demo-1-31'))?.status !== 'ACTIVE');

      // Act
      const outcome = await executeStep({ request: bg(), step: access }, deps(gateway));
      const again = await executeStep({ request: bg(), step: access }, deps(gateway));

      // Assess
      expect(outcome.status).toBe('succeeded');
      expect(again).toMatchObject({ status: 'skipped' });
      expect(await gateway.listAccessEntries('demo-1-31')).toEqual([
        {
          principalArn: ADMIN,
          type: 'STANDARD',
          kubernetesGroups: [],
          tags: { 'eks-upgrade:blue-cluster': 'demo', 'eks-upgrade:role': 'green' },
          policies: [{ policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } }],
        },
      ]);
    });

    it('refuses access entries on a CONFIG_MAP cluster (InvalidRequestException)', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({
        ...DEMO_SCENARIO,
        cluster: { ...DEMO_SCENARIO.cluster, configuration: { authenticationMode: 'CONFIG_MAP' } },
      });

      // Act
      const error = await rejection(gateway.listAccessEntries('demo'));

      // Assess
      expect(error.code).toBe('InvalidRequestException');
    });
  });
});
