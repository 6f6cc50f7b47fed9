import type { ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * In place: Fargate profiles warn, because a Fargate pod keeps the kubelet it started with until
 * it is restarted after the control-plane update
 * (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 *
 * @example
 * ```ts
 * checkFargateProfiles(snapshot, builder); // FARGATE_PROFILES when the cluster has any
 * ```
 */
export function checkFargateProfiles(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  if (snapshot.fargateProfiles.length > 0) {
    builder.warn(
      PlanIssueCode.FARGATE_PROFILES,
      `Fargate profiles (${snapshot.fargateProfiles.join(', ')}) keep their old kubelet until their pods are restarted after each hop`,
    );
  }
}
