import {
  DescribeInsightCommand,
  DescribeInsightsRefreshCommand,
  type EKSClient,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListInsights,
  StartInsightsRefreshCommand,
} from '@aws-sdk/client-eks';
import {
  normalizeKubernetesVersion,
  type SupportedVersion,
  type UpgradeInsight,
} from '@eks-upgrade/core-models';
import { compareAddonVersions } from '../../versions/addon-versions.js';
import type { AddonVersionsInfo, InsightCategory, InsightsRefreshInfo } from '../cluster-gateway.js';
import { DESCRIBE_CONCURRENCY, iso, mapLimited } from './aws-eks-mappers.js';
import { sendEks } from './aws-eks-send.js';

/**
 * What EKS says about versions and readiness, for `AwsEksApi`: the add-on versions compatible
 * with a Kubernetes version (DescribeAddonVersions), the cluster's insights (ListInsights +
 * DescribeInsight) and the Kubernetes versions EKS supports (DescribeClusterVersions); EKS API
 * reference, https://docs.aws.amazon.com/eks/latest/APIReference/API_Operations.html.
 *
 * @example
 * ```ts
 * const catalog = new AwsEksCatalog(new EKSClient({ region: 'eu-west-1' }));
 * const versions = await catalog.describeClusterVersions();
 * ```
 */
export class AwsEksCatalog {
  private readonly client: EKSClient;

  constructor(client: EKSClient) {
    this.client = client;
  }

  async describeAddonVersions(
    addonNames: readonly string[],
    kubernetesVersion: string,
  ): Promise<AddonVersionsInfo[]> {
    const version = normalizeKubernetesVersion(kubernetesVersion);
    return mapLimited(addonNames, DESCRIBE_CONCURRENCY, (addonName) =>
      sendEks('DescribeAddonVersions', `list ${addonName} versions for Kubernetes ${version}`, async () => {
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
    const summaries = await sendEks('ListInsights', what, async () => {
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
      const response = await sendEks(
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

  /** StartInsightsRefresh (https://docs.aws.amazon.com/eks/latest/APIReference/API_StartInsightsRefresh.html). */
  async startInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    const response = await sendEks('StartInsightsRefresh', `refresh the insights of ${clusterName}`, () =>
      this.client.send(new StartInsightsRefreshCommand({ clusterName })),
    );
    return {
      status: response.status ?? 'IN_PROGRESS',
      ...(response.message ? { message: response.message } : {}),
    };
  }

  /** DescribeInsightsRefresh (https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeInsightsRefresh.html). */
  async describeInsightsRefresh(clusterName: string): Promise<InsightsRefreshInfo> {
    const response = await sendEks(
      'DescribeInsightsRefresh',
      `read the insights refresh of ${clusterName}`,
      () => this.client.send(new DescribeInsightsRefreshCommand({ clusterName })),
    );
    return {
      status: response.status ?? 'IN_PROGRESS',
      ...(response.message ? { message: response.message } : {}),
    };
  }

  async describeClusterVersions(): Promise<SupportedVersion[]> {
    return sendEks('DescribeClusterVersions', 'list the Kubernetes versions EKS supports', async () => {
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
}
