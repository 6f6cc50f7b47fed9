import type { AccessEntryDetails, ClusterGateway, CreateAccessEntrySpec } from '../cluster-gateway.js';
import {
  clone,
  eksError,
  requireActive,
  requireCluster,
  type SimCluster,
  type SimulatedWorld,
} from './simulated-eks-state.js';

/** The access entry operations of the simulated gateway. */
export type SimulatedEksAccessOperations = Pick<ClusterGateway, 'listAccessEntries' | 'createAccessEntry'>;

/**
 * Access entries exist only in the `API` and `API_AND_CONFIG_MAP` authentication modes
 * ("Change authentication mode to use access entries",
 * https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html): EKS refuses
 * the access entry operations on a `CONFIG_MAP` cluster with InvalidRequestException.
 */
function requireAccessEntries(operation: string, cluster: SimCluster): void {
  const mode = cluster.info.configuration?.accessConfig?.authenticationMode ?? 'CONFIG_MAP';
  if (mode === 'CONFIG_MAP') {
    throw eksError(
      operation,
      'InvalidRequestException',
      "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    );
  }
}

/**
 * EKS access entries and their access policies. The simulator does not add the entries EKS
 * creates by itself (a managed node group's or Fargate profile's role, the cluster creator's).
 *
 * @example
 * ```ts
 * const access = new SimulatedEksAccess(world);
 * await access.listAccessEntries('demo');
 * ```
 */
export class SimulatedEksAccess implements SimulatedEksAccessOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async listAccessEntries(clusterName: string): Promise<AccessEntryDetails[]> {
    const cluster = requireCluster(this.world, 'ListAccessEntries', clusterName);
    requireAccessEntries('ListAccessEntries', cluster);
    return clone(cluster.accessEntries);
  }

  /**
   * CreateAccessEntry (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html):
   * an ACTIVE cluster using access entries, one entry per principal (ResourceInUseException);
   * then AssociateAccessPolicy
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_AssociateAccessPolicy.html), which
   * only a `STANDARD` entry takes (the node and Fargate types get their permissions from EKS).
   */
  async createAccessEntry(spec: CreateAccessEntrySpec): Promise<void> {
    const operation = 'CreateAccessEntry';
    const cluster = requireCluster(this.world, operation, spec.clusterName);
    requireActive(operation, cluster);
    requireAccessEntries(operation, cluster);
    if (spec.type !== 'STANDARD' && spec.policies.length > 0) {
      throw eksError(
        'AssociateAccessPolicy',
        'InvalidParameterException',
        `Access policies can be associated with STANDARD access entries only, not ${spec.type}`,
      );
    }
    const existing = cluster.accessEntries.find((entry) => entry.principalArn === spec.principalArn);
    if (!existing) {
      this.world.calls.push({ operation, clusterName: spec.clusterName, detail: spec.principalArn });
      const { clusterName: _clusterName, policies: _policies, ...entry } = clone(spec);
      cluster.accessEntries.push({ ...entry, policies: [] });
    }
    const target = cluster.accessEntries.find((entry) => entry.principalArn === spec.principalArn)!;
    for (const policy of spec.policies) {
      this.world.calls.push({
        operation: 'AssociateAccessPolicy',
        clusterName: spec.clusterName,
        detail: `${spec.principalArn} ${policy.policyArn}`,
      });
      target.policies = [
        ...target.policies.filter((associated) => associated.policyArn !== policy.policyArn),
        clone(policy),
      ];
    }
  }
}
