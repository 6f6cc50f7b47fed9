import type {
  Addon,
  AMITypes,
  CapacityTypes,
  Cluster,
  CreateNodegroupRequest,
  Nodegroup,
  TaintEffect,
  Update,
} from '@aws-sdk/client-eks';
import { AWSServiceError, type HealthIssue } from '@eks-upgrade/core-models';
import type {
  AddonDetails,
  AddonInfo,
  ClusterInfo,
  CreateNodegroupSpec,
  NodegroupDetails,
  NodegroupInfo,
  UpdateInfo,
} from '../cluster-gateway.js';
import { toClusterConfiguration } from './aws-cluster-configuration.js';

/*
 * How `AwsEksApi` turns EKS's answers (DescribeCluster, DescribeNodegroup, DescribeAddon,
 * DescribeUpdate: https://docs.aws.amazon.com/eks/latest/APIReference/API_Operations.html) into
 * the gateway's shapes, and how it bounds concurrent describe calls.
 */

/** Describe calls run this many at a time (EKS describe APIs are throttled per account). */
export const DESCRIBE_CONCURRENCY = 5;
/** How long EKS waits before cancelling a native rollback when the caller names none (EKS accepts 120 to 10080 minutes). */
export const EKS_DEFAULT_ROLLBACK_TIMEOUT_MINUTES = 720;

export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(map))));
  }
  return results;
}

export const iso = (date: Date | undefined) => (date ? date.toISOString() : undefined);

export function healthIssues(
  issues: { code?: string; message?: string; resourceIds?: string[] }[] | undefined,
): HealthIssue[] {
  return (issues ?? []).map((issue) => ({
    code: issue.code ?? 'Unknown',
    message: issue.message ?? '',
    resourceIds: issue.resourceIds ?? [],
  }));
}

