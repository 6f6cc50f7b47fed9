import type { TrafficRouting } from '@eks-upgrade/core-models';
import { ConfigurationError } from '@eks-upgrade/core-models';
import type {
  AddonDetails,
  AddonInfo,
  AddonVersionsInfo,
  AlarmInfo,
  ClusterGateway,
  ClusterInfo,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateNodegroupSpec,
  NodegroupDetails,
  NodegroupInfo,
  TrafficChangeStatus,
  TrafficWeights,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateScope,
} from '../cluster-gateway.js';
import type { AlarmOperations } from './aws-cloudwatch-alarms.js';
import type { EksOperations } from './aws-eks-api.js';
import type { TrafficOperations } from './aws-route53-traffic.js';

/** The parts an `AwsClusterGateway` is made of; a Lambda bundle only carries the SDK clients it passes. */
export interface AwsClusterGatewayParts {
  /** EKS (every phase but reasoning). */
  eks?: EksOperations;
  /** Route 53 weighted records (blue/green traffic). */
  traffic?: TrafficOperations;
  /** CloudWatch alarms (validation). */
  alarms?: AlarmOperations;
}

function missing(part: string, operation: string): never {
  throw new ConfigurationError(`This cluster gateway has no ${part} client, so it cannot ${operation}`, {
    key: part,
  });
}

/**
 * The cluster gateway over AWS: EKS (`AwsEksApi`), Route 53 (`AwsRoute53Traffic`) and
 * CloudWatch (`AwsCloudWatchAlarms`). Built from parts so each Lambda bundle carries only the
 * SDK clients its phase uses; `createAwsClusterGateway()` builds all three.
 *
 * @example
 * ```ts
 * const gateway = new AwsClusterGateway({ eks: new AwsEksApi({ region }), traffic: new AwsRoute53Traffic() });
 * const snapshot = await perceiveCluster({ request }, { gateway });
 * ```
 */
export class AwsClusterGateway implements ClusterGateway {
  private readonly parts: AwsClusterGatewayParts;

  constructor(parts: AwsClusterGatewayParts) {
    this.parts = parts;
  }

  private get eks(): EksOperations {
    return this.parts.eks ?? missing('EKS', 'call EKS');
  }

  describeCluster(clusterName: string): Promise<ClusterInfo | undefined> {
    return this.eks.describeCluster(clusterName);
  }
  listNodegroups(clusterName: string): Promise<NodegroupInfo[]> {
    return this.eks.listNodegroups(clusterName);
  }
  listFargateProfiles(clusterName: string): Promise<string[]> {
    return this.eks.listFargateProfiles(clusterName);
  }
  listAddons(clusterName: string): Promise<AddonInfo[]> {
    return this.eks.listAddons(clusterName);
  }
  describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    return this.eks.describeAddonVersions(addonNames, kubernetesVersion);
  }
  listInsights(clusterName: string) {
    return this.eks.listInsights(clusterName);
  }
  describeClusterVersions() {
    return this.eks.describeClusterVersions();
  }
  listUpdateIds(clusterName: string, scope?: UpdateScope): Promise<string[]> {
    return this.eks.listUpdateIds(clusterName, scope);
  }
  describeUpdate(clusterName: string, updateId: string, scope?: UpdateScope): Promise<UpdateInfo> {
    return this.eks.describeUpdate(clusterName, updateId, scope);
  }
  updateClusterVersion(
    clusterName: string,
    version: string,
    options?: UpdateClusterVersionOptions,
  ): Promise<UpdateInfo> {
    return this.eks.updateClusterVersion(clusterName, version, options);
  }
  updateAddon(clusterName: string, addonName: string, version: string): Promise<UpdateInfo> {
    return this.eks.updateAddon(clusterName, addonName, version);
  }
  updateNodegroupVersion(clusterName: string, nodegroupName: string, version: string): Promise<UpdateInfo> {
    return this.eks.updateNodegroupVersion(clusterName, nodegroupName, version);
  }
  createCluster(spec: CreateClusterSpec): Promise<ClusterInfo> {
    return this.eks.createCluster(spec);
  }
  describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined> {
    return this.eks.describeNodegroup(clusterName, nodegroupName);
  }
  createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo> {
    return this.eks.createNodegroup(spec);
  }
  describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined> {
    return this.eks.describeAddon(clusterName, addonName);
  }
  createAddon(spec: CreateAddonSpec): Promise<AddonInfo> {
    return this.eks.createAddon(spec);
  }
  deleteNodegroup(clusterName: string, nodegroupName: string): Promise<void> {
    return this.eks.deleteNodegroup(clusterName, nodegroupName);
  }
  deleteCluster(clusterName: string): Promise<void> {
    return this.eks.deleteCluster(clusterName);
  }
  getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    return (this.parts.traffic ?? missing('Route 53', 'read traffic weights')).getTrafficWeights(routing);
  }
  setTrafficWeights(routing: TrafficRouting, weights: { blue: number; green: number }): Promise<string> {
    return (this.parts.traffic ?? missing('Route 53', 'shift traffic')).setTrafficWeights(routing, weights);
  }
  getTrafficChangeStatus(changeId: string): Promise<TrafficChangeStatus> {
    return (this.parts.traffic ?? missing('Route 53', 'read a traffic change')).getTrafficChangeStatus(
      changeId,
    );
  }
  describeAlarms(alarmNames: readonly string[]): Promise<AlarmInfo[]> {
    if (alarmNames.length === 0) return Promise.resolve([]);
    return (this.parts.alarms ?? missing('CloudWatch', 'read alarms')).describeAlarms(alarmNames);
  }
}
