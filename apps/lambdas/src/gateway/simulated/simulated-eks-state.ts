import { AWSServiceError, type UpgradeInsight } from '@eks-upgrade/core-models';
import type { Scenario } from '../../simulation/scenario.js';
import type {
  AccessEntryDetails,
  AddonDetails,
  AddonInfo,
  ClusterInfo,
  FargateProfileDetails,
  NodegroupDetails,
  NodegroupInfo,
  UpdateInfo,
  UpdateScope,
} from '../cluster-gateway.js';
import type { OidcProviderInfo, PodIdentityAssociationDetails, RoleTrust } from '../cluster-identity.js';
import type { FailureInjection, InjectedResourceFailure, InjectedUpdateError } from './failure-injection.js';
import type { PollCountdown, VirtualClock } from './virtual-clock.js';

/** The DescribeNodegroup fields beyond `NodegroupInfo`. */
export type NodegroupShape = Omit<
  NodegroupDetails,
  Exclude<keyof NodegroupInfo, 'launchTemplate'> | 'clusterName'
>;

export interface SimNodegroup extends NodegroupInfo {
  /** Polls left while CREATING or DELETING. */
  transition?: PollCountdown;
  /** How the transition ends instead of ACTIVE or gone (an injected `resource_fails`). */
  failure?: InjectedResourceFailure;
  shape: NodegroupShape;
}

export interface SimAddon extends AddonInfo {
  compatibility: Scenario['cluster']['addons'][number]['compatibility'];
  /** Polls left while CREATING. */
  transition?: PollCountdown;
  /** How the creation ends instead of ACTIVE (an injected `resource_fails`). */
  failure?: InjectedResourceFailure;
  settings: Pick<AddonDetails, 'serviceAccountRoleArn' | 'configurationValues' | 'tags'>;
}

export interface SimFargateProfile extends FargateProfileDetails {
  /** Polls left while CREATING or DELETING. */
  transition?: PollCountdown;
  /** How the transition ends instead of ACTIVE or gone (an injected `resource_fails`). */
  failure?: InjectedResourceFailure;
}

export interface SimCluster {
  info: ClusterInfo;
  nodegroups: SimNodegroup[];
  fargateProfiles: SimFargateProfile[];
  accessEntries: AccessEntryDetails[];
  /** EKS Pod Identity associations; they belong to the cluster and go with it. */
  podIdentityAssociations: PodIdentityAssociationDetails[];
  addons: SimAddon[];
  /** Polls left while CREATING or DELETING. */
  transition?: PollCountdown;
  /** How the creation ends instead of ACTIVE (an injected `resource_fails`). */
  failure?: InjectedResourceFailure;
  /** The last completed in-place version upgrade, for the rollback window. */
  lastUpgrade?: { fromVersion: string; toVersion: string; completedAtMs: number };
  /** Its Fargate pods' kubelet minor once the control plane moved past it (absent: the control plane's). */
  fargatePodsVersion?: string;
}

export interface SimUpdate {
  info: UpdateInfo;
  clusterName: string;
  scope: UpdateScope;
  /** DescribeUpdate calls left while InProgress. */
  transition: PollCountdown;
  /** What happens when the update ends (the new version only when it succeeds). */
  apply: () => void;
  /** Error to end with instead, from the scenario's failures. */
  failure?: InjectedUpdateError;
}

/** A record of what the simulated cluster was asked to do, for reports and tests. */
export interface SimulatedCall {
  operation: string;
  clusterName?: string;
  detail?: string;
}

/**
 * What the simulated services share: the scenario, the clock, the injected failures, the
 * record of mutating calls, and EKS's clusters and updates.
 */
export interface SimulatedWorld {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  readonly failures: FailureInjection;
  readonly calls: SimulatedCall[];
  readonly clusters: Map<string, SimCluster>;
  readonly updates: Map<string, SimUpdate>;
  /** Insights ListInsights reports for the scenario's cluster (its own plus injected ones). */
  readonly insights: UpgradeInsight[];
  /** IAM (global): the account's OIDC providers by ARN, roles by name. */
  readonly iam: SimulatedIam;
}

/** The IAM side of the simulated account. */
export interface SimulatedIam {
  readonly oidcProviders: Map<string, OidcProviderInfo & { tags: Record<string, string> }>;
  readonly roles: Map<string, RoleTrust>;
}

/** The simulated account's id, in every ARN the simulator makes. */
export const SIMULATED_ACCOUNT_ID = '123456789012';

/** An EKS error as the SDK reports it (`ResourceNotFoundException`, `InvalidParameterException`...). */
export function eksError(
  operation: string,
  code: string,
  message: string,
  httpStatusCode = 400,
): AWSServiceError {
  return new AWSServiceError(`EKS ${operation} failed: ${code}: ${message}`, {
    service: 'EKS',
    operation,
    code,
    httpStatusCode,
    retryable: false,
  });
}

