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
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup, eksUpdate } from './__fixtures__/aws.js';
import { config, request } from './__fixtures__/snapshots.js';
import { validateUpgrade } from './validation.js';

const eks = mockClient(EKSClient);
const cloudWatch = mockClient(CloudWatchClient);
const NOW = new Date('2026-11-25T10:05:00Z');
const deps = () => ({
  gateway: awsGateway(),
  config: config({ alarmNames: ['api-5xx'] }),
  clock: { now: () => NOW },
});

const nodegroupStep: PlanStep = {
  id: 'ng-general-1.30',
  kind: 'nodegroup_upgrade',
  description: 'Upgrade node group general from 1.29 to 1.30',
  clusterName: 'prod',
  nodegroupName: 'general',
  fromVersion: '1.29',
  toVersion: '1.30',
};
const nodegroupResult: StepResult = {
  stepId: 'ng-general-1.30',
  kind: 'nodegroup_upgrade',
  status: 'in_progress',
  clusterName: 'prod',
  nodegroupName: 'general',
  updateId: 'upd-ng',
  pollAfterSeconds: 30,
  message: 'started',
  startedAt: '2026-11-25T10:00:00Z',
};

function alarm(state: 'OK' | 'ALARM') {
  cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'api-5xx',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx',
        StateValue: state,
        StateReason: state === 'ALARM' ? 'Threshold crossed: 12 errors' : 'ok',
      },
    ],
  });
}

/** Every EKS command the poll sent, by name. */
const eksCommandsSent = () => eks.calls().map((call) => call.args[0].constructor.name);

describe('Validation polls read what the step touches (issue 11 §7)', () => {
  beforeEach(() => {
    eks.reset();
    cloudWatch.reset();
  });

  it('reads only the update and the alarms while a node group update runs', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-ng') });
    alarm('OK');

    // Act
    const result = await validateUpgrade(
      { request: request(), scope: 'step', step: nodegroupStep, stepResult: nodegroupResult },
      deps(),
    );

    // Assess
    expect(result.status).toBe('in_progress');
    expect(result.checks.map((item) => `${item.name}:${item.status}`)).toEqual([
      'update-status:pending',
      'alarm:api-5xx:pass',
    ]);
    expect(eksCommandsSent()).toEqual(['DescribeUpdateCommand']);
    expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, {
      name: 'prod',
      updateId: 'upd-ng',
      nodegroupName: 'general',
    });
    expect(cloudWatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 1);
  });

  it('stops a running roll as soon as an alarm fires, without reading the cluster', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-ng') });
    alarm('ALARM');

    // Act
    const result = await validateUpgrade(
      { request: request(), scope: 'step', step: nodegroupStep, stepResult: nodegroupResult },
      deps(),
    );

    // Assess
    expect(result.status).toBe('unhealthy');
    expect(result.failedChecks).toEqual(['alarm:api-5xx']);
    expect(eksCommandsSent()).toEqual(['DescribeUpdateCommand']);
  });

  it('reads the whole cluster once the update finished (the step boundary)', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: eksUpdate('upd-ng', { status: 'Successful' }) });
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.30' }) });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
    eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('general', '1.30') });
    eks.on(ListAddonsCommand).resolves({ addons: ['coredns'] });
    eks.on(DescribeAddonCommand).resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.9') });
    alarm('OK');

    // Act
    const result = await validateUpgrade(
      { request: request(), scope: 'step', step: nodegroupStep, stepResult: nodegroupResult },
      deps(),
    );

    // Assess
    expect(result.status).toBe('healthy');
    expect(eksCommandsSent().sort()).toEqual([
      'DescribeAddonCommand',
      'DescribeClusterCommand',
      'DescribeNodegroupCommand',
      'DescribeUpdateCommand',
      'ListAddonsCommand',
      'ListNodegroupsCommand',
    ]);
  });

  describe('a creation (nothing to poll but the resource itself)', () => {
    const provisionStep: PlanStep = {
      id: 'green-ng-general',
      kind: 'nodegroup_provision',
      description: 'Create general on green',
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      version: '1.31',
      sourceClusterName: 'prod',
      sourceNodegroupName: 'general',
    };
    const provisionResult: StepResult = {
      stepId: 'green-ng-general',
      kind: 'nodegroup_provision',
      status: 'in_progress',
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      pollAfterSeconds: 30,
      message: 'CreateNodegroup general started',
      startedAt: '2026-11-25T10:00:00Z',
    };

    it('describes only the node group it creates while it is CREATING', async () => {
      // Prepare
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'general' }).resolves({
        nodegroup: eksNodegroup('general', '1.31', { status: 'CREATING' }),
      });
      alarm('OK');

      // Act
      const result = await validateUpgrade(
        { request: request(), scope: 'step', step: provisionStep, stepResult: provisionResult },
        deps(),
      );

      // Assess
      expect(result.status).toBe('in_progress');
      expect(result.checks.map((item) => `${item.name}:${item.status}`)).toEqual([
        'nodegroup:general:pending',
        'nodegroup-version:general:pass',
        'alarm:api-5xx:pass',
      ]);
      expect(eksCommandsSent()).toEqual(['DescribeNodegroupCommand']);
    });

    it('checks the whole green cluster once the node group is ACTIVE', async () => {
      // Prepare
      eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('general', '1.31') });
      eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
      eks.on(ListAddonsCommand).resolves({ addons: [] });
      alarm('OK');

      // Act
      const result = await validateUpgrade(
        { request: request(), scope: 'step', step: provisionStep, stepResult: provisionResult },
        deps(),
      );

      // Assess
      expect(result.status).toBe('healthy');
      expect(eks).toHaveReceivedCommandTimes(ListNodegroupsCommand, 1);
      expect(eks).toHaveReceivedCommandTimes(DescribeClusterCommand, 1);
    });
  });
});
