import { compareKubernetesVersions, minorVersionDistance } from '@eks-upgrade/core-models';
import {
  AL2_AMI_TYPE_REPLACEMENTS,
  FIRST_VERSION_WITHOUT_AL2_AMIS,
} from '../../planner/checks/nodegroup-checks.js';
import type { NodegroupUpdateConfig, UpdateNodegroupVersionOptions } from '../cluster-gateway.js';
import { eksError, type SimCluster, type SimNodegroup, type SimulatedWorld } from './simulated-eks-state.js';

/**
 * EKS's rules on Kubernetes versions that the simulator enforces, each with the AWS page it
 * comes from, so a rehearsal refuses what EKS would refuse.
 */

/** Native rollback is offered for 7 days after an in-place version upgrade completed. */
export const ROLLBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** `rollbackConfig.timeoutMinutes` bounds and default (UpdateClusterVersion API reference). */
export const ROLLBACK_TIMEOUT_MINUTES = { min: 120, max: 10_080, default: 720 } as const;

const UPDATE_CLUSTER_VERSION = 'UpdateClusterVersion';

/**
 * The control plane moves one minor version per update, to a version EKS supports, and only
 * once every managed node group and every Fargate pod runs its current minor ("Update existing cluster to new
 * Kubernetes version": https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 */
export function checkClusterUpgrade(world: SimulatedWorld, cluster: SimCluster, version: string): void {
  const from = cluster.info.version;
  if (minorVersionDistance(from, version) !== 1) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidParameterException',
      `Unsupported Kubernetes minor version update from ${from} to ${version}: the control plane moves one minor version at a time`,
    );
  }
  if (!world.scenario.cluster.supportedVersions.some((row) => row.version === version)) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidParameterException',
      `Kubernetes version ${version} is not supported`,
    );
  }
  // Fargate pods must run the control plane's minor too: EKS refuses the update until the pods
  // of the previous version are restarted ("If you have Fargate nodes with a minor version lower
  // than the control plane version, first delete the pod that's represented by the node. Then
  // update your control plane", https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html),
  // with the message below.
  const pods = cluster.fargatePodsVersion ?? from;
  if (cluster.fargateProfiles.length > 0 && pods !== from) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidRequestException',
      `Kubelet version of Fargate pods must be updated to match cluster version ${from} before updating cluster version; Please recycle all offending pod replicas (Fargate profiles ${cluster.fargateProfiles.map((profile) => profile.name).join(', ')} run ${pods})`,
    );
  }
  const behind = cluster.nodegroups.filter((nodegroup) => nodegroup.version !== from);
  if (behind.length > 0) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidRequestException',
      `Nodegroups ${behind.map((nodegroup) => nodegroup.name).join(', ')} must be on Kubernetes version ${from} before the cluster is updated`,
    );
  }
}

/**
 * Native rollback (UpdateClusterVersion with `rollbackConfig`, update type `VersionRollback`):
 * only to the previous minor version, of a cluster upgraded in place from it, within 7 days of
 * that upgrade completing, and with no managed node group on a kubelet newer than that version —
 * nodes never run a newer kubelet than the control plane, so node groups roll back first ("Roll
 * back a cluster to a previous Kubernetes version":
 * https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html). `rollbackConfig.timeoutMinutes`
 * is how long EKS waits before cancelling the rollback, 120-10080
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_RollbackConfig.html). A scenario's
 * `rollback_fails` makes EKS refuse it (a failing rollback-readiness check).
 */
export function checkClusterRollback(
  world: SimulatedWorld,
  cluster: SimCluster,
  version: string,
  timeoutMinutes?: number,
): void {
  const minutes = timeoutMinutes ?? ROLLBACK_TIMEOUT_MINUTES.default;
  if (minutes < ROLLBACK_TIMEOUT_MINUTES.min || minutes > ROLLBACK_TIMEOUT_MINUTES.max) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidParameterException',
      `rollbackConfig.timeoutMinutes must be between 120 and 10080 (got ${minutes})`,
    );
  }
  if (minorVersionDistance(cluster.info.version, version) !== -1) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidParameterException',
      `Rollback is only possible to the previous minor version of ${cluster.info.version}`,
    );
  }
  const last = cluster.lastUpgrade;
  if (!last || last.toVersion !== cluster.info.version || last.fromVersion !== version) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidRequestException',
      `Cluster ${cluster.info.name} was not upgraded in place from ${version}; rollback is not available`,
    );
  }
  if (world.clock.nowMs() - last.completedAtMs > ROLLBACK_WINDOW_MS) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidRequestException',
      'Rollback is only available within 7 days of the upgrade',
    );
  }
  const ahead = cluster.nodegroups.filter(
    (nodegroup) => compareKubernetesVersions(nodegroup.version, version) > 0,
  );
  if (ahead.length > 0) {
    throw eksError(
      UPDATE_CLUSTER_VERSION,
      'InvalidRequestException',
      `Nodegroups ${ahead.map((nodegroup) => nodegroup.name).join(', ')} run a kubelet newer than ${version}`,
    );
  }
  const refusal = world.failures.rollbackRefusal();
  if (refusal) throw eksError(UPDATE_CLUSTER_VERSION, 'InvalidRequestException', refusal);
}

