import type { AgentConfig, ClusterSnapshot, UpgradeRequest } from '@eks-upgrade/core-models';
import { addonInstallVersion, orderAddons } from './addon-paths.js';
import { addWorkloadGate } from './approval-gates.js';
import { checkAlarmGate, checkGreenClusterName, checkTrafficRouting } from './checks/blue-green-checks.js';
import { checkGreenAccess } from './checks/green-access-checks.js';
import { checkBlueGreenNodegroups } from './checks/nodegroup-checks.js';
import { greenAmiType } from './green-ami-types.js';
import { greenClusterNameFor } from './green-cluster-name.js';
import { planGreenIrsa } from './green-irsa.js';
import { checkGreenLaunchTemplate } from './green-launch-templates.js';
import { checkGreenRoleTagOnBlue } from './green-role-tag.js';
import type { PlanBuilder } from './plan-builder.js';
import { stepId } from './step-id.js';

/**
 * The blue/green plan (https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html):
 * create the green cluster at the target, then a copy of each blue managed node group and each
 * blue add-on (at EKS's default version for the target) on it, shift traffic at the request's
 * or the configured intervals, delete the blue cluster.
 *
 * @example
 * ```ts
 * planBlueGreen(snapshot, request, config, builder);
 * builder.steps.map((step) => step.id); // ['provision-prod-1-31', 'green-ng-general', ..., 'decommission-prod']
 * ```
 */
export function planBlueGreen(
  snapshot: ClusterSnapshot,
  request: UpgradeRequest,
  config: AgentConfig,
  builder: PlanBuilder,
): void {
  const blue = snapshot.clusterName;
  const green = greenClusterNameFor(request);
  checkGreenClusterName(blue, green, builder);
  checkTrafficRouting(request, builder);
  checkAlarmGate(request, config, builder);
  checkBlueGreenNodegroups(snapshot, green, request.targetVersion, builder);
  checkGreenAccess(snapshot, green, builder);
  checkGreenRoleTagOnBlue(snapshot, builder);
  builder.add({
    id: stepId('provision', green.slice(0, 50)),
    kind: 'cluster_provision',
    description: `Create the green cluster ${green} at Kubernetes ${request.targetVersion}, shaped like ${blue}`,
    sourceClusterName: blue,
    clusterName: green,
    version: request.targetVersion,
  });
  // Green has an issuer of its own: IRSA roles can be assumed there only through an IAM OIDC
  // provider for it (https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html).
  builder.add({
    id: stepId('green-oidc', green.slice(0, 50)),
    kind: 'oidc_provider_provision',
    description: `Create the IAM OIDC provider for the issuer of ${green} (IRSA on green)`,
    clusterName: green,
    sourceClusterName: blue,
  });
  // Node groups before add-ons: CreateCluster starts green with self-managed VPC CNI,
  // kube-proxy and CoreDNS, so nodes join at once; CoreDNS as an EKS add-on needs nodes to run on.
  for (const nodegroup of snapshot.nodegroups) {
    const amiType = greenAmiType(nodegroup, { green, targetVersion: request.targetVersion }, builder);
    checkGreenLaunchTemplate(nodegroup, { blue, green }, builder);
    builder.add({
      id: stepId('green-ng', nodegroup.name.slice(0, 48)),
      kind: 'nodegroup_provision',
      description: `Create node group ${nodegroup.name} on ${green} at ${request.targetVersion}, shaped like ${blue}'s`,
      clusterName: green,
      nodegroupName: nodegroup.name,
      sourceClusterName: blue,
      sourceNodegroupName: nodegroup.name,
      version: request.targetVersion,
      ...(amiType ? { amiType } : {}),
    });
  }
  // Fargate profiles after the node groups, as blue's: pods they select need them on green before
  // any traffic moves (https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html).
  for (const profile of snapshot.fargateProfiles) {
    builder.add({
      id: stepId('green-fargate', profile.slice(0, 44)),
      kind: 'fargate_profile_provision',
      description: `Create Fargate profile ${profile} on ${green}, copied from ${blue}`,
      clusterName: green,
      fargateProfileName: profile,
      sourceClusterName: blue,
    });
  }
  // After the node groups and Fargate profiles, whose roles' entries EKS creates itself.
  builder.add({
    id: stepId('green-access', green.slice(0, 50)),
    kind: 'access_entry_provision',
    description: `Copy the access entries of ${blue} to ${green}`,
    clusterName: green,
    sourceClusterName: blue,
  });
  // Pod Identity associations belong to one cluster; before the add-ons whose pods may use them.
  builder.add({
    id: stepId('green-pod-identity', green.slice(0, 44)),
    kind: 'pod_identity_provision',
    description: `Copy the Pod Identity associations of ${blue} to ${green}`,
    clusterName: green,
    sourceClusterName: blue,
  });
  planGreenIrsa(snapshot, { blue, green }, config, builder);
  for (const addon of orderAddons(snapshot.addons)) {
    const toVersion = addonInstallVersion(addon, request.targetVersion, builder);
    if (!toVersion) continue;
    builder.add({
      id: stepId('green-addon', addon.name.slice(0, 40)),
      kind: 'addon_install',
      description: `Install add-on ${addon.name} ${toVersion} on ${green} (${blue} runs ${addon.version})`,
      clusterName: green,
      addonName: addon.name,
      toVersion,
      kubernetesVersion: request.targetVersion,
      sourceClusterName: blue,
    });
  }
  // Green is ready; workloads are deployed to it before any traffic moves (approval-gates.ts).
  addWorkloadGate(builder, { blue, green, request, config });
  const intervals = request.trafficShiftIntervals ?? config.upgrade.trafficShiftIntervals;
  let fromWeight = 0;
  for (const toWeight of intervals) {
    builder.add({
      id: stepId('traffic', String(toWeight)),
      kind: 'traffic_shift',
      description: `Shift ${toWeight}% of traffic to ${green} (${100 - toWeight}% stays on ${blue})`,
      blueClusterName: blue,
      greenClusterName: green,
      fromWeight,
      toWeight,
    });
    fromWeight = toWeight;
  }
  // Blue stays as it is for a while after green took all traffic (resolvers keep the old answer
  // for the records' TTL; blue is the quickest way back); its removal is a later, separate phase.
  const ttlSeconds = request.trafficRouting?.ttlSeconds ?? 60;
  const retentionSeconds = Math.max(config.upgrade.blueRetentionSeconds, ttlSeconds);
  builder.add({
    id: stepId('retain', blue.slice(0, 56)),
    kind: 'blue_retention',
    description: `Keep ${blue} for ${retentionSeconds} s with all traffic on ${green} (at least the records' ${ttlSeconds} s TTL), before its decommission`,
    clusterName: blue,
    greenClusterName: green,
    retentionSeconds,
  });
  builder.add({
    id: stepId('decommission', blue.slice(0, 50)),
    kind: 'cluster_decommission',
    description: `Delete the old (blue) cluster ${blue} once ${green} carries all traffic`,
    clusterName: blue,
  });
}
