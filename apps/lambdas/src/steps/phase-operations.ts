import type { UpgradePhase } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';

/** A cluster-gateway method, by name: what a phase or step kind declares it calls. */
export type GatewayOperation = keyof ClusterGateway;

/**
 * The cluster-gateway operations each phase function may call. The deploy command derives each
 * function role's IAM policy from this table, and the rehearsal test records the calls every
 * phase makes across the example scenarios and checks them against it, so a phase that starts
 * calling something new fails a test instead of failing in production with AccessDenied.
 *
 * @example
 * ```ts
 * PHASE_GATEWAY_OPERATIONS.validation.includes('describeAlarms'); // true
 * ```
 */
export const PHASE_GATEWAY_OPERATIONS: Readonly<Record<UpgradePhase, readonly GatewayOperation[]>> = {
  perception: [
    'describeCluster',
    'listNodegroups',
    'listFargateProfiles',
    'listAddons',
    'describeAddonVersions',
    'listInsights',
    'describeClusterVersions',
  ],
  reasoning: [],
  execution: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'listUpdateIds',
    'describeUpdate',
    'updateClusterVersion',
    'updateAddon',
    'updateNodegroupVersion',
    'createCluster',
    'describeNodegroup',
    'createNodegroup',
    'describeAddon',
    'createAddon',
    'deleteNodegroup',
    'deleteCluster',
    'getTrafficWeights',
    'setTrafficWeights',
  ],
  validation: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'describeUpdate',
    'getTrafficChangeStatus',
    'getTrafficWeights',
    'describeAlarms',
    'deleteNodegroup',
    'deleteCluster',
  ],
  rollback: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'listUpdateIds',
    'describeUpdate',
    'updateClusterVersion',
    'deleteNodegroup',
    'deleteCluster',
    'getTrafficWeights',
    'setTrafficWeights',
  ],
};
