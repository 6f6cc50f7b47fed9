import { ExecutionError } from '@eks-upgrade/core-models';
import { nothingToPoll } from '../shared/checks.js';
import { existingOutcome, requireActiveGreen } from '../shared/green-resources.js';
import { isResourceInUse } from '../shared/updates.js';
import type { StepKindModule } from '../step-kind-module.js';
import { nodegroupCopySpec } from './nodegroup-copy-spec.js';

/**
 * `nodegroup_provision` (blue/green): copy one of the blue cluster's managed node groups to the
 * green cluster at its version (EKS CreateNodegroup, see `nodegroupCopySpec`).
 */
export const nodegroupProvision: StepKindModule<'nodegroup_provision'> = {
  kind: 'nodegroup_provision',
  example: {
    id: 'green-ng-general',
    kind: 'nodegroup_provision',
    description: 'Copy general',
    clusterName: 'prod-1-31',
    nodegroupName: 'general',
    sourceClusterName: 'prod',
    sourceNodegroupName: 'general',
    version: '1.31',
  },
  // CreateNodegroup until the nodes joined and it is ACTIVE.
  typicalDurationSeconds: () => 10 * 60,
  describe: (step) =>
    `Create node group ${step.nodegroupName} on ${step.clusterName} at ${step.version}, shaped like ${step.sourceClusterName}/${step.sourceNodegroupName}`,
  operations: {
    execution: ['describeCluster', 'describeNodegroup', 'createNodegroup'],
    // Creation has no update to poll: the health checks wait while the node group is CREATING.
    validation: [],
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName, nodegroupName: step.nodegroupName };
    const what = `Node group ${step.nodegroupName} of ${step.clusterName}`;
    await requireActiveGreen(gateway, step.clusterName, `create node group ${step.nodegroupName}`);
    const existing = await gateway.describeNodegroup(step.clusterName, step.nodegroupName);
    if (existing) return existingOutcome(base, what, existing, step.version);
    const source = await gateway.describeNodegroup(step.sourceClusterName, step.sourceNodegroupName);
    if (!source) {
      throw new ExecutionError(
        `Node group ${step.sourceNodegroupName} of ${step.sourceClusterName} no longer exists, so it cannot be copied`,
        { phase: 'execution', status: 'NOT_FOUND' },
      );
    }
    if (source.customAmi || !source.nodeRole) {
      throw new ExecutionError(
        source.customAmi
          ? `Node group ${step.sourceNodegroupName} uses a custom AMI built for ${source.version}; create ${step.nodegroupName} on ${step.clusterName} with an AMI for ${step.version} yourself`
          : `Node group ${step.sourceNodegroupName} reports no node role to copy`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    const spec = nodegroupCopySpec(source, {
      clusterName: step.clusterName,
      nodegroupName: step.nodegroupName,
      version: step.version,
      blueClusterName: step.sourceClusterName,
      ...(step.amiType ? { amiType: step.amiType } : {}),
    });
    try {
      await gateway.createNodegroup(spec);
    } catch (error) {
      // A retry racing the first call: EKS already has the node group.
      if (!isResourceInUse(error)) throw error;
      return { ...base, status: 'in_progress', message: `${what} is already being created` };
    }
    return {
      ...base,
      status: 'in_progress',
      message: `CreateNodegroup ${step.nodegroupName} on ${step.clusterName} at ${step.version}, shaped like ${step.sourceClusterName}/${step.sourceNodegroupName}, started`,
    };
  },

  validation: {
    progress: async () => nothingToPoll(),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { nodegroupVersions: new Map([[step.nodegroupName, step.version]]) },
    }),
    // A node group the plan copies to green must exist there at the end.
    finalExpectations: (step) => ({ nodegroupVersions: new Map([[step.nodegroupName, step.version]]) }),
  },

  rollback: {
    kind: 'covered',
    by: 'cluster_provision',
    reason:
      'A green node group goes with the green cluster: deleting the cluster deletes its node groups first, as EKS requires.',
  },
};
