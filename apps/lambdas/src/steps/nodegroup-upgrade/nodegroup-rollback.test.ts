import {
  DescribeNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksNodegroup, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';
import { mockUpgradedInPlace } from '../control-plane-upgrade/__fixtures__/upgraded-in-place.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'node group batch failed to roll' };
const GPU = {
  name: 'gpu',
  version: '1.29',
  status: 'ACTIVE',
  amiType: 'CUSTOM',
  customAmi: true,
  launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
};
const gpuRequest = () =>
  request({
    nodegroupUpdates: {
      nodegroups: { gpu: { '1.30': { launchTemplateVersion: '7' }, '1.31': { launchTemplateVersion: '8' } } },
    },
  });

/** The in-place plan of prod 1.29 → 1.31 with the custom-AMI group gpu moving by template versions 7 and 8. */
const gpuPlan = (): UpgradePlan =>
  buildRulesPlan(
    gpuRequest(),
    snapshot({
      nodegroups: [
        { name: 'general', version: '1.29', status: 'ACTIVE', amiType: 'AL2023_x86_64_STANDARD' },
        GPU,
      ],
    }),
    { config: config(), now: NOW },
  );

describe('Function: rollBackNodegroups, a custom-AMI node group (issue 11 §6)', () => {
  beforeEach(() => {
    eks.reset();
    mockUpgradedInPlace(eks, NOW);
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general', 'gpu'] });
    eks.on(UpdateNodegroupVersionCommand).resolves({ update: eksUpdate('ng-back') });
  });

  it('the plan records the template version each move starts from', () => {
    // Act
    const steps = gpuPlan().steps.filter(
      (step) => step.kind === 'nodegroup_upgrade' && step.nodegroupName === 'gpu',
    );

    // Assess
    expect(steps).toEqual([
      expect.objectContaining({
        fromVersion: '1.29',
        launchTemplate: { id: 'lt-0abc', version: '7' },
        fromLaunchTemplateVersion: '6',
      }),
      expect.objectContaining({
        fromVersion: '1.30',
        launchTemplate: { id: 'lt-0abc', version: '8' },
        fromLaunchTemplateVersion: '7',
      }),
    ]);
  });

  it('goes back by the launch template version it ran before, without a Kubernetes version', async () => {
    // Prepare: gpu reached 1.30 on template version 7; the control plane runs 1.30
    eks.on(DescribeNodegroupCommand, { nodegroupName: 'gpu' }).resolves({
      nodegroup: eksNodegroup('gpu', '1.30', {
        amiType: 'CUSTOM',
        launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '7' },
      }),
    });

    // Act
    const result = await rollbackUpgrade(
      { request: gpuRequest(), plan: gpuPlan(), failure },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(eks.commandCalls(UpdateNodegroupVersionCommand).map((call) => call.args[0].input)).toEqual([
      { clusterName: 'prod', nodegroupName: 'gpu', launchTemplate: { id: 'lt-0abc', version: '6' } },
    ]);
    expect(result.actions).toContainEqual({
      target: 'nodegroup:gpu',
      status: 'started',
      message: 'UpdateNodegroupVersion gpu 1.30 → 1.29 (launch template version 6): update ng-back started',
      updateId: 'ng-back',
    });
  });

  it('says it cannot when the plan names no template version to go back to (a plan made before it did)', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand, { nodegroupName: 'gpu' }).resolves({
      nodegroup: eksNodegroup('gpu', '1.30', {
        amiType: 'CUSTOM',
        launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '7' },
      }),
    });
    const plan = gpuPlan();
    const older = {
      ...plan,
      steps: plan.steps.map((step) => {
        if (step.kind !== 'nodegroup_upgrade') return step;
        const { fromLaunchTemplateVersion: _dropped, ...rest } = step;
        return rest;
      }),
    };

    // Act
    const result = await rollbackUpgrade(
      { request: gpuRequest(), plan: older, failure },
      awsPhaseDependencies(NOW),
    );

    // Assess
    expect(eks).not.toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, { nodegroupName: 'gpu' });
    expect(result.notUndone).toContain(
      'nodegroup:gpu: gpu stays at 1.30 (was 1.29): it runs a custom AMI, which EKS moves back only by a launch template version, and the plan names none for 1.29; roll it back with the template version it ran before',
    );
  });
});
