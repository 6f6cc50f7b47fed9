import {
  type AddonSnapshot,
  type AgentConfig,
  type ClusterSnapshot,
  compareKubernetesVersions,
  createDefaultAgentConfig,
  type UpgradeRequest,
} from '@eks-upgrade/core-models';
import { addonUpgradePath, KUBE_PROXY_ADDON, orderAddons } from './addon-paths.js';
import { checkAddonHealth } from './checks/addon-checks.js';
import { checkFargateProfiles, fargateGate } from './checks/fargate-checks.js';
import { checkAmazonLinux2Nodegroups, checkInPlaceNodegroups } from './checks/nodegroup-checks.js';
import {
  checkNodegroupUpdates,
  type NodegroupUpdateSettings,
  nodegroupStepOptions,
  nodegroupUpdateConfigStep,
  nodegroupUpdateSettings,
  noteAutoModeNodes,
  warnPodDisruptionBudgets,
} from './checks/nodegroup-update-checks.js';
import { warnGreenRoleTagInPlace } from './green-role-tag.js';
import type { PlanBuilder } from './plan-builder.js';
import { stepId } from './step-id.js';

/** What the in-place planner reads beyond the snapshot: the request's and configuration's node group settings. */
export interface InPlaceContext {
  request?: UpgradeRequest;
  config?: AgentConfig;
}

/**
 * The in-place plan: the node group, add-on and Fargate rules, then the control plane one minor
 * at a time (`hops`); within each hop the control plane, the add-ons other than kube-proxy
 * (`addonUpgradePath`), the managed node groups to the control plane's version (with the
 * request's or configuration's `force`, and a custom-AMI group's launch template version or an
 * EKS-AMI group's release version for that version), then kube-proxy; a group on another update
 * strategy than the one asked for is put on it before its first version update
 * (`nodegroup_update_config`). Node groups already
 * behind move first. With Fargate profiles, an approval gate (purpose `fargate`) stands before
 * each hop after the first: the operator restarts the Fargate pods onto the new version.
 *
 * @example
 * ```ts
 * planInPlace(snapshot, ['1.30', '1.31'], builder);
 * builder.steps.map((step) => step.id);
 * // ['cp-1.30', 'addon-vpc-cni-1.30', 'addon-coredns-1.30', 'ng-general-1.30', 'addon-kube-proxy-1.30', 'cp-1.31', ...]
 * ```
 */
export function planInPlace(
  snapshot: ClusterSnapshot,
  hops: readonly string[],
  builder: PlanBuilder,
  context: InPlaceContext = {},
): void {
  const config = context.config ?? createDefaultAgentConfig();
  const settings: NodegroupUpdateSettings = context.request
    ? nodegroupUpdateSettings(context.request, config)
    : { force: config.upgrade.nodegroupForceUpdate, targets: {} };
  checkInPlaceNodegroups(snapshot, builder);
  checkAmazonLinux2Nodegroups(snapshot, hops, builder);
  checkAddonHealth(snapshot, builder);
  checkFargateProfiles(snapshot, builder);
  noteAutoModeNodes(snapshot, builder);
  warnGreenRoleTagInPlace(snapshot, builder);
  const cluster = snapshot.clusterName;
  const nodegroupVersions = new Map(
    snapshot.nodegroups.map((nodegroup) => [nodegroup.name, nodegroup.version]),
  );
  // The versions each node group moves to, for the rules on how it can move.
  const moves = new Map<string, string[]>();
  // EKS requires every managed node group on the control plane's version before the next
  // control-plane update (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html),
  // so node groups behind it move first, then after every hop.
  const moveNodegroups = (toVersion: string) => {
    const moving = snapshot.nodegroups.filter(
      (nodegroup) => compareKubernetesVersions(nodegroupVersions.get(nodegroup.name)!, toVersion) < 0,
    );
    // A group rolls with the update strategy asked for from its first version update on: the
    // strategy is set before it (and before the others of the move, which may roll together).
    for (const nodegroup of moving) {
      if (moves.has(nodegroup.name)) continue;
      const step = nodegroupUpdateConfigStep(snapshot, nodegroup, settings);
      if (step) builder.add(step);
    }
    for (const nodegroup of moving) {
      const fromVersion = nodegroupVersions.get(nodegroup.name)!;
      const options = nodegroupStepOptions(nodegroup, fromVersion, toVersion, settings);
      builder.add({
        id: stepId('ng', nodegroup.name.slice(0, 48), toVersion),
        kind: 'nodegroup_upgrade',
        description: `Upgrade node group ${nodegroup.name} from ${fromVersion} to ${toVersion}${options.launchTemplate ? ` (launch template version ${options.launchTemplate.version})` : ''}`,
        clusterName: cluster,
        nodegroupName: nodegroup.name,
        fromVersion,
        toVersion,
        ...options,
        // The node groups of one move may roll together, nodegroupParallelism at a time (the
        // workflow runs one group's steps in batches); with 1 (the default) the plan is as before.
        ...(config.upgrade.nodegroupParallelism > 1
          ? { parallelGroup: stepId('nodegroups', toVersion) }
          : {}),
      });
      nodegroupVersions.set(nodegroup.name, toVersion);
      moves.set(nodegroup.name, [...(moves.get(nodegroup.name) ?? []), toVersion]);
    }
  };
  moveNodegroups(snapshot.version);
  const addonVersions = new Map(snapshot.addons.map((addon) => [addon.name, addon.version]));
  const moveAddon = (addon: AddonSnapshot, hop: string) => {
    const path = addonUpgradePath(addon, addonVersions.get(addon.name)!, hop, builder);
    path?.forEach((toVersion, index) => {
      const fromVersion = addonVersions.get(addon.name)!;
      builder.add({
        id: stepId('addon', addon.name.slice(0, 40), hop, ...(path.length > 1 ? [String(index + 1)] : [])),
        kind: 'addon_upgrade',
        description: `Update add-on ${addon.name} from ${fromVersion} to ${toVersion} for Kubernetes ${hop}`,
        clusterName: cluster,
        addonName: addon.name,
        fromVersion,
        toVersion,
        kubernetesVersion: hop,
      });
      addonVersions.set(addon.name, toVersion);
    });
  };
  const addons = orderAddons(snapshot.addons);
  const kubeProxy = addons.find((addon) => addon.name === KUBE_PROXY_ADDON);
  let previous = snapshot.version;
  for (const hop of hops) {
    // EKS updates a cluster only when its Fargate pods run its version: the pods of the
    // previous hop must have been restarted before this one.
    if (previous !== snapshot.version) {
      const gate = fargateGate(snapshot, previous, hop, config);
      if (gate) builder.add(gate);
    }
    builder.add({
      id: stepId('cp', hop),
      kind: 'control_plane_upgrade',
      description: `Upgrade the control plane of ${cluster} from ${previous} to ${hop}`,
      clusterName: cluster,
      fromVersion: previous,
      toVersion: hop,
    });
    for (const addon of addons) if (addon !== kubeProxy) moveAddon(addon, hop);
    moveNodegroups(hop);
    // kube-proxy must not be newer than the kubelets beside it, so EKS says to update the
    // nodes before moving kube-proxy to their minor
    // (https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html,
    // https://kubernetes.io/releases/version-skew-policy/#kube-proxy).
    if (kubeProxy) moveAddon(kubeProxy, hop);
    previous = hop;
  }
  checkNodegroupUpdates(snapshot, moves, settings, builder);
  warnPodDisruptionBudgets(snapshot, [...moves.keys()], settings, builder);
}
