import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteClusterCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup, eksUpdate } from './__fixtures__/aws.js';
import { config, request, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { validateUpgrade } from './validation.js';

const eks = mockClient(EKSClient);
const cloudWatch = mockClient(CloudWatchClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T10:05:00Z');

const step: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'Upgrade the control plane of prod from 1.29 to 1.30',
  clusterName: 'prod',
  fromVersion: '1.29',
  toVersion: '1.30',
};
const stepResult: StepResult = {
  stepId: 'cp-1.30',
  kind: 'control_plane_upgrade',
  status: 'in_progress',
  clusterName: 'prod',
  updateId: 'upd-1',
  pollAfterSeconds: 30,
  message: 'started',
  startedAt: '2026-11-25T10:00:00Z',
};

function healthyCluster(version = '1.30') {
  eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster({ version }) });
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
  eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('general', '1.29') });
  eks.on(ListAddonsCommand).resolves({ addons: ['coredns'] });
  eks.on(DescribeAddonCommand).resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.9') });
}

function alarms(state: 'OK' | 'ALARM') {
  cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'api-5xx',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx',
        StateValue: state,
        StateReason:
          state === 'ALARM'
            ? 'Threshold Crossed: 1 datapoint [42.0] was greater than the threshold (5.0).'
            : 'Threshold Crossed: no datapoints were greater than the threshold (5.0).',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Namespace: 'AWS/ApplicationELB',
      },
    ],
    CompositeAlarms: [],
  });
}

const deps = (alarmNames: string[] = []) => ({
  gateway: awsGateway(),
  config: config({ alarmNames }),
  clock: { now: () => NOW },
});

