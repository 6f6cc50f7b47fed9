import {
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, awsPhaseDependencies, eksNodegroup, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { config, request } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);

const step = (extra: Partial<Extract<PlanStep, { kind: 'nodegroup_upgrade' }>> = {}): PlanStep => ({
  id: 'ng-gpu-1.30',
  kind: 'nodegroup_upgrade',
  description: 'Upgrade gpu',
  clusterName: 'prod',
  nodegroupName: 'gpu',
  fromVersion: '1.29',
  toVersion: '1.30',
  ...extra,
});

/** The one UpdateNodegroupVersion input sent. */
const sentInput = () => {
  const calls = eks.commandCalls(UpdateNodegroupVersionCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};

describe('Step kind: nodegroup_upgrade, how the update is made (issue 11 §4)', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(UpdateNodegroupVersionCommand).resolves({ update: eksUpdate('ng-1') });
  });

  it('forces the update when the step says so, with the version and nothing else', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('gpu', '1.29') });

    // Act
    const result = await executeStep({ request: request(), step: step({ force: true }) }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'ng-1' });
    expect(sentInput()).toEqual({ clusterName: 'prod', nodegroupName: 'gpu', version: '1.30', force: true });
  });

  it('moves an EKS-AMI group to the release version the step names', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({ nodegroup: eksNodegroup('gpu', '1.29') });

    // Act
    await executeStep({ request: request(), step: step({ releaseVersion: '1.30.8-20260110' }) }, deps());

    // Assess
    expect(sentInput()).toEqual({
      clusterName: 'prod',
      nodegroupName: 'gpu',
      version: '1.30',
      releaseVersion: '1.30.8-20260110',
    });
  });

  it('moves a custom-AMI group by its launch template version, without a Kubernetes version', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('gpu', '1.29', {
        amiType: 'CUSTOM',
        launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
      }),
    });

    // Act
    const result = await executeStep(
      { request: request(), step: step({ launchTemplate: { id: 'lt-0abc', version: '7' } }) },
      deps(),
    );

    // Assess
    expect(result.status).toBe('in_progress');
    expect(sentInput()).toEqual({
      clusterName: 'prod',
      nodegroupName: 'gpu',
      launchTemplate: { id: 'lt-0abc', version: '7' },
    });
  });

  it('adopts a custom-AMI group already on the launch template version (a redrive after it finished)', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('gpu', '1.29', {
        amiType: 'CUSTOM',
        launchTemplate: { id: 'lt-0abc', version: '7' },
      }),
    });

    // Act
    const result = await executeStep(
      { request: request(), step: step({ launchTemplate: { id: 'lt-0abc', version: '7' } }) },
      deps(),
    );

    // Assess
    expect(result).toMatchObject({
      status: 'skipped',
      message: 'Node group gpu already runs launch template version 7',
    });
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupVersionCommand);
  });

  it('adopts the launch template update already running instead of starting another', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('gpu', '1.29', {
        amiType: 'CUSTOM',
        status: 'UPDATING',
        launchTemplate: { id: 'lt-0abc', version: '6' },
      }),
    });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['lt-up'] });
    eks.on(DescribeUpdateCommand).resolves({
      update: eksUpdate('lt-up', { params: [{ type: 'LaunchTemplateVersion', value: '7' }] }),
    });

    // Act
    const result = await executeStep(
      { request: request(), step: step({ launchTemplate: { id: 'lt-0abc', version: '7' } }) },
      deps(),
    );

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'lt-up' });
    expect(result.message).toMatch(/already in progress/);
    expect(eks).toHaveReceivedCommandWith(ListUpdatesCommand, { name: 'prod', nodegroupName: 'gpu' });
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupVersionCommand);
  });
});

describe('Step kind: nodegroup_upgrade, a PodEvictionFailure (issue 11 §4)', () => {
  beforeEach(() => {
    eks.reset();
  });

  it('names the node group and EKS error detail, with the pods and what to do', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({
      update: eksUpdate('ng-1', {
        status: 'Failed',
        errors: [
          {
            errorCode: 'PodEvictionFailure',
            errorMessage: 'Reached max retries while trying to evict pods from nodes in node group gpu',
            resourceIds: ['ip-10-0-1-23.ec2.internal'],
          },
        ],
      }),
    });
    const stepResult: StepResult = {
      stepId: 'ng-gpu-1.30',
      kind: 'nodegroup_upgrade',
      status: 'in_progress',
      clusterName: 'prod',
      nodegroupName: 'gpu',
      updateId: 'ng-1',
      pollAfterSeconds: 30,
      message: 'started',
      startedAt: NOW.toISOString(),
    };

    // Act
    const verdict = await validateUpgrade(
      { request: request(), scope: 'step', step: step(), stepResult },
      { gateway: awsGateway(), config: config(), clock: { now: () => NOW } },
    );

    // Assess
    expect(verdict.status).toBe('unhealthy');
    expect(verdict.checks).toEqual([
      {
        name: 'update-status',
        status: 'fail',
        message:
          'Node group gpu: update ng-1 (VersionUpdate) ended Failed: PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group gpu (ip-10-0-1-23.ec2.internal). A PodDisruptionBudget (or a pod without a controller) kept a pod from being evicted while the node was drained: relax the budget, or upgrade with nodegroupUpdates.force (EKS then evicts regardless)',
        expected: 'Successful',
        observed: 'Failed',
      },
    ]);
    expect(verdict.summary).toContain('Node group gpu: update ng-1');
  });
});
