import {
  type Addon,
  type AMITypes,
  type CapacityTypes,
  type Cluster,
  CreateAddonCommand,
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  type EKSClientConfig,
  type Nodegroup,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListAddons,
  paginateListFargateProfiles,
  paginateListInsights,
  paginateListNodegroups,
  paginateListUpdates,
  type TaintEffect,
  type Update,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import {
  AWSServiceError,
  type HealthIssue,
  normalizeKubernetesVersion,
  type SupportedVersion,
  toAWSServiceError,
  type UpgradeInsight,
} from '@eks-upgrade/core-models';
import { compareAddonVersions } from '../../versions/addon-versions.js';
import type {
  AccessEntryDetails,
  AddonDetails,
  AddonInfo,
  AddonVersionsInfo,
  ClusterGateway,
  ClusterInfo,
  CreateAccessEntrySpec,
  CreateAddonSpec,
  CreateClusterSpec,
  CreateFargateProfileSpec,
  CreateNodegroupSpec,
  FargateProfileDetails,
  InsightCategory,
  NodegroupDetails,
  NodegroupInfo,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateScope,
} from '../cluster-gateway.js';
import { toClusterConfiguration, toCreateClusterRequest } from './aws-cluster-configuration.js';
import { AwsEksAccess } from './aws-eks-access.js';
import { AwsEksFargate } from './aws-eks-fargate.js';

/** The EKS half of the cluster gateway. */
export type EksOperations = Omit<
  ClusterGateway,
  'getTrafficWeights' | 'setTrafficWeights' | 'getTrafficChangeStatus' | 'describeAlarms'
>;

/** Options of `AwsEksApi`: an injected client or a client configuration, not both. */
export type AwsEksApiOptions =
  | { region?: string; client?: EKSClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: EKSClientConfig };

/** Describe calls run this many at a time (EKS describe APIs are throttled per account). */
const DESCRIBE_CONCURRENCY = 5;
/** How long EKS waits before cancelling a native rollback when the caller names none (EKS accepts 120 to 10080 minutes). */
const EKS_DEFAULT_ROLLBACK_TIMEOUT_MINUTES = 720;

async function mapLimited<T, R>(
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

const iso = (date: Date | undefined) => (date ? date.toISOString() : undefined);

function healthIssues(
  issues: { code?: string; message?: string; resourceIds?: string[] }[] | undefined,
): HealthIssue[] {
  return (issues ?? []).map((issue) => ({
    code: issue.code ?? 'Unknown',
    message: issue.message ?? '',
    resourceIds: issue.resourceIds ?? [],
  }));
}

function toClusterInfo(cluster: Cluster): ClusterInfo {
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
    configuration: toClusterConfiguration(cluster),
  };
}

function toNodegroupInfo(nodegroup: Nodegroup): NodegroupInfo {
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
    healthIssues: healthIssues(nodegroup.health?.issues),
  };
}

function toNodegroupDetails(nodegroup: Nodegroup): NodegroupDetails {
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
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function toAddonInfo(addon: Addon): AddonInfo {
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
  };
}

function toUpdateInfo(update: Update | undefined, operation: string): UpdateInfo {
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
    })),
    ...(update.createdAt ? { createdAt: update.createdAt.toISOString() } : {}),
  };
}

/**
 * The EKS operations of the cluster gateway over the AWS SDK v3 (`@aws-sdk/client-eks`), with
 * the SDK's paginators, bounded concurrency for describe calls, and every failure mapped to an
 * `AWSServiceError`.
 *
 * @example
 * ```ts
 * const eks = new AwsEksApi({ region: 'eu-west-1' });
 * const nodegroups = await eks.listNodegroups('prod');
 * ```
 */
export class AwsEksApi implements EksOperations {
  readonly client: EKSClient;
  private readonly fargate: AwsEksFargate;
  private readonly access: AwsEksAccess;

  constructor(options: AwsEksApiOptions = {}) {
    this.client =
      options.client ??
      new EKSClient({ ...(options.region ? { region: options.region } : {}), ...options.clientConfig });
    this.fargate = new AwsEksFargate(this.client);
    this.access = new AwsEksAccess(this.client);
  }

