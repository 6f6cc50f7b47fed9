import { type ClusterSnapshot, compareKubernetesVersions } from '@eks-upgrade/core-models';
import { AL2_AMI_TYPE_REPLACEMENTS, FIRST_VERSION_WITHOUT_AL2_AMIS } from './checks/nodegroup-checks.js';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

type NodegroupSnapshot = ClusterSnapshot['nodegroups'][number];

/**
 * Blue/green: the AMI type of a node group's copy on green. EKS publishes no Amazon Linux 2 AMI
 * for Kubernetes 1.33 or later (AL2 AMIs ended on 26 November 2025,
 * https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html), so a group on
 * an AL2 AMI type is copied onto its AL2023 equivalent, and the plan says so
 * (`AMAZON_LINUX_2_MOVED_TO_AL2023`). A group with a launch template cannot be moved that way:
 * AL2023 nodes bootstrap with nodeadm, not AL2's `bootstrap.sh`, so the template's user data (and
 * whatever else it pins of blue, such as blue's cluster security group) would have to be
 * remade for AL2023: the copy is blocked with the reason (`LAUNCH_TEMPLATE_BLOCKS_GREEN_COPY`).
 * `undefined`: blue's type.
 *
 * @example
 * ```ts
 * greenAmiType(nodegroup, { green: 'prod-1-33', targetVersion: '1.33' }, builder); // 'AL2023_x86_64_STANDARD' for AL2_x86_64
 * ```
 */
export function greenAmiType(
  nodegroup: NodegroupSnapshot,
  facts: { green: string; targetVersion: string },
  builder: PlanBuilder,
): string | undefined {
  const replacement = nodegroup.amiType ? AL2_AMI_TYPE_REPLACEMENTS[nodegroup.amiType] : undefined;
  if (!replacement || compareKubernetesVersions(facts.targetVersion, FIRST_VERSION_WITHOUT_AL2_AMIS) < 0) {
    return undefined;
  }
  const [al2023] = replacement;
  if (nodegroup.launchTemplate) {
    const template = nodegroup.launchTemplate.name ?? nodegroup.launchTemplate.id ?? 'its launch template';
    builder.block(
      PlanIssueCode.LAUNCH_TEMPLATE_BLOCKS_GREEN_COPY,
      `Node group ${nodegroup.name} runs ${nodegroup.amiType} with launch template ${template}: EKS has no AL2 AMI for ${facts.targetVersion}, and its copy on ${facts.green} would run ${al2023}, whose nodes bootstrap with nodeadm instead of AL2's bootstrap.sh, so the template's user data (and anything it pins of the blue cluster, such as its cluster security group) must be made for AL2023 and ${facts.green} first. Publish a template version for AL2023 without blue-specific settings and point ${nodegroup.name} at it, or create its green copy yourself`,
      `nodegroup:${nodegroup.name}`,
    );
    return undefined;
  }
  builder.warn(
    PlanIssueCode.AMAZON_LINUX_2_MOVED_TO_AL2023,
    `Node group ${nodegroup.name} runs ${nodegroup.amiType}, for which EKS publishes no AMI at ${facts.targetVersion}: its copy on ${facts.green} runs ${al2023}. Check that its workloads run on Amazon Linux 2023 (cgroup v2, IMDSv2 by default) before traffic moves`,
    `nodegroup:${nodegroup.name}`,
  );
  return al2023;
}
