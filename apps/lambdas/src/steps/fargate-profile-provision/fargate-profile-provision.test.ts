import {
  CreateFargateProfileCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  type FargateProfile,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { PlanStep, StepResult } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { fargateProfileProvision } from './fargate-profile-provision.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const bgRequest = blueGreenRequest;
const notFound = () =>
  new ResourceNotFoundException({ message: 'No Fargate Profile found with name: web.', $metadata: {} });

const STEP: PlanStep = {
  id: 'green-fargate-web',
  kind: 'fargate_profile_provision',
  description: 'Copy Fargate profile web',
  clusterName: 'prod-1-31',
  fargateProfileName: 'web',
  sourceClusterName: 'prod',
};

const BLUE_PROFILE: FargateProfile = {
  fargateProfileName: 'web',
  fargateProfileArn: 'arn:aws:eks:us-east-1:123456789012:fargateprofile/prod/web/1',
  clusterName: 'prod',
  status: 'ACTIVE',
  podExecutionRoleArn: 'arn:aws:iam::123456789012:role/eks-fargate-pods',
  subnets: ['subnet-0p1', 'subnet-0p2'],
  selectors: [{ namespace: 'web', labels: { tier: 'front' } }, { namespace: 'jobs' }],
  tags: { team: 'web', 'aws:cloudformation:stack-name': 'prod-stack' },
};

describe('Step kind: fargate_profile_provision', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({
      cluster: eksCluster({ name: 'prod-1-31', version: '1.31' }),
    });
  });

  describe('Phase: execution', () => {
    it("creates the green profile with blue's role, subnets, selectors and tags (whole input)", async () => {
      // Prepare
      eks.on(DescribeFargateProfileCommand, { clusterName: 'prod-1-31' }).rejects(notFound());
      eks
        .on(DescribeFargateProfileCommand, { clusterName: 'prod' })
        .resolves({ fargateProfile: BLUE_PROFILE });
      eks.on(CreateFargateProfileCommand).resolves({
        fargateProfile: { ...BLUE_PROFILE, clusterName: 'prod-1-31', status: 'CREATING' },
      });

      // Act
      const outcome = await executeStep({ request: bgRequest(), step: STEP }, deps());

      // Assess
      expect(outcome).toMatchObject({
        status: 'in_progress',
        clusterName: 'prod-1-31',
        message: 'CreateFargateProfile web on prod-1-31, copied from prod, started',
      });
      expect(eks.commandCalls(CreateFargateProfileCommand).map((call) => call.args[0].input)).toEqual([
        {
          clusterName: 'prod-1-31',
          fargateProfileName: 'web',
          podExecutionRoleArn: 'arn:aws:iam::123456789012:role/eks-fargate-pods',
          subnets: ['subnet-0p1', 'subnet-0p2'],
          selectors: [{ namespace: 'web', labels: { tier: 'front' } }, { namespace: 'jobs' }],
          tags: { team: 'web', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
        },
      ]);
    });

    it('creates nothing when a retry finds the profile, and says so when EKS races it', async () => {
      // Prepare
      eks
        .on(DescribeFargateProfileCommand, { clusterName: 'prod-1-31' })
        .resolvesOnce({ fargateProfile: { ...BLUE_PROFILE, clusterName: 'prod-1-31', status: 'ACTIVE' } })
        .rejects(notFound());
      eks
        .on(DescribeFargateProfileCommand, { clusterName: 'prod' })
        .resolves({ fargateProfile: BLUE_PROFILE });
      eks
        .on(CreateFargateProfileCommand)
        .rejects(new ResourceInUseException({ message: 'A Fargate Profile already exists', $metadata: {} }));

      // Act
      const existing = await executeStep({ request: bgRequest(), step: STEP }, deps());
      const raced = await executeStep({ request: bgRequest(), step: STEP }, deps());

      // Assess
      expect(existing).toMatchObject({
        status: 'skipped',
        message: 'Fargate profile web of prod-1-31 already exists (ACTIVE)',
      });
      expect(raced).toMatchObject({
        status: 'in_progress',
        message: 'Fargate profile web of prod-1-31 is already being created',
      });
      expect(eks).toHaveReceivedCommandTimes(CreateFargateProfileCommand, 1);
    });

    it('fails, naming it, when the blue profile is gone', async () => {
      // Prepare
      eks.on(DescribeFargateProfileCommand).rejects(notFound());

      // Act
      const outcome = executeStep({ request: bgRequest(), step: STEP }, deps());

      // Assess
      await expect(outcome).rejects.toThrow(
        'Fargate profile web of prod no longer exists, so it cannot be copied',
      );
      expect(eks).toHaveReceivedCommandTimes(CreateFargateProfileCommand, 0);
    });
  });

  describe('Phase: validation', () => {
    const stepResult: StepResult = {
      stepId: 'green-fargate-web',
      kind: 'fargate_profile_provision',
      status: 'in_progress',
      clusterName: 'prod-1-31',
      pollAfterSeconds: 30,
      message: 'started',
      startedAt: '2026-11-25T10:00:00Z',
    };
    const validate = () =>
      validateUpgrade({ request: bgRequest(), scope: 'step', step: STEP, stepResult }, deps());

    it('waits while the green profile is CREATING, passes once ACTIVE, fails on CREATE_FAILED', async () => {
      // Prepare
      const green = (status: FargateProfile['status']) => ({
        fargateProfile: { ...BLUE_PROFILE, clusterName: 'prod-1-31', status },
      });
      eks
        .on(DescribeFargateProfileCommand, { clusterName: 'prod-1-31' })
        .resolvesOnce(green('CREATING'))
        .resolvesOnce(green('ACTIVE'))
        .resolves(green('CREATE_FAILED'));

      // Act
      const creating = await validate();
      const active = await validate();
      const failed = await validate();

      // Assess
      expect(creating.status).toBe('in_progress');
      expect(creating.checks).toContainEqual(
        expect.objectContaining({ name: 'fargate-profile', status: 'pending', observed: 'CREATING' }),
      );
      expect(active.status).toBe('healthy');
      expect(failed.status).toBe('unhealthy');
      expect(failed.checks).toContainEqual(
        expect.objectContaining({
          name: 'fargate-profile',
          status: 'fail',
          message: 'Fargate profile web of prod-1-31 is CREATE_FAILED',
        }),
      );
    });
  });
});

describe('Module: fargateProfileProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(fargateProfileProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Create Fargate profile web on prod-1-31, copied from prod',
      rollback: 'covered:cluster_provision',
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 300,
      operations: {
        execution: ['describeCluster', 'describeFargateProfile', 'createFargateProfile'],
        validation: ['describeFargateProfile'],
        rollback: [],
      },
    });
  });
});
