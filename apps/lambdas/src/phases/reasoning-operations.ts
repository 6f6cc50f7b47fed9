import type { GatewayOperation } from '../steps/step-kind-module.js';

/**
 * The cluster-gateway operations the reasoning phase calls: none. It plans from the snapshot
 * perception took, so its function role needs no EKS access.
 */
export const REASONING_GATEWAY_OPERATIONS: readonly GatewayOperation[] = [];
