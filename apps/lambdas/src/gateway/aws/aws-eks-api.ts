import {
  CreateAddonCommand,
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  type EKSClientConfig,
  paginateListAddons,
  paginateListFargateProfiles,
  paginateListNodegroups,
  paginateListUpdates,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import { AWSServiceError, type SupportedVersion, type UpgradeInsight } from '@eks-upgrade/core-models';
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
  InsightsRefreshInfo,
  NodegroupDetails,
  NodegroupInfo,
  NodegroupUpdateConfig,
  UpdateClusterVersionOptions,
  UpdateInfo,
  UpdateNodegroupVersionOptions,
  UpdateScope,
} from '../cluster-gateway.js';
import type { ClusterIdentityOperation as IdentityOperation } from '../cluster-identity.js';
import type { ClusterTaggingOperation } from '../cluster-tagging.js';
import { toCreateClusterRequest } from './aws-cluster-configuration.js';
import { AwsEksAccess } from './aws-eks-access.js';
import { AwsEksCatalog } from './aws-eks-catalog.js';
import { AwsEksFargate } from './aws-eks-fargate.js';
import {
  DESCRIBE_CONCURRENCY,
  defined,
  EKS_DEFAULT_ROLLBACK_TIMEOUT_MINUTES,
  mapLimited,
  toAddonDetails,
  toAddonInfo,
  toClusterInfo,
  toCreateNodegroupRequest,
  toNodegroupDetails,
  toNodegroupInfo,
  toUpdateInfo,
} from './aws-eks-mappers.js';
import { AwsEksNodegroupConfig } from './aws-eks-nodegroup-config.js';
import { sendEks } from './aws-eks-send.js';
import type { TrafficOperations } from './aws-route53-traffic.js';

/** The EKS half of the cluster gateway. */
export type EksOperations = Omit<
  ClusterGateway,
  | keyof TrafficOperations
  | 'describeAlarms'
  | IdentityOperation
  | ClusterTaggingOperation
  | 'describeLaunchTemplateVersions'
>;

