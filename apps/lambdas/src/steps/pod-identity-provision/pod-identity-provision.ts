import { nothingToPoll } from '../shared/checks.js';
import { copyableTags, greenTags, requireActiveGreen } from '../shared/green-resources.js';
import type { StepKindModule } from '../step-kind-module.js';

/**
 * `pod_identity_provision` (blue/green): copy each of the blue cluster's EKS Pod Identity
 * associations (namespace, service account, role, target role, session tags setting, session
 * policy, tags) to the green cluster (ListPodIdentityAssociations,
 * DescribePodIdentityAssociation, CreatePodIdentityAssociation;
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html). An association
 * belongs to one cluster, while its role's trust (the `pods.eks.amazonaws.com` principal) does
 * not name one, so the same role serves green unchanged. A service account green already has an
 * association for is left as it is. Associations take effect within seconds: nothing to poll.
 */
export const podIdentityProvision: StepKindModule<'pod_identity_provision'> = {
  kind: 'pod_identity_provision',
  example: {
    id: 'green-pod-identity-prod-1-31',
    kind: 'pod_identity_provision',
    description: 'Copy Pod Identity associations',
    clusterName: 'prod-1-31',
    sourceClusterName: 'prod',
  },
  // One call per association, each taking effect within seconds.
  typicalDurationSeconds: () => 0,
  describe: (step) =>
    `Copy the Pod Identity associations of ${step.sourceClusterName} to ${step.clusterName}`,
  operations: {
    execution: ['describeCluster', 'listPodIdentityAssociations', 'createPodIdentityAssociation'],
    validation: [],
    rollback: [],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    await requireActiveGreen(
      gateway,
      step.clusterName,
      `copy Pod Identity associations to ${step.clusterName}`,
    );
    const [blue, green] = await Promise.all([
      gateway.listPodIdentityAssociations(step.sourceClusterName),
      gateway.listPodIdentityAssociations(step.clusterName),
    ]);
    if (blue.length === 0) {
      return {
        ...base,
        status: 'skipped',
        message: `${step.sourceClusterName} has no Pod Identity associations`,
      };
    }
    const serviceAccount = (association: { namespace: string; serviceAccount: string }) =>
      `${association.namespace}/${association.serviceAccount}`;
    const present = new Set(green.map(serviceAccount));
    const missing = blue.filter((association) => !present.has(serviceAccount(association)));
    for (const { associationId: _id, clusterName: _cluster, tags, ...association } of missing) {
      await gateway.createPodIdentityAssociation({
        ...association,
        clusterName: step.clusterName,
        tags: { ...copyableTags(tags), ...greenTags(step.sourceClusterName) },
      });
    }
    return missing.length === 0
      ? {
          ...base,
          status: 'skipped',
          message: `${step.clusterName} already has every Pod Identity association of ${step.sourceClusterName}`,
        }
      : {
          ...base,
          status: 'succeeded',
          message: `Copied ${missing.length} Pod Identity association${missing.length === 1 ? '' : 's'} of ${step.sourceClusterName} to ${step.clusterName}: ${missing.map(serviceAccount).join(', ')}`,
        };
  },

  validation: {
    progress: async () => nothingToPoll(),
    // Associations have no status or version to judge.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'covered',
    by: 'cluster_provision',
    reason: "A green cluster's Pod Identity associations are deleted with the green cluster.",
  },
};
