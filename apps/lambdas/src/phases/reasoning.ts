import {
  type AgentConfig,
  parseOrThrow,
  type ReasoningInput,
  ReasoningInputSchema,
  type UpgradePlan,
} from '@eks-upgrade/core-models';
import { buildRulesPlan, withPlanNarrative } from '../planner/index.js';
import {
  type Clock,
  type NarrativeClient,
  type PhaseLogger,
  silentLogger,
  systemClock,
} from './dependencies.js';

// The planner lives in src/planner/; these names stay importable from the reasoning phase.
export {
  buildRulesPlan,
  estimatePlanDurationSeconds,
  greenClusterNameFor,
  PlanIssueCode,
  type RulesPlanOptions,
} from '../planner/index.js';

/** What the reasoning phase needs. */
export interface ReasoningDependencies {
  config: AgentConfig;
  narrative?: NarrativeClient;
  logger?: PhaseLogger;
  clock?: Clock;
}

/**
 * Reasoning: the rules plan, plus (when `config.bedrock.enabled` and a narrative client is
 * given) Bedrock's narrative risk summary within `config.bedrock.timeoutSeconds`. Bedrock off,
 * failing or slow leaves the rules plan alone, with `source: 'rules'` and the reason in
 * `narrativeUnavailableReason`.
 *
 * @example
 * ```ts
 * const plan = await planUpgrade({ request, snapshot }, { config, narrative: new BedrockNarrativeClient() });
 * if (plan.blocked) console.error(plan.blockers);
 * ```
 */
export async function planUpgrade(
  input: ReasoningInput,
  dependencies: ReasoningDependencies,
): Promise<UpgradePlan> {
  return planUpgradeFromParsedInput(
    parseOrThrow(ReasoningInputSchema, input, 'reasoning input'),
    dependencies,
  );
}

/**
 * `planUpgrade` for an input already parsed with `ReasoningInputSchema`: the handlers parse the
 * event once, at the boundary, and call this.
 *
 * @example
 * ```ts
 * const input = parseOrThrow(ReasoningInputSchema, event, 'reasoning input');
 * const plan = await planUpgradeFromParsedInput(input, { config });
 * ```
 */
export async function planUpgradeFromParsedInput(
  { request, snapshot, deadline }: ReasoningInput,
  dependencies: ReasoningDependencies,
): Promise<UpgradePlan> {
  const logger = dependencies.logger ?? silentLogger;
  const { config } = dependencies;
  const plan = buildRulesPlan(request, snapshot, {
    config,
    now: (dependencies.clock ?? systemClock).now(),
    ...(deadline ? { executionBudgetSeconds: deadline.budgetSeconds } : {}),
  });
  logger.info('Rules plan ready', {
    planId: plan.planId,
    steps: plan.steps.length,
    blockers: plan.blockers.length,
    warnings: plan.warnings.length,
  });
  return withPlanNarrative(plan, { config, narrative: dependencies.narrative, logger });
}
