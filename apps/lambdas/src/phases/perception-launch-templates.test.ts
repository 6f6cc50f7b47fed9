import { describe, expect, it, vi } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated/simulated-cluster-gateway.js';
import { buildRulesPlan } from '../planner/rules-plan.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { blueGreenRequest, config, request } from './__fixtures__/snapshots.js';
import { perceiveCluster } from './perception.js';

const BLUE_CLUSTER_SECURITY_GROUP = 'sg-0c1a2b3c4d5e6f701';
const NOW = new Date('2026-01-05T09:00:00Z');

/** The demo cluster with three node groups on launch templates: one pins blue, two do not. */
const scenario = {
  ...DEMO_SCENARIO,
  cluster: {
    ...DEMO_SCENARIO.cluster,
    nodegroups: [
      {
        name: 'general',
        version: '1.29',
        launchTemplate: {
          id: 'lt-0general',
          version: '3',
          content: {
            userData: '#!/bin/bash\n/etc/eks/bootstrap.sh demo --kubelet-extra-args "--max-pods=58"\n',
            securityGroupIds: [BLUE_CLUSTER_SECURITY_GROUP, 'sg-0a1b2c3d4e5f60009'],
          },
        },
      },
      {
        name: 'spot-workers',
        version: '1.29',
        launchTemplate: {
          id: 'lt-0spot',
          version: '1',
          content: { securityGroupIds: ['sg-0a1b2c3d4e5f60009'] },
        },
      },
      { name: 'batch', version: '1.29', launchTemplate: { id: 'lt-0spot', version: '1' } },
    ],
  },
};

const perceive = (gateway: SimulatedClusterGateway, strategy: 'blue_green' | 'in_place') =>
  perceiveCluster(
    {
      request:
        strategy === 'blue_green'
          ? blueGreenRequest({ clusterName: 'demo', targetVersion: '1.30' })
          : request({ clusterName: 'demo', targetVersion: '1.30' }),
    },
    { gateway, clock: { now: () => NOW } },
  );

describe('Perception and planning: launch templates on green (simulated EC2)', () => {
  it('reads each template once for blue/green and blocks the copy of the group whose version pins blue', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(scenario);
    const describe = vi.spyOn(gateway, 'describeLaunchTemplateVersions');

    // Act
    const snapshot = await perceive(gateway, 'blue_green');
    const plan = buildRulesPlan(blueGreenRequest({ clusterName: 'demo', targetVersion: '1.30' }), snapshot, {
      config: config(),
      now: NOW,
    });

    // Assess
    expect(describe.mock.calls).toEqual([
      [{ id: 'lt-0general' }, ['3']],
      [{ id: 'lt-0spot' }, ['1']],
    ]);
    expect(
      snapshot.nodegroups.map((nodegroup) => [nodegroup.name, nodegroup.launchTemplate?.reading]),
    ).toEqual([
      [
        'general',
        {
          status: 'read',
          version: '3',
          pins: [
            { setting: 'SecurityGroupIds', names: 'cluster-security-group' },
            { setting: 'UserData', names: 'cluster-name', format: 'AL2 bootstrap.sh' },
          ],
        },
      ],
      ['spot-workers', { status: 'read', version: '1', pins: [] }],
      ['batch', { status: 'read', version: '1', pins: [] }],
    ]);
    expect(plan.blockers.filter((issue) => issue.code.startsWith('LAUNCH_TEMPLATE'))).toEqual([
      {
        code: 'LAUNCH_TEMPLATE_PINS_BLUE',
        message: expect.stringMatching(
          /^Node group general's copy on demo-1-30\S* would use launch template lt-0general version 3, which pins demo: SecurityGroupIds names demo's cluster security group; UserData \(AL2 bootstrap\.sh\) names demo's cluster name, so /,
        ) as unknown as string,
        resource: 'nodegroup:general',
      },
    ]);
    expect(plan.warnings.filter((issue) => issue.code.startsWith('LAUNCH_TEMPLATE'))).toEqual([]);
  });

  it('reads no launch template for an in-place upgrade', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(scenario);
    const describe = vi.spyOn(gateway, 'describeLaunchTemplateVersions');

    // Act
    const snapshot = await perceive(gateway, 'in_place');

    // Assess
    expect(describe).not.toHaveBeenCalled();
    expect(snapshot.nodegroups.map((nodegroup) => nodegroup.launchTemplate?.reading)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
