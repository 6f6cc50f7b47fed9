import { type AgentConfig, PlanSource, type UpgradePlan } from '@eks-upgrade/core-models';
import type { NarrativeClient, PhaseLogger } from '../phases/dependencies.js';

/** Room for the 200 words the prompt asks for; a runaway answer is cut here. */
const MAX_NARRATIVE_CHARS = 4000;

const NARRATIVE_SYSTEM_PROMPT =
  'You review Amazon EKS upgrade plans for platform engineers. In at most 200 words, summarise the risks of the plan you are given: the hops, the add-on and node group moves, blockers and warnings, and what to watch during the upgrade. Do not invent steps; the plan is decided.';

/** The plan as the model reads it: versions, step descriptions, blockers and warnings. */
function narrativePrompt(plan: UpgradePlan): string {
  return JSON.stringify({
    cluster: plan.clusterName,
    from: plan.sourceVersion,
    to: plan.targetVersion,
    strategy: plan.strategy,
    hops: plan.hops,
    steps: plan.steps.map((step) => step.description),
    blockers: plan.blockers.map((issue) => `${issue.code}: ${issue.message}`),
    warnings: plan.warnings.map((issue) => `${issue.code}: ${issue.message}`),
  });
}

/** Runs `run`, aborting its signal and settling `{ timedOut: true }` after `timeoutSeconds`. */
async function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutSeconds: number,
): Promise<{ value: T } | { timedOut: true }> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutSeconds}s`));
      resolve({ timedOut: true });
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([run(controller.signal).then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What adding the narrative needs. */
export interface PlanNarrativeOptions {
  config: AgentConfig;
  narrative?: NarrativeClient | undefined;
  logger: PhaseLogger;
}

/**
 * The plan with Bedrock's narrative risk summary (`source: 'rules+bedrock'`), asked within
 * `config.bedrock.timeoutSeconds` (Bedrock Converse,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html). The plan
 * itself never depends on the model: Bedrock off, not configured, failing, silent or slow leaves
 * the rules plan alone, with `source: 'rules'` and the reason in `narrativeUnavailableReason`.
 *
 * @example
 * ```ts
 * const plan = await withPlanNarrative(buildRulesPlan(request, snapshot, { config, now }), {
 *   config,
 *   narrative: new BedrockNarrativeClient(),
 *   logger: silentLogger,
 * });
 * ```
 */
export async function withPlanNarrative(
  plan: UpgradePlan,
  { config, narrative, logger }: PlanNarrativeOptions,
): Promise<UpgradePlan> {
  if (!config.bedrock.enabled)
    return { ...plan, narrativeUnavailableReason: 'Bedrock is disabled in the configuration' };
  if (!narrative) return { ...plan, narrativeUnavailableReason: 'No Bedrock client is configured' };
  try {
    const outcome = await withTimeout(
      (abortSignal) =>
        narrative.summarize(
          {
            modelId: config.bedrock.modelId,
            maxTokens: config.bedrock.maxTokens,
            temperature: config.bedrock.temperature,
            system: NARRATIVE_SYSTEM_PROMPT,
            prompt: narrativePrompt(plan),
          },
          { abortSignal },
        ),
      config.bedrock.timeoutSeconds,
    );
    if ('timedOut' in outcome) {
      logger.warn('Bedrock did not answer in time; using the rules plan alone', {
        timeoutSeconds: config.bedrock.timeoutSeconds,
      });
      return {
        ...plan,
        narrativeUnavailableReason: `Bedrock did not answer within ${config.bedrock.timeoutSeconds}s`,
      };
    }
    const text = outcome.value.trim();
    if (!text) return { ...plan, narrativeUnavailableReason: 'Bedrock returned no text' };
    return { ...plan, source: PlanSource.RULES_WITH_BEDROCK, narrative: text.slice(0, MAX_NARRATIVE_CHARS) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn('Bedrock failed; using the rules plan alone', { error: message });
    return { ...plan, narrativeUnavailableReason: `Bedrock failed: ${message}`.slice(0, 500) };
  }
}
