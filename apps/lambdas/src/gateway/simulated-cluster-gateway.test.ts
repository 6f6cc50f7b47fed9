import { AWSServiceError, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput, ScenarioSchema } from '../simulation/scenario.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

function inPlaceScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    ...DEMO_SCENARIO,
    request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
    ...overrides,
  };
}

async function pollUntilDone(gateway: SimulatedClusterGateway, cluster: string, id: string, scope = {}) {
  for (let poll = 0; poll < 20; poll += 1) {
    const update = await gateway.describeUpdate(cluster, id, scope);
    if (update.status !== 'InProgress') return update;
  }
  throw new Error('update never finished');
}

async function rejection(promise: Promise<unknown>): Promise<AWSServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(AWSServiceError.isInstance(error)).toBe(true);
  return error as AWSServiceError;
}

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

  describe('Method: updateClusterVersion', () => {
    it('takes the configured number of polls, then moves the control plane one minor', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario({ timing: { updatePolls: 3 } }));

      // Act
      const update = await gateway.updateClusterVersion('demo', '1.30');
      const during = await gateway.describeCluster('demo');
      const first = await gateway.describeUpdate('demo', update.id);
      const second = await gateway.describeUpdate('demo', update.id);
      const third = await gateway.describeUpdate('demo', update.id);
      const after = await gateway.describeCluster('demo');

      // Assess
      expect(update).toMatchObject({
        type: 'VersionUpdate',
        status: 'InProgress',
        params: { Version: '1.30' },
      });
      expect(during).toMatchObject({ status: 'UPDATING', version: '1.29' });
      expect([first.status, second.status, third.status]).toEqual(['InProgress', 'InProgress', 'Successful']);
      expect(after).toMatchObject({ status: 'ACTIVE', version: '1.30' });
      expect(gateway.now().toISOString()).toBe('2026-01-05T09:03:00.000Z');
    });

    it('refuses to skip a minor version', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.31'));

      // Assess
      expect(error.code).toBe('InvalidParameterException');
      expect(error.message).toMatch(/one minor version at a time/);
    });

    it('refuses a second update while one is in progress', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      await gateway.updateClusterVersion('demo', '1.30');

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.30'));

      // Assess
      expect(error.code).toBe('ResourceInUseException');
    });

    it('refuses the next hop until every node group is on the control plane version', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      const update = await gateway.updateClusterVersion('demo', '1.30');
      await pollUntilDone(gateway, 'demo', update.id);

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.31'));

      // Assess
      expect(error.code).toBe('InvalidRequestException');
      expect(error.message).toMatch(/general, spot-workers must be on Kubernetes version 1\.30/);
    });

    it('ends Failed without changing the version when the scenario says so', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          failures: [{ type: 'update_fails', resource: 'control_plane', toVersion: '1.30' }],
        }),
      );

      // Act
      const update = await gateway.updateClusterVersion('demo', '1.30');
      const done = await pollUntilDone(gateway, 'demo', update.id);

      // Assess
      expect(done.status).toBe('Failed');
      expect(done.errors[0]?.code).toBe('ClusterUnreachable');
      expect(await gateway.describeCluster('demo')).toMatchObject({ version: '1.29', status: 'ACTIVE' });
    });

    it('rolls back to N-1 within 7 days of an in-place upgrade, and not after', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      const upgrade = await gateway.updateClusterVersion('demo', '1.30');
      await pollUntilDone(gateway, 'demo', upgrade.id);
      const late = new SimulatedClusterGateway(inPlaceScenario());
      const lateUpgrade = await late.updateClusterVersion('demo', '1.30');
      await pollUntilDone(late, 'demo', lateUpgrade.id);
      late.advanceClock(8 * 24 * 3600);

      // Act
      const rollback = await gateway.updateClusterVersion('demo', '1.29', { rollback: true });
      const rolledBack = await pollUntilDone(gateway, 'demo', rollback.id);
      const error = await rejection(late.updateClusterVersion('demo', '1.29', { rollback: true }));

      // Assess
      expect(rollback.type).toBe('VersionRollback');
      expect(rolledBack.status).toBe('Successful');
      expect((await gateway.describeCluster('demo'))?.version).toBe('1.29');
      expect(error.message).toMatch(/within 7 days/);
    });

    it('refuses a rollback window outside the 120-10080 minutes EKS accepts', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      const upgrade = await gateway.updateClusterVersion('demo', '1.30');
      await pollUntilDone(gateway, 'demo', upgrade.id);

      // Act
      const error = await rejection(
        gateway.updateClusterVersion('demo', '1.29', { rollback: true, rollbackTimeoutMinutes: 60 }),
      );
      const rollback = await gateway.updateClusterVersion('demo', '1.29', {
        rollback: true,
        rollbackTimeoutMinutes: 240,
      });

      // Assess
      expect(error).toMatchObject({
        code: 'InvalidParameterException',
        message: expect.stringMatching(/got 60/),
      });
      expect(rollback.type).toBe('VersionRollback');
      expect(gateway.calls.at(-1)?.detail).toBe('1.30 -> 1.29 (rollback, window 240 min)');
    });

    it('refuses a rollback when a node group already runs the newer kubelet', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      const upgrade = await gateway.updateClusterVersion('demo', '1.30');
      await pollUntilDone(gateway, 'demo', upgrade.id);
      const nodes = await gateway.updateNodegroupVersion('demo', 'general', '1.30');
      await pollUntilDone(gateway, 'demo', nodes.id, { nodegroupName: 'general' });

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.29', { rollback: true }));

      // Assess
      expect(error.message).toMatch(/general run a kubelet newer than 1\.29/);
    });

    it('rejects the rollback when the scenario injects a rollback failure', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({ failures: [{ type: 'rollback_fails' }] }),
      );
      const upgrade = await gateway.updateClusterVersion('demo', '1.30');
      await pollUntilDone(gateway, 'demo', upgrade.id);

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.29', { rollback: true }));

      // Assess
      expect(error.message).toMatch(/Rollback readiness check failed/);
    });
  });

  describe('Method: updateNodegroupVersion', () => {
    it('refuses to move a node group ahead of the control plane', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());

      // Act
      const error = await rejection(gateway.updateNodegroupVersion('demo', 'general', '1.30'));

      // Assess
      expect(error.code).toBe('InvalidParameterException');
      expect(error.message).toMatch(/newer than the control plane 1\.29/);
    });

    it('refuses a version for a custom-AMI node group', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          cluster: {
            ...DEMO_SCENARIO.cluster,
            version: '1.30',
            nodegroups: [{ name: 'custom', version: '1.29', customAmi: true }],
          },
        }),
      );

      // Act
      const error = await rejection(gateway.updateNodegroupVersion('demo', 'custom', '1.30'));

      // Assess
      expect(error.message).toMatch(/custom AMI/);
    });
  });

  describe('Method: updateAddon', () => {
    it('accepts only versions compatible with the control plane', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());

      // Act
      const error = await rejection(gateway.updateAddon('demo', 'kube-proxy', 'v1.30.0-eksbuild.3'));
      const update = await gateway.updateAddon('demo', 'kube-proxy', 'v1.29.7-eksbuild.2');
      const done = await pollUntilDone(gateway, 'demo', update.id, { addonName: 'kube-proxy' });

      // Assess
      expect(error.message).toMatch(/not compatible with Kubernetes 1\.29/);
      expect(done.status).toBe('Successful');
      expect((await gateway.listAddons('demo')).find((addon) => addon.name === 'kube-proxy')?.version).toBe(
        'v1.29.7-eksbuild.2',
      );
    });
  });

  describe('Method: updateAddon (VPC CNI)', () => {
    it('refuses to move VPC CNI more than one minor at a time', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          cluster: {
            ...DEMO_SCENARIO.cluster,
            addons: [
              {
                name: 'vpc-cni',
                version: 'v1.17.1-eksbuild.1',
                compatibility: { '1.29': { versions: ['v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'] } },
              },
            ],
          },
        }),
      );

      // Act
      const error = await rejection(gateway.updateAddon('demo', 'vpc-cni', 'v1.19.0-eksbuild.1'));
      const update = await gateway.updateAddon('demo', 'vpc-cni', 'v1.18.5-eksbuild.1');

      // Assess
      expect(error.message).toMatch(/one minor version at a time/);
      expect(update.params).toEqual({ AddonVersion: 'v1.18.5-eksbuild.1' });
    });
  });

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
      for (let poll = 0; poll < 3; poll += 1) states.push((await gateway.listAddons('bare'))[0]?.status);
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

  describe('Method: deleteCluster', () => {
    it('refuses while node groups remain; node groups take polls to go', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario({ timing: { deletePolls: 2 } }));

      // Act
      const refused = await rejection(gateway.deleteCluster('demo'));
      await gateway.deleteNodegroup('demo', 'general');
      await gateway.deleteNodegroup('demo', 'spot-workers');
      const first = await gateway.listNodegroups('demo');
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
