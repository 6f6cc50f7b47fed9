import type { AgentConfig, PlanStep } from '@eks-upgrade/core-models';
import { stepKindOf } from '../steps/registry.js';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

/**
 * How long the steps typically take on EKS: the sum of each step kind's
 * `typicalDurationSeconds` (declared in its module under `src/steps/<kind>/`, with the reason for
 * its figure). They are typical values, not bounds: large node groups, PodDisruptionBudgets and
 * slow-draining workloads make node group steps take longer
 * (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html); a traffic
 * step counts as the configured bake time (`upgrade.bakeTimeSeconds`).
 *
 * @example
 * ```ts
 * estimatePlanDurationSeconds(plan.steps, createDefaultAgentConfig()); // e.g. 5040 for the demo blue/green plan
 * ```
 */
export function estimatePlanDurationSeconds(steps: readonly PlanStep[], config: AgentConfig): number {
  return steps.reduce((total, step) => total + stepKindOf(step).typicalDurationSeconds(step, config), 0);
}

/** `5040` → `1 h 24 min`. */
function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/** The longest a Standard Step Functions execution may run: one year. */
const MAX_EXECUTION_TIMEOUT_SECONDS = 31_536_000;

/**
 * Blocks a plan that typically takes longer than the workflow gives it. Step Functions ends an
 * execution that outlives the state machine's `TimeoutSeconds` (`stepFunctions.executionTimeoutSeconds`)
 * with `States.Timeout` (https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html),
 * which no Catch handles (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html),
 * so the workflow keeps its own deadline before it, leaving time for the rollback, and rolls back
 * when a step is still unfinished at the deadline. The steps therefore get `budgetSeconds` (the
 * timeout minus what is kept for the rollback) when the workflow sent it to Reasoning, and at most
 * the timeout otherwise (`eks-upgrade plan`, which runs outside the workflow). A plan that does not
 * fit would be rolled back partway, possibly after EKS updates nobody can cancel, so it is blocked
 * before any change. The blocker names the figures and suggests a timeout with room to spare, in
 * whole hours, at most the one year Step Functions allows
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 *
 * @example
 * ```ts
 * checkExecutionTimeout(7680, config, builder); // EXECUTION_TIMEOUT_TOO_SHORT blocker with a 3600 s timeout
 * checkExecutionTimeout(7680, config, builder, 10_890); // fits: 14,400 s timeout − 3,510 s kept for rollback
 * ```
 */
export function checkExecutionTimeout(
  estimate: number,
  config: AgentConfig,
  builder: PlanBuilder,
  budgetSeconds?: number,
): void {
  const timeout = config.stepFunctions.executionTimeoutSeconds;
  const budget = Math.min(timeout, budgetSeconds ?? timeout);
  if (estimate <= budget) return;
  const reserve = timeout - budget;
  // Room to spare: EKS operations often take longer than typical.
  const suggested = Math.min(
    MAX_EXECUTION_TIMEOUT_SECONDS,
    Math.ceil((estimate * 1.5 + reserve) / 3600) * 3600,
  );
  const given =
    reserve > 0
      ? `the ${formatDuration(budget)} (${budget} s) the workflow gives the steps: its execution timeout of ${formatDuration(timeout)} (${timeout} s) minus ${reserve} s kept for the rollback. At that deadline the workflow stops the upgrade partway and rolls back`
      : `the workflow's execution timeout of ${formatDuration(timeout)} (${timeout} s): the workflow would reach its deadline partway and roll back, or Step Functions would end the execution with States.Timeout, which no rollback follows`;
  builder.block(
    PlanIssueCode.EXECUTION_TIMEOUT_TOO_SHORT,
    `The plan typically takes about ${formatDuration(estimate)} (${estimate} s), longer than ${given}. Raise stepFunctions.executionTimeoutSeconds above ${estimate + reserve} (e.g. \`eks-upgrade config set stepFunctions.executionTimeoutSeconds ${suggested}\`), redeploy (\`eks-upgrade deploy\`) and plan again`,
  );
}