/** Options of `AwsEksApi`: an injected client or a client configuration, not both. */
export type AwsEksApiOptions =
  | { region?: string; client?: EKSClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: EKSClientConfig };

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
  private readonly catalog: AwsEksCatalog;
  private readonly nodegroupConfig: AwsEksNodegroupConfig;

  constructor(options: AwsEksApiOptions = {}) {
    this.client =
      options.client ??
      new EKSClient({ ...(options.region ? { region: options.region } : {}), ...options.clientConfig });
    this.fargate = new AwsEksFargate(this.client);
    this.access = new AwsEksAccess(this.client);
    this.catalog = new AwsEksCatalog(this.client);
    this.nodegroupConfig = new AwsEksNodegroupConfig(this.client);
  }

  async describeCluster(clusterName: string): Promise<ClusterInfo | undefined> {
    try {
      const response = await sendEks('DescribeCluster', `describe cluster ${clusterName}`, () =>
        this.client.send(new DescribeClusterCommand({ name: clusterName })),
      );
      return response.cluster ? toClusterInfo(response.cluster) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async listNodegroupNames(clusterName: string): Promise<string[]> {
    return sendEks('ListNodegroups', `list node groups of ${clusterName}`, async () => {
      const all: string[] = [];
      for await (const page of paginateListNodegroups({ client: this.client }, { clusterName })) {
        all.push(...(page.nodegroups ?? []));
      }
      return all;
    });
  }

  async listNodegroups(clusterName: string): Promise<NodegroupInfo[]> {
    const names = await this.listNodegroupNames(clusterName);
    return mapLimited(names, DESCRIBE_CONCURRENCY, async (nodegroupName) => {
      const response = await sendEks('DescribeNodegroup', `describe node group ${nodegroupName}`, () =>
        this.client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
      );
      return toNodegroupInfo(response.nodegroup ?? { nodegroupName });
    });
  }

  async listFargateProfiles(clusterName: string): Promise<string[]> {
    return sendEks('ListFargateProfiles', `list Fargate profiles of ${clusterName}`, async () => {
      const names: string[] = [];
      for await (const page of paginateListFargateProfiles({ client: this.client }, { clusterName })) {
        names.push(...(page.fargateProfileNames ?? []));
      }
      return names;
    });
  }

  async listAddons(clusterName: string): Promise<AddonInfo[]> {
    const names = await sendEks('ListAddons', `list add-ons of ${clusterName}`, async () => {
      const all: string[] = [];
      for await (const page of paginateListAddons({ client: this.client }, { clusterName })) {
        all.push(...(page.addons ?? []));
      }
      return all;
    });
    return mapLimited(names, DESCRIBE_CONCURRENCY, async (addonName) => {
      const response = await sendEks('DescribeAddon', `describe add-on ${addonName}`, () =>
        this.client.send(new DescribeAddonCommand({ clusterName, addonName })),
      );
      return toAddonInfo(response.addon ?? { addonName });
    });
  }

  describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    return this.catalog.describeAddonVersions(addonNames, kubernetesVersion);
  }

  listInsights(clusterName: string, category?: InsightCategory): Promise<UpgradeInsight[]> {
    return this.catalog.listInsights(clusterName, category);
  }

  startInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    return this.catalog.startInsightsRefresh(clusterName);
  }

  describeInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    return this.catalog.describeInsightsRefresh(clusterName);
  }

  describeClusterVersions(): Promise<SupportedVersion[]> {
    return this.catalog.describeClusterVersions();
  }

  async listUpdateIds(clusterName: string, scope: UpdateScope = {}): Promise<string[]> {
    return sendEks(
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
    const response = await sendEks('DescribeUpdate', `describe update ${updateId}`, () =>
      this.client.send(new DescribeUpdateCommand({ name: clusterName, updateId, ...scope })),
    );
    return toUpdateInfo(response.update, 'DescribeUpdate');
  }

  async updateClusterVersion(
    clusterName: string,
    version: string,
    options: UpdateClusterVersionOptions = {},
  ): Promise<UpdateInfo> {
    const response = await sendEks(
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
    const response = await sendEks('UpdateAddon', `update add-on ${addonName} to ${version}`, () =>
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
    options: UpdateNodegroupVersionOptions = {},
  ): Promise<UpdateInfo> {
    // A custom-AMI group names the launch template version and no Kubernetes version or release:
    // EKS fails the update otherwise (UpdateNodegroupVersion API reference).
    const target = options.launchTemplate
      ? { launchTemplate: options.launchTemplate }
      : { version, ...(options.releaseVersion ? { releaseVersion: options.releaseVersion } : {}) };
    const input = { clusterName, nodegroupName, ...target, ...(options.force ? { force: true } : {}) };
    const response = await sendEks(
      'UpdateNodegroupVersion',
      `upgrade node group ${nodegroupName} to ${options.launchTemplate ? `launch template version ${options.launchTemplate.version}` : version}`,
      () => this.client.send(new UpdateNodegroupVersionCommand(input)),
    );
    return toUpdateInfo(response.update, 'UpdateNodegroupVersion');
  }

  updateNodegroupConfig(
    clusterName: string,
    nodegroupName: string,
    updateConfig: NodegroupUpdateConfig,
  ): Promise<UpdateInfo> {
    return this.nodegroupConfig.updateNodegroupConfig(clusterName, nodegroupName, updateConfig);
  }

  async createCluster(spec: CreateClusterSpec): Promise<ClusterInfo> {
    const response = await sendEks('CreateCluster', `create cluster ${spec.name}`, () =>
      this.client.send(new CreateClusterCommand(toCreateClusterRequest(spec))),
    );
    return toClusterInfo(response.cluster ?? { name: spec.name, version: spec.version, status: 'CREATING' });
  }

  async describeNodegroup(clusterName: string, nodegroupName: string): Promise<NodegroupDetails | undefined> {
    try {
      const response = await sendEks('DescribeNodegroup', `describe node group ${nodegroupName}`, () =>
        this.client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
      );
      return response.nodegroup ? toNodegroupDetails(response.nodegroup) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async createNodegroup(spec: CreateNodegroupSpec): Promise<NodegroupInfo> {
    const response = await sendEks(
      'CreateNodegroup',
      `create node group ${spec.nodegroupName} in ${spec.clusterName}`,
      () => this.client.send(new CreateNodegroupCommand(toCreateNodegroupRequest(spec))),
    );
    return toNodegroupInfo(
      response.nodegroup ?? { nodegroupName: spec.nodegroupName, version: spec.version, status: 'CREATING' },
    );
  }

  async describeAddon(clusterName: string, addonName: string): Promise<AddonDetails | undefined> {
    try {
      const response = await sendEks('DescribeAddon', `describe add-on ${addonName}`, () =>
        this.client.send(new DescribeAddonCommand({ clusterName, addonName })),
      );
      return response.addon ? toAddonDetails(response.addon, clusterName) : undefined;
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async createAddon(spec: CreateAddonSpec): Promise<AddonInfo> {
    const response = await sendEks(
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
    await sendEks('DeleteNodegroup', `delete node group ${nodegroupName}`, () =>
      this.client.send(new DeleteNodegroupCommand({ clusterName, nodegroupName })),
    );
  }

  async deleteCluster(clusterName: string): Promise<void> {
    await sendEks('DeleteCluster', `delete cluster ${clusterName}`, () =>
      this.client.send(new DeleteClusterCommand({ name: clusterName })),
    );
  }
}
