import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListInsightsCommand,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  awsPhaseDependencies,
  eksAddon,
  eksCluster,
  eksNodegroup,
  eksUpdate,
} from '../../phases/__fixtures__/aws.js';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';
import { mockUpgradedInPlace } from './__fixtures__/upgraded-in-place.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after ng-general-1.30' };
const deps = () => awsPhaseDependencies(NOW);
const planTo = (targetVersion: string): UpgradePlan =>
  buildRulesPlan(request({ targetVersion }), snapshot(), { config: config(), now: NOW });
const statuses = (actions: { target: string; status: string }[]) =>
  actions.map((action) => `${action.target}:${action.status}`);

/** Node group `general` at `from` until its rollback update `ng-rb-1` succeeds after `polls` polls. */
function nodegroupRollsBack(from: string, to: string, polls = 1): void {
  eks
    .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
    .resolvesOnce({ nodegroup: eksNodegroup('general', from) })
    .resolves({ nodegroup: eksNodegroup('general', to) });
  eks.on(UpdateNodegroupVersionCommand).resolves({
    update: eksUpdate('ng-rb-1', { params: [{ type: 'Version', value: to }] }),
  });
  let stub = eks.on(DescribeUpdateCommand, { updateId: 'ng-rb-1' });
  for (let poll = 1; poll < polls; poll += 1) stub = stub.resolvesOnce({ update: eksUpdate('ng-rb-1') });
  stub.resolves({ update: eksUpdate('ng-rb-1', { status: 'Successful' }) });
}

