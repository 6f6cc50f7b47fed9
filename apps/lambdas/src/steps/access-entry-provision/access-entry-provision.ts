import { nothingToPoll } from '../shared/checks.js';
import { copyableTags, greenTags, requireActiveGreen } from '../shared/green-resources.js';
import { requireCluster } from '../shared/start-or-resume.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `access_entry_provision` (blue/green): copy the blue cluster's access entries to the green
 * cluster, each with its Kubernetes groups, username, tags and associated access policies
 * (CreateAccessEntry, AssociateAccessPolicy;
 * https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html), so whoever reaches blue
 * through an access entry reaches green. Principals green already has an entry for are left as
 * they are (EKS creates the entries of managed node group and Fargate pod roles itself). A blue
 * on `CONFIG_MAP` authentication has no access entries; its aws-auth mappings are named in the
 * plan (`GREEN_CLUSTER_ACCESS`). Access entries take effect at once: nothing to poll.
 */
export const accessEntryProvision: StepKindModule<'access_entry_provision'> = {
  kind: 'access_entry_provision',
  example: {
    id: 'green-access-prod-1-31',
    kind: 'access_entry_provision',
    description: 'Copy access entries',
    clusterName: 'prod-1-31',
    sourceClusterName: 'prod',
  },
  // A few calls taking seconds, and the entries take effect at once: nothing next to the others.
  typicalDurationSeconds: () => 0,
  describe: (step) => `Copy the access entries of ${step.sourceClusterName} to ${step.clusterName}`,
  operations: {
    execution: ['describeCluster', 'listAccessEntries', 'createAccessEntry'],
    validation: [],
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    await requireActiveGreen(gateway, step.clusterName, `copy access entries to ${step.clusterName}`);
    const blue = await requireCluster(gateway, step.sourceClusterName);
    if ((blue.configuration?.accessConfig?.authenticationMode ?? 'CONFIG_MAP') === 'CONFIG_MAP') {
      return {
        ...base,
        status: 'skipped',
        message: `${step.sourceClusterName} uses the aws-auth ConfigMap only: it has no access entries to copy`,
      };
    }
    const [blueEntries, greenEntries] = await Promise.all([
      gateway.listAccessEntries(step.sourceClusterName),
      gateway.listAccessEntries(step.clusterName),
    ]);
    if (blueEntries.length === 0) {
      return {
        ...base,
        status: 'succeeded',
        message: `${step.sourceClusterName} has no access entries to copy`,
      };
    }
    const present = new Set(greenEntries.map((entry) => entry.principalArn));
    const missing = blueEntries.filter((entry) => !present.has(entry.principalArn));
    for (const entry of missing) {
      await gateway.createAccessEntry({
        ...entry,
        clusterName: step.clusterName,
        tags: { ...copyableTags(entry.tags), ...greenTags(step.sourceClusterName) },
      });
    }
    return missing.length === 0
      ? {
          ...base,
          status: 'skipped',
          message: `${step.clusterName} already has every access entry of ${step.sourceClusterName}`,
        }
      : {
          ...base,
          status: 'succeeded',
          message: `Copied ${missing.length} access ${missing.length === 1 ? 'entry' : 'entries'} of ${step.sourceClusterName} to ${step.clusterName}: ${missing.map((entry) => entry.principalArn).join(', ')}`,
        };
  },

  validation: {
    progress: async () => nothingToPoll(),
    // Access entries have no status or version to judge.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'covered',
    by: 'cluster_provision',
    reason: "A green cluster's access entries go with it when the green cluster is deleted.",
  },
};
