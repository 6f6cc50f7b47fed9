import type { ClusterSnapshot, LaunchTemplatePin } from '@eks-upgrade/core-models';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

type NodegroupSnapshot = ClusterSnapshot['nodegroups'][number];

/** What each kind of pin names, in words. */
const PINNED: Readonly<Record<LaunchTemplatePin['names'], (blue: string) => string>> = {
  'cluster-security-group': (blue) => `${blue}'s cluster security group`,
  'cluster-name': (blue) => `${blue}'s cluster name`,
  'api-server-endpoint': (blue) => `${blue}'s API server endpoint`,
  'certificate-authority': (blue) => `${blue}'s certificate authority`,
};

/** `UserData (AL2 bootstrap.sh) names prod's cluster name and prod's API server endpoint; SecurityGroupIds names …`. */
function describePins(pins: readonly LaunchTemplatePin[], blue: string): string {
  const bySetting = new Map<string, string[]>();
  for (const pin of pins) {
    const setting = pin.format ? `${pin.setting} (${pin.format})` : pin.setting;
    bySetting.set(setting, [...(bySetting.get(setting) ?? []), PINNED[pin.names](blue)]);
  }
  return [...bySetting].map(([setting, named]) => `${setting} names ${named.join(' and ')}`).join('; ');
}

/**
 * Blue/green: a node group's copy on green reuses blue's launch template (its id and version;
 * EKS picks the AMI for green's version, https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html).
 * Green has its own cluster security group, name, endpoint and certificate authority, so a
 * version that pins blue's (perception reads it with EC2 DescribeLaunchTemplateVersions: its
 * `SecurityGroupIds`, `NetworkInterfaces[].Groups` and user data) would give green's nodes
 * blue's settings: the copy is blocked, naming the setting (`LAUNCH_TEMPLATE_PINS_BLUE`). A
 * version perception could not read is blocked too (`LAUNCH_TEMPLATE_UNREADABLE`): nothing
 * says it is safe, and what fixes it (the read permission, or the template) is the operator's.
 * A snapshot without a reading (taken before perception read templates) keeps the warning
 * (`LAUNCH_TEMPLATE_REUSED_ON_GREEN`). Custom-AMI groups are blocked elsewhere; an AL2 group
 * moving to AL2023 with a template is blocked (`greenAmiType`).
 *
 * @example
 * ```ts
 * checkGreenLaunchTemplate(nodegroup, { blue: 'prod', green: 'prod-1-31' }, builder);
 * ```
 */
export function checkGreenLaunchTemplate(
  nodegroup: NodegroupSnapshot,
  clusters: { blue: string; green: string },
  builder: PlanBuilder,
): void {
  const template = nodegroup.launchTemplate;
  const resource = `nodegroup:${nodegroup.name}`;
  const blocked = builder.blockers.some((issue) => issue.resource === resource);
  if (!template || nodegroup.customAmi || blocked) return;
  const { blue, green } = clusters;
  const name = template.name ?? template.id ?? 'its launch template';
  const reading = template.reading;
  const version = reading?.status === 'read' ? reading.version : template.version;
  const named = `launch template ${name}${version ? ` version ${version}` : ''}`;
  if (!reading) {
    builder.warn(
      PlanIssueCode.LAUNCH_TEMPLATE_REUSED_ON_GREEN,
      `Node group ${nodegroup.name}'s copy on ${green} uses ${named}, as ${blue}'s does: if it names ${blue}'s cluster security group, or its user data names ${blue}, ${green}'s nodes get ${blue}'s settings. This snapshot does not say what the template holds (perception reads it with EC2 DescribeLaunchTemplateVersions); perceive ${blue} again, or check it before approving the workload gate`,
      resource,
    );
    return;
  }
  // Green takes its own settings when the template names none: EKS adds the cluster's own
  // security group when the template names no security group, and for its AMIs merges the
  // bootstrap that names the cluster into the user data (launch-templates.html above).
  const fix = `Publish a version of ${name} without ${blue}'s settings (no security groups, so that EKS adds each cluster's own cluster security group; user data that names no cluster, as EKS adds the bootstrap for its AMIs), move ${blue}'s ${nodegroup.name} to it (UpdateNodegroupVersion with that launch template version) and plan again, or create the group on ${green} yourself`;
  if (reading.status === 'unreadable') {
    builder.block(
      PlanIssueCode.LAUNCH_TEMPLATE_UNREADABLE,
      `Node group ${nodegroup.name}'s copy on ${green} would use ${named}, which perception could not read (${reading.reason}), so nothing says it does not pin ${blue}'s cluster security group or name ${blue} in its user data. Grant the perception function ec2:DescribeLaunchTemplateVersions (eks-upgrade stack deploy grants it) or fix the template reference, then plan again; or: ${fix}`,
      resource,
    );
    return;
  }
  if (reading.pins.length === 0) return;
  builder.block(
    PlanIssueCode.LAUNCH_TEMPLATE_PINS_BLUE,
    `Node group ${nodegroup.name}'s copy on ${green} would use ${named}, which pins ${blue}: ${describePins(reading.pins, blue)}, so ${green}'s nodes would get ${blue}'s settings. ${fix}`,
    resource,
  );
}
