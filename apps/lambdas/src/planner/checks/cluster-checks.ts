import {
  type ClusterSnapshot,
  normalizeKubernetesVersion,
  type UpgradeInsight,
} from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * Blocks a cluster that is not ACTIVE or reports health issues: UpdateClusterVersion needs an
 * ACTIVE cluster (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html),
 * and a health issue (https://docs.aws.amazon.com/eks/latest/APIReference/API_ClusterHealth.html)
 * is something to fix before changing the cluster.
 *
 * @example
 * ```ts
 * checkClusterHealth(snapshot, builder); // CLUSTER_NOT_ACTIVE while the cluster is UPDATING
 * ```
 */
export function checkClusterHealth(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  if (snapshot.status !== 'ACTIVE') {
    builder.block(
      PlanIssueCode.CLUSTER_NOT_ACTIVE,
      `Cluster ${snapshot.clusterName} is ${snapshot.status}, not ACTIVE`,
    );
  }
  for (const issue of snapshot.healthIssues) {
    builder.block(
      PlanIssueCode.CLUSTER_UNHEALTHY,
      `Cluster ${snapshot.clusterName} reports ${issue.code}: ${issue.message}`,
    );
  }
}

/** The insight's Kubernetes version as `1.31`, or `undefined` when it has none EKS spells as one. */
function insightVersion(insight: UpgradeInsight): string | undefined {
  if (!insight.kubernetesVersion) return undefined;
  try {
    return normalizeKubernetesVersion(insight.kubernetesVersion);
  } catch {
    return undefined;
  }
}

/**
 * Turns EKS upgrade insights into blockers and warnings
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/view-cluster-insights.html). EKS rates an
 * insight against the next version only: ERROR typically means the impacted Kubernetes version
 * is N+1, WARNING that it is N+2 or later. A multi-hop plan reaches those later versions, so:
 * - ERROR blocks, whatever its version;
 * - WARNING and UNKNOWN block when their version is one of the plan's hops (the upgrade would
 *   reach the version the insight is about), and warn when it is beyond the target or at or
 *   below the current version (not reached by this upgrade);
 * - an insight without a (readable) version cannot be placed on the path: ERROR blocks,
 *   WARNING and UNKNOWN warn;
 * - PASSING says nothing.
 *
 * @example
 * ```ts
 * checkUpgradeInsights(snapshot, ['1.30', '1.31'], builder); // INSIGHT_WARNING blocker for a WARNING about 1.31
 * ```
 */
export function checkUpgradeInsights(
  snapshot: ClusterSnapshot,
  hops: readonly string[],
  builder: PlanBuilder,
): void {
  // Without a completed refresh the insights are EKS's last daily run: the operator should know.
  const refresh = snapshot.insightsRefresh;
  if (refresh && refresh.status !== 'COMPLETED') {
    builder.warn(
      PlanIssueCode.INSIGHTS_REFRESH_INCOMPLETE,
      `The insights refresh of ${snapshot.clusterName} ${refresh.status === 'NOT_STARTED' ? 'could not be started' : refresh.status === 'FAILED' ? 'failed' : 'did not finish in time'}${refresh.message ? ` (${refresh.message})` : ''}: the upgrade insights may be up to a day old. Refresh them (\`aws eks start-insights-refresh --cluster-name ${snapshot.clusterName}\`) and plan again to judge the upgrade on current ones`,
    );
  }
  for (const insight of snapshot.insights) {
    if (insight.status === 'PASSING') continue;
    const version = insightVersion(insight);
    const text = `Upgrade insight "${insight.name}"${insight.kubernetesVersion ? ` (${insight.kubernetesVersion})` : ''}: ${insight.reason || insight.description || insight.status}`;
    if (insight.status === 'ERROR') {
      builder.block(PlanIssueCode.INSIGHT_ERROR, text, insight.id);
      continue;
    }
    const code = insight.status === 'WARNING' ? PlanIssueCode.INSIGHT_WARNING : PlanIssueCode.INSIGHT_UNKNOWN;
    // Beyond the target, at or below the current version, or without a version: not on the path.
    if (version !== undefined && hops.includes(version)) {
      const why =
        insight.status === 'WARNING'
          ? `It concerns Kubernetes ${version}, which this upgrade reaches (EKS reports what breaks after the next version as WARNING, not ERROR)`
          : `EKS could not tell whether it affects Kubernetes ${version}, which this upgrade reaches`;
      const recommendation = insight.recommendation ? ` (${insight.recommendation})` : '';
      builder.block(
        code,
        `${text}. ${why}: resolve it${recommendation}, refresh the insights (\`aws eks start-insights-refresh --cluster-name ${snapshot.clusterName}\`) and plan again`,
        insight.id,
      );
    } else builder.warn(code, text, insight.id);
  }
}
