import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { inPlaceScenario, rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: createCluster', () => {
    it('creates a cluster that becomes ACTIVE after the configured polls, then deletes it', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);

      // Act
      await gateway.createCluster({
        name: 'demo-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        subnetIds: ['subnet-1'],
        securityGroupIds: [],
      });
      const states = [];
      for (let poll = 0; poll < 3; poll += 1)
        states.push((await gateway.describeCluster('demo-1-31'))?.status);
      await gateway.deleteCluster('demo-1-31');
      const deleting = await gateway.describeCluster('demo-1-31');
      const gone = await gateway.describeCluster('demo-1-31');

      // Assess
      expect(states).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
      expect(deleting?.status).toBe('DELETING');
      expect(gone).toBeUndefined();
    });
  });

  describe('Method: createNodegroup', () => {
    const green = async (gateway: SimulatedClusterGateway) => {
      await gateway.createCluster({
        name: 'demo-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        subnetIds: ['subnet-1'],
        securityGroupIds: [],
      });
    };
    const spec = {
      clusterName: 'demo-1-31',
      nodegroupName: 'general',
      version: '1.31',
      nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
      subnets: ['subnet-1'],
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 },
    };

    it('refuses while the cluster is CREATING, then creates a node group that turns ACTIVE after the polls', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
      await green(gateway);

      // Act
      const early = await rejection(gateway.createNodegroup(spec));
      while ((await gateway.describeCluster('demo-1-31'))?.status !== 'ACTIVE');
      const created = await gateway.createNodegroup(spec);
      const duplicate = await rejection(gateway.createNodegroup(spec));
      const undeletable = await rejection(gateway.deleteNodegroup('demo-1-31', 'general'));
      const states = [];
      for (let poll = 0; poll < 3; poll += 1)
        states.push((await gateway.describeNodegroup('demo-1-31', 'general'))?.status);

      // Assess
      expect(early).toMatchObject({
        code: 'InvalidRequestException',
        message: expect.stringMatching(/CREATING/),
      });
      expect(created).toMatchObject({ name: 'general', version: '1.31', status: 'CREATING' });
      expect(duplicate.code).toBe('ResourceInUseException');
      expect(undeletable.code).toBe('ResourceInUseException');
      expect(states).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
      expect(await gateway.describeNodegroup('demo-1-31', 'general')).toMatchObject({
        nodeRole: spec.nodeRole,
        scalingConfig: spec.scalingConfig,
      });
    });

    it("enforces EKS's rules: no disk size or remote access beside a launch template, not ahead of the control plane, a custom AMI not versioned", async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
      const launchTemplate = { id: 'lt-0abc', version: '3' };
      const onBlue = { ...spec, clusterName: 'demo', nodegroupName: 'extra' };

      // Act
      const disk = await rejection(gateway.createNodegroup({ ...onBlue, launchTemplate, diskSize: 50 }));
      const ssh = await rejection(
        gateway.createNodegroup({ ...onBlue, launchTemplate, remoteAccess: { ec2SshKey: 'ops' } }),
      );
      const ahead = await rejection(gateway.createNodegroup({ ...onBlue, version: '1.30' }));
      const custom = await rejection(
        gateway.createNodegroup({ ...onBlue, version: '1.29', amiType: 'CUSTOM' }),
      );
      const scaling = await rejection(
        gateway.createNodegroup({
          ...onBlue,
          version: '1.29',
          scalingConfig: { minSize: 3, maxSize: 2, desiredSize: 2 },
        }),
      );

      // Assess
      expect(disk.message).toMatch(/Disk size must be specified within the launch template/);
      expect(ssh.message).toMatch(/Remote access configuration cannot be specified with a launch template/);
      expect(ahead.message).toMatch(/1\.30 is newer than the control plane 1\.29/);
      expect(custom.message).toMatch(/custom AMI/);
      expect(scaling.message).toMatch(/minSize <= desiredSize <= maxSize/);
      expect(gateway.calls.filter((call) => call.operation === 'CreateNodegroup')).toEqual([]);
    });
  });

  describe('Method: createAddon', () => {
    it('installs only a version compatible with the cluster; CoreDNS without nodes ends DEGRADED', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          cluster: { ...DEMO_SCENARIO.cluster, nodegroups: [], addons: [DEMO_SCENARIO.cluster.addons[1]!] },
        }),
      );
      await gateway.createCluster({
        name: 'bare',
        version: '1.29',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        subnetIds: ['subnet-1'],
        securityGroupIds: [],
      });
      while ((await gateway.describeCluster('bare'))?.status !== 'ACTIVE');

      // Act
      const incompatible = await rejection(
        gateway.createAddon({ clusterName: 'bare', addonName: 'coredns', version: 'v1.11.3-eksbuild.1' }),
      );
      await gateway.createAddon({
        clusterName: 'bare',
        addonName: 'coredns',
        version: 'v1.11.1-eksbuild.9',
        configurationValues: '{"replicaCount":3}',
      });
      const states = [];
      for (let poll = 0; poll < 3; poll += 1)
        states.push((await gateway.describeAddon('bare', 'coredns'))?.status);
      const details = await gateway.describeAddon('bare', 'coredns');

      // Assess
      expect(incompatible).toMatchObject({
        code: 'InvalidParameterException',
        message: expect.stringMatching(/not compatible with Kubernetes 1\.29/),
      });
      expect(states).toEqual(['CREATING', 'CREATING', 'DEGRADED']);
      expect(details).toMatchObject({
        configurationValues: '{"replicaCount":3}',
        healthIssues: [expect.objectContaining({ code: 'InsufficientNumberOfReplicas' })],
      });
      expect(await gateway.describeAddon('bare', 'vpc-cni')).toBeUndefined();
    });
  });

  describe('Method: deleteCluster', () => {
    it('refuses while node groups remain; node groups take polls to go', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario({ timing: { deletePolls: 2 } }));

      // Act
      const refused = await rejection(gateway.deleteCluster('demo'));
      await gateway.deleteNodegroup('demo', 'general');
      await gateway.deleteNodegroup('demo', 'spot-workers');
      const first = await gateway.listNodegroups('demo');
      for (const name of ['general', 'spot-workers']) {
        await gateway.describeNodegroup('demo', name);
        await gateway.describeNodegroup('demo', name);
      }
      const second = await gateway.listNodegroups('demo');
      await gateway.deleteCluster('demo');

      // Assess
      expect(refused.code).toBe('ResourceInUseException');
      expect(refused.message).toMatch(/nodegroups attached: general, spot-workers/);
      expect(first.map((nodegroup) => nodegroup.status)).toEqual(['DELETING', 'DELETING']);
      expect(second).toEqual([]);
      expect((await gateway.describeCluster('demo'))?.status).toBe('DELETING');
    });
  });
});
