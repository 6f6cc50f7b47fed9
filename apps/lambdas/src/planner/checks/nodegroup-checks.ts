import { type ClusterSnapshot, checkKubeletSkew } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * The in-place rules for each managed node group, in this order per node group:
 * - ahead of the control plane blocks, beyond the kubelet skew policy warns (it is upgraded
 *   first); see https://kubernetes.io/releases/version-skew-policy/ and
 *   https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html;
 * - not ACTIVE, or reporting health issues
 *   (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupHealth.html), blocks: a
 *   broken node group is fixed before it is rolled, or its failure would pass for the upgrade's;
 * - a custom AMI blocks: EKS cannot move its Kubernetes version, only a new launch template
 *   version with a new AMI can
 *   (https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html).
 *
 * @example
 * ```ts
 * checkInPlaceNodegroups(snapshot, builder); // NODEGROUP_AHEAD for a 1.30 node group on a 1.29 cluster
 * ```
 */
export function checkInPlaceNodegroups(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  for (const nodegroup of snapshot.nodegroups) {
    const resource = `nodegroup:${nodegroup.name}`;
    const skew = checkKubeletSkew(snapshot.version, nodegroup.version);
    if (skew.skew < 0) {
      builder.block(PlanIssueCode.NODEGROUP_AHEAD, `Node group ${nodegroup.name}: ${skew.reason}`, resource);
    } else if (!skew.allowed) {
      builder.warn(
        PlanIssueCode.NODEGROUP_SKEW,
        `Node group ${nodegroup.name}: ${skew.reason}; it is upgraded first`,
        resource,
      );
    }
    if (nodegroup.status !== 'ACTIVE') {
      builder.block(
        PlanIssueCode.NODEGROUP_NOT_ACTIVE,
        `Node group ${nodegroup.name} is ${nodegroup.status}`,
        resource,
      );
    }
    for (const issue of nodegroup.healthIssues) {
      builder.block(
        PlanIssueCode.NODEGROUP_NOT_ACTIVE,
        `Node group ${nodegroup.name} reports ${issue.code}: ${issue.message}`,
        resource,
      );
    }
    if (nodegroup.customAmi) {
      builder.block(
        PlanIssueCode.CUSTOM_AMI_NODEGROUP,
        `Node group ${nodegroup.name} uses a custom AMI: EKS cannot move its version; publish a launch template version with an AMI for each hop, or use blue/green`,
        resource,
      );
    }
  }
}

/**
 * Blue/green: a custom-AMI node group blocks, because its copy on the green cluster would need
 * an AMI built for the target version, which only its owner can provide
 * (https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html).
 *
 * @example
 * ```ts
 * checkBlueGreenNodegroups(snapshot, 'prod-1-31', '1.31', builder);
 * ```
 */
export function checkBlueGreenNodegroups(
  snapshot: ClusterSnapshot,
  greenClusterName: string,
  targetVersion: string,
  builder: PlanBuilder,
): void {
  for (const nodegroup of snapshot.nodegroups) {
    if (nodegroup.customAmi) {
      builder.block(
        PlanIssueCode.CUSTOM_AMI_NODEGROUP,
        `Node group ${nodegroup.name} uses a custom AMI built for ${nodegroup.version}: its copy on ${greenClusterName} needs an AMI for ${targetVersion}; publish a launch template version with one, or create that node group yourself and leave ${nodegroup.name} out of blue/green`,
        `nodegroup:${nodegroup.name}`,
      );
    }
  }
}
