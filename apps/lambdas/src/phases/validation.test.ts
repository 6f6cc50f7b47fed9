import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAddonsCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup, eksUpdate } from './__fixtures__/aws.js';
import { config, request, snapshot, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { buildRulesPlan } from './reasoning.js';
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

function alarms(state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA') {
  cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'api-5xx',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx',
        StateValue: state,
        StateReason:
          state === 'ALARM'
            ? 'Threshold Crossed: 1 datapoint [42.0] was greater than the threshold (5.0).'
            : state === 'INSUFFICIENT_DATA'
              ? 'Insufficient Data: 1 datapoint was unknown.'
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

  it.each([
    ['wait', 'in_progress', 'pending'],
    ['healthy', 'healthy', 'pass'],
    ['unhealthy', 'unhealthy', 'fail'],
  ] as const)(
    'reads an alarm in INSUFFICIENT_DATA as upgrade.insufficientDataIs %s says',
    async (reading, status, checkStatus) => {
      // Prepare
      eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-1', { status: 'Successful' }) });
      healthyCluster('1.30');
      alarms('INSUFFICIENT_DATA');
      const base = config({ alarmNames: ['api-5xx'] });
      const dependencies = {
        ...deps(),
        config: { ...base, upgrade: { ...base.upgrade, insufficientDataIs: reading } },
      };

      // Act
      const result = await validateUpgrade(
        { request: request(), scope: 'step', step, stepResult },
        dependencies,
      );

      // Assess
      expect(result.status).toBe(status);
      expect(result.checks.find((item) => item.name === 'alarm:api-5xx')).toMatchObject({
        status: checkStatus,
        ...(reading === 'healthy'
          ? { message: 'Alarm api-5xx is INSUFFICIENT_DATA' }
          : {
              message: 'Alarm api-5xx is INSUFFICIENT_DATA: Insufficient Data: 1 datapoint was unknown.',
              expected: 'OK',
            }),
        observed: 'INSUFFICIENT_DATA',
      });
    },
  );

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

  it('requires the step and its result for the step scope', async () => {
    // Act & Assess
    await expect(validateUpgrade({ request: request(), scope: 'step', step }, deps())).rejects.toThrow(
      /stepResult/,
    );
  });

  it('judges the green cluster the plan names at the end of a blue/green upgrade', async () => {
    // Prepare
    eks
      .on(DescribeClusterCommand, { name: 'prod-green' })
      .resolves({ cluster: eksCluster({ name: 'prod-green', version: '1.31' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    const bgRequest = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });
    const planned = buildRulesPlan(bgRequest, snapshot(), { config: config(), now: NOW });
    const plan = {
      ...planned,
      steps: planned.steps
        .filter((planStep) => planStep.kind === 'cluster_provision')
        .map((planStep) => ({ ...planStep, clusterName: 'prod-green' })),
    };

    // Act
    const result = await validateUpgrade({ request: bgRequest, scope: 'final', plan }, deps());

    // Assess
    expect(result).toMatchObject({ clusterName: 'prod-green', status: 'healthy' });
    expect(eks).toHaveReceivedCommandWith(DescribeClusterCommand, { name: 'prod-green' });
  });

  it('refuses a blue/green bake check that names no green cluster (no plan, no traffic step)', async () => {
    // Act
    const error = await validateUpgrade(
      {
        request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
        scope: 'bake',
        step,
      },
      deps(),
    ).catch((caught) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(error.message).toMatch(/plan.*cluster_provision step names the green cluster/);
    expect(eks.calls()).toHaveLength(0);
  });
});
