import {
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  InvalidRequestException,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  ResourceNotFoundException,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup, eksUpdate } from './__fixtures__/aws.js';
import { config, request, snapshot, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { buildRulesPlan } from './reasoning.js';
import { rollbackUpgrade } from './rollback.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after cp-1.30' };
const deps = () => ({ gateway: awsGateway(), config: config(), clock: { now: () => NOW } });
const inPlacePlan = (): UpgradePlan => buildRulesPlan(request(), snapshot(), { config: config(), now: NOW });
const bgRequest = () => request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });
const bgPlan = (): UpgradePlan => buildRulesPlan(bgRequest(), snapshot(), { config: config(), now: NOW });
const byTarget = (actions: { target: string; status: string }[]) =>
  Object.fromEntries(actions.map((action) => [action.target, action.status]));

function records(blue: number, green: number) {
  route53.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      {
        Name: 'api.example.com.',
        Type: 'CNAME',
        SetIdentifier: 'blue',
        Weight: blue,
        TTL: 60,
        ResourceRecords: [{ Value: 'b' }],
      },
      {
        Name: 'api.example.com.',
        Type: 'CNAME',
        SetIdentifier: 'green',
        Weight: green,
        TTL: 60,
        ResourceRecords: [{ Value: 'g' }],
      },
    ],
    IsTruncated: false,
    MaxItems: 100,
  });
  route53
    .on(ChangeResourceRecordSetsCommand)
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: NOW } });
}

/** The in-place cluster after `cp-1.30` succeeded `hoursAgo` hours ago. */
function upgradedInPlace(options: { version?: string; nodegroupVersion?: string; hoursAgo?: number } = {}) {
  const version = options.version ?? '1.30';
  eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version }) });
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general', 'batch'] });
  eks.on(DescribeNodegroupCommand, { nodegroupName: 'general' }).resolves({
    nodegroup: eksNodegroup('general', options.nodegroupVersion ?? '1.29'),
  });
  eks
    .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
    .resolves({ nodegroup: eksNodegroup('batch', '1.29') });
  eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni', 'coredns'] });
  eks
    .on(DescribeAddonCommand, { addonName: 'vpc-cni' })
    .resolves({ addon: eksAddon('vpc-cni', 'v1.18.5-eksbuild.1') });
  eks
    .on(DescribeAddonCommand, { addonName: 'coredns' })
    .resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8') });
  eks.on(ListUpdatesCommand).resolves({ updateIds: ['upd-1'] });
  eks.on(DescribeUpdateCommand, { updateId: 'upd-1' }).resolves({
    update: eksUpdate('upd-1', {
      status: 'Successful',
      params: [{ type: 'Version', value: version }],
      createdAt: new Date(NOW.getTime() - (options.hoursAgo ?? 2) * 3600_000),
    }),
  });
  eks.on(UpdateClusterVersionCommand).resolves({
    update: eksUpdate('rb-1', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.29' }] }),
  });
}