describe('Function: validateUpgrade', () => {
  beforeEach(() => {
    eks.reset();
    cloudWatch.reset();
    route53.reset();
  });

  it('answers in_progress while the update runs, without health checks', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1') });

    // Act
    const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

    // Assess
    expect(result).toMatchObject({
      status: 'in_progress',
      success: false,
      stepId: 'cp-1.30',
      clusterName: 'prod',
    });
    expect(result.checks).toEqual([expect.objectContaining({ name: 'update-status', status: 'pending' })]);
    expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, { name: 'prod', updateId: 'upd-1' });
    expect(eks).not.toHaveReceivedCommand(DescribeClusterCommand);
  });

  it('answers unhealthy when the update failed, with EKS errors', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({
      update: eksUpdate('upd-1', {
        status: 'Failed',
        errors: [
          {
            errorCode: 'ClusterUnreachable',
            errorMessage: 'The cluster API server could not be reached',
            resourceIds: ['prod'],
          },
        ],
      }),
    });

    // Act
    const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

    // Assess
    expect(result.status).toBe('unhealthy');
    expect(result.summary).toMatch(
      /ended Failed: ClusterUnreachable: The cluster API server could not be reached/,
    );
  });

  it('answers healthy when the update succeeded, everything is ACTIVE, versions match and alarms are OK', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1', { status: 'Successful' }) });
    healthyCluster('1.30');
    alarms('OK');

    // Act
    const result = await validateUpgrade(
      { request: request(), scope: 'step', step, stepResult },
      deps(['api-5xx']),
    );

    // Assess
    expect(result).toMatchObject({ status: 'healthy', success: true });
    expect(result.checks.map((item) => `${item.name}:${item.status}`)).toEqual([
      'update-status:pass',
      'cluster:prod:pass',
      'cluster-version:pass',
      'nodegroup:general:pass',
      'addon:coredns:pass',
      'alarm:api-5xx:pass',
    ]);
    expect(result.metrics).toMatchObject({
      clusterVersion: '1.30',
      nodegroups: 1,
      healthyNodegroups: 1,
      alarmsInAlarm: 0,
    });
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNames: ['api-5xx'] });
  });

  it('answers unhealthy when a named alarm is in ALARM', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1', { status: 'Successful' }) });
    healthyCluster('1.30');
    alarms('ALARM');

    // Act
    const result = await validateUpgrade(
      { request: request({ alarmNames: ['api-5xx'] }), scope: 'step', step, stepResult },
      deps(),
    );

    // Assess
    expect(result.status).toBe('unhealthy');
    expect(result.checks.find((item) => item.name === 'alarm:api-5xx')).toMatchObject({
      status: 'fail',
      observed: 'ALARM',
      message: expect.stringMatching(/Threshold Crossed: 1 datapoint \[42\.0\]/),
    });
    expect(result.metrics.alarmsInAlarm).toBe(1);
  });

  it('answers unhealthy when the version is not as planned or a node group has health issues', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1', { status: 'Successful' }) });
    healthyCluster('1.29');
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', {
        status: 'DEGRADED',
        health: {
          issues: [
            {
              code: 'AsgInstanceLaunchFailures',
              message: 'Could not launch On-Demand Instances',
              resourceIds: ['eks-general-asg'],
            },
          ],
        },
      }),
    });

    // Act
    const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

    // Assess
    expect(result.status).toBe('unhealthy');
    expect(result.checks.filter((item) => item.status === 'fail').map((item) => item.name)).toEqual([
      'cluster-version',
      'nodegroup:general',
    ]);
  });

  it('answers in_progress while the cluster still settles after a successful update', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1', { status: 'Successful' }) });
    healthyCluster('1.30');
    eks
      .on(DescribeClusterCommand, { name: 'prod' })
      .resolves({ cluster: eksCluster({ version: '1.30', status: 'UPDATING' }) });

    // Act
    const result = await validateUpgrade({ request: request(), scope: 'step', step, stepResult }, deps());

    // Assess
    expect(result.status).toBe('in_progress');
  });

  it('bakes a traffic step: green healthy, weights as planned, alarms OK', async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand, { name: 'prod-1-31' })
      .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'blue',
          Weight: 50,
          TTL: 60,
          ResourceRecords: [{ Value: 'b' }],
        },
        {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'green',
          Weight: 50,
          TTL: 60,
          ResourceRecords: [{ Value: 'g' }],
        },
      ],
      IsTruncated: false,
      MaxItems: 100,
    });
    alarms('OK');
    const trafficStep: PlanStep = {
      id: 'traffic-50',
      kind: 'traffic_shift',
      description: 'Shift 50%',
      blueClusterName: 'prod',
      greenClusterName: 'prod-1-31',
      fromWeight: 25,
      toWeight: 50,
    };

    // Act
    const result = await validateUpgrade(
      {
        request: request({
          strategy: 'blue_green',
          trafficRouting: TRAFFIC_ROUTING,
          alarmNames: ['api-5xx'],
        }),
        scope: 'bake',
        step: trafficStep,
      },
      deps(),
    );

    // Assess
    expect(result).toMatchObject({
      status: 'healthy',
      clusterName: 'prod-1-31',
      metrics: { greenWeight: 50, blueWeight: 50 },
    });
  });

  it("waits for a traffic step's Route 53 change to be INSYNC before judging health", async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand, { name: 'prod-1-31' })
      .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    const changeInfo = (Status: 'PENDING' | 'INSYNC') => ({
      ChangeInfo: {
        Id: '/change/C2682N5HXP0BZ4',
        Status,
        SubmittedAt: new Date('2026-11-25T10:00:00Z'),
        Comment: 'eks-upgrade: 10% green / 90% blue',
      },
    });
    route53.on(GetChangeCommand).resolvesOnce(changeInfo('PENDING')).resolves(changeInfo('INSYNC'));
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'blue',
          Weight: 90,
          TTL: 60,
          ResourceRecords: [{ Value: 'b' }],
        },
        {
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'green',
          Weight: 10,
          TTL: 60,
          ResourceRecords: [{ Value: 'g' }],
        },
      ],
      IsTruncated: false,
      MaxItems: 100,
    });
    const trafficStep: PlanStep = {
      id: 'traffic-10',
      kind: 'traffic_shift',
      description: 'Shift 10%',
      blueClusterName: 'prod',
      greenClusterName: 'prod-1-31',
      fromWeight: 0,
      toWeight: 10,
    };
    const input = {
      request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
      scope: 'step' as const,
      step: trafficStep,
      stepResult: {
        ...stepResult,
        stepId: 'traffic-10',
        kind: 'traffic_shift' as const,
        clusterName: 'prod-1-31',
        updateId: undefined,
        changeId: '/change/C2682N5HXP0BZ4',
      },
    };

    // Act
    const pending = await validateUpgrade(input, deps());
    const healthCheckedWhilePending = route53.commandCalls(ListResourceRecordSetsCommand).length;
    const inSync = await validateUpgrade(input, deps());

    // Assess
    expect(pending).toMatchObject({ status: 'in_progress', success: false, failedChecks: [] });
    expect(pending.checks).toEqual([
      {
        name: 'traffic-change',
        status: 'pending',
        message: 'Route 53 change /change/C2682N5HXP0BZ4 is PENDING',
        expected: 'INSYNC',
        observed: 'PENDING',
      },
    ]);
    expect(healthCheckedWhilePending).toBe(0);
    expect(inSync.status).toBe('healthy');
    expect(inSync.checks.map((item) => [item.name, item.status])).toEqual([
      ['traffic-change', 'pass'],
      ['cluster:prod-1-31', 'pass'],
      ['traffic-weights', 'pass'],
    ]);
    expect(route53).toHaveReceivedCommandWith(GetChangeCommand, { Id: 'C2682N5HXP0BZ4' });
  });

  it('waits while a green node group is CREATING, then checks it ACTIVE at the version', async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand, { name: 'prod-1-31' })
      .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
    eks
      .on(DescribeNodegroupCommand)
      .resolvesOnce({ nodegroup: eksNodegroup('general', '1.31', { status: 'CREATING' }) })
      .resolves({ nodegroup: eksNodegroup('general', '1.31') });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    const ngStep: PlanStep = {
      id: 'green-ng-general',
      kind: 'nodegroup_provision',
      description: 'Copy general',
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      sourceClusterName: 'prod',
      sourceNodegroupName: 'general',
      version: '1.31',
    };
    const input = {
      request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
      scope: 'step' as const,
      step: ngStep,
      stepResult: {
        ...stepResult,
        stepId: 'green-ng-general',
        kind: 'nodegroup_provision' as const,
        clusterName: 'prod-1-31',
        nodegroupName: 'general',
        updateId: undefined,
      },
    };

    // Act
    const creating = await validateUpgrade(input, deps());
    const active = await validateUpgrade(input, deps());

    // Assess
    expect(creating.status).toBe('in_progress');
    expect(creating.summary).toContain('nodegroup general is CREATING');
    expect(active.status).toBe('healthy');
    expect(active.checks.find((item) => item.name === 'nodegroup-version:general')).toMatchObject({
      status: 'pass',
      observed: '1.31',
    });
  });

  it('fails a green add-on that does not exist after its install step', async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand, { name: 'prod-1-31' })
      .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    const addonStep: PlanStep = {
      id: 'green-addon-coredns',
      kind: 'addon_install',
      description: 'Install coredns',
      clusterName: 'prod-1-31',
      addonName: 'coredns',
      toVersion: 'v1.11.3-eksbuild.1',
      kubernetesVersion: '1.31',
      sourceClusterName: 'prod',
    };

    // Act
    const result = await validateUpgrade(
      {
        request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
        scope: 'step',
        step: addonStep,
        stepResult: {
          ...stepResult,
          stepId: 'green-addon-coredns',
          kind: 'addon_install',
          clusterName: 'prod-1-31',
          addonName: 'coredns',
          updateId: undefined,
        },
      },
      deps(),
    );

    // Assess
    expect(result).toMatchObject({ status: 'unhealthy', failedChecks: ['addon:coredns'] });
    expect(result.summary).toContain('addon coredns does not exist in prod-1-31');
  });

  it('judges the final state: every node group at the target', async () => {
    // Prepare
    healthyCluster('1.31');

    // Act
    const result = await validateUpgrade({ request: request(), scope: 'final' }, deps());

    // Assess
    expect(result.status).toBe('unhealthy');
    expect(result.checks.find((item) => item.name === 'nodegroup-version:general')).toMatchObject({
      status: 'fail',
      expected: '1.31',
      observed: '1.29',
    });
  });

  it('treats a decommissioned cluster that is gone as healthy', async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found for name: prod.', $metadata: {} }));
    const decommission: PlanStep = {
      id: 'decommission-prod',
      kind: 'cluster_decommission',
      description: 'Delete',
      clusterName: 'prod',
    };

    // Act
    const result = await validateUpgrade(
      {
        request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
        scope: 'step',
        step: decommission,
        stepResult: {
          ...stepResult,
          stepId: 'decommission-prod',
          kind: 'cluster_decommission',
          updateId: undefined,
        },
      },
      deps(),
    );

    // Assess
    expect(result.status).toBe('healthy');
  });

  it('moves a decommission on once the node groups are gone, and waits for the cluster', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ status: 'DELETING' }) });
    const decommission: PlanStep = {
      id: 'decommission-prod',
      kind: 'cluster_decommission',
      description: 'Delete',
      clusterName: 'prod',
    };

    // Act
    const result = await validateUpgrade(
      {
        request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
        scope: 'step',
        step: decommission,
        stepResult: {
          ...stepResult,
          stepId: 'decommission-prod',
          kind: 'cluster_decommission',
          updateId: undefined,
        },
      },
      deps(),
    );

    // Assess
    expect(result.status).toBe('in_progress');
    expect(result.checks).toEqual([
      expect.objectContaining({
        name: 'cluster-deleted',
        status: 'pending',
        message: 'DeleteCluster prod started',
      }),
    ]);
    expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod' });
  });

  it('requires the step and its result for the step scope', async () => {
    // Act & Assess
    await expect(validateUpgrade({ request: request(), scope: 'step', step }, deps())).rejects.toThrow(
      /stepResult/,
    );
  });
});
