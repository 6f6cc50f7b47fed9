import type { ClusterSnapshot } from '@eks-upgrade/core-models';
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

/**
 * Turns EKS upgrade insights into blockers and warnings: ERROR blocks (EKS found something the
 * upgrade would break, such as removed APIs still in use), WARNING and UNKNOWN warn, PASSING says
 * nothing. See https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html.
 *
 * @example
 * ```ts
 * checkUpgradeInsights(snapshot, builder); // INSIGHT_ERROR for 'Deprecated APIs removed in Kubernetes v1.30'
 * ```
 */
export function checkUpgradeInsights(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  for (const insight of snapshot.insights) {
    const text = `Upgrade insight "${insight.name}"${insight.kubernetesVersion ? ` (${insight.kubernetesVersion})` : ''}: ${insight.reason || insight.description || insight.status}`;
    if (insight.status === 'ERROR') builder.block(PlanIssueCode.INSIGHT_ERROR, text, insight.id);
    if (insight.status === 'WARNING') builder.warn(PlanIssueCode.INSIGHT_WARNING, text, insight.id);
    if (insight.status === 'UNKNOWN') builder.warn(PlanIssueCode.INSIGHT_UNKNOWN, text, insight.id);
  }
}
