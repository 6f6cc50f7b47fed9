import type { Cluster, CreateClusterRequest, KubernetesNetworkConfigRequest } from '@aws-sdk/client-eks';
import type { ClusterConfiguration, CreateClusterSpec } from '../cluster-gateway.js';

/** Drops `undefined` entries, so a request carries only what the cluster reports. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * DescribeCluster's `kubernetesNetworkConfig` as CreateCluster takes it. `serviceIpv6Cidr` is
 * only reported (EKS assigns it to IPv6 clusters), and an IPv6 cluster takes no
 * `serviceIpv4Cidr` ("KubernetesNetworkConfigRequest",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html).
 */
function networkConfigRequest(
  reported: NonNullable<Cluster['kubernetesNetworkConfig']>,
): KubernetesNetworkConfigRequest {
  return present({
    ipFamily: reported.ipFamily,
    serviceIpv4Cidr: reported.ipFamily === 'ipv6' ? undefined : reported.serviceIpv4Cidr,
    elasticLoadBalancing: reported.elasticLoadBalancing ? copy(reported.elasticLoadBalancing) : undefined,
  });
}

/**
 * The settings of a described cluster that CreateCluster takes (see `ClusterConfiguration`).
 * The response shapes equal the request shapes except where noted: `resourcesVpcConfig` also
 * reports the VPC and the cluster security group EKS created for this cluster (a copy gets its
 * own), `kubernetesNetworkConfig` the IPv6 service range EKS assigned.
 */
export function toClusterConfiguration(cluster: Cluster): ClusterConfiguration {
  const vpc = cluster.resourcesVpcConfig;
  const endpointAccess = vpc
    ? present({
        endpointPublicAccess: vpc.endpointPublicAccess,
        endpointPrivateAccess: vpc.endpointPrivateAccess,
        publicAccessCidrs: vpc.publicAccessCidrs ? [...vpc.publicAccessCidrs] : undefined,
        controlPlaneEgressMode: vpc.controlPlaneEgressMode,
      })
    : undefined;
  return present({
    ...(endpointAccess && Object.keys(endpointAccess).length > 0 ? { endpointAccess } : {}),
    kubernetesNetworkConfig: cluster.kubernetesNetworkConfig
      ? networkConfigRequest(cluster.kubernetesNetworkConfig)
      : undefined,
    logging: cluster.logging ? copy(cluster.logging) : undefined,
    encryptionConfig: cluster.encryptionConfig?.length ? copy(cluster.encryptionConfig) : undefined,
    outpostConfig: cluster.outpostConfig ? copy(cluster.outpostConfig) : undefined,
    accessConfig: cluster.accessConfig ? copy(cluster.accessConfig) : undefined,
    upgradePolicy: cluster.upgradePolicy ? copy(cluster.upgradePolicy) : undefined,
    zonalShiftConfig: cluster.zonalShiftConfig ? copy(cluster.zonalShiftConfig) : undefined,
    remoteNetworkConfig: cluster.remoteNetworkConfig ? copy(cluster.remoteNetworkConfig) : undefined,
    computeConfig: cluster.computeConfig ? copy(cluster.computeConfig) : undefined,
    storageConfig: cluster.storageConfig ? copy(cluster.storageConfig) : undefined,
    deletionProtection: cluster.deletionProtection,
    controlPlaneScalingConfig: cluster.controlPlaneScalingConfig
      ? copy(cluster.controlPlaneScalingConfig)
      : undefined,
    kubeApiServerConfig: cluster.kubeApiServerConfig ? copy(cluster.kubeApiServerConfig) : undefined,
    kubeSchedulerConfig: cluster.kubeSchedulerConfig ? copy(cluster.kubeSchedulerConfig) : undefined,
    kubeControllerManagerConfig: cluster.kubeControllerManagerConfig
      ? copy(cluster.kubeControllerManagerConfig)
      : undefined,
  });
}

/** The CreateCluster request for a spec: its network, its tags, and its configuration as given. */
export function toCreateClusterRequest(spec: CreateClusterSpec): CreateClusterRequest {
  const { endpointAccess, ...configuration } = spec.configuration ?? {};
  return {
    name: spec.name,
    version: spec.version,
    roleArn: spec.roleArn,
    resourcesVpcConfig: {
      subnetIds: [...spec.subnetIds],
      securityGroupIds: [...spec.securityGroupIds],
      ...copy(endpointAccess ?? {}),
    },
    ...(spec.tags ? { tags: { ...spec.tags } } : {}),
    ...copy(configuration),
  };
}
