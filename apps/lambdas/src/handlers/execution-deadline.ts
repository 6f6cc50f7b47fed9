import type { ExecutionDeadlineInput, UpgradePlan } from '@eks-upgrade/core-models';

/**
 * The plan with the workflow's `deadline` stated: `startedAt` + `budgetSeconds`, which the
 * workflow sends Reasoning because Amazon States Language (JSONPath) cannot add seconds to a
 * timestamp. Pure arithmetic on the payload (no clock), so a rehearsal on a virtual clock gets
 * the same answer as Lambda. Without a deadline in the input the plan is returned unchanged.
 *
 * @example
 * ```ts
 * withExecutionDeadline(plan, { startedAt: '2026-01-05T09:00:00.000Z', budgetSeconds: 12_780 }).deadline;
 * // '2026-01-05T12:33:00.000Z'
 * ```
 */
export function withExecutionDeadline(
  plan: UpgradePlan,
  deadline: ExecutionDeadlineInput | undefined,
): UpgradePlan {
  if (!deadline) return plan;
  const at = new Date(Date.parse(deadline.startedAt) + deadline.budgetSeconds * 1000);
  return { ...plan, deadline: at.toISOString() };
}
