import type { PlanStep, UpgradePlan } from '@eks-upgrade/core-models';

/**
 * The green cluster of a blue/green upgrade, as the plan names it: the cluster a traffic step
 * shifts to, else the one the plan's `cluster_provision` step creates (else its traffic steps').
 * `undefined` when neither the step nor the plan says.
 *
 * @example
 * ```ts
 * greenClusterOf(plan, undefined); // 'prod-1-31'
 * ```
 */
export function greenClusterOf(
  plan: UpgradePlan | undefined,
  step: PlanStep | undefined,
): string | undefined {
  if (step?.kind === 'traffic_shift') return step.greenClusterName;
  for (const planned of plan?.steps ?? [])
    if (planned.kind === 'cluster_provision') return planned.clusterName;
  for (const planned of plan?.steps ?? [])
    if (planned.kind === 'traffic_shift') return planned.greenClusterName;
  return undefined;
}