export function toClusterInfo(cluster: Cluster): ClusterInfo {
  return {
    name: cluster.name ?? '',
    ...(cluster.arn ? { arn: cluster.arn } : {}),
    version: cluster.version ?? '',
    ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
    status: cluster.status ?? 'UNKNOWN',
    ...(cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
    ...(cluster.roleArn ? { roleArn: cluster.roleArn } : {}),
    subnetIds: cluster.resourcesVpcConfig?.subnetIds ?? [],
    securityGroupIds: cluster.resourcesVpcConfig?.securityGroupIds ?? [],
    ...(cluster.upgradePolicy?.supportType ? { supportType: cluster.upgradePolicy.supportType } : {}),
    healthIssues: healthIssues(cluster.health?.issues),
    ...(cluster.createdAt ? { createdAt: cluster.createdAt.toISOString() } : {}),
    ...(cluster.tags ? { tags: cluster.tags } : {}),
    ...(cluster.identity?.oidc?.issuer ? { oidcIssuer: cluster.identity.oidc.issuer } : {}),
    ...(cluster.resourcesVpcConfig?.clusterSecurityGroupId
      ? { clusterSecurityGroupId: cluster.resourcesVpcConfig.clusterSecurityGroupId }
      : {}),
    ...(cluster.certificateAuthority?.data
      ? { certificateAuthorityData: cluster.certificateAuthority.data }
      : {}),
    configuration: toClusterConfiguration(cluster),
  };
}

export function toNodegroupInfo(nodegroup: Nodegroup): NodegroupInfo {
  return {
    name: nodegroup.nodegroupName ?? '',
    version: nodegroup.version ?? '',
    ...(nodegroup.releaseVersion ? { releaseVersion: nodegroup.releaseVersion } : {}),
    status: nodegroup.status ?? 'UNKNOWN',
    ...(nodegroup.capacityType ? { capacityType: nodegroup.capacityType } : {}),
    ...(nodegroup.scalingConfig?.desiredSize !== undefined
      ? { desiredSize: nodegroup.scalingConfig.desiredSize }
      : {}),
    ...(nodegroup.amiType ? { amiType: nodegroup.amiType } : {}),
    customAmi: nodegroup.amiType === 'CUSTOM',
    ...(nodegroup.launchTemplate && (nodegroup.launchTemplate.id || nodegroup.launchTemplate.name)
      ? {
          launchTemplate: defined({
            id: nodegroup.launchTemplate.id,
            name: nodegroup.launchTemplate.name,
            version: nodegroup.launchTemplate.version,
          }),
        }
      : {}),
    ...(nodegroup.updateConfig?.updateStrategy
      ? { updateStrategy: nodegroup.updateConfig.updateStrategy }
      : {}),
    healthIssues: healthIssues(nodegroup.health?.issues),
  };
}

/** The CreateNodegroup request of a spec (what is absent left out). */
export function toCreateNodegroupRequest(spec: CreateNodegroupSpec): CreateNodegroupRequest {
  return defined({
    clusterName: spec.clusterName,
    nodegroupName: spec.nodegroupName,
    version: spec.version,
    nodeRole: spec.nodeRole,
    subnets: spec.subnets,
    scalingConfig: spec.scalingConfig,
    instanceTypes: spec.instanceTypes,
    amiType: spec.amiType as AMITypes | undefined,
    capacityType: spec.capacityType as CapacityTypes | undefined,
    diskSize: spec.diskSize,
    labels: spec.labels,
    taints: spec.taints?.map((taint) => ({ ...taint, effect: taint.effect as TaintEffect | undefined })),
    launchTemplate: spec.launchTemplate,
    remoteAccess: spec.remoteAccess,
    updateConfig: spec.updateConfig,
    tags: spec.tags,
  });
}

/** An add-on with the settings a copy of it is created with (DescribeAddon). */
export function toAddonDetails(addon: Addon, clusterName: string): AddonDetails {
  return {
    ...toAddonInfo(addon),
    clusterName: addon.clusterName ?? clusterName,
    ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
    ...(addon.configurationValues ? { configurationValues: addon.configurationValues } : {}),
    ...(addon.tags && Object.keys(addon.tags).length > 0 ? { tags: { ...addon.tags } } : {}),
  };
}

export function toNodegroupDetails(nodegroup: Nodegroup): NodegroupDetails {
  const launchTemplate = nodegroup.launchTemplate;
  return {
    ...toNodegroupInfo(nodegroup),
    clusterName: nodegroup.clusterName ?? '',
    ...(nodegroup.nodeRole ? { nodeRole: nodegroup.nodeRole } : {}),
    subnets: nodegroup.subnets ?? [],
    ...(nodegroup.scalingConfig ? { scalingConfig: { ...nodegroup.scalingConfig } } : {}),
    ...(nodegroup.instanceTypes?.length ? { instanceTypes: [...nodegroup.instanceTypes] } : {}),
    ...(nodegroup.diskSize !== undefined ? { diskSize: nodegroup.diskSize } : {}),
    ...(nodegroup.labels && Object.keys(nodegroup.labels).length > 0
      ? { labels: { ...nodegroup.labels } }
      : {}),
    ...(nodegroup.taints?.length
      ? { taints: nodegroup.taints.map(({ key, value, effect }) => ({ key, value, effect })) }
      : {}),
    ...(launchTemplate && (launchTemplate.id || launchTemplate.name)
      ? {
          launchTemplate: {
            id: launchTemplate.id,
            name: launchTemplate.name,
            version: launchTemplate.version,
          },
        }
      : {}),
    ...(nodegroup.remoteAccess
      ? {
          remoteAccess: {
            ec2SshKey: nodegroup.remoteAccess.ec2SshKey,
            sourceSecurityGroups: nodegroup.remoteAccess.sourceSecurityGroups,
          },
        }
      : {}),
    ...(nodegroup.updateConfig ? { updateConfig: { ...nodegroup.updateConfig } } : {}),
    ...(nodegroup.tags && Object.keys(nodegroup.tags).length > 0 ? { tags: { ...nodegroup.tags } } : {}),
  };
}

/** Drops `undefined` fields, which the SDK would otherwise serialise as absent anyway but tests compare. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

export function toAddonInfo(addon: Addon): AddonInfo {
  return {
    name: addon.addonName ?? '',
    version: addon.addonVersion ?? '',
    status: addon.status ?? 'UNKNOWN',
    healthIssues: healthIssues(
      addon.health?.issues?.map((issue) => ({
        code: issue.code,
        message: issue.message,
        resourceIds: issue.resourceIds,
      })),
    ),
    ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
  };
}

export function toUpdateInfo(update: Update | undefined, operation: string): UpdateInfo {
  if (!update?.id) {
    throw new AWSServiceError(`EKS ${operation} returned no update`, {
      service: 'EKS',
      operation,
      code: 'EmptyResponse',
      retryable: true,
    });
  }
  return {
    id: update.id,
    type: update.type ?? 'Unknown',
    status: update.status ?? 'Unknown',
    params: Object.fromEntries((update.params ?? []).map((param) => [param.type ?? '', param.value ?? ''])),
    errors: (update.errors ?? []).map((error) => ({
      code: error.errorCode ?? 'Unknown',
      message: error.errorMessage ?? '',
      ...(error.resourceIds?.length ? { resourceIds: [...error.resourceIds] } : {}),
    })),
    ...(update.createdAt ? { createdAt: update.createdAt.toISOString() } : {}),
  };
}
