import { ExecutionError, normalizeKubernetesVersion, type UpgradeInsight } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../../gateway/cluster-gateway.js';

/** The insight's Kubernetes version as `1.31`; `undefined` when it names none EKS spells as one. */
function versionOf(insight: UpgradeInsight): string | undefined {
  if (!insight.kubernetesVersion) return undefined;
  try {
    return normalizeKubernetesVersion(insight.kubernetesVersion);
  } catch {
    return undefined;
  }
}

/**
 * Whether an upgrade insight stops the hop to `toVersion`: an ERROR one (EKS rates insights
 * against the next version: ERROR typically means that version breaks) about that version or
 * about none, and a WARNING or UNKNOWN one about that version (the planner's rule: what a
 * multi-hop plan reaches is blocked on WARNING too). Insights about other versions were judged
 * by the planner and are judged again at their own hop
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html).
 */
export function blocksHop(insight: UpgradeInsight, toVersion: string): boolean {
  if (insight.status === 'PASSING') return false;
  const version = versionOf(insight);
  if (insight.status === 'ERROR') return version === undefined || version === toVersion;
  return version === toVersion;
}

/**
 * Reads the cluster's upgrade insights again just before a control-plane hop: the plan was made
 * from the insights of perception, and EKS re-evaluates them as the cluster changes (every hop
 * changes it; `StartInsightsRefresh` ran at perception). An insight that blocks the hop fails
 * the step before UpdateClusterVersion, naming it.
 *
 * @throws ExecutionError (`PRECONDITION_FAILED`) naming each blocking insight and its recommendation.
 * @example
 * ```ts
 * await requireNoBlockingInsights(gateway, 'prod', '1.31'); // throws when "Deprecated APIs removed in 1.31" is ERROR
 * ```
 */
export async function requireNoBlockingInsights(
  gateway: ClusterGateway,
  clusterName: string,
  toVersion: string,
): Promise<void> {
  const blocking = (await gateway.listInsights(clusterName, 'UPGRADE_READINESS')).filter((insight) =>
    blocksHop(insight, toVersion),
  );
  if (blocking.length === 0) return;
  const named = blocking
    .map(
      (insight) =>
        `"${insight.name}" is ${insight.status}${insight.kubernetesVersion ? ` for ${insight.kubernetesVersion}` : ''}${insight.reason ? `: ${insight.reason}` : ''}${insight.recommendation ? ` (${insight.recommendation})` : ''}`,
    )
    .join('; ');
  throw new ExecutionError(
    `Cannot upgrade the control plane of ${clusterName} to ${toVersion}: upgrade insight ${named}. Resolve it, refresh the insights (aws eks start-insights-refresh --cluster-name ${clusterName}) and run the upgrade again`,
    { phase: 'execution', status: 'PRECONDITION_FAILED' },
  );
}
