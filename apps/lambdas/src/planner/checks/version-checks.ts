import {
  type ClusterSnapshot,
  compareKubernetesVersions,
  type UpgradeRequest,
  UpgradeStrategy,
} from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * Blocks a downgrade and an upgrade to the version the cluster already runs: EKS cannot
 * downgrade a cluster (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 * Returns the direction: negative for a downgrade, 0 for no change, positive for an upgrade.
 *
 * @example
 * ```ts
 * if (checkUpgradeDirection(request, snapshot, builder) > 0) planVersionHops(from, to);
 * ```
 */
export function checkUpgradeDirection(
  request: UpgradeRequest,
  snapshot: ClusterSnapshot,
  builder: PlanBuilder,
): number {
  const direction = compareKubernetesVersions(request.targetVersion, snapshot.version);
  if (direction < 0) {
    builder.block(
      PlanIssueCode.DOWNGRADE,
      `Cluster ${snapshot.clusterName} runs ${snapshot.version}; EKS cannot downgrade it to ${request.targetVersion}`,
    );
  } else if (direction === 0) {
    builder.block(
      PlanIssueCode.ALREADY_AT_TARGET,
      `Cluster ${snapshot.clusterName} already runs ${request.targetVersion}: nothing to upgrade`,
    );
  }
  return direction;
}

/**
 * Checks the target (and, in place, every hop on the way) against the versions EKS supports
 * (`snapshot.supportedVersions`, from DescribeClusterVersions): an unsupported target or hop
 * blocks, a target in extended support warns (it costs extra and ends sooner). See
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html. Nothing is checked
 * when the snapshot lists no supported versions.
 *
 * @example
 * ```ts
 * checkVersionSupport(snapshot, request, ['1.30', '1.31'], builder);
 * ```
 */
export function checkVersionSupport(
  snapshot: ClusterSnapshot,
  request: UpgradeRequest,
  hops: readonly string[],
  builder: PlanBuilder,
): void {
  if (snapshot.supportedVersions.length === 0) return;
  const byVersion = new Map(snapshot.supportedVersions.map((row) => [row.version, row]));
  const target = byVersion.get(request.targetVersion);
  if (!target) {
    builder.block(
      PlanIssueCode.UNSUPPORTED_TARGET,
      `EKS does not support Kubernetes ${request.targetVersion} (supported: ${[...byVersion.keys()].join(', ')})`,
    );
  } else if (target.status === 'EXTENDED_SUPPORT') {
    builder.warn(
      PlanIssueCode.EXTENDED_SUPPORT,
      `Kubernetes ${request.targetVersion} is in extended support${target.endOfExtendedSupportDate ? ` until ${target.endOfExtendedSupportDate}` : ''}: extra cost, plan the next upgrade`,
    );
  }
  // In place, the control plane passes through every minor in between (EKS updates one minor
  // version at a time, https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
  if (request.strategy === UpgradeStrategy.IN_PLACE) {
    for (const hop of hops.slice(0, -1)) {
      if (!byVersion.has(hop)) {
        builder.block(
          PlanIssueCode.UNSUPPORTED_HOP,
          `The in-place path passes through Kubernetes ${hop}, which EKS no longer supports`,
        );
      }
    }
  }
}
