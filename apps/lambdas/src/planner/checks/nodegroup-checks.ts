import { type ClusterSnapshot, checkKubeletSkew, compareKubernetesVersions } from '@eks-upgrade/core-models';
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
 * - a custom AMI is judged with the request's launch template versions (`checkNodegroupUpdates`).
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
    // A custom AMI moves only with a launch template version per hop: checkNodegroupUpdates.
  }
}

/** The first Kubernetes version for which EKS publishes no Amazon Linux 2 AMI. */
export const FIRST_VERSION_WITHOUT_AL2_AMIS = '1.33';

/**
 * The replacements of each Amazon Linux 2 AMI type of a managed node group: the AL2023 type,
 * then the Bottlerocket type, for the same architecture and accelerator
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType).
 */
export const AL2_AMI_TYPE_REPLACEMENTS: Readonly<
  Record<string, readonly [al2023: string, bottlerocket: string]>
> = {
  AL2_x86_64: ['AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64'],
  AL2_ARM_64: ['AL2023_ARM_64_STANDARD', 'BOTTLEROCKET_ARM_64'],
  AL2_x86_64_GPU: ['AL2023_x86_64_NVIDIA', 'BOTTLEROCKET_x86_64_NVIDIA'],
};

/**
 * In place: blocks each managed node group on an Amazon Linux 2 AMI type when the upgrade
 * reaches Kubernetes 1.33 or later. EKS stopped publishing AL2 AMIs on 26 November 2025, and
 * AL2023 and Bottlerocket AMIs cover 1.33 and later
 * (https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami.html), so such a node group
 * has no AMI to move to. A managed node group's AMI type cannot be changed, so the way out is a
 * new node group on AL2023 or Bottlerocket
 * (https://docs.aws.amazon.com/eks/latest/userguide/al2023.html).
 *
 * @example
 * ```ts
 * checkAmazonLinux2Nodegroups(snapshot, ['1.33'], builder); // AMAZON_LINUX_2_NODEGROUP for an AL2_x86_64 node group
 * ```
 */
export function checkAmazonLinux2Nodegroups(
  snapshot: ClusterSnapshot,
  hops: readonly string[],
  builder: PlanBuilder,
): void {
  const firstHopWithoutAl2 = hops.find(
    (hop) => compareKubernetesVersions(hop, FIRST_VERSION_WITHOUT_AL2_AMIS) >= 0,
  );
  if (!firstHopWithoutAl2) return;
  for (const nodegroup of snapshot.nodegroups) {
    const replacements = nodegroup.amiType ? AL2_AMI_TYPE_REPLACEMENTS[nodegroup.amiType] : undefined;
    if (!replacements) continue;
    const [al2023, bottlerocket] = replacements;
    builder.block(
      PlanIssueCode.AMAZON_LINUX_2_NODEGROUP,
      `Node group ${nodegroup.name} runs Amazon Linux 2 (${nodegroup.amiType}), and EKS publishes no Amazon Linux 2 AMI for Kubernetes ${FIRST_VERSION_WITHOUT_AL2_AMIS} or later (this upgrade reaches ${firstHopWithoutAl2}): create a node group with amiType ${al2023} (or ${bottlerocket}), move the workloads to it and delete ${nodegroup.name}, then plan again`,
      `nodegroup:${nodegroup.name}`,
    );
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
