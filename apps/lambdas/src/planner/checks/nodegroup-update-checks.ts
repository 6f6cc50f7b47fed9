import {
  type AgentConfig,
  type ClusterSnapshot,
  type NodegroupHopTarget,
  type NodegroupSnapshot,
  type NodegroupUpdateConfigStep,
  type NodegroupUpdateStrategy,
  NodegroupUpdateStrategySchema,
  type UpgradeInsight,
  type UpgradeRequest,
} from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';
import { stepId } from '../step-id.js';

/** How the in-place plan updates managed node groups: the request's settings over the configuration's. */
export interface NodegroupUpdateSettings {
  /** UpdateNodegroupVersion `force`. */
  force: boolean;
  /** The rolling strategy every group rolls with, when one is asked for (set before its first update). */
  updateStrategy?: NodegroupUpdateStrategy;
  /** Per node group, per hop (the version it moves to): the launch template version or AMI release. */
  targets: Readonly<Record<string, Readonly<Record<string, NodegroupHopTarget>>>>;
}

/** The effective node group update settings of a request under a configuration. */
export function nodegroupUpdateSettings(
  request: UpgradeRequest,
  config: AgentConfig,
): NodegroupUpdateSettings {
  const asked = request.nodegroupUpdates;
  const updateStrategy = asked?.updateStrategy ?? config.upgrade.nodegroupUpdateStrategy;
  return {
    force: asked?.force ?? config.upgrade.nodegroupForceUpdate,
    ...(updateStrategy ? { updateStrategy } : {}),
    targets: asked?.nodegroups ?? {},
  };
}

/**
 * The step that puts `nodegroup` on the update strategy asked for before its first version
 * update, when it rolls with another one (DescribeNodegroup `updateConfig.updateStrategy`; EKS's
 * DEFAULT when it names none): EKS UpdateNodegroupConfig takes DEFAULT or MINIMAL for any
 * managed node group (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html), so a
 * group on another strategy is changed, not blocked. `undefined` when nothing is asked for or
 * the group is on it already.
 *
 * @example
 * ```ts
 * nodegroupUpdateConfigStep(snapshot, batch, { force: false, updateStrategy: 'MINIMAL', targets: {} });
 * // { id: 'ng-config-batch', kind: 'nodegroup_update_config', updateStrategy: 'MINIMAL', previousUpdateStrategy: 'DEFAULT', … }
 * ```
 */
export function nodegroupUpdateConfigStep(
  snapshot: ClusterSnapshot,
  nodegroup: NodegroupSnapshot,
  settings: NodegroupUpdateSettings,
): NodegroupUpdateConfigStep | undefined {
  const asked = settings.updateStrategy;
  const current = NodegroupUpdateStrategySchema.safeParse(nodegroup.updateStrategy ?? 'DEFAULT');
  if (!asked || (current.success && current.data === asked)) return undefined;
  return {
    id: stepId('ng-config', nodegroup.name.slice(0, 52)),
    kind: 'nodegroup_update_config',
    description: `Roll node group ${nodegroup.name} with the ${asked} update strategy (it rolls with ${nodegroup.updateStrategy ?? 'DEFAULT'})`,
    clusterName: snapshot.clusterName,
    nodegroupName: nodegroup.name,
    updateStrategy: asked,
    // A strategy EKS added since (unknown here) goes back as DEFAULT, EKS's own.
    previousUpdateStrategy: current.success ? current.data : 'DEFAULT',
  };
}

/**
 * The node group step's extra UpdateNodegroupVersion fields for a move from `fromVersion` to
 * `toVersion`; for a custom-AMI group, also the launch template version it runs before the move
 * (the snapshot's for its first move, the one the request gave for `fromVersion` after), which
 * native rollback takes it back to.
 */
export function nodegroupStepOptions(
  nodegroup: NodegroupSnapshot,
  fromVersion: string,
  toVersion: string,
  settings: NodegroupUpdateSettings,
): {
  force?: true;
  launchTemplate?: { id?: string; name?: string; version: string };
  fromLaunchTemplateVersion?: string;
  releaseVersion?: string;
} {
  const target = settings.targets[nodegroup.name]?.[toVersion];
  const template = nodegroup.launchTemplate;
  const fromTemplateVersion =
    fromVersion === nodegroup.version
      ? template?.version
      : settings.targets[nodegroup.name]?.[fromVersion]?.launchTemplateVersion;
  return {
    ...(settings.force ? { force: true as const } : {}),
    ...(nodegroup.customAmi && target?.launchTemplateVersion && template
      ? {
          launchTemplate: {
            ...(template.id ? { id: template.id } : { name: template.name! }),
            version: target.launchTemplateVersion,
          },
          ...(fromTemplateVersion ? { fromLaunchTemplateVersion: fromTemplateVersion } : {}),
        }
      : {}),
    ...(!nodegroup.customAmi && target?.releaseVersion ? { releaseVersion: target.releaseVersion } : {}),
  };
}

/**
 * The in-place rules for how each managed node group can move, per the UpdateNodegroupVersion
 * API reference (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html)
 * and the managed node group update guide
 * (https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html):
 * - a custom-AMI group moves only by a new version of its launch template (EKS cannot pick an
 *   AMI for it, and fails the update if it is given a Kubernetes version or release version):
 *   without a `launchTemplateVersion` for every version it moves to, it blocks
 *   (`CUSTOM_AMI_NODEGROUP`, naming the versions missing); a `releaseVersion` for it, a
 *   `launchTemplateVersion` for a group on an EKS AMI or without a launch template, or a target
 *   for a group the cluster does not have, is refused (`NODEGROUP_TARGET_INVALID`);
 * - a configured `updateStrategy` needs no check: EKS changes any group's strategy
 *   (`nodegroupUpdateConfigStep`).
 *
 * @example
 * ```ts
 * checkNodegroupUpdates(snapshot, new Map([['gpu', ['1.30', '1.31']]]), settings, builder);
 * ```
 */
