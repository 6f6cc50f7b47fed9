import { nothingToPoll } from '../shared/checks.js';
import { copyableTags, existingOutcome, greenTags, requireActiveGreen } from '../shared/green-resources.js';
import { isResourceInUse } from '../shared/updates.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `addon_install` (blue/green): install an add-on on the green cluster at a version compatible
 * with it, with the blue add-on's service account role and configuration (EKS CreateAddon).
 */
export const addonInstall: StepKindModule<'addon_install'> = {
  kind: 'addon_install',
  example: {
    id: 'green-addon-vpc-cni',
    kind: 'addon_install',
    description: 'Install vpc-cni',
    clusterName: 'prod-1-31',
    addonName: 'vpc-cni',
    toVersion: 'v1.19.2-eksbuild.1',
    kubernetesVersion: '1.31',
    sourceClusterName: 'prod',
  },
  // CreateAddon until ACTIVE.
  typicalDurationSeconds: () => 3 * 60,
  describe: (step) => `Install add-on ${step.addonName} ${step.toVersion} on ${step.clusterName}`,
  operations: {
    execution: ['describeCluster', 'describeAddon', 'createAddon'],
    // Creation has no update to poll: the health checks wait while the add-on is CREATING.
    validation: [],
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName, addonName: step.addonName };
    const what = `Add-on ${step.addonName} on ${step.clusterName}`;
    await requireActiveGreen(gateway, step.clusterName, `install add-on ${step.addonName}`);
    const existing = await gateway.describeAddon(step.clusterName, step.addonName);
    if (existing) return existingOutcome(base, what, existing, step.toVersion);
    const source = await gateway.describeAddon(step.sourceClusterName, step.addonName);
    try {
      await gateway.createAddon({
        clusterName: step.clusterName,
        addonName: step.addonName,
        version: step.toVersion,
        ...(source?.serviceAccountRoleArn ? { serviceAccountRoleArn: source.serviceAccountRoleArn } : {}),
        ...(source?.configurationValues ? { configurationValues: source.configurationValues } : {}),
        tags: { ...copyableTags(source?.tags), ...greenTags(step.sourceClusterName) },
      });
    } catch (error) {
      if (!isResourceInUse(error)) throw error;
      return { ...base, status: 'in_progress', message: `${what} is already being created` };
    }
    const copied = [
      source?.serviceAccountRoleArn ? 'service account role' : '',
      source?.configurationValues ? 'configuration' : '',
    ].filter(Boolean);
    return {
      ...base,
      status: 'in_progress',
      message: `CreateAddon ${step.addonName} ${step.toVersion} on ${step.clusterName} started${copied.length > 0 ? ` (with ${step.sourceClusterName}'s ${copied.join(' and ')})` : ''}`,
    };
  },

  validation: {
    progress: async () => nothingToPoll(),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { addonVersions: new Map([[step.addonName, step.toVersion]]) },
    }),
    finalExpectations: (step) => ({ addonVersions: new Map([[step.addonName, step.toVersion]]) }),
  },

  rollback: {
    kind: 'covered',
    by: 'cluster_provision',
    reason: 'A green add-on goes with the green cluster: EKS deletes its add-ons with it.',
  },
};
