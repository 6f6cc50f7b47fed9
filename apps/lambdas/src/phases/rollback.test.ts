import {
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockUpgradedInPlace } from '../steps/control-plane-upgrade/__fixtures__/upgraded-in-place.js';
import { awsPhaseDependencies, eksCluster, eksGreenCluster, eksNodegroup } from './__fixtures__/aws.js';
import {
  blueNodegroups,
  changeStatuses,
  records,
  weightChangeInput,
} from './__fixtures__/rollback-traffic.js';
import { blueGreenRequest, config, request, snapshot } from './__fixtures__/snapshots.js';
import { buildRulesPlan } from './reasoning.js';
import { rollbackUpgrade } from './rollback.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after cp-1.30' };
const deps = () => awsPhaseDependencies(NOW);
const _inPlacePlan = (): UpgradePlan => buildRulesPlan(request(), snapshot(), { config: config(), now: NOW });
const bgRequest = blueGreenRequest;
const bgPlan = (): UpgradePlan => buildRulesPlan(bgRequest(), snapshot(), { config: config(), now: NOW });
const byTarget = (actions: { target: string; status: string }[]) =>
  Object.fromEntries(actions.map((action) => [action.target, action.status]));

/** The in-place cluster after `cp-1.30` succeeded `hoursAgo` hours ago. */
const _upgradedInPlace = (options: Parameters<typeof mockUpgradedInPlace>[2] = {}) =>
  mockUpgradedInPlace(eks, NOW, options);