export function checkNodegroupUpdates(
  snapshot: ClusterSnapshot,
  moves: ReadonlyMap<string, readonly string[]>,
  settings: NodegroupUpdateSettings,
  builder: PlanBuilder,
): void {
  for (const [name, perHop] of Object.entries(settings.targets)) {
    const nodegroup = snapshot.nodegroups.find((candidate) => candidate.name === name);
    const resource = `nodegroup:${name}`;
    if (!nodegroup) {
      builder.block(
        PlanIssueCode.NODEGROUP_TARGET_INVALID,
        `nodegroupUpdates names node group ${name}, which ${snapshot.clusterName} does not have`,
        resource,
      );
      continue;
    }
    for (const [version, target] of Object.entries(perHop)) {
      if (nodegroup.customAmi && target.releaseVersion) {
        builder.block(
          PlanIssueCode.NODEGROUP_TARGET_INVALID,
          `Node group ${name} uses a custom AMI: EKS refuses a release version for it (${version}: ${target.releaseVersion}); give the launch template version with an AMI for ${version} instead`,
          resource,
        );
      }
      if (target.launchTemplateVersion && (!nodegroup.customAmi || !nodegroup.launchTemplate)) {
        builder.block(
          PlanIssueCode.NODEGROUP_TARGET_INVALID,
          `Node group ${name} ${nodegroup.launchTemplate ? 'runs an EKS AMI, which EKS picks for each version' : 'has no launch template'}: a launch template version (${version}: ${target.launchTemplateVersion}) is for custom-AMI groups; leave it out or give a releaseVersion`,
          resource,
        );
      }
    }
  }
  for (const nodegroup of snapshot.nodegroups) {
    const versions = moves.get(nodegroup.name) ?? [];
    if (versions.length === 0) continue;
    const resource = `nodegroup:${nodegroup.name}`;
    if (nodegroup.customAmi) {
      const missing = versions.filter(
        (version) => !settings.targets[nodegroup.name]?.[version]?.launchTemplateVersion,
      );
      if (missing.length > 0) {
        builder.block(
          PlanIssueCode.CUSTOM_AMI_NODEGROUP,
          `Node group ${nodegroup.name} uses a custom AMI: EKS cannot move its version; publish a launch template version with an AMI for ${missing.join(', ')} and give it in the request (nodegroupUpdates.nodegroups.${nodegroup.name}["${missing[0]}"].launchTemplateVersion), or use blue/green`,
          resource,
        );
      }
    }
  }
}

/** Whether an insight is about PodDisruptionBudgets (EKS names them in its text, not by a code). */
function aboutPodDisruptionBudgets(insight: UpgradeInsight): boolean {
  const text = `${insight.name} ${insight.description} ${insight.reason} ${insight.recommendation}`;
  return /PodDisruptionBudget|\bPDBs?\b/i.test(text);
}

/**
 * Warns before any node group rolls when an insight reports PodDisruptionBudgets: EKS drains
 * each old node, and a pod a PodDisruptionBudget keeps from being evicted fails the update with
 * PodEvictionFailure after 15 minutes of retrying, unless the update is forced
 * (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
 *
 * @example
 * ```ts
 * warnPodDisruptionBudgets(snapshot, ['general'], settings, builder);
 * ```
 */
export function warnPodDisruptionBudgets(
  snapshot: ClusterSnapshot,
  rolling: readonly string[],
  settings: NodegroupUpdateSettings,
  builder: PlanBuilder,
): void {
  if (rolling.length === 0) return;
  for (const insight of snapshot.insights.filter(
    (candidate) => candidate.status !== 'PASSING' && aboutPodDisruptionBudgets(candidate),
  )) {
    const outcome = settings.force
      ? 'the updates are forced (nodegroupUpdates.force), so EKS evicts those pods regardless of their budget'
      : `a pod they keep from being evicted fails that node group's update with PodEvictionFailure and the upgrade rolls back: relax the budgets before the upgrade, or set nodegroupUpdates.force`;
    builder.warn(
      PlanIssueCode.POD_DISRUPTION_BUDGETS,
      `Upgrade insight "${insight.name}" reports PodDisruptionBudgets${insight.reason ? ` (${insight.reason})` : ''}; node groups ${rolling.join(', ')} are drained as they roll, and ${outcome}`,
      insight.id,
    );
  }
}

/**
 * EKS Auto Mode (`computeConfig.enabled`): EKS itself replaces the nodes it manages so they
 * follow the control plane's version, respecting disruption budgets
 * (https://docs.aws.amazon.com/eks/latest/userguide/auto-upgrade.html); they are no managed node
 * groups, so the plan makes no step for them and says so.
 *
 * @example
 * ```ts
 * noteAutoModeNodes(snapshot, builder); // AUTO_MODE_NODES warning on an Auto Mode cluster
 * ```
 */
export function noteAutoModeNodes(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  if (!snapshot.autoMode) return;
  const managed = snapshot.nodegroups.map((nodegroup) => nodegroup.name);
  builder.warn(
    PlanIssueCode.AUTO_MODE_NODES,
    `${snapshot.clusterName} runs EKS Auto Mode: EKS replaces the nodes it manages to follow the control plane after each hop, so the plan has no step for them${managed.length > 0 ? `; its managed node groups (${managed.join(', ')}) are upgraded by the plan as usual` : ''}`,
    'compute:auto-mode',
  );
}
