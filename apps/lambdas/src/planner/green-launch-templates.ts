import type { ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

type NodegroupSnapshot = ClusterSnapshot['nodegroups'][number];

/**
 * Blue/green: a node group's copy on green reuses blue's launch template (its id and version;
 * EKS picks the AMI for green's version, https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html).
 * Green gets its own cluster security group and its own name, so a template that pins blue's
 * (a security group, or user data naming blue's cluster or endpoint) would give green's nodes
 * blue's settings. Reading the template needs EC2 DescribeLaunchTemplateVersions, which
 * eks-upgrade does not call, so the plan names each such group for the operator to check before
 * the workload gate is approved (`LAUNCH_TEMPLATE_REUSED_ON_GREEN`). Custom-AMI groups are
 * blocked elsewhere; an AL2 group moving to AL2023 with a template is blocked (`greenAmiType`).
 *
 * @example
 * ```ts
 * warnLaunchTemplateReuse(nodegroup, { blue: 'prod', green: 'prod-1-31' }, builder);
 * ```
 */
export function warnLaunchTemplateReuse(
  nodegroup: NodegroupSnapshot,
  clusters: { blue: string; green: string },
  builder: PlanBuilder,
): void {
  const template = nodegroup.launchTemplate;
  const blocked = builder.blockers.some((issue) => issue.resource === `nodegroup:${nodegroup.name}`);
  if (!template || nodegroup.customAmi || blocked) return;
  const name = template.name ?? template.id ?? 'its launch template';
  builder.warn(
    PlanIssueCode.LAUNCH_TEMPLATE_REUSED_ON_GREEN,
    `Node group ${nodegroup.name}'s copy on ${clusters.green} uses launch template ${name}${template.version ? ` version ${template.version}` : ''}, as ${clusters.blue}'s does: if it names ${clusters.blue}'s cluster security group, or its user data names ${clusters.blue}, ${clusters.green}'s nodes get ${clusters.blue}'s settings. eks-upgrade cannot read it (EC2 DescribeLaunchTemplateVersions); check it before approving the workload gate`,
    `nodegroup:${nodegroup.name}`,
  );
}