describe('Function: rollbackUpgrade', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
  });

  describe('blue/green', () => {
    it('moves traffic back to 100% blue, then deletes the green cluster', async () => {
      // Prepare
      records(50, 50);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
      eks
        .on(DeleteClusterCommand)
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', status: 'DELETING' }) });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(true);
      expect(result.actions.map((action) => [action.target, action.status])).toEqual([
        ['traffic', 'undone'],
        ['green-cluster', 'started'],
      ]);
      expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
        ChangeBatch: expect.objectContaining({
          Changes: [
            expect.objectContaining({
              ResourceRecordSet: expect.objectContaining({ SetIdentifier: 'blue', Weight: 100 }),
            }),
            expect.objectContaining({
              ResourceRecordSet: expect.objectContaining({ SetIdentifier: 'green', Weight: 0 }),
            }),
          ],
        }),
      });
      expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod-1-31' });
      expect(result.notUndone).toEqual([]);
    });

    it('deletes the bootstrapped green node groups first, leaving one still being created for later', async () => {
      // Prepare
      records(100, 0);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
      eks
        .on(ListNodegroupsCommand, { clusterName: 'prod-1-31' })
        .resolves({ nodegroups: ['general', 'batch'] });
      eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
        .resolves({ nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31' }) });
      eks.on(DescribeNodegroupCommand, { nodegroupName: 'batch' }).resolves({
        nodegroup: eksNodegroup('batch', '1.31', { clusterName: 'prod-1-31', status: 'CREATING' }),
      });
      eks.on(DeleteNodegroupCommand).resolves({
        nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31', status: 'DELETING' }),
      });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(true);
      expect(result.actions[1]).toEqual({
        target: 'green-cluster',
        status: 'started',
        message:
          'Deleting node groups general of prod-1-31; node groups batch of prod-1-31 are still being created and can be deleted once they are ACTIVE; the cluster is deleted once they are gone',
      });
      expect(eks).toHaveReceivedCommandTimes(DeleteNodegroupCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteNodegroupCommand, {
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
      });
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
      expect(result.notUndone).toEqual([
        'green-cluster: prod-1-31 itself is deleted only once its node groups are gone; run rollback again or delete it then',
      ]);
    });

    it('has nothing to undo when traffic never moved and green was never created', async () => {
      // Prepare
      records(100, 0);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .rejects(new ResourceNotFoundException({ message: 'No cluster', $metadata: {} }));

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(byTarget(result.actions)).toEqual({ traffic: 'not_needed', 'green-cluster': 'not_needed' });
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });

    it('cannot move traffic back once blue is being deleted, and keeps green', async () => {
      // Prepare
      records(0, 100);
      eks
        .on(DescribeClusterCommand, { name: 'prod' })
        .resolves({ cluster: eksCluster({ status: 'DELETING' }) });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(true);
      expect(byTarget(result.actions)).toEqual({ traffic: 'not_possible' });
      expect(result.notUndone).toEqual([
        'traffic: The blue cluster prod is being deleted; traffic stays 100% on green',
        'green-cluster: prod-1-31 kept, as it carries the traffic',
      ]);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
    });
  });

  describe('in place', () => {
    it('rolls the control plane back one minor with EKS native rollback and reports the add-on it cannot undo', async () => {
      // Prepare
      upgradedInPlace();

      // Act
      const result = await rollbackUpgrade(
        { request: request(), plan: inPlacePlan(), failure },
        { ...deps(), config: config({ nativeRollbackTimeoutMinutes: 240 }) },
      );

      // Assess
      expect(result.success).toBe(true);
      expect(result.actions).toEqual([
        expect.objectContaining({ target: 'addon:vpc-cni', status: 'not_possible' }),
        {
          target: 'control-plane',
          status: 'started',
          message: 'EKS native rollback 1.30 → 1.29 started',
          updateId: 'rb-1',
        },
      ]);
      expect(result.notUndone).toEqual([
        'addon:vpc-cni: EKS does not roll back add-ons: vpc-cni stays at v1.18.5-eksbuild.1 (was v1.18.3-eksbuild.1)',
      ]);
      expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, {
        name: 'prod',
        version: '1.29',
        // upgrade.nativeRollbackTimeoutMinutes, not EKS's default 720.
        rollbackConfig: { timeoutMinutes: 240 },
      });
    });

    it('cannot undo the control plane once a node group runs the newer kubelet', async () => {
      // Prepare
      upgradedInPlace({ nodegroupVersion: '1.30' });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(byTarget(result.actions)).toEqual({
        'nodegroup:general': 'not_possible',
        'addon:vpc-cni': 'not_possible',
        'control-plane': 'not_possible',
      });
      expect(result.notUndone.at(-1)).toMatch(/general \(1\.30\) run a kubelet newer than 1\.29/);
      expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
    });

    it('cannot undo the control plane after the 7-day window', async () => {
      // Prepare
      upgradedInPlace({ hoursAgo: 8 * 24 });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({ target: 'control-plane', status: 'not_possible' });
      expect(result.actions.at(-1)?.message).toMatch(/older than 7 days/);
    });

    it('rolls back only one minor of two hops and says so', async () => {
      // Prepare
      upgradedInPlace({ version: '1.31' });
      eks.on(UpdateClusterVersionCommand).resolves({
        update: eksUpdate('rb-2', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.30' }] }),
      });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({
        target: 'control-plane',
        status: 'started',
        updateId: 'rb-2',
      });
      expect(result.notUndone).toContain(
        'control-plane: EKS rolls back one minor version only; the control plane can go back to 1.30 at best, not to 1.29',
      );
      expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, { version: '1.30' });
    });

    it('reports failure when EKS refuses the rollback', async () => {
      // Prepare
      upgradedInPlace();
      eks.on(UpdateClusterVersionCommand).rejects(
        new InvalidRequestException({
          message: 'Rollback readiness insight "Add-on version compatibility" is ERROR',
          $metadata: { httpStatusCode: 400 },
        }),
      );

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(false);
      expect(result.actions.at(-1)).toMatchObject({ target: 'control-plane', status: 'failed' });
      expect(result.actions.at(-1)?.message).toMatch(/InvalidRequestException: Rollback readiness insight/);
      expect(result.summary).toMatch(/some undo failed/);
    });

    it('cannot cancel an update that is still running', async () => {
      // Prepare
      upgradedInPlace();
      eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: eksCluster({ version: '1.29', status: 'UPDATING' }) });
      eks.on(DescribeUpdateCommand, { updateId: 'upd-1' }).resolves({ update: eksUpdate('upd-1') });

      // Act
      const result = await rollbackUpgrade({ request: request(), plan: inPlacePlan(), failure }, deps());

      // Assess
      expect(result.actions.at(-1)).toMatchObject({
        target: 'control-plane',
        status: 'not_possible',
        updateId: 'upd-1',
      });
      expect(result.actions.at(-1)?.message).toMatch(/cannot cancel it/);
    });

    it('has nothing to undo without a plan', async () => {
      // Act
      const result = await rollbackUpgrade({ request: request(), failure }, deps());

      // Assess
      expect(result).toMatchObject({ success: true, notUndone: [] });
      expect(byTarget(result.actions)).toEqual({ 'control-plane': 'not_needed' });
      expect(eks.calls()).toHaveLength(0);
    });
  });
});