  private async call<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAWSServiceError(error, { service: 'EKS', operation, action });
    }
  }

  async describeCluster(clusterName: string): Promise<ClusterInfo | undefined> {
    try {
      const response = await this.call('DescribeCluster', `describe cluster ${clusterName}`, () =>
        this.client.send(new DescribeClusterCommand({ name: clusterName })),
      );
      return response.cluster ? toClusterInfo(response.cluster) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async listNodegroups(clusterName: string): Promise<NodegroupInfo[]> {
    const names = await this.call('ListNodegroups', `list node groups of ${clusterName}`, async () => {
      const all: string[] = [];
      for await (const page of paginateListNodegroups({ client: this.client }, { clusterName })) {
        all.push(...(page.nodegroups ?? []));
      }
      return all;
    });
    return mapLimited(names, DESCRIBE_CONCURRENCY, async (nodegroupName) => {
      const response = await this.call('DescribeNodegroup', `describe node group ${nodegroupName}`, () =>
        this.client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
      );
      return toNodegroupInfo(response.nodegroup ?? { nodegroupName });
    });
  }

  async listFargateProfiles(clusterName: string): Promise<string[]> {
    return this.call('ListFargateProfiles', `list Fargate profiles of ${clusterName}`, async () => {
      const names: string[] = [];
      for await (const page of paginateListFargateProfiles({ client: this.client }, { clusterName })) {
        names.push(...(page.fargateProfileNames ?? []));
      }
      return names;
    });
  }

  async listAddons(clusterName: string): Promise<AddonInfo[]> {
    const names = await this.call('ListAddons', `list add-ons of ${clusterName}`, async () => {
      const all: string[] = [];
      for await (const page of paginateListAddons({ client: this.client }, { clusterName })) {
        all.push(...(page.addons ?? []));
      }
      return all;
    });
    return mapLimited(names, DESCRIBE_CONCURRENCY, async (addonName) => {
      const response = await this.call('DescribeAddon', `describe add-on ${addonName}`, () =>
        this.client.send(new DescribeAddonCommand({ clusterName, addonName })),
      );
      return toAddonInfo(response.addon ?? { addonName });
    });
  }

  async describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    const version = normalizeKubernetesVersion(kubernetesVersion);
    return mapLimited(addonNames, DESCRIBE_CONCURRENCY, (addonName) =>
      this.call('DescribeAddonVersions', `list ${addonName} versions for Kubernetes ${version}`, async () => {
        const versions: string[] = [];
        let defaultVersion: string | undefined;
        for await (const page of paginateDescribeAddonVersions(
          { client: this.client },
          { addonName, kubernetesVersion: version },
        )) {
          for (const addon of page.addons ?? []) {
            for (const candidate of addon.addonVersions ?? []) {
              const compatibility = candidate.compatibilities?.find(
                (entry) => entry.clusterVersion === version,
              );
              if (!candidate.addonVersion || !compatibility) continue;
              versions.push(candidate.addonVersion);
              if (compatibility.defaultVersion) defaultVersion = candidate.addonVersion;
            }
          }
        }
        const unique = [...new Set(versions)].sort(compareAddonVersions).reverse();
        return {
          addonName,
          kubernetesVersion: version,
          ...(defaultVersion ? { defaultVersion } : {}),
          versions: unique,
        };
      }),
    );
  }

  async listInsights(
    clusterName: string,
    category: InsightCategory = 'UPGRADE_READINESS',
  ): Promise<UpgradeInsight[]> {
    const what = `list ${category === 'ROLLBACK_READINESS' ? 'rollback' : 'upgrade'} insights of ${clusterName}`;
    const summaries = await this.call('ListInsights', what, async () => {
      const all = [];
      for await (const page of paginateListInsights(
        { client: this.client },
        { clusterName, filter: { categories: [category] } },
      )) {
        all.push(...(page.insights ?? []));
      }
      return all;
    });
    return mapLimited(summaries, DESCRIBE_CONCURRENCY, async (summary) => {
      const status = summary.insightStatus?.status ?? 'UNKNOWN';
      const base: UpgradeInsight = {
        id: summary.id ?? '',
        name: summary.name ?? '',
        category: summary.category ?? category,
        ...(summary.kubernetesVersion ? { kubernetesVersion: summary.kubernetesVersion } : {}),
        status: status as UpgradeInsight['status'],
        reason: summary.insightStatus?.reason ?? '',
        description: summary.description ?? '',
        recommendation: '',
      };
      if (status === 'PASSING' || !summary.id) return base;
      const response = await this.call(
        'DescribeInsight',
        `describe insight ${summary.name ?? summary.id}`,
        () => this.client.send(new DescribeInsightCommand({ clusterName, id: summary.id! })),
      );
      const insight = response.insight;
      return {
        ...base,
        description: insight?.description ?? base.description,
        recommendation: insight?.recommendation ?? '',
        reason: insight?.insightStatus?.reason ?? base.reason,
      };
    });
  }

  async describeClusterVersions(): Promise<SupportedVersion[]> {
    return this.call('DescribeClusterVersions', 'list the Kubernetes versions EKS supports', async () => {
      const rows: SupportedVersion[] = [];
      for await (const page of paginateDescribeClusterVersions({ client: this.client }, {})) {
        for (const row of page.clusterVersions ?? []) {
          const status = row.versionStatus ?? row.status?.toUpperCase().replace('-', '_');
          if (!row.clusterVersion || !status || status === 'UNSUPPORTED') continue;
          rows.push({
            version: row.clusterVersion,
            status,
            isDefault: row.defaultVersion ?? false,
            ...(row.endOfStandardSupportDate
              ? { endOfStandardSupportDate: iso(row.endOfStandardSupportDate) }
              : {}),
            ...(row.endOfExtendedSupportDate
              ? { endOfExtendedSupportDate: iso(row.endOfExtendedSupportDate) }
              : {}),
          });
        }
      }
      return rows;
    });
  }

  async listUpdateIds(clusterName: string, scope: UpdateScope = {}): Promise<string[]> {
    return this.call(
      'ListUpdates',
      `list updates of ${scope.nodegroupName ?? scope.addonName ?? clusterName}`,
      async () => {
        const ids: string[] = [];
        for await (const page of paginateListUpdates(
          { client: this.client },
          { name: clusterName, ...scope },
        )) {
          ids.push(...(page.updateIds ?? []));
        }
        return ids;
      },
    );
  }

  async describeUpdate(clusterName: string, updateId: string, scope: UpdateScope = {}): Promise<UpdateInfo> {
    const response = await this.call('DescribeUpdate', `describe update ${updateId}`, () =>
      this.client.send(new DescribeUpdateCommand({ name: clusterName, updateId, ...scope })),
    );
    return toUpdateInfo(response.update, 'DescribeUpdate');
  }

  async updateClusterVersion(
    clusterName: string,
    version: string,
    options: UpdateClusterVersionOptions = {},
  ): Promise<UpdateInfo> {
    const response = await this.call(
      'UpdateClusterVersion',
      `${options.rollback ? 'roll back' : 'upgrade'} cluster ${clusterName} to ${version}`,
      () =>
        this.client.send(
          new UpdateClusterVersionCommand({
            name: clusterName,
            version,
            ...(options.clientRequestToken ? { clientRequestToken: options.clientRequestToken } : {}),
            ...(options.rollback
              ? {
                  rollbackConfig: {
                    timeoutMinutes: options.rollbackTimeoutMinutes ?? EKS_DEFAULT_ROLLBACK_TIMEOUT_MINUTES,
                  },
                }
              : {}),
          }),
        ),
    );
    return toUpdateInfo(response.update, 'UpdateClusterVersion');
  }

  async updateAddon(clusterName: string, addonName: string, version: string): Promise<UpdateInfo> {
    const response = await this.call('UpdateAddon', `update add-on ${addonName} to ${version}`, () =>
      this.client.send(
        new UpdateAddonCommand({
          clusterName,
          addonName,
          addonVersion: version,
          resolveConflicts: 'PRESERVE',
        }),
      ),
    );
    return toUpdateInfo(response.update, 'UpdateAddon');
  }

  async updateNodegroupVersion(
    clusterName: string,
    nodegroupName: string,
    version: string,
  ): Promise<UpdateInfo> {
    const response = await this.call(
      'UpdateNodegroupVersion',
      `upgrade node group ${nodegroupName} to ${version}`,
      () => this.client.send(new UpdateNodegroupVersionCommand({ clusterName, nodegroupName, version })),
    );
    return toUpdateInfo(response.update, 'UpdateNodegroupVersion');
  }

  async createCluster(spec: CreateClusterSpec): Promise<ClusterInfo> {
    const response = await this.call('CreateCluster', `create cluster ${spec.name}`, () =>
      this.client.send(new CreateClusterCommand(toCreateClusterRequest(spec))),
    );
    return toClusterInfo(response.cluster ?? { name: spec.name, version: spec.version, status: 'CREATING' });
  }

  async describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined> {
    try {
      const response = await this.call('DescribeNodegroup', `describe node group ${nodegroupName}`, () =>
        this.client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
      );
      return response.nodegroup ? toNodegroupDetails(response.nodegroup) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo> {
    const response = await this.call(
      'CreateNodegroup',
      `create node group ${spec.nodegroupName} in ${spec.clusterName}`,
      () =>
        this.client.send(
          new CreateNodegroupCommand(
            defined({
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
              taints: spec.taints?.map((taint) => ({
                ...taint,
                effect: taint.effect as TaintEffect | undefined,
              })),
              launchTemplate: spec.launchTemplate,
              remoteAccess: spec.remoteAccess,
              updateConfig: spec.updateConfig,
              tags: spec.tags,
            }),
          ),
        ),
    );
    return toNodegroupInfo(
      response.nodegroup ?? { nodegroupName: spec.nodegroupName, version: spec.version, status: 'CREATING' },
    );
  }

  async describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined> {
    try {
      const response = await this.call('DescribeAddon', `describe add-on ${addonName}`, () =>
        this.client.send(new DescribeAddonCommand({ clusterName, addonName })),
      );
      const addon = response.addon;
      if (!addon) return undefined;
      return {
        ...toAddonInfo(addon),
        clusterName: addon.clusterName ?? clusterName,
        ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
        ...(addon.configurationValues ? { configurationValues: addon.configurationValues } : {}),
        ...(addon.tags && Object.keys(addon.tags).length > 0 ? { tags: { ...addon.tags } } : {}),
      };
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async createAddon(spec: CreateAddonSpec): Promise<AddonInfo> {
    const response = await this.call(
      'CreateAddon',
      `install add-on ${spec.addonName} ${spec.version} on ${spec.clusterName}`,
      () =>
        this.client.send(
          new CreateAddonCommand(
            defined({
              clusterName: spec.clusterName,
              addonName: spec.addonName,
              addonVersion: spec.version,
              serviceAccountRoleArn: spec.serviceAccountRoleArn,
              configurationValues: spec.configurationValues,
              // CreateCluster installs self-managed VPC CNI, kube-proxy and CoreDNS on the new
              // (green) cluster; the EKS add-on takes them over, with nothing of ours to keep.
              resolveConflicts: 'OVERWRITE' as const,
              tags: spec.tags,
            }),
          ),
        ),
    );
    return toAddonInfo(
      response.addon ?? { addonName: spec.addonName, addonVersion: spec.version, status: 'CREATING' },
    );
  }

  describeFargateProfile(
    clusterName: string,
    profileName: string,
  ): Promise<FargateProfileDetails | undefined> {
    return this.fargate.describeFargateProfile(clusterName, profileName);
  }

  createFargateProfile(spec: CreateFargateProfileSpec): Promise<FargateProfileDetails> {
    return this.fargate.createFargateProfile(spec);
  }

  deleteFargateProfile(clusterName: string, profileName: string): Promise<void> {
    return this.fargate.deleteFargateProfile(clusterName, profileName);
  }

  listAccessEntries(clusterName: string): Promise<AccessEntryDetails[]> {
    return this.access.listAccessEntries(clusterName);
  }

  createAccessEntry(spec: CreateAccessEntrySpec): Promise<void> {
    return this.access.createAccessEntry(spec);
  }

  async deleteNodegroup(clusterName: string, nodegroupName: string): Promise<void> {
    await this.call('DeleteNodegroup', `delete node group ${nodegroupName}`, () =>
      this.client.send(new DeleteNodegroupCommand({ clusterName, nodegroupName })),
    );
  }

  async deleteCluster(clusterName: string): Promise<void> {
    await this.call('DeleteCluster', `delete cluster ${clusterName}`, () =>
      this.client.send(new DeleteClusterCommand({ name: clusterName })),
    );
  }
}
