import { ExecutionError } from '@eks-upgrade/core-models';
import type { FargateProfileDetails } from '../../gateway/cluster-gateway.js';
import { check } from '../shared/checks.js';
import { copyableTags, greenTags, requireActiveGreen } from '../shared/green-resources.js';
import { isResourceInUse } from '../shared/updates.js';
import type { StepKindModule, StepOutcome, StepProgress } from '../step-kind-module.js';

/** What an existing green profile means for the step (created by an earlier try, or in the way). */
function existingProfileOutcome(
  base: { clusterName: string },
  what: string,
  existing: FargateProfileDetails,
): StepOutcome {
  if (existing.status === 'CREATING') {
    return { ...base, status: 'in_progress', message: `${what} is already being created` };
  }
  if (existing.status === 'ACTIVE') {
    return { ...base, status: 'skipped', message: `${what} already exists (ACTIVE)` };
  }
  return { ...base, status: 'failed', message: `${what} exists but is ${existing.status}` };
}

/** The green profile's state: CREATING keeps validation waiting, ACTIVE passes, anything else fails. */
function profileProgress(what: string, profile: FargateProfileDetails | undefined): StepProgress {
  const status = profile?.status ?? 'absent';
  const observed = { expected: 'ACTIVE', observed: status };
  if (status === 'CREATING') {
    return {
      state: 'running',
      checks: [check('fargate-profile', 'pending', `${what} is being created`, observed)],
    };
  }
  if (status === 'ACTIVE') {
    return { state: 'done', checks: [check('fargate-profile', 'pass', `${what} is ACTIVE`, observed)] };
  }
  return {
    state: 'failed',
    checks: [
      check('fargate-profile', 'fail', profile ? `${what} is ${status}` : `${what} does not exist`, observed),
    ],
  };
}

/**
 * `fargate_profile_provision` (blue/green): copy one of the blue cluster's Fargate profiles to
 * the green cluster (EKS CreateFargateProfile: name, pod execution role, subnets, selectors,
 * tags; https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html), so the pods it
 * selects have somewhere to run on green. A profile takes minutes to become ACTIVE; validation
 * waits for it (DescribeFargateProfile).
 */
export const fargateProfileProvision: StepKindModule<'fargate_profile_provision'> = {
  kind: 'fargate_profile_provision',
  example: {
    id: 'green-fargate-web',
    kind: 'fargate_profile_provision',
    description: 'Copy Fargate profile web',
    clusterName: 'prod-1-31',
    fargateProfileName: 'web',
    sourceClusterName: 'prod',
  },
  // A Fargate profile is typically ACTIVE within a few minutes.
  typicalDurationSeconds: () => 5 * 60,
  describe: (step) =>
    `Create Fargate profile ${step.fargateProfileName} on ${step.clusterName}, copied from ${step.sourceClusterName}`,
  operations: {
    execution: ['describeCluster', 'describeFargateProfile', 'createFargateProfile'],
    validation: ['describeFargateProfile'],
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    const what = `Fargate profile ${step.fargateProfileName} of ${step.clusterName}`;
    await requireActiveGreen(gateway, step.clusterName, `create Fargate profile ${step.fargateProfileName}`);
    const existing = await gateway.describeFargateProfile(step.clusterName, step.fargateProfileName);
    if (existing) return existingProfileOutcome(base, what, existing);
    const source = await gateway.describeFargateProfile(step.sourceClusterName, step.fargateProfileName);
    if (!source) {
      throw new ExecutionError(
        `Fargate profile ${step.fargateProfileName} of ${step.sourceClusterName} no longer exists, so it cannot be copied`,
        { phase: 'execution', status: 'NOT_FOUND' },
      );
    }
    try {
      await gateway.createFargateProfile({
        clusterName: step.clusterName,
        fargateProfileName: step.fargateProfileName,
        podExecutionRoleArn: source.podExecutionRoleArn,
        subnets: source.subnets,
        selectors: source.selectors,
        tags: { ...copyableTags(source.tags), ...greenTags(step.sourceClusterName) },
      });
    } catch (error) {
      // A retry racing the first call: EKS already has the profile.
      if (!isResourceInUse(error)) throw error;
      return { ...base, status: 'in_progress', message: `${what} is already being created` };
    }
    return {
      ...base,
      status: 'in_progress',
      message: `CreateFargateProfile ${step.fargateProfileName} on ${step.clusterName}, copied from ${step.sourceClusterName}, started`,
    };
  },

  validation: {
    async progress(step, _result, { gateway }) {
      const what = `Fargate profile ${step.fargateProfileName} of ${step.clusterName}`;
      return profileProgress(
        what,
        await gateway.describeFargateProfile(step.clusterName, step.fargateProfileName),
      );
    },
    // The profile's own status is its check (progress); it has no version to judge.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'covered',
    by: 'cluster_provision',
    reason:
      'A green Fargate profile goes with the green cluster: deleting the cluster deletes its Fargate profiles first, as EKS requires.',
  },
};
