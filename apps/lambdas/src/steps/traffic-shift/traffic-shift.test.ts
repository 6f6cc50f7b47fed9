import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  type NodegroupStatus,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, awsPhaseDependencies, eksCluster, eksNodegroup } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest, config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { trafficShift } from './traffic-shift.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);

describe('Step kind: traffic_shift', () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const bgRequest = blueGreenRequest;
    /** Green (`prod-1-31`) ACTIVE with one node group in the given state and size. */
    const green = (status: NodegroupStatus, desiredSize: number) => {
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }) });
      eks.on(ListFargateProfilesCommand, { clusterName: 'prod-1-31' }).resolves({ fargateProfileNames: [] });
      eks.on(ListNodegroupsCommand, { clusterName: 'prod-1-31' }).resolves({ nodegroups: ['general'] });
      eks.on(DescribeNodegroupCommand, { clusterName: 'prod-1-31', nodegroupName: 'general' }).resolves({
        nodegroup: eksNodegroup('general', '1.31', {
          clusterName: 'prod-1-31',
          status,
          scalingConfig: { minSize: 0, maxSize: 6, desiredSize },
        }),
      });
    };

    /** Blue's and green's weighted CNAME records, blue weighing `blueWeight`, green 0. */
    const weightedCnames = (blueWeight: number) =>
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: ['blue', 'green'].map((side) => ({
          Name: 'api.example.com.',
          Type: 'CNAME',
          SetIdentifier: side,
          Weight: side === 'blue' ? blueWeight : 0,
          TTL: 60,
          ResourceRecords: [{ Value: side }],
        })),
        IsTruncated: false,
      });
    const FIRST_SHIFT: PlanStep = {
      id: 'traffic-10',
      kind: 'traffic_shift',
      description: 'Shift 10%',
      blueClusterName: 'prod',
      greenClusterName: 'prod-1-31',
      fromWeight: 0,
      toWeight: 10,
    };

    it.each([
      ['its only node group is still CREATING', 'CREATING', 3, 'node group general CREATING with 3 nodes'],
      ['its only node group has no nodes', 'ACTIVE', 0, 'node group general ACTIVE with 0 nodes'],
    ] as const)('moves no traffic to green when %s', async (_case, status, desiredSize, found) => {
      // Prepare
      green(status, desiredSize);
      weightedCnames(100);

      // Act
      const result = await executeStep({ request: bgRequest(), step: FIRST_SHIFT }, deps());

      // Assess
      expect(result).toMatchObject({
        status: 'failed',
        message: `Traffic not moved to prod-1-31: it has no capacity (prod-1-31 has nothing to run pods on (${found})); the weights stay 0% green / 100% blue`,
      });
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });

    it("states the share of traffic each side keeps, not Route 53's raw weights (0-255, relative)", async () => {
      // Prepare: the operator's records weigh 255 (blue) and 0 (green); green has no nodes
      green('ACTIVE', 0);
      weightedCnames(255);

      // Act
      const result = await executeStep({ request: bgRequest(), step: FIRST_SHIFT }, deps());

      // Assess
      expect(result.message).toMatch(/the weights stay 0% green \/ 100% blue$/);
    });

    it('shifts traffic in one change from one read: each record deleted as read, created with its new weight', async () => {
      // Prepare
      green('ACTIVE', 3);
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [
          {
            Name: 'api.example.com.',
            Type: 'CNAME',
            SetIdentifier: 'blue',
            Weight: 90,
            TTL: 60,
            ResourceRecords: [{ Value: 'prod-blue.elb.example.com' }],
          },
          {
            Name: 'api.example.com.',
            Type: 'CNAME',
            SetIdentifier: 'green',
            Weight: 10,
            TTL: 60,
            ResourceRecords: [{ Value: 'prod-green.elb.example.com' }],
          },
          { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
        ],
        IsTruncated: false,
        MaxItems: 100,
      });
      route53.on(ChangeResourceRecordSetsCommand).resolves({
        ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: NOW },
      });
      const step: PlanStep = {
        id: 'traffic-25',
        kind: 'traffic_shift',
        description: 'Shift 25%',
        blueClusterName: 'prod',
        greenClusterName: 'prod-1-31',
        fromWeight: 10,
        toWeight: 25,
      };

      // Act
      const result = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      // Validation polls the change until Route 53 reports it INSYNC.
      expect(result).toMatchObject({
        status: 'in_progress',
        clusterName: 'prod-1-31',
        changeId: '/change/C2682N5HXP0BZ4',
        pollAfterSeconds: 30,
      });
      expect(result.message).toMatch(/\/change\/C2682N5HXP0BZ4/);
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      // One read: the decision and the write both use it (the DELETEs make the write fail whole
      // if the records changed in between).
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
      // The whole input: a field dropped from a record set would be dropped by Route 53 too.
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        ChangeBatch: {
          Comment: 'eks-upgrade: 25% green / 75% blue',
          Changes: [
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'blue',
                Weight: 90,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-blue.elb.example.com' }],
              },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'green',
                Weight: 10,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-green.elb.example.com' }],
              },
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'blue',
                Weight: 75,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-blue.elb.example.com' }],
              },
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                SetIdentifier: 'green',
                Weight: 25,
                TTL: 60,
                ResourceRecords: [{ Value: 'prod-green.elb.example.com' }],
              },
            },
          ],
        },
      });
    });
  });

  describe('Phase: validation', () => {
    const NOW = new Date('2026-11-25T10:05:00Z');
    const deps = (alarmNames: string[] = []) => ({
      gateway: awsGateway(),
      config: config({ alarmNames }),
      clock: { now: () => NOW },
    });
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
  });
});

describe('Module: trafficShift', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(trafficShift);

    // Assess
    expect(parts).toEqual({
      describe: 'Shift traffic to 25% on prod-1-31 (from 10%), the rest on prod',
      rollback: 'undo:traffic',
      health: {
        clusterName: 'prod-1-31',
        greenWeight: 25,
      },
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 300,
      operations: {
        execution: [
          'readTrafficRecords',
          'describeCluster',
          'listNodegroups',
          'listFargateProfiles',
          'describeFargateProfile',
          'setTrafficWeights',
        ],
        validation: ['getTrafficChangeStatus'],
        rollback: [
          'readTrafficRecords',
          'describeCluster',
          'listNodegroups',
          'listFargateProfiles',
          'describeFargateProfile',
          'setTrafficWeights',
          'getTrafficChangeStatus',
        ],
      },
    });
  });
});
