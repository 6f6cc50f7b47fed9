import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const START = Date.parse(DEMO_SCENARIO.startTime);
const elapsedSeconds = (gateway: SimulatedClusterGateway) => (gateway.now().getTime() - START) / 1000;

/** The demo gateway with green `demo-1-31` ACTIVE (3 polls of 60 s), nothing else in transition. */
async function withGreenCluster(): Promise<SimulatedClusterGateway> {
  const gateway = new SimulatedClusterGateway({
    ...DEMO_SCENARIO,
    timing: { createPolls: 3, deletePolls: 2, secondsPerPoll: 60 },
  });
  await gateway.createCluster({
    name: 'demo-1-31',
    version: '1.31',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    subnetIds: ['subnet-1'],
    securityGroupIds: [],
  });
  while ((await gateway.describeCluster('demo-1-31'))?.status !== 'ACTIVE');
  return gateway;
}

const nodegroupSpec = (nodegroupName: string) => ({
  clusterName: 'demo-1-31',
  nodegroupName,
  version: '1.31',
  nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
  subnets: ['subnet-1'],
});

const status = (items: { name: string; status: string }[]) =>
  Object.fromEntries(items.map((item) => [item.name, item.status]));

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

  describe('Polls of resources in transition', () => {
    it('moves nothing on and keeps the clock when nothing is in transition', async () => {
      // Prepare
      const gateway = await withGreenCluster();
      const before = elapsedSeconds(gateway);

      // Act
      await gateway.describeCluster('demo');
      await gateway.describeCluster('demo-1-31');
      await gateway.listNodegroups('demo');
      await gateway.listAddons('demo');
      await gateway.describeNodegroup('demo', 'general');
      await gateway.describeAddon('demo', 'vpc-cni');
      await gateway.listInsights('demo');
      await gateway.listFargateProfiles('demo');
      await gateway.describeAddonVersions(['vpc-cni'], '1.31');
      await gateway.describeClusterVersions();
      await gateway.listUpdateIds('demo');
      await gateway.describeAlarms(['demo-api-5xx']);
      await gateway.getTrafficWeights(DEMO_SCENARIO.request.trafficRouting!);

      // Assess
      expect(before).toBe(180);
      expect(elapsedSeconds(gateway)).toBe(180);
    });

    it('ends a node group creation after createPolls DescribeNodegroup calls of it; listings, ListAddons and other groups do not count', async () => {
      // Prepare
      const gateway = await withGreenCluster();
      await gateway.createNodegroup(nodegroupSpec('general'));

      // Act
      const listed = [];
      for (let read = 0; read < 5; read += 1) {
        listed.push(status(await gateway.listNodegroups('demo-1-31')).general);
        await gateway.listAddons('demo-1-31');
        await gateway.describeNodegroup('demo-1-31', 'spot-workers');
        await gateway.describeNodegroup('demo', 'general');
        await gateway.describeCluster('demo-1-31');
      }
      const untouched = elapsedSeconds(gateway);
      const polls = [];
      for (let poll = 0; poll < 3; poll += 1)
        polls.push((await gateway.describeNodegroup('demo-1-31', 'general'))?.status);

      // Assess
      expect(new Set(listed)).toEqual(new Set(['CREATING']));
      expect(untouched).toBe(180);
      expect(polls).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
      expect(elapsedSeconds(gateway)).toBe(180 + 3 * 60);
      expect(status(await gateway.listNodegroups('demo-1-31')).general).toBe('ACTIVE');
    });

    it('counts a DescribeNodegroup as a poll of that node group only', async () => {
      // Prepare
      const gateway = await withGreenCluster();
      await gateway.createNodegroup(nodegroupSpec('general'));
      await gateway.createNodegroup(nodegroupSpec('spot-workers'));

      // Act
      const general = [];
      for (let poll = 0; poll < 3; poll += 1)
        general.push((await gateway.describeNodegroup('demo-1-31', 'general'))?.status);
      const spotFirstPoll = (await gateway.describeNodegroup('demo-1-31', 'spot-workers'))?.status;

      // Assess
      expect(general).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
      expect(spotFirstPoll).toBe('CREATING');
      expect(elapsedSeconds(gateway)).toBe(180 + 4 * 60);
    });

    it('ends an add-on creation after createPolls DescribeAddon calls of it; listings do not count', async () => {
      // Prepare
      const gateway = await withGreenCluster();
      await gateway.createNodegroup(nodegroupSpec('general'));
      while ((await gateway.describeNodegroup('demo-1-31', 'general'))?.status !== 'ACTIVE');
      const bootstrapped = elapsedSeconds(gateway);
      await gateway.createAddon({
        clusterName: 'demo-1-31',
        addonName: 'coredns',
        version: 'v1.11.3-eksbuild.1',
      });
      await gateway.createAddon({
        clusterName: 'demo-1-31',
        addonName: 'kube-proxy',
        version: 'v1.31.0-eksbuild.2',
      });

      // Act
      for (let read = 0; read < 5; read += 1) await gateway.listNodegroups('demo-1-31');
      const untouched = elapsedSeconds(gateway);
      const coredns = [];
      for (let poll = 0; poll < 3; poll += 1)
        coredns.push((await gateway.describeAddon('demo-1-31', 'coredns'))?.status);
      const listed = [];
      for (let read = 0; read < 3; read += 1) listed.push(status(await gateway.listAddons('demo-1-31')));

      // Assess
      expect(untouched).toBe(bootstrapped);
      expect(coredns).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
      // kube-proxy was polled neither by the DescribeAddon calls of coredns nor by the listings.
      expect(listed).toEqual([
        { coredns: 'ACTIVE', 'kube-proxy': 'CREATING' },
        { coredns: 'ACTIVE', 'kube-proxy': 'CREATING' },
        { coredns: 'ACTIVE', 'kube-proxy': 'CREATING' },
      ]);
      expect(elapsedSeconds(gateway)).toBe(bootstrapped + 3 * 60);
    });

    it('ends a node group deletion after deletePolls polls of it, whatever else is read', async () => {
      // Prepare
      const gateway = await withGreenCluster();
      await gateway.createNodegroup(nodegroupSpec('general'));
      while ((await gateway.describeNodegroup('demo-1-31', 'general'))?.status !== 'ACTIVE');
      await gateway.deleteNodegroup('demo-1-31', 'general');

      // Act
      for (let read = 0; read < 5; read += 1) {
        await gateway.listAddons('demo-1-31');
        await gateway.listNodegroups('demo-1-31');
        await gateway.describeCluster('demo-1-31');
      }
      const first = await gateway.describeNodegroup('demo-1-31', 'general');
      const second = await gateway.describeNodegroup('demo-1-31', 'general');

      // Assess
      expect(first?.status).toBe('DELETING');
      expect(second).toBeUndefined();
      expect(await gateway.listNodegroups('demo-1-31')).toEqual([]);
    });

    it('ends what a scenario starts in transition at its first poll', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({
        ...DEMO_SCENARIO,
        cluster: {
          ...DEMO_SCENARIO.cluster,
          nodegroups: [
            { name: 'general', status: 'CREATING' },
            { name: 'old', status: 'DELETING' },
          ],
          addons: [{ name: 'kube-proxy', version: 'v1.29.3-eksbuild.2', status: 'CREATING' }],
        },
      });

      // Act
      const listedFirst = status(await gateway.listNodegroups('demo'));
      await gateway.describeNodegroup('demo', 'general');
      await gateway.describeNodegroup('demo', 'old');
      await gateway.describeAddon('demo', 'kube-proxy');
      const nodegroups = await gateway.listNodegroups('demo');
      const addons = await gateway.listAddons('demo');

      // Assess
      expect(listedFirst).toEqual({ general: 'CREATING', old: 'DELETING' });
      expect(status(nodegroups)).toEqual({ general: 'ACTIVE' });
      expect(status(addons)).toEqual({ 'kube-proxy': 'ACTIVE' });
      expect(elapsedSeconds(gateway)).toBe(3 * 60);
    });
  });
});
