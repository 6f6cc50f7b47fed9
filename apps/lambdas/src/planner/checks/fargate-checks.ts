import type { AgentConfig, ApprovalGateStep, ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';
import { stepId } from '../step-id.js';

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

/**
 * In place, with Fargate profiles: the approval gate (purpose `fargate`) before the hop from
 * `fromVersion` to `toVersion`. EKS updates a control plane only when the cluster's nodes,
 * Fargate's included, run its version, and a Fargate pod takes the new version only when it is
 * restarted ("Before updating your control plane to a new Kubernetes version, the minor version
 * of the managed nodes and Fargate nodes in your cluster must be the same as the version of your
 * control plane's current version",
 * https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html). The EKS API cannot
 * restart pods, so the operator does it and approves.
 *
 * @example
 * ```ts
 * fargateGate(snapshot, '1.30', '1.31', config)?.id; // 'gate-fargate-1.31'
 * ```
 */
export function fargateGate(
  snapshot: ClusterSnapshot,
  fromVersion: string,
  toVersion: string,
  config: AgentConfig,
): ApprovalGateStep | undefined {
  if (snapshot.fargateProfiles.length === 0) return undefined;
  const profiles = snapshot.fargateProfiles.join(', ');
  return {
    id: stepId('gate-fargate', toVersion),
    kind: 'approval_gate',
    description: `Restart the Fargate pods of ${snapshot.clusterName} onto ${fromVersion} before the control plane goes to ${toVersion}`,
    clusterName: snapshot.clusterName,
    gate: {
      purpose: 'fargate',
      summary: `The control plane of ${snapshot.clusterName} runs ${fromVersion}. Restart the pods of Fargate profiles ${profiles} (e.g. kubectl rollout restart of their deployments) so they run ${fromVersion}, check \`kubectl get nodes\` shows no Fargate node on an older version, then approve: EKS refuses the update to ${toVersion} while Fargate nodes lag.`,
      timeoutSeconds: config.upgrade.approval.timeoutSeconds,
      acceptsTrafficTarget: false,
    },
  };
}
