import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { inPlaceScenario, pollUntilDone, rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

describe('Class: SimulatedClusterGateway', () => {
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
      expect(gateway.calls.at(-1)?.detail).toBe('1.30 -> 1.29 (rollback, cancelled after 240 min)');
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
});