describe('EKS native rollback choreography (rollback phase, in place)', () => {
  beforeEach(() => {
    eks.reset();
  });

  it('rolls the node group at N back to N-1 first, sees it end, then rolls back the control plane', async () => {
    // Prepare
    mockUpgradedInPlace(eks, NOW, { nodegroupVersion: '1.30' });
    nodegroupRollsBack('1.30', '1.29', 1);

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(result.success).toBe(true);
    expect(statuses(result.actions)).toEqual([
      'nodegroup:general:undone',
      'addon:vpc-cni:not_possible',
      'control-plane:started',
    ]);
    expect(result.actions[0]).toEqual({
      target: 'nodegroup:general',
      status: 'undone',
      message: 'general rolled back 1.30 → 1.29 (update ng-rb-1)',
      updateId: 'ng-rb-1',
    });
    expect(eks).toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, {
      clusterName: 'prod',
      nodegroupName: 'general',
      version: '1.29',
    });
    expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, {
      name: 'prod',
      updateId: 'ng-rb-1',
      nodegroupName: 'general',
    });
    // One DescribeUpdate, Successful: the control plane goes back in the same pass.
    expect(eks.commandCalls(DescribeUpdateCommand, { updateId: 'ng-rb-1' })).toHaveLength(1);
    expect(eks).toHaveReceivedCommandWith(ListInsightsCommand, {
      clusterName: 'prod',
      filter: { categories: ['ROLLBACK_READINESS'] },
    });
    expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, {
      name: 'prod',
      version: '1.29',
      rollbackConfig: { timeoutMinutes: 720 },
    });
    // The three undos ask once whether native rollback applies: one DescribeCluster, one ListUpdates.
    expect(eks).toHaveReceivedCommandTimes(DescribeClusterCommand, 1);
    expect(eks).toHaveReceivedCommandTimes(ListUpdatesCommand, 1);
    const calls = eks.calls().map((call) => call.args[0].constructor.name);
    expect(calls.indexOf('UpdateNodegroupVersionCommand')).toBeLessThan(
      calls.indexOf('UpdateClusterVersionCommand'),
    );
    expect(result.notUndone).toEqual([
      'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1), which supports 1.29',
    ]);
    expect(result.pending).toEqual([
      'control-plane: EKS native rollback 1.30 → 1.29 (update rb-1) in progress',
    ]);
  });

  it("downgrades an add-on that does not support N-1 to EKS's default for N-1 before the control plane", async () => {
    // Prepare: vpc-cni moved to v1.19.0, which EKS lists for 1.30 only
    mockUpgradedInPlace(eks, NOW);
    eks
      .on(DescribeAddonCommand, { addonName: 'vpc-cni' })
      .resolves({ addon: eksAddon('vpc-cni', 'v1.19.0-eksbuild.1') });
    eks.on(DescribeAddonVersionsCommand).resolves({
      addons: [
        {
          addonName: 'vpc-cni',
          addonVersions: [
            { addonVersion: 'v1.19.0-eksbuild.1', compatibilities: [{ clusterVersion: '1.30' }] },
            {
              addonVersion: 'v1.18.5-eksbuild.1',
              compatibilities: [{ clusterVersion: '1.29' }, { clusterVersion: '1.30', defaultVersion: true }],
            },
            {
              addonVersion: 'v1.18.3-eksbuild.1',
              compatibilities: [{ clusterVersion: '1.29', defaultVersion: true }, { clusterVersion: '1.30' }],
            },
          ],
        },
      ],
    });
    eks.on(UpdateAddonCommand).resolves({
      update: eksUpdate('addon-rb-1', {
        type: 'AddonUpdate',
        params: [{ type: 'AddonVersion', value: 'v1.18.3-eksbuild.1' }],
      }),
    });
    eks
      .on(DescribeUpdateCommand, { updateId: 'addon-rb-1' })
      .resolves({ update: eksUpdate('addon-rb-1', { type: 'AddonUpdate', status: 'Successful' }) });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(statuses(result.actions)).toEqual(['addon:vpc-cni:undone', 'control-plane:started']);
    expect(result.actions[0]?.message).toBe(
      'vpc-cni downgraded v1.19.0-eksbuild.1 → v1.18.3-eksbuild.1 for 1.29 (update addon-rb-1)',
    );
    expect(eks).toHaveReceivedCommandWith(DescribeAddonVersionsCommand, {
      addonName: 'vpc-cni',
      kubernetesVersion: '1.29',
    });
    expect(eks).toHaveReceivedCommandWith(UpdateAddonCommand, {
      clusterName: 'prod',
      addonName: 'vpc-cni',
      addonVersion: 'v1.18.3-eksbuild.1',
      resolveConflicts: 'PRESERVE',
    });
    expect(result.notUndone).toEqual([]);
  });

  it('leaves the control plane when a ROLLBACK_READINESS insight is ERROR, with its reason', async () => {
    // Prepare
    mockUpgradedInPlace(eks, NOW);
    eks.on(ListInsightsCommand).resolves({
      insights: [
        {
          id: 'rb-insight-1',
          name: 'Add-on version compatibility',
          category: 'ROLLBACK_READINESS',
          insightStatus: { status: 'ERROR', reason: 'Incompatible add-on versions' },
        },
      ],
    });
    eks.on(DescribeInsightCommand).resolves({
      insight: {
        id: 'rb-insight-1',
        name: 'Add-on version compatibility',
        category: 'ROLLBACK_READINESS',
        insightStatus: { status: 'ERROR', reason: 'aws-ebs-csi-driver v1.40 does not support 1.29' },
        recommendation: 'Downgrade aws-ebs-csi-driver',
      },
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(result.actions.at(-1)).toEqual({
      target: 'control-plane',
      status: 'not_possible',
      message:
        'EKS rollback readiness says no: Add-on version compatibility: aws-ebs-csi-driver v1.40 does not support 1.29; the control plane stays at 1.30',
    });
    expect(result.success).toBe(true);
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
  });

  it('leaves the control plane pending, without waiting, while a node group still rolls back', async () => {
    // Prepare: the node group's rollback is still InProgress when the control plane's undo looks
    mockUpgradedInPlace(eks, NOW, { nodegroupVersion: '1.30' });
    nodegroupRollsBack('1.30', '1.29', 10);
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
      .resolves({ nodegroup: eksNodegroup('general', '1.30') });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(statuses(result.actions)).toEqual(['nodegroup:general:started', 'addon:vpc-cni:not_possible']);
    expect(result.pending).toEqual([
      'nodegroup:general: update ng-rb-1 in progress',
      'control-plane: rolls back 1.30 → 1.29 once nodegroup:general (update ng-rb-1) ended',
    ]);
    expect(result.notUndone).toEqual([
      'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1), which supports 1.29',
    ]);
    expect(result.summary).toBe(
      'Rollback of prod after ValidationFailed: 1 action(s) taken, 1 thing(s) not undone, 2 still in progress',
    );
    expect(eks.commandCalls(DescribeUpdateCommand, { updateId: 'ng-rb-1' })).toHaveLength(1);
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
  });

  it("lists what still runs as not undone on the workflow's last pass", async () => {
    // Prepare: as above, on pass 60 of 60
    mockUpgradedInPlace(eks, NOW, { nodegroupVersion: '1.30' });
    nodegroupRollsBack('1.30', '1.29', 10);
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
      .resolves({ nodegroup: eksNodegroup('general', '1.30') });

    // Act
    const result = await rollbackUpgrade(
      { request: request(), plan: planTo('1.30'), failure, pass: { count: 60, limit: 60 } },
      deps(),
    );

    // Assess
    expect(result.pending).toEqual([]);
    expect(result.notUndone).toEqual([
      'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1), which supports 1.29',
      'still in progress after 60 polls: nodegroup:general: update ng-rb-1 in progress',
      'still in progress after 60 polls: control-plane: rolls back 1.30 → 1.29 once nodegroup:general (update ng-rb-1) ended',
    ]);
  });

  it('reports the native rollback an earlier pass started as running, and starts no other', async () => {
    // Prepare: the cluster is UPDATING with the VersionRollback to 1.29 that the first pass started
    mockUpgradedInPlace(eks, NOW);
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.30', status: 'UPDATING' }) });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['upd-1', 'rb-1'] });
    eks.on(DescribeUpdateCommand, { updateId: 'rb-1' }).resolves({
      update: eksUpdate('rb-1', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.29' }] }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(result.actions.at(-1)).toEqual({
      target: 'control-plane',
      status: 'started',
      message: 'EKS native rollback 1.30 → 1.29 (update rb-1)',
      updateId: 'rb-1',
    });
    expect(result.pending).toEqual([
      'control-plane: EKS native rollback 1.30 → 1.29 (update rb-1) in progress',
    ]);
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
  });

  it('does not roll back a second minor once its native rollback is done', async () => {
    // Prepare: 1.29 → 1.31, rolled back to 1.30 (rb-2, the newest update); upd-1 took it to 1.30 on the way up
    mockUpgradedInPlace(eks, NOW);
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['upd-1', 'upd-2', 'rb-2'] });
    eks.on(DescribeUpdateCommand, { updateId: 'upd-2' }).resolves({
      update: eksUpdate('upd-2', {
        status: 'Successful',
        params: [{ type: 'Version', value: '1.31' }],
        createdAt: new Date(NOW.getTime() - 3600_000),
      }),
    });
    eks.on(DescribeUpdateCommand, { updateId: 'rb-2' }).resolves({
      update: eksUpdate('rb-2', {
        type: 'VersionRollback',
        status: 'Successful',
        params: [{ type: 'Version', value: '1.30' }],
        createdAt: new Date(NOW.getTime() - 600_000),
      }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.31'), failure }, deps());

    // Assess
    expect(result.actions.at(-1)).toEqual({
      target: 'control-plane',
      status: 'not_needed',
      message:
        'The control plane was rolled back to 1.30 (update rb-2); EKS native rollback goes back one minor, once',
      updateId: 'rb-2',
    });
    expect(result.notUndone).toContain(
      'control-plane: goes back to 1.30, not to 1.29: EKS rolls back one minor version only',
    );
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupVersionCommand);
    expect(result.pending).toEqual([]);
  });

  it('after two hops, rolls back one minor at most and says so plainly', async () => {
    // Prepare: 1.29 → 1.31; general reached 1.31, batch 1.30 (the second hop failed on it)
    mockUpgradedInPlace(eks, NOW, { version: '1.31' });
    nodegroupRollsBack('1.31', '1.30');
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
      .resolves({ nodegroup: eksNodegroup('batch', '1.30') });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general', 'batch'] });
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.31' }) });
    eks.on(UpdateClusterVersionCommand).resolves({
      update: eksUpdate('rb-2', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.30' }] }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.31'), failure }, deps());

    // Assess
    expect(statuses(result.actions)).toEqual([
      'nodegroup:general:undone',
      'nodegroup:batch:not_possible',
      'addon:vpc-cni:not_possible',
      'control-plane:started',
    ]);
    expect(eks).toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, {
      clusterName: 'prod',
      nodegroupName: 'general',
      version: '1.30',
    });
    expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, {
      name: 'prod',
      version: '1.30',
      rollbackConfig: { timeoutMinutes: 720 },
    });
    expect(result.notUndone).toEqual([
      'nodegroup:general: goes back to 1.30, not to 1.29: EKS native rollback takes the cluster back one minor at most',
      'nodegroup:batch: batch stays at 1.30 (was 1.29): EKS native rollback takes the cluster back one minor, to 1.30, at most',
      'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1), which supports 1.30',
      'control-plane: EKS rolls back one minor version only; the control plane can go back to 1.30 at best, not to 1.29',
    ]);
  });

  it('moves no node group back when the control plane cannot go back (7-day window passed)', async () => {
    // Prepare
    mockUpgradedInPlace(eks, NOW, { nodegroupVersion: '1.30', hoursAgo: 8 * 24 });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: planTo('1.30'), failure }, deps());

    // Assess
    expect(statuses(result.actions)).toEqual([
      'nodegroup:general:not_possible',
      'addon:vpc-cni:not_possible',
      'control-plane:not_possible',
    ]);
    expect(result.actions[0]?.message).toMatch(
      /^general stays at 1\.30 \(was 1\.29\): node groups go back only with the control plane's native rollback, which does not run here \(The upgrade to 1\.30 is older than 7 days/,
    );
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupVersionCommand);
    expect(eks).not.toHaveReceivedCommand(UpdateAddonCommand);
  });
});