/**
 * A deep copy of what the simulator hands out, equal to structuredClone's: plain objects,
 * arrays and Dates are copied directly (a long rehearsal reads updates tens of thousands of
 * times, and structuredClone's serialization dominated each read); anything else, and anything
 * nested deeper than plain data goes (a cycle), is left to structuredClone.
 */
export const clone = <T>(value: T): T => {
  try {
    return copyPlainData(value, 0) as T;
  } catch (error) {
    if (error !== NOT_PLAIN_DATA) throw error;
    return structuredClone(value);
  }
};

const NOT_PLAIN_DATA = Symbol('not plain data');

function copyPlainData(value: unknown, depth: number): unknown {
  if (
    value === null ||
    (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')
  )
    return value;
  if (depth > 64 || typeof value !== 'object') throw NOT_PLAIN_DATA;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Array.prototype)
    return (value as unknown[]).map((item) => copyPlainData(item, depth + 1));
  if (prototype === Date.prototype) return new Date((value as Date).getTime());
  if (prototype !== Object.prototype) throw NOT_PLAIN_DATA;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw NOT_PLAIN_DATA;
    copy[key] = copyPlainData((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

/**
 * A stand-in for the API server's certificate authority (`certificateAuthority.data`, base64),
 * one per cluster name, so that user data naming one cluster's is told apart from another's.
 */
export function simulatedCertificateAuthority(clusterName: string): string {
  return Buffer.from(`simulated certificate authority of ${clusterName}`, 'utf8').toString('base64');
}

/** The id of the cluster security group EKS creates with a new cluster (one per name). */
export function simulatedClusterSecurityGroupId(clusterName: string): string {
  let hash = 0;
  for (const character of clusterName) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return `sg-0${hash.toString(16).padStart(8, '0')}c1a2b3c4`;
}

export function clusterArn(scenario: Scenario, name: string): string {
  return `arn:aws:eks:${scenario.cluster.region}:123456789012:cluster/${name}`;
}

/** A Fargate profile without the simulator's bookkeeping. */
export function fargateProfileDetails(profile: SimFargateProfile): FargateProfileDetails {
  const { transition: _transition, failure: _failure, ...details } = profile;
  return clone(details);
}

/** A cluster that does not exist: ResourceNotFoundException (404), as every EKS call answers it. */
export function requireCluster(world: SimulatedWorld, operation: string, clusterName: string): SimCluster {
  const cluster = world.clusters.get(clusterName);
  if (!cluster) {
    throw eksError(operation, 'ResourceNotFoundException', `No cluster found for name: ${clusterName}.`, 404);
  }
  return cluster;
}

export function requireNodegroup(
  operation: string,
  cluster: SimCluster,
  nodegroupName: string,
): SimNodegroup {
  const nodegroup = cluster.nodegroups.find((candidate) => candidate.name === nodegroupName);
  if (!nodegroup) {
    throw eksError(
      operation,
      'ResourceNotFoundException',
      `No node group found for name: ${nodegroupName}`,
      404,
    );
  }
  return nodegroup;
}

/**
 * CreateNodegroup and CreateAddon on a cluster that is not ACTIVE (still CREATING, UPDATING or
 * DELETING) are refused with InvalidRequestException, "the request is invalid given the state of
 * the cluster" (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html, Errors).
 */
export function requireActive(operation: string, cluster: SimCluster): void {
  if (cluster.info.status !== 'ACTIVE') {
    throw eksError(
      operation,
      'InvalidRequestException',
      `Cluster ${cluster.info.name} is ${cluster.info.status}; it must be ACTIVE`,
    );
  }
}

export function nodegroupInfo(nodegroup: SimNodegroup): NodegroupInfo {
  const { transition: _transition, failure: _failure, shape, ...info } = nodegroup;
  // DescribeNodegroup reports the launch template with the group's status, as AwsEksApi maps it.
  return clone({ ...info, ...(shape.launchTemplate ? { launchTemplate: shape.launchTemplate } : {}) });
}

export function addonInfo(addon: SimAddon): AddonInfo {
  const {
    compatibility: _compatibility,
    transition: _transition,
    failure: _failure,
    settings,
    ...info
  } = addon;
  return clone({
    ...info,
    ...(settings.serviceAccountRoleArn ? { serviceAccountRoleArn: settings.serviceAccountRoleArn } : {}),
  });
}

export function sameScope(left: UpdateScope, right: UpdateScope): boolean {
  return left.nodegroupName === right.nodegroupName && left.addonName === right.addonName;
}

/** The scenario's add-on compatibility table for `addonName` (also used for green copies). */
export function compatibilityOf(
  scenario: Scenario,
  addonName: string,
): SimAddon['compatibility'] | undefined {
  return scenario.cluster.addons.find((addon) => addon.name === addonName)?.compatibility;
}

/** The IAM OIDC provider ARN of an issuer URL, as IAM names it. */
export function oidcProviderArn(issuerUrl: string): string {
  return `arn:aws:iam::${SIMULATED_ACCOUNT_ID}:oidc-provider/${issuerUrl.replace(/^https:\/\//, '')}`;
}
