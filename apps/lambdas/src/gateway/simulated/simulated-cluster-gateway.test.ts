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

  describe('Time', () => {
    /**
     * Reads a phase may make for its own reasons (health checks, idempotency) while `polling`
     * waits on something: everything on blue, and on green whatever is not what is polled (the
     * add-ons while a node group is created, the node groups while an add-on is, the cluster
     * once it is ACTIVE).
     */
    async function incidentalReads(gateway: SimulatedClusterGateway, polling: string): Promise<void> {
      await gateway.describeCluster('demo');
      await gateway.listNodegroups('demo');
      await gateway.listAddons('demo');
      await gateway.describeNodegroup('demo', 'general');
      await gateway.describeAddon('demo', 'vpc-cni');
      await gateway.listInsights('demo');
      await gateway.listFargateProfiles('demo');
      await gateway.describeAddonVersions(['vpc-cni', 'coredns'], '1.31');
      await gateway.describeClusterVersions();
      await gateway.listUpdateIds('demo');
      await gateway.getTrafficWeights(DEMO_SCENARIO.request.trafficRouting!);
      await gateway.describeAlarms(['demo-api-5xx']);
      if (polling === 'cluster' || polling === 'cluster-deletion') {
        await gateway.listAddons('demo-1-31');
        await gateway.listUpdateIds('demo-1-31');
        return;
      }
      await gateway.describeCluster('demo-1-31');
      // Listings poll nothing, whatever is being created or deleted.
      await gateway.listNodegroups('demo-1-31');
      await gateway.listAddons('demo-1-31');
      if (polling !== 'nodegroup' && polling !== 'nodegroup-deletion') {
        await gateway.describeNodegroup('demo-1-31', 'general');
      }
      if (polling !== 'addon') {
        await gateway.describeAddon('demo-1-31', 'coredns');
      }
    }

    /**
     * A blue/green bootstrap and a control-plane update, polled as the workflow polls them:
     * creation of green, a node group, an add-on, an update, a traffic change, the deletion of
     * the node group and of green; `between` runs before every poll.
     */
    async function rehearse(between: (gateway: SimulatedClusterGateway, polling: string) => Promise<void>) {
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
      const trace: string[] = [];
      const at = () => `+${(gateway.now().getTime() - Date.parse(DEMO_SCENARIO.startTime)) / 1000}s`;
      const poll = async (
        label: string,
        read: () => Promise<string | undefined>,
        until: string | undefined,
      ) => {
        for (let count = 0; count < 20; count += 1) {
          await between(gateway, label);
          const observed = await read();
          trace.push(`${label} ${observed} ${at()}`);
          if (observed === until) return;
        }
        throw new Error(`${label} never reached ${until}`);
      };
      await gateway.createCluster({
        name: 'demo-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        subnetIds: ['subnet-1'],
        securityGroupIds: [],
      });
      await poll('cluster', async () => (await gateway.describeCluster('demo-1-31'))?.status, 'ACTIVE');
      await gateway.createNodegroup({
        clusterName: 'demo-1-31',
        nodegroupName: 'general',
        version: '1.31',
        nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
        subnets: ['subnet-1'],
      });
      const nodegroupStatus = async () => (await gateway.describeNodegroup('demo-1-31', 'general'))?.status;
      await poll('nodegroup', nodegroupStatus, 'ACTIVE');
      await gateway.createAddon({
        clusterName: 'demo-1-31',
        addonName: 'coredns',
        version: 'v1.11.3-eksbuild.1',
      });
      const addonStatus = async () => (await gateway.describeAddon('demo-1-31', 'coredns'))?.status;
      await poll('addon', addonStatus, 'ACTIVE');
      const update = await gateway.updateClusterVersion('demo', '1.30');
      await poll(
        'update',
        async () => (await gateway.describeUpdate('demo', update.id)).status,
        'Successful',
      );
      const change = await gateway.setTrafficWeights(DEMO_SCENARIO.request.trafficRouting!, {
        blue: 90,
        green: 10,
      });
      await poll('change', () => gateway.getTrafficChangeStatus(change), 'INSYNC');
      await gateway.deleteNodegroup('demo-1-31', 'general');
      await poll('nodegroup-deletion', async () => (await nodegroupStatus()) ?? 'gone', 'gone');
      await gateway.deleteCluster('demo-1-31');
      await poll(
        'cluster-deletion',
        async () => (await gateway.describeCluster('demo-1-31'))?.status ?? 'gone',
        'gone',
      );
      return { trace, calls: gateway.calls, now: gateway.now().toISOString() };
    }

    it('moves on only with polls: extra incidental reads between polls change no outcome and no timing', async () => {
      // Act
      const plain = await rehearse(async () => {});
      const withReads = await rehearse(incidentalReads);

      // Assess
      expect(plain.trace).toEqual([
        'cluster CREATING +60s',
        'cluster CREATING +120s',
        'cluster ACTIVE +180s',
        'nodegroup CREATING +240s',
        'nodegroup CREATING +300s',
        'nodegroup ACTIVE +360s',
        'addon CREATING +420s',
        'addon CREATING +480s',
        'addon ACTIVE +540s',
        'update InProgress +600s',
        'update Successful +660s',
        'change PENDING +720s',
        'change INSYNC +780s',
        'nodegroup-deletion DELETING +840s',
        'nodegroup-deletion gone +900s',
        'cluster-deletion DELETING +960s',
        'cluster-deletion gone +1020s',
      ]);
      expect(withReads).toEqual(plain);
    });
  });
});
