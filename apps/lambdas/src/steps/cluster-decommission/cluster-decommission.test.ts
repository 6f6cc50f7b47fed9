import {
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksCluster, eksNodegroup } from '../../phases/__fixtures__/aws.js';
import { config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';

const eks = mockClient(EKSClient);

describe('Step kind: cluster_decommission', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => ({ gateway: awsGateway(), config: config(), clock: { now: () => NOW } });
    const bgRequest = () => request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

    it('decommissions blue without waiting: node groups first, the cluster on a later call', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks
        .on(ListNodegroupsCommand)
        .resolvesOnce({ nodegroups: ['general', 'batch'] })
        .resolves({ nodegroups: [] });
      eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
        .resolves({ nodegroup: eksNodegroup('general', '1.29') });
      eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
        .resolves({ nodegroup: eksNodegroup('batch', '1.29', { status: 'DELETING' }) });
      eks
        .on(DeleteNodegroupCommand)
        .resolves({ nodegroup: eksNodegroup('general', '1.29', { status: 'DELETING' }) });
      eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ status: 'DELETING' }) });
      const step: PlanStep = {
        id: 'decommission-prod',
        kind: 'cluster_decommission',
        description: 'Delete blue',
        clusterName: 'prod',
      };

      // Act
      const first = await executeStep({ request: bgRequest(), step }, deps());
      const afterNodegroups = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(first).toMatchObject({
        status: 'in_progress',
        message: expect.stringMatching(/Deleting node groups general, batch/),
      });
      expect(eks).toHaveReceivedCommandTimes(DeleteNodegroupCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteNodegroupCommand, {
        clusterName: 'prod',
        nodegroupName: 'general',
      });
      expect(afterNodegroups).toMatchObject({ status: 'in_progress', message: 'DeleteCluster prod started' });
      expect(eks).toHaveReceivedCommandTimes(DeleteClusterCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod' });
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

    it('treats a decommissioned cluster that is gone as healthy', async () => {
      // Prepare
      eks
        .on(DescribeClusterCommand)
        .rejects(
          new ResourceNotFoundException({ message: 'No cluster found for name: prod.', $metadata: {} }),
        );
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
  });
});
