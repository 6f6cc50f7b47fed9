import type { UpgradePhase } from '@eks-upgrade/core-models';
import { EXECUTION_OWN_OPERATIONS } from '../phases/execution.js';
import { PERCEPTION_GATEWAY_OPERATIONS } from '../phases/perception.js';
import { REASONING_GATEWAY_OPERATIONS } from '../phases/reasoning-operations.js';
import { ROLLBACK_OWN_OPERATIONS } from '../phases/rollback.js';
import { VALIDATION_OWN_OPERATIONS } from '../phases/validation.js';
import { STEP_KINDS } from './registry.js';
import type { GatewayOperation, StepOperations } from './step-kind-module.js';

export type { GatewayOperation } from './step-kind-module.js';

/**
 * What the phase code itself calls, then what each step kind declares for that phase (in
 * registry order), each operation once.
 */
function withStepKinds(
  phase: keyof StepOperations,
  own: readonly GatewayOperation[],
): readonly GatewayOperation[] {
  const kinds = Object.values(STEP_KINDS).flatMap((module) => module.operations[phase]);
  return [...new Set([...own, ...kinds])];
}

/**
 * The cluster-gateway operations each phase function may call, derived from the step-kind
 * registry (each kind declares what it calls per phase) and what each phase's own code calls.
 * The deploy command derives each function role's IAM policy from this table, and the
 * rehearsal test records the calls every phase makes across the example scenarios and checks
 * them against it, so a phase that starts calling something new fails a test instead of failing
 * in production with AccessDenied.
 *
 * @example
 * ```ts
 * PHASE_GATEWAY_OPERATIONS.validation.includes('describeAlarms'); // true
 * ```
 */
export const PHASE_GATEWAY_OPERATIONS: Readonly<Record<UpgradePhase, readonly GatewayOperation[]>> = {
  perception: PERCEPTION_GATEWAY_OPERATIONS,
  reasoning: REASONING_GATEWAY_OPERATIONS,
  execution: withStepKinds('execution', EXECUTION_OWN_OPERATIONS),
  validation: withStepKinds('validation', VALIDATION_OWN_OPERATIONS),
  rollback: withStepKinds('rollback', ROLLBACK_OWN_OPERATIONS),
};
