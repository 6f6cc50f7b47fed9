import {
  DeleteClusterCommand,
  DeleteFargateProfileCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, awsPhaseDependencies, eksCluster, eksNodegroup } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest, config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { clusterDecommission } from './cluster-decommission.js';

const eks = mockClient(EKSClient);

describe('Step kind: cluster_decommission', () => {
  beforeEach(() => {
    eks.reset();
    // No Fargate profiles unless a test says otherwise.
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const bgRequest = blueGreenRequest;

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
      expect(afterNodegroups).toMatchObject({
        status: 'in_progress',
        message: 'DeleteCluster prod started; prod-1-31 is promoted already (it carries no green tag)',
      });
      expect(eks).toHaveReceivedCommandTimes(DeleteClusterCommand, 1);
      expect(eks).toHaveReceivedCommandWith(DeleteClusterCommand, { name: 'prod' });
    });

    it('deletes the Fargate profiles one at a time, each waited for, before DeleteCluster', async () => {
      // Prepare
      const profile = (name: string, status: 'ACTIVE' | 'DELETING') => ({
        fargateProfile: {
          fargateProfileName: name,
          clusterName: 'prod',
          status,
          podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
          subnets: ['subnet-0a1'],
          selectors: [{ namespace: name }],
        },
      });
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
      eks
        .on(ListFargateProfilesCommand)
        .resolvesOnce({ fargateProfileNames: ['batch', 'web'] })
        .resolvesOnce({ fargateProfileNames: ['batch', 'web'] })
        .resolvesOnce({ fargateProfileNames: ['web'] })
        .resolves({ fargateProfileNames: [] });
      eks
        .on(DescribeFargateProfileCommand, { fargateProfileName: 'batch' })
        .resolvesOnce(profile('batch', 'ACTIVE'))
        .resolves(profile('batch', 'DELETING'));
      eks
        .on(DescribeFargateProfileCommand, { fargateProfileName: 'web' })
        .resolvesOnce(profile('web', 'ACTIVE'))
        .resolvesOnce(profile('web', 'ACTIVE'))
        .resolvesOnce(profile('web', 'ACTIVE'))
        .resolves(profile('web', 'DELETING'));
      eks.on(DeleteFargateProfileCommand).resolves({});
      eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ status: 'DELETING' }) });
      const step: PlanStep = {
        id: 'decommission-prod',
        kind: 'cluster_decommission',
        description: 'Delete blue',
        clusterName: 'prod',
      };

      // Act
      const messages = [];
      for (let call = 0; call < 4; call += 1) {
        messages.push((await executeStep({ request: bgRequest(), step }, deps())).message);
      }

      // Assess
      expect(messages).toEqual([
        'Deleting Fargate profiles batch, web of prod, one at a time; the cluster is deleted once they are gone; prod-1-31 is promoted already (it carries no green tag)',
        'Deleting Fargate profiles batch, web of prod, one at a time; the cluster is deleted once they are gone; prod-1-31 is promoted already (it carries no green tag)',
        'Deleting Fargate profiles web of prod, one at a time; the cluster is deleted once they are gone; prod-1-31 is promoted already (it carries no green tag)',
        'DeleteCluster prod started; prod-1-31 is promoted already (it carries no green tag)',
      ]);
      expect(eks.commandCalls(DeleteFargateProfileCommand).map((call) => call.args[0].input)).toEqual([
        { clusterName: 'prod', fargateProfileName: 'batch' },
        { clusterName: 'prod', fargateProfileName: 'web' },
      ]);
      expect(eks.commandCalls(DeleteClusterCommand).map((call) => call.args[0].input)).toEqual([
        { name: 'prod' },
      ]);
    });

    it('says EKS refused DeleteCluster when the cluster is not being deleted, instead of "being deleted"', async () => {
      // Prepare
      eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
      eks.on(DeleteClusterCommand).rejects(
        new ResourceInUseException({
          message: 'Cluster has fargate profiles attached: web',
          $metadata: {},
        }),
      );
      const step: PlanStep = {
        id: 'decommission-prod',
        kind: 'cluster_decommission',
        description: 'Delete blue',
        clusterName: 'prod',
      };

      // Act
      const outcome = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(outcome.status).toBe('in_progress');
      expect(outcome.message).toMatch(
        /^EKS refused to delete cluster prod, which is not being deleted \(.*Cluster has fargate profiles attached: web.*\); the next attempt tries again; prod-1-31 is promoted already \(it carries no green tag\)$/,
      );
      expect(outcome.message).not.toMatch(/is being deleted/);
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

      // Assess: one check, counted in the singular
      expect(result.status).toBe('healthy');
      expect(result.checks.map((check) => check.name)).toEqual(['cluster-deleted']);
      expect(result.summary).toBe('prod: healthy (1 check passed)');
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

describe('Module: clusterDecommission', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(clusterDecommission);

    // Assess
    expect(parts).toEqual({
      describe: 'Delete cluster prod (its node groups and Fargate profiles first)',
      rollback: 'undo:blue-cluster',
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 900,
      operations: {
        execution: [
          'describeCluster',
          'listNodegroupNames',
          'describeNodegroup',
          'deleteNodegroup',
          'listFargateProfiles',
          'describeFargateProfile',
          'deleteFargateProfile',
          'deleteCluster',
          'listAddons',
          'describeAddon',
          'listAccessEntries',
          'listPodIdentityAssociations',
          'findOidcProvider',
          'untagEksResource',
          'untagOidcProvider',
        ],
        validation: [
          'describeCluster',
          'listNodegroupNames',
          'describeNodegroup',
          'deleteNodegroup',
          'listFargateProfiles',
          'describeFargateProfile',
          'deleteFargateProfile',
          'deleteCluster',
        ],
        rollback: ['describeCluster', 'listNodegroups', 'listFargateProfiles', 'describeFargateProfile'],
      },
    });
  });
});
