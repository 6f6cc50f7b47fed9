import type { ClusterGateway } from '../cluster-gateway.js';
import type { CreatePodIdentityAssociationSpec, PodIdentityAssociationDetails } from '../cluster-identity.js';
import {
  clone,
  eksError,
  requireActive,
  requireCluster,
  type SimulatedWorld,
} from './simulated-eks-state.js';

/** The Pod Identity operations of the simulated gateway. */
export type SimulatedEksPodIdentityOperations = Pick<
  ClusterGateway,
  'listPodIdentityAssociations' | 'createPodIdentityAssociation'
>;

/**
 * EKS Pod Identity associations, per cluster (deleting a cluster deletes them with it).
 *
 * @example
 * ```ts
 * const podIdentity = new SimulatedEksPodIdentity(world);
 * await podIdentity.listPodIdentityAssociations('demo');
 * ```
 */
export class SimulatedEksPodIdentity implements SimulatedEksPodIdentityOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async listPodIdentityAssociations(clusterName: string): Promise<PodIdentityAssociationDetails[]> {
    return clone(
      requireCluster(this.world, 'ListPodIdentityAssociations', clusterName).podIdentityAssociations,
    );
  }

  /**
   * CreatePodIdentityAssociation
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html):
   * an ACTIVE cluster, and one association per service account of a namespace: a second one is
   * ResourceInUseException ("Manage Pod Identity associations",
   * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html).
   */
  async createPodIdentityAssociation(spec: CreatePodIdentityAssociationSpec): Promise<void> {
    const operation = 'CreatePodIdentityAssociation';
    const cluster = requireCluster(this.world, operation, spec.clusterName);
    requireActive(operation, cluster);
    const taken = cluster.podIdentityAssociations.some(
      (association) =>
        association.namespace === spec.namespace && association.serviceAccount === spec.serviceAccount,
    );
    if (taken) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `Association already exists for service account ${spec.serviceAccount} in namespace ${spec.namespace}`,
        409,
      );
    }
    this.world.calls.push({
      operation,
      clusterName: spec.clusterName,
      detail: `${spec.namespace}/${spec.serviceAccount} ${spec.roleArn}`,
    });
    cluster.podIdentityAssociations.push({
      ...clone(spec),
      associationId: `a-${String(cluster.podIdentityAssociations.length + 1).padStart(17, '0')}`,
    });
  }
}
