/**
 * Issue 14 §2 (redrive / resume): Execute run again for a step whose update is already running,
 * or already done, adopts it and starts nothing, for the control plane, node groups and add-ons.
 * Asserted on every EKS call made.
 */
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
  ResourceInUseException,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { SimulatedClusterGateway } from '../../gateway/simulated/simulated-cluster-gateway.js';
import {
  awsPhaseDependencies,
  eksAddon,
  eksCluster,
  eksNodegroup,
  eksUpdate,
} from '../../phases/__fixtures__/aws.js';
import { config, request } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const sent = () => eks.calls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));

const controlPlane: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'cp',
  clusterName: 'prod',
  fromVersion: '1.29',
  toVersion: '1.30',
};
const nodegroup: PlanStep = {
  id: 'ng-general-1.30',
  kind: 'nodegroup_upgrade',
  description: 'ng',
  clusterName: 'prod',
  nodegroupName: 'general',
  fromVersion: '1.29',
  toVersion: '1.30',
};
const addon: PlanStep = {
  id: 'addon-coredns-1.30',
  kind: 'addon_upgrade',
  description: 'addon',
  clusterName: 'prod',
  addonName: 'coredns',
  fromVersion: 'v1.11.1-eksbuild.8',
  toVersion: 'v1.11.1-eksbuild.9',
  kubernetesVersion: '1.30',
};

describe('Execute again (a redrive): an update already running is adopted', () => {
  beforeEach(() => {
    eks.reset();
  });

  it('control plane: UPDATING with our version update → that update, no UpdateClusterVersion', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ status: 'UPDATING' }) });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['cp-up'] });
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('cp-up') });

    // Act
    const result = await executeStep({ request: request(), step: controlPlane }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'cp-up' });
    expect(sent()).toEqual(['DescribeCluster', 'ListUpdates', 'DescribeUpdate']);
    expect(eks).toHaveReceivedCommandWith(ListUpdatesCommand, { name: 'prod' });
  });

  it('node group: UPDATING with our version update → that update, no UpdateNodegroupVersion', async () => {
    // Prepare
    eks
      .on(DescribeNodegroupCommand)
      .resolves({ nodegroup: eksNodegroup('general', '1.29', { status: 'UPDATING' }) });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['ng-up'] });
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('ng-up') });

    // Act
    const result = await executeStep({ request: request(), step: nodegroup }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'ng-up', nodegroupName: 'general' });
    expect(sent()).toEqual(['DescribeNodegroup', 'ListUpdates', 'DescribeUpdate']);
    expect(eks).toHaveReceivedCommandWith(ListUpdatesCommand, { name: 'prod', nodegroupName: 'general' });
  });

  it('node group: EKS answers ResourceInUseException before the status says UPDATING → the running update', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('general', '1.29') });
    eks
      .on(UpdateNodegroupVersionCommand)
      .rejects(new ResourceInUseException({ message: 'in progress', $metadata: { httpStatusCode: 409 } }));
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['ng-up'] });
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('ng-up') });

    // Act
    const result = await executeStep({ request: request(), step: nodegroup }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'ng-up' });
    expect(sent()).toEqual(['DescribeNodegroup', 'UpdateNodegroupVersion', 'ListUpdates', 'DescribeUpdate']);
  });

  it('add-on: UPDATING with our version update → that update, no UpdateAddon', async () => {
    // Prepare
    eks
      .on(DescribeAddonCommand)
      .resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8', { status: 'UPDATING' }) });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['addon-up'] });
    eks.on(DescribeUpdateCommand).resolves({
      update: eksUpdate('addon-up', {
        type: 'AddonUpdate',
        params: [{ type: 'AddonVersion', value: 'v1.11.1-eksbuild.9' }],
      }),
    });

    // Act
    const result = await executeStep({ request: request(), step: addon }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'addon-up', addonName: 'coredns' });
    expect(sent()).toEqual(['DescribeAddon', 'ListUpdates', 'DescribeUpdate']);
    expect(eks).toHaveReceivedCommandWith(ListUpdatesCommand, { name: 'prod', addonName: 'coredns' });
  });
});

describe('Execute again (a redrive): a resource already at the target is adopted', () => {
  beforeEach(() => {
    eks.reset();
  });

  it.each([
    [
      'control plane',
      controlPlane,
      () => eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.30' }) }),
      ['DescribeCluster'],
    ],
    [
      'node group',
      nodegroup,
      () => eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('general', '1.30') }),
      ['DescribeNodegroup'],
    ],
    [
      'add-on',
      addon,
      () => eks.on(DescribeAddonCommand).resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.9') }),
      ['DescribeAddon'],
    ],
  ] as const)('%s: skipped after one read, nothing started', async (_name, step, prepare, calls) => {
    // Prepare
    prepare();

    // Act
    const result = await executeStep({ request: request(), step }, deps());

    // Assess
    expect(result.status).toBe('skipped');
    expect(sent()).toEqual(calls);
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupVersionCommand);
    expect(eks).not.toHaveReceivedCommand(UpdateAddonCommand);
  });
});

describe('Execute again on the simulated cluster: one update per step however often it runs', () => {
  it('starts each update once across repeated executes, mid-update and after it finished', async () => {
    // Prepare: demo in place 1.29 → 1.30
    const gateway = new SimulatedClusterGateway({
      ...DEMO_SCENARIO,
      request: { clusterName: 'demo', targetVersion: '1.30', strategy: 'in_place' },
    });
    const dependencies = { gateway, config: config(), clock: { now: () => gateway.now() } };
    const demo = { ...controlPlane, clusterName: 'demo' } as PlanStep;
    const demoRequest = request({ clusterName: 'demo', targetVersion: '1.30' });

    // Act: started, run again while it runs, then again after it ended
    const first = await executeStep({ request: demoRequest, step: demo }, dependencies);
    const whileRunning = await executeStep({ request: demoRequest, step: demo }, dependencies);
    while ((await gateway.describeUpdate('demo', first.updateId!)).status === 'InProgress');
    const afterwards = await executeStep({ request: demoRequest, step: demo }, dependencies);

    // Assess
    expect(whileRunning).toMatchObject({ status: 'in_progress', updateId: first.updateId });
    expect(afterwards.status).toBe('skipped');
    expect(gateway.calls.filter((call) => call.operation === 'UpdateClusterVersion')).toEqual([
      { operation: 'UpdateClusterVersion', clusterName: 'demo', detail: '1.29 -> 1.30' },
    ]);
  });
});
