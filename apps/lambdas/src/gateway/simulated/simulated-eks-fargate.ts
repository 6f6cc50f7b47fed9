import type { ClusterGateway, CreateFargateProfileSpec, FargateProfileDetails } from '../cluster-gateway.js';
import {
  eksError,
  fargateProfileDetails,
  requireActive,
  requireCluster,
  type SimCluster,
  type SimFargateProfile,
  type SimulatedWorld,
} from './simulated-eks-state.js';
import { PollCountdown } from './virtual-clock.js';

/** The Fargate profile operations of the simulated gateway. */
export type SimulatedEksFargateOperations = Pick<
  ClusterGateway,
  'listFargateProfiles' | 'describeFargateProfile' | 'createFargateProfile' | 'deleteFargateProfile'
>;

/** At most five selectors per profile (CreateFargateProfile API reference, `selectors`). */
const MAX_SELECTORS = 5;

/**
 * EKS Fargate profiles. A profile being created or deleted is polled by DescribeFargateProfile
 * (as `aws eks wait fargate-profile-active` / `-deleted` do): ACTIVE after `timing.createPolls`
 * polls, gone after `timing.deletePolls`.
 *
 * @example
 * ```ts
 * const fargate = new SimulatedEksFargate(world);
 * await fargate.deleteFargateProfile('demo', 'default');
 * ```
 */
export class SimulatedEksFargate implements SimulatedEksFargateOperations {
  private readonly world: SimulatedWorld;

  constructor(world: SimulatedWorld) {
    this.world = world;
  }

  async listFargateProfiles(clusterName: string): Promise<string[]> {
    const cluster = requireCluster(this.world, 'ListFargateProfiles', clusterName);
    return cluster.fargateProfiles.map((profile) => profile.name);
  }

  async describeFargateProfile(
    clusterName: string,
    profileName: string,
  ): Promise<FargateProfileDetails | undefined> {
    const cluster = requireCluster(this.world, 'DescribeFargateProfile', clusterName);
    const profile = cluster.fargateProfiles.find((candidate) => candidate.name === profileName);
    if (!profile) return undefined;
    this.poll(cluster, profile);
    return cluster.fargateProfiles.includes(profile) ? fargateProfileDetails(profile) : undefined;
  }

  /**
   * CreateFargateProfile's rules (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateFargateProfile.html):
   * an ACTIVE cluster, a unique name, a pod execution role, 1 to 5 selectors each naming a
   * namespace; at least one (private) subnet
   * (https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html).
   */
  async createFargateProfile(spec: CreateFargateProfileSpec): Promise<FargateProfileDetails> {
    const operation = 'CreateFargateProfile';
    const cluster = requireCluster(this.world, operation, spec.clusterName);
    requireActive(operation, cluster);
    if (cluster.fargateProfiles.some((profile) => profile.name === spec.fargateProfileName)) {
      throw eksError(
        operation,
        'ResourceInUseException',
        `A Fargate Profile already exists with this name in this cluster: ${spec.fargateProfileName}`,
        409,
      );
    }
    const invalid = (message: string) => eksError(operation, 'InvalidParameterException', message);
    if (!spec.podExecutionRoleArn) throw invalid('podExecutionRoleArn is required');
    if (spec.subnets.length === 0) throw invalid('At least one subnet is required');
    if (spec.selectors.length === 0 || spec.selectors.length > MAX_SELECTORS) {
      throw invalid(`A Fargate profile takes 1 to ${MAX_SELECTORS} selectors, not ${spec.selectors.length}`);
    }
    if (spec.selectors.some((selector) => !selector.namespace)) {
      throw invalid('Each selector must name a namespace');
    }
    this.world.calls.push({ operation, clusterName: spec.clusterName, detail: spec.fargateProfileName });
    const profile: SimFargateProfile = {
      name: spec.fargateProfileName,
      clusterName: spec.clusterName,
      status: 'CREATING',
      podExecutionRoleArn: spec.podExecutionRoleArn,
      subnets: [...spec.subnets],
      selectors: structuredClone(spec.selectors),
      ...(spec.tags ? { tags: { ...spec.tags } } : {}),
      transition: this.countdown('create', spec.clusterName, spec.fargateProfileName),
    };
    const failure = this.world.failures.resourceFailure(
      'fargate_profile',
      'create',
      spec.clusterName,
      spec.fargateProfileName,
    );
    if (failure) profile.failure = failure;
    cluster.fargateProfiles.push(profile);
    return fargateProfileDetails(profile);
  }

  /**
   * "Only one Fargate profile in a cluster can be in the DELETING status at a time"
   * (https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteFargateProfile.html): while
   * one is, DeleteFargateProfile is refused with ResourceInUseException.
   */
  async deleteFargateProfile(clusterName: string, profileName: string): Promise<void> {
    const operation = 'DeleteFargateProfile';
    const cluster = requireCluster(this.world, operation, clusterName);
    const profile = cluster.fargateProfiles.find((candidate) => candidate.name === profileName);
    if (!profile) {
      throw eksError(
        operation,
        'ResourceNotFoundException',
        `No Fargate Profile found with name: ${profileName}.`,
        404,
      );
    }
    const deleting = cluster.fargateProfiles.find((candidate) => candidate.status === 'DELETING');
    if (deleting) {
      throw eksError(
        operation,
        'ResourceInUseException',
        deleting === profile
          ? `Fargate profile ${profileName} is already being deleted`
          : `Fargate profile ${deleting.name} is being deleted; delete ${profileName} once it is gone`,
        409,
      );
    }
    this.world.calls.push({ operation, clusterName, detail: profileName });
    profile.status = 'DELETING';
    profile.transition = this.countdown('delete', clusterName, profileName);
    const failure = this.world.failures.resourceFailure(
      'fargate_profile',
      'delete',
      clusterName,
      profileName,
    );
    if (failure) profile.failure = failure;
    else delete profile.failure;
  }

  /** The polls a profile's creation or deletion takes: the scenario's timing, or a `slow_resource` fault's. */
  private countdown(operation: 'create' | 'delete', clusterName: string, profileName: string): PollCountdown {
    const { timing } = this.world.scenario;
    return new PollCountdown(
      this.world.failures.transitionPolls(
        'fargate_profile',
        operation,
        clusterName,
        profileName,
        operation === 'create' ? timing.createPolls : timing.deletePolls,
      ),
    );
  }

  private poll(cluster: SimCluster, profile: SimFargateProfile): void {
    if (!profile.transition) return;
    this.world.clock.poll();
    if (!profile.transition.poll()) return;
    delete profile.transition;
    // An injected failure ends the transition CREATE_FAILED or DELETE_FAILED; the profile stays.
    const failure = profile.failure;
    delete profile.failure;
    if (failure) {
      profile.status = failure.status;
      return;
    }
    if (profile.status === 'DELETING') {
      cluster.fargateProfiles = cluster.fargateProfiles.filter((candidate) => candidate !== profile);
    } else {
      profile.status = 'ACTIVE';
    }
  }
}
