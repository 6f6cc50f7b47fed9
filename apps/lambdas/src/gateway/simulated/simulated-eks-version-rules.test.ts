import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { inPlaceScenario, pollUntilDone, rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

/** The demo cluster at `version` with one node group `nodes` at `nodegroupVersion` of `amiType`. */
function clusterAt(version: string, nodegroupVersion: string, amiType = 'AL2023_x86_64_STANDARD') {
  return new SimulatedClusterGateway(
    inPlaceScenario({
      cluster: {
        ...DEMO_SCENARIO.cluster,
        version,
        nodegroups: [{ name: 'nodes', version: nodegroupVersion, amiType }],
        supportedVersions: ['1.31', '1.32', '1.33', '1.34'].map((supported) => ({
          version: supported,
          status: 'STANDARD_SUPPORT' as const,
        })),
      },
    }),
  );
}

describe('Simulated EKS version rules', () => {
  describe('UpdateNodegroupVersion', () => {
    it('takes a managed node group back one minor (how EKS native rollback has node groups rolled back), not two', async () => {
      // Prepare
      const gateway = clusterAt('1.32', '1.32');

      // Act
      const back = await gateway.updateNodegroupVersion('demo', 'nodes', '1.31');
      const ended = await pollUntilDone(gateway, 'demo', back.id, { nodegroupName: 'nodes' });
      const twoBack = await rejection(gateway.updateNodegroupVersion('demo', 'nodes', '1.29'));

      // Assess
      expect(ended.status).toBe('Successful');
      expect((await gateway.listNodegroups('demo'))[0]).toMatchObject({ name: 'nodes', version: '1.31' });
      expect(twoBack.code).toBe('InvalidParameterException');
      expect(twoBack.message).toMatch(/goes back one minor version at a time \(1\.31 to 1\.29\)/);
    });

    it('refuses an Amazon Linux 2 node group at 1.33, naming the AL2023 and Bottlerocket types', async () => {
      // Prepare
      const gateway = clusterAt('1.33', '1.32', 'AL2_x86_64');

      // Act
      const error = await rejection(gateway.updateNodegroupVersion('demo', 'nodes', '1.33'));

      // Assess
      expect(error.code).toBe('InvalidParameterException');
      expect(error.message).toMatch(
        /AMI type AL2_x86_64 is not available for Kubernetes 1\.33 .*use AL2023_x86_64_STANDARD or BOTTLEROCKET_x86_64$/,
      );
    });

    it('still moves an Amazon Linux 2 node group to 1.32', async () => {
      // Prepare
      const gateway = clusterAt('1.32', '1.31', 'AL2_x86_64');

      // Act
      const update = await gateway.updateNodegroupVersion('demo', 'nodes', '1.32');

      // Assess
      expect(update.status).toBe('InProgress');
    });
  });

  describe('CreateNodegroup', () => {
    it('refuses an Amazon Linux 2 AMI type at 1.33 or later', async () => {
      // Prepare
      const gateway = clusterAt('1.33', '1.33');

      // Act
      const error = await rejection(
        gateway.createNodegroup({
          clusterName: 'demo',
          nodegroupName: 'copy',
          version: '1.33',
          nodeRole: 'arn:aws:iam::123456789012:role/nodes',
          subnets: ['subnet-1'],
          amiType: 'AL2_ARM_64',
        }),
      );

      // Assess
      expect(error.message).toMatch(/AMI type AL2_ARM_64 is not available for Kubernetes 1\.33/);
    });
  });

  describe('UpdateClusterVersion (native rollback)', () => {
    it('refuses while a node group runs N, and rolls back once the node group is back at N-1', async () => {
      // Prepare: 1.29 → 1.30 in place, then general to 1.30
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      await pollUntilDone(gateway, 'demo', (await gateway.updateClusterVersion('demo', '1.30')).id);
      const up = await gateway.updateNodegroupVersion('demo', 'general', '1.30');
      await pollUntilDone(gateway, 'demo', up.id, { nodegroupName: 'general' });

      // Act
      const refused = await rejection(gateway.updateClusterVersion('demo', '1.29', { rollback: true }));
      const down = await gateway.updateNodegroupVersion('demo', 'general', '1.29');
      await pollUntilDone(gateway, 'demo', down.id, { nodegroupName: 'general' });
      const rollback = await gateway.updateClusterVersion('demo', '1.29', { rollback: true });
      await pollUntilDone(gateway, 'demo', rollback.id);

      // Assess
      expect(refused.message).toMatch(/general run a kubelet newer than 1\.29/);
      expect(rollback.type).toBe('VersionRollback');
      expect(await gateway.describeCluster('demo')).toMatchObject({ version: '1.29', status: 'ACTIVE' });
    });

    it('rolls back once: the rolled-back version was not reached by an in-place upgrade', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(inPlaceScenario());
      await pollUntilDone(gateway, 'demo', (await gateway.updateClusterVersion('demo', '1.30')).id);
      await pollUntilDone(
        gateway,
        'demo',
        (await gateway.updateClusterVersion('demo', '1.29', { rollback: true })).id,
      );

      // Act
      const error = await rejection(gateway.updateClusterVersion('demo', '1.28', { rollback: true }));

      // Assess
      expect(error.code).toBe('InvalidRequestException');
      expect(error.message).toMatch(/was not upgraded in place from 1\.28/);
    });
  });

  describe('ListInsights', () => {
    it('answers the category asked for: upgrade readiness by default, rollback readiness on request', async () => {
      // Prepare
      const insight = (id: string, category: string) => ({
        id,
        name: id,
        category,
        status: 'ERROR' as const,
        reason: `${id} reason`,
      });
      const gateway = new SimulatedClusterGateway(
        inPlaceScenario({
          cluster: {
            ...DEMO_SCENARIO.cluster,
            insights: [
              insight('upgrade-1', 'UPGRADE_READINESS'),
              insight('rollback-1', 'ROLLBACK_READINESS'),
            ],
          },
        }),
      );

      // Act
      const upgrade = await gateway.listInsights('demo');
      const rollback = await gateway.listInsights('demo', 'ROLLBACK_READINESS');

      // Assess
      expect(upgrade.map((found) => found.id)).toEqual(['upgrade-1']);
      expect(rollback.map((found) => found.id)).toEqual(['rollback-1']);
    });
  });
});