/**
 * EKS publishes no Amazon Linux 2 AMI for Kubernetes 1.33 and later; AL2023 and Bottlerocket
 * cover them ("Amazon Linux 2 AMI deprecation":
 * https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html), so
 * UpdateNodegroupVersion and CreateNodegroup refuse an AL2 AMI type at those versions.
 */
export function refuseAmazonLinux2(
  operation: string,
  nodegroupName: string,
  amiType: string | undefined,
  version: string,
): void {
  const replacements = amiType ? AL2_AMI_TYPE_REPLACEMENTS[amiType] : undefined;
  if (!replacements || compareKubernetesVersions(version, FIRST_VERSION_WITHOUT_AL2_AMIS) < 0) return;
  throw eksError(
    operation,
    'InvalidParameterException',
    `Node group ${nodegroupName}: AMI type ${amiType} is not available for Kubernetes ${version} (no Amazon Linux 2 AMI for ${FIRST_VERSION_WITHOUT_AL2_AMIS} or later); use ${replacements.join(' or ')}`,
  );
}

/**
 * UpdateNodegroupVersion's rules: a custom-AMI group takes a new launch template version, not a
 * Kubernetes version (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html);
 * nodes never run a newer kubelet than the control plane
 * (https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html); going back
 * is one minor version, the way EKS native rollback has managed node groups rolled back with
 * UpdateNodegroupVersion (https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html);
 * no AL2 AMI at 1.33 or later.
 */
export function checkNodegroupVersion(
  cluster: SimCluster,
  nodegroup: SimNodegroup,
  version: string,
  options: UpdateNodegroupVersionOptions = {},
): void {
  const operation = 'UpdateNodegroupVersion';
  // A custom-AMI group moves only by a new launch template version, named with the group's own
  // template; EKS fails a version or release version for it
  // (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html).
  const template = options.launchTemplate;
  if (nodegroup.customAmi && (!template || options.releaseVersion)) {
    throw eksError(
      operation,
      'InvalidParameterException',
      `Node group ${nodegroup.name} uses a custom AMI; update its launch template instead of passing a version`,
    );
  }
  if (template) {
    const own = nodegroup.shape.launchTemplate;
    if (!own || (template.id ? template.id !== own.id : template.name !== own.name)) {
      throw eksError(
        operation,
        'InvalidParameterException',
        `Node group ${nodegroup.name} was not created with launch template ${template.id ?? template.name}`,
      );
    }
  }
  if (compareKubernetesVersions(version, cluster.info.version) > 0) {
    throw eksError(
      operation,
      'InvalidParameterException',
      `Requested Kubernetes version ${version} is newer than the control plane ${cluster.info.version}`,
    );
  }
  if (minorVersionDistance(nodegroup.version, version) < -1) {
    throw eksError(
      operation,
      'InvalidParameterException',
      `Node group ${nodegroup.name} goes back one minor version at a time (${nodegroup.version} to ${version})`,
    );
  }
  refuseAmazonLinux2(operation, nodegroup.name, nodegroup.amiType, version);
}

/**
 * UpdateNodegroupConfig's rules for `updateConfig`
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html and
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html): one of
 * `maxUnavailable` (1-100) and `maxUnavailablePercentage` (1-100) is required to have a value
 * (both at once are refused too: stricter than the page, which does not say so), and the
 * strategy is DEFAULT or MINIMAL (InvalidParameterException otherwise); a node group that is not
 * ACTIVE takes no configuration change (InvalidRequestException, "the request is invalid given
 * the state of the cluster"; stricter than EKS, which does not list the states). One update of
 * a node group at a time (ResourceInUseException) is `SimulatedEksUpdates.requireIdle`'s rule.
 */
export function checkNodegroupConfig(nodegroup: SimNodegroup, updateConfig: NodegroupUpdateConfig): void {
  const operation = 'UpdateNodegroupConfig';
  if (nodegroup.status !== 'ACTIVE') {
    throw eksError(
      operation,
      'InvalidRequestException',
      `Nodegroup ${nodegroup.name} is ${nodegroup.status}`,
    );
  }
  const { updateStrategy, maxUnavailable, maxUnavailablePercentage } = updateConfig;
  if (!['DEFAULT', 'MINIMAL'].includes(updateStrategy)) {
    throw eksError(
      operation,
      'InvalidParameterException',
      `updateStrategy must be DEFAULT or MINIMAL (got ${updateStrategy})`,
    );
  }
  if ((maxUnavailable === undefined) === (maxUnavailablePercentage === undefined)) {
    throw eksError(
      operation,
      'InvalidParameterException',
      'updateConfig needs exactly one of maxUnavailable and maxUnavailablePercentage',
    );
  }
  const bound = maxUnavailable ?? maxUnavailablePercentage!;
  if (!Number.isInteger(bound) || bound < 1 || bound > 100) {
    throw eksError(
      operation,
      'InvalidParameterException',
      `${maxUnavailable !== undefined ? 'maxUnavailable' : 'maxUnavailablePercentage'} must be between 1 and 100 (got ${bound})`,
    );
  }
}
