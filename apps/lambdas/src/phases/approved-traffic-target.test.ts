import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  ConfigurationError,
  type PlanStep,
  type UpgradePlan,
  UpgradePlanSchema,
} from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster, eksNodegroup } from './__fixtures__/aws.js';
import { blueGreenRequest, TRAFFIC_ROUTING } from './__fixtures__/snapshots.js';
import { executeStep } from './execution.js';
import { rollbackUpgrade } from './rollback.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T10:00:00Z');

/** Blue/green routing whose green record the request does not name: the workload gate's approval does. */
const { green: _named, ...ROUTING_WITHOUT_GREEN } = TRAFFIC_ROUTING;
const APPROVED = { setIdentifier: 'green-v2', target: 'checkout-green.elb.example.com' };
const STEP: PlanStep = {
  id: 'traffic-10',
  kind: 'traffic_shift',
  description: 'Shift 10%',
  blueClusterName: 'prod',
  greenClusterName: 'prod-1-31',
  fromWeight: 0,
  toWeight: 10,
};

function record(setIdentifier: string, weight: number, value: string): ResourceRecordSet {
  return {
    Name: 'api.example.com.',
    Type: 'CNAME',
    SetIdentifier: setIdentifier,
    Weight: weight,
    TTL: 60,
    ResourceRecords: [{ Value: value }],
  };
}

/** The zone: blue, the request's green record, and the record workloads on green got (`green-v2`). */
function zone(weights: { blue: number; green: number; v2: number }) {
  route53.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      record('blue', weights.blue, 'prod-blue.elb.example.com'),
      record('green', weights.green, 'prod-green.elb.example.com'),
      record('green-v2', weights.v2, 'checkout-green.elb.example.com'),
    ],
    IsTruncated: false,
  });
  route53.on(ChangeResourceRecordSetsCommand).resolves({
    ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: NOW },
  });
}

/** A cluster ACTIVE with one node group of 3 ACTIVE nodes. */
function serving(clusterName: string, version: string) {
  eks
    .on(DescribeClusterCommand, { name: clusterName })
    .resolves({ cluster: eksCluster({ name: clusterName, version }) });
  eks.on(ListFargateProfilesCommand, { clusterName }).resolves({ fargateProfileNames: [] });
  eks.on(ListNodegroupsCommand, { clusterName }).resolves({ nodegroups: ['general'] });
  eks.on(DescribeNodegroupCommand, { clusterName, nodegroupName: 'general' }).resolves({
    nodegroup: eksNodegroup('general', version, {
      clusterName,
      status: 'ACTIVE',
      scalingConfig: { minSize: 0, maxSize: 6, desiredSize: 3 },
    }),
  });
}

/** Each change of a ChangeResourceRecordSets call: action, record and weight. */
const changesOf = (call: number) =>
  route53
    .commandCalls(ChangeResourceRecordSetsCommand)
    [call]!.args[0].input.ChangeBatch?.Changes?.map((change) => [
      change.Action,
      change.ResourceRecordSet?.SetIdentifier,
      change.ResourceRecordSet?.Weight,
    ]);

const PLAN: UpgradePlan = UpgradePlanSchema.parse({
  planId: 'plan-1',
  clusterName: 'prod',
  sourceVersion: '1.30',
  targetVersion: '1.31',
  strategy: 'blue_green',
  hops: ['1.31'],
  steps: [],
  blocked: false,
  source: 'rules',
  createdAt: NOW.toISOString(),
});

describe('The traffic target a workload gate approved', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
  });

  it('is where a traffic step moves traffic when the request names no green record', async () => {
    // Prepare
    serving('prod-1-31', '1.31');
    zone({ blue: 100, green: 0, v2: 0 });
    const request = blueGreenRequest({ trafficRouting: ROUTING_WITHOUT_GREEN });

    // Act
    const result = await executeStep(
      { request, step: STEP, approvedTrafficTarget: APPROVED },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', changeId: '/change/C1' });
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      ChangeBatch: {
        Comment: 'eks-upgrade: 10% green / 90% blue',
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: record('blue', 100, 'prod-blue.elb.example.com') },
          { Action: 'DELETE', ResourceRecordSet: record('green-v2', 0, 'checkout-green.elb.example.com') },
          { Action: 'CREATE', ResourceRecordSet: record('blue', 90, 'prod-blue.elb.example.com') },
          { Action: 'CREATE', ResourceRecordSet: record('green-v2', 10, 'checkout-green.elb.example.com') },
        ],
      },
    });
  });

  it('does not replace a green record the request names', async () => {
    // Prepare
    serving('prod-1-31', '1.31');
    zone({ blue: 100, green: 0, v2: 0 });

    // Act
    await executeStep(
      { request: blueGreenRequest(), step: STEP, approvedTrafficTarget: APPROVED },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(changesOf(0)).toEqual([
      ['DELETE', 'blue', 100],
      ['DELETE', 'green', 0],
      ['CREATE', 'blue', 90],
      ['CREATE', 'green', 10],
    ]);
  });

  it('is required when the request names no green record: the step fails naming the field, nothing moved', async () => {
    // Prepare
    serving('prod-1-31', '1.31');
    zone({ blue: 100, green: 0, v2: 0 });
    const request = blueGreenRequest({ trafficRouting: ROUTING_WITHOUT_GREEN });

    // Act
    const error = await executeStep(
      { request, step: STEP, approvedTrafficTarget: null },
      awsPhaseDependencies(NOW),
    ).catch((failure: unknown) => failure);

    // Assess
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).key).toBe('trafficRouting.green');
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
  });

  it('leaves traffic alone in a rollback when no green record was ever named (the workload gate was not approved)', async () => {
    // Prepare
    serving('prod', '1.30');
    zone({ blue: 100, green: 0, v2: 0 });
    const request = blueGreenRequest({ trafficRouting: ROUTING_WITHOUT_GREEN });

    // Act
    const report = await rollbackUpgrade(
      {
        request,
        plan: { ...PLAN, steps: [STEP] },
        failure: { Error: 'Upgrade.GateRejected', Cause: 'workloads not ready' },
        approvedTrafficTarget: null,
      },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(report.actions.find((action) => action.target === 'traffic')).toEqual({
      target: 'traffic',
      status: 'not_needed',
      message:
        'Traffic never moved: no green record of api.example.com was named, so all of it stayed on prod',
    });
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
  });

  it('is where the rollback takes traffic back from', async () => {
    // Prepare: 10 % went to green-v2; blue can take it back.
    serving('prod', '1.30');
    serving('prod-1-31', '1.31');
    zone({ blue: 90, green: 0, v2: 10 });
    const request = blueGreenRequest({ trafficRouting: ROUTING_WITHOUT_GREEN });
    const plan = { ...PLAN, steps: [STEP] };

    // Act
    const report = await rollbackUpgrade(
      {
        request,
        plan,
        failure: { Error: 'ValidationError', Cause: 'alarm api-5xx in ALARM' },
        approvedTrafficTarget: APPROVED,
      },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(report.actions.find((action) => action.target === 'traffic')).toMatchObject({ status: 'undone' });
    expect(changesOf(0)).toEqual([
      ['DELETE', 'blue', 90],
      ['DELETE', 'green-v2', 10],
      ['CREATE', 'blue', 100],
      ['CREATE', 'green-v2', 0],
    ]);
  });
});
