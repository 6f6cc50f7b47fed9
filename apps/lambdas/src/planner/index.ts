/**
 * The rules planner: from a request and a cluster snapshot to an `UpgradePlan` (steps, blockers,
 * warnings, duration estimate), plus the optional Bedrock narrative. One file per concern:
 * `rules-plan.ts` composes the checks (`checks/`), the in-place and blue/green planners, the
 * add-on version paths and the duration estimate.
 */

export { estimatePlanDurationSeconds } from './duration-estimate.js';
export { greenClusterNameFor } from './green-cluster-name.js';
export { PlanIssueCode } from './plan-issue-code.js';
export { type PlanNarrativeOptions, withPlanNarrative } from './plan-narrative.js';
export { buildRulesPlan, type RulesPlanOptions } from './rules-plan.js';