describe('Function: rollbackUpgrade', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
    // No Fargate profiles unless a test says otherwise (a green deletion lists them).
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    // A cluster a test does not describe does not exist (as EKS answers); e.g. no green issuer for
    // the IAM OIDC provider's undo to look up.
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found', $metadata: {} }));
  });

  describe('blue/green', () => {
    it('on a later pass, keeps what the pass before did and reports the finished deletion undone', async () => {
      // Prepare: the first pass moved traffic back and started DeleteCluster; now green is gone
      records(route53, 100, 0, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: undefined });
      blueNodegroups(eks);
      const previous = {
        clusterName: 'prod',
        success: true,
        actions: [
          { target: 'traffic', status: 'undone' as const, message: 'Route 53 back to 100% prod' },
          { target: 'green-cluster', status: 'started' as const, message: 'DeleteCluster prod-1-31 started' },
        ],
        notUndone: [],
        pending: ['green-cluster: DeleteCluster prod-1-31 started'],
        summary: 'first pass',
        completedAt: '2026-11-25T12:00:00Z',
      };

      // Act
      const result = await rollbackUpgrade(
        { request: bgRequest(), plan: bgPlan(), failure, previous, pass: { count: 1, limit: 60 } },
        deps(),
      );

      // Assess
      expect(result.actions).toEqual([
        { target: 'traffic', status: 'undone', message: 'Route 53 back to 100% prod' },
        {
          target: 'green-cluster',
          status: 'undone',
          message: 'DeleteCluster prod-1-31 started; now: Green cluster prod-1-31 does not exist',
        },
      ]);
      expect(result).toMatchObject({ success: true, notUndone: [], pending: [] });
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
    });

    it('deletes the bootstrapped green node groups first, leaving one still being created for later', async () => {
      // Prepare
      records(route53, 100, 0, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      blueNodegroups(eks);
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: eksGreenCluster() });
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
      // Not left changed: still being deleted, for the workflow's next rollback pass to see gone.
      expect(result.notUndone).toEqual([]);
      expect(result.pending).toEqual([
        'green-cluster: Deleting node groups general of prod-1-31; node groups batch of prod-1-31 are still being created and can be deleted once they are ACTIVE; the cluster is deleted once they are gone',
      ]);
    });

    it('has nothing to undo when traffic never moved and green was never created', async () => {
      // Prepare
      records(route53, 100, 0, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      blueNodegroups(eks);
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .rejects(new ResourceNotFoundException({ message: 'No cluster', $metadata: {} }));

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(byTarget(result.actions)).toEqual({ traffic: 'not_needed', 'green-cluster': 'not_needed' });
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });

    it("never deletes a cluster of green's name that lacks this upgrade's green tags", async () => {
      // Prepare: CreateCluster was never reached, and a same-named cluster that is someone else's exists.
      records(route53, 100, 0, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      blueNodegroups(eks);
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolves({ cluster: eksGreenCluster({ tags: { team: 'data' } }) });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.actions).toContainEqual({
        target: 'green-cluster',
        status: 'not_needed',
        message:
          'Cluster prod-1-31 was not created by eks-upgrade for prod (it lacks the eks-upgrade:role=green and eks-upgrade:blue-cluster=prod tags): left as it is',
      });
      expect(result.notUndone).toEqual([]);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
      expect(eks).not.toHaveReceivedCommand(DeleteNodegroupCommand);
    });

    it('cannot move traffic back once blue is being deleted, and keeps green', async () => {
      // Prepare
      records(route53, 0, 100, NOW);
      eks
        .on(DescribeClusterCommand, { name: 'prod' })
        .resolves({ cluster: eksCluster({ status: 'DELETING' }) });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.success).toBe(true);
      expect(byTarget(result.actions)).toEqual({ traffic: 'not_possible' });
      // What is left of blue, for the operator to finish; green keeps its IRSA provider.
      expect(result.notUndone).toEqual([
        'blue-cluster: prod is left part-decommissioned (cluster prod is DELETING); no traffic goes back to it: finish deleting it (its node groups and Fargate profiles, then the cluster) once green is confirmed',
        'traffic: Traffic NOT moved back to prod, which has no capacity (cluster prod is DELETING); it stays 100% on prod-1-31, and prod-1-31 is kept',
        'green-oidc-provider: kept with prod-1-31, which carries the traffic',
        'green-cluster: prod-1-31 kept, as it carries the traffic',
      ]);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });

    it('leaves traffic on green when blue is ACTIVE but its node groups are being deleted (decommission began)', async () => {
      // Prepare
      records(route53, 0, 100, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      blueNodegroups(eks, 'DELETING');

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.actions).toEqual([
        {
          target: 'traffic',
          status: 'not_possible',
          message:
            'Traffic NOT moved back to prod, which has no capacity (prod is being taken down (node group general DELETING)); it stays 100% on prod-1-31, and prod-1-31 is kept',
        },
      ]);
      expect(result.notUndone).toEqual([
        'blue-cluster: prod is left part-decommissioned (prod is being taken down (node group general DELETING)); no traffic goes back to it: finish deleting it (its node groups and Fargate profiles, then the cluster) once green is confirmed',
        'traffic: Traffic NOT moved back to prod, which has no capacity (prod is being taken down (node group general DELETING)); it stays 100% on prod-1-31, and prod-1-31 is kept',
        'green-oidc-provider: kept with prod-1-31, which carries the traffic',
        'green-cluster: prod-1-31 kept, as it carries the traffic',
      ]);
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
      expect(eks).not.toHaveReceivedCommand(DeleteNodegroupCommand);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
    });

    /** Blue (`prod`) ACTIVE with one node group scaled to 0, and half of the traffic. */
    function halfOnBlueWithoutNodes() {
      records(route53, 50, 50, NOW);
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
      eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['general'] });
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod', nodegroupName: 'general' }).resolves({
        nodegroup: eksNodegroup('general', '1.29', {
          scalingConfig: { minSize: 0, maxSize: 3, desiredSize: 0 },
        }),
      });
    }

    it('moves the share a blue without nodes still has to a green that can serve it, and keeps green', async () => {
      // Prepare
      halfOnBlueWithoutNodes();
      eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: eksGreenCluster() });
      eks.on(ListNodegroupsCommand, { clusterName: 'prod-1-31' }).resolves({ nodegroups: ['general'] });
      eks
        .on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'general' })
        .resolves({ nodegroup: eksNodegroup('general', '1.31', { clusterName: 'prod-1-31' }) });

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.notUndone).toEqual([
        'traffic: Traffic NOT moved back to prod, which has no capacity (prod has nothing to run pods on (node group general ACTIVE with 0 nodes)); the 50% it still had moved to prod-1-31 (100% there now, change /change/C1), and prod-1-31 is kept',
        'green-oidc-provider: kept with prod-1-31, which carries the traffic',
        'green-cluster: prod-1-31 kept, as it carries the traffic',
      ]);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual(
        [weightChangeInput({ blue: 50, green: 50 }, { blue: 0, green: 100 })],
      );
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
    });

    it('moves nothing when neither side has capacity, and says so', async () => {
      // Prepare: green is not there (rollback of a second run after it was deleted by hand).
      halfOnBlueWithoutNodes();
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .rejects(
          new ResourceNotFoundException({ message: 'No cluster found for name: prod-1-31.', $metadata: {} }),
        );

      // Act
      const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

      // Assess
      expect(result.notUndone[0]).toBe(
        'traffic: Traffic NOT moved back to prod, which has no capacity (prod has nothing to run pods on (node group general ACTIVE with 0 nodes)), nor to prod-1-31, which has none either (cluster prod-1-31 does not exist); it stays 50% on prod-1-31 and 50% on prod, and prod-1-31 is kept',
      );
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
      expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
    });
  });

  it('undoes nothing of a blue/green upgrade without a plan: nothing was executed', async () => {
    // Act
    const result = await rollbackUpgrade({ request: bgRequest(), failure }, deps());

    // Assess
    expect(result).toMatchObject({ success: true, notUndone: [] });
    expect(result.actions).toEqual([
      { target: 'control-plane', status: 'not_needed', message: 'No plan was made, so nothing was executed' },
    ]);
    expect(eks.calls()).toHaveLength(0);
    expect(route53.calls()).toHaveLength(0);
  });

  it('undoes a blue/green plan latest first: traffic, then the green cluster the plan created', async () => {
    // Prepare
    records(route53, 25, 75, NOW);
    changeStatuses(route53, 'INSYNC');
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
    blueNodegroups(eks);
    eks
      .on(DescribeClusterCommand, { name: 'prod-green' })
      .resolves({ cluster: eksGreenCluster({ name: 'prod-green' }) });
    eks.on(ListNodegroupsCommand, { clusterName: 'prod-green' }).resolves({ nodegroups: [] });
    eks
      .on(DeleteClusterCommand)
      .resolves({ cluster: eksCluster({ name: 'prod-green', status: 'DELETING' }) });
    const planned = bgPlan();
    // The green cluster is whatever the plan names: rollback reads it from the plan's steps.
    const plan: UpgradePlan = {
      ...planned,
      steps: planned.steps.map((step) =>
        'clusterName' in step && step.clusterName === 'prod-1-31'
          ? { ...step, clusterName: 'prod-green' }
          : step,
      ),
    };

    // Act: the first pass, then one past the records' TTL (green waits for it).
    const first = await rollbackUpgrade({ request: bgRequest(), plan, failure }, deps());
    records(route53, 100, 0, NOW);
    const result = await rollbackUpgrade(
      { request: bgRequest(), plan, failure, previous: first },
      awsPhaseDependencies(new Date(NOW.getTime() + 61_000)),
    );

    // Assess
    expect(result.actions).toEqual([
      {
        target: 'traffic',
        status: 'undone',
        message:
          'Route 53 api.example.com back to 100% prod (was 75% green; change /change/C1); INSYNC at 2026-11-25T12:00:00.000Z',
        changeId: '/change/C1',
        at: NOW.toISOString(),
      },
      { target: 'green-cluster', status: 'started', message: 'DeleteCluster prod-green started' },
    ]);
    expect(result.pending).toEqual(['green-cluster: DeleteCluster prod-green started']);
    expect(eks).toHaveReceivedCommandTimes(DeleteClusterCommand, 1);
    expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod-green' });
  });
});
