import {
  type AgentConfig,
  type AgentConfigInput,
  AgentConfigSchema,
  type ClusterSnapshot,
  ClusterSnapshotSchema,
  ExecutionInputSchema,
  type ExecutionPhaseResult,
  ExecutionPhaseResultSchema,
  PerceptionInputSchema,
  parseOrThrow,
  ReasoningInputSchema,
  type RollbackInput,
  type RollbackResult,
  RollbackResultSchema,
  type UpgradePlan,
  UpgradePlanSchema,
  type ValidationInput,
  type ValidationResult,
  withStepFunctionsErrorName,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import type { Clock, NarrativeClient, PhaseDependencies, PhaseLogger } from '../phases/dependencies.js';
import { executeOrDeferStepFromParsedInput } from '../phases/execution.js';
import { perceiveClusterFromParsedInput } from '../phases/perception.js';
import { planUpgradeFromParsedInput } from '../phases/reasoning.js';
import { rollbackUpgrade } from '../phases/rollback.js';
import { validateUpgrade } from '../phases/validation.js';
import { withExecutionDeadline } from './execution-deadline.js';

/** Options of `createPhaseHandlers`. */
export interface PhaseHandlersOptions {
  /** Any gateway: `SimulatedClusterGateway` for rehearsals, `createAwsClusterGateway()` for real clusters. */
  gateway: ClusterGateway;
  /** The agent configuration (parsed with defaults; `{}` is valid). */
  config?: AgentConfig | AgentConfigInput;
  /** Writes the plan narrative when `config.bedrock.enabled`; without it the plan says why there is none. */
  narrative?: NarrativeClient;
  logger?: PhaseLogger;
  /** E.g. `{ now: () => gateway.now() }` for a simulated gateway's virtual clock. */
  clock?: Clock;
}

/**
 * The five phase handlers as plain async functions: each takes the same payload as its Lambda
 * (`unknown`, validated with the core-models input schema) and returns the validated output.
 * Errors keep the taxonomy, so the error `name` is the Step Functions error type; as in the
 * Lambda handlers, a retryable `AWSServiceError` is named `AWSServiceError.Retryable`.
 */
export interface PhaseHandlers {
  perception(payload: unknown): Promise<ClusterSnapshot>;
  reasoning(payload: unknown): Promise<UpgradePlan>;
  /** The step's result, or its deferral when it may not start yet (maintenance windows). */
  execution(payload: unknown): Promise<ExecutionPhaseResult>;
  validation(payload: unknown): Promise<ValidationResult>;
  rollback(payload: unknown): Promise<RollbackResult>;
}

/**
 * The phase handlers wired to any gateway: the CLI's `rehearse` maps each Task state of the
 * workflow to them with a `SimulatedClusterGateway`, and `plan` runs perception + reasoning
 * against a real cluster with `createAwsClusterGateway()`.
 *
 * @example
 * ```ts
 * const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
 * const handlers = createPhaseHandlers({ gateway, clock: { now: () => gateway.now() } });
 * const snapshot = await handlers.perception({ request: DEMO_SCENARIO.request });
 * const plan = await handlers.reasoning({ request: DEMO_SCENARIO.request, snapshot });
 * ```
 */
export function createPhaseHandlers(options: PhaseHandlersOptions): PhaseHandlers {
  const config = parseOrThrow(AgentConfigSchema, options.config ?? {}, 'agent configuration');
  const dependencies: PhaseDependencies = {
    gateway: options.gateway,
    config,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.narrative ? { narrative: options.narrative } : {}),
  };
  // The name Step Functions sees, as the Lambda handlers give it (createLambdaHandler).
  const named =
    <Output>(run: (payload: unknown) => Promise<Output>) =>
    (payload: unknown): Promise<Output> =>
      run(payload).catch((error: unknown) => {
        throw withStepFunctionsErrorName(error);
      });
  // Each payload is parsed once (a long rehearsal calls execution and validation thousands of
  // times, and each parse counts): here at the boundary, the phase then running on the parsed
  // input, or, for validation and rollback, by the phase function itself.
  return {
    perception: named(async (payload) =>
      parseOrThrow(
        ClusterSnapshotSchema,
        await perceiveClusterFromParsedInput(
          parseOrThrow(PerceptionInputSchema, payload, 'perception input'),
          dependencies,
        ),
        'perception output',
      ),
    ),
    reasoning: named(async (payload) => {
      const input = parseOrThrow(ReasoningInputSchema, payload, 'reasoning input');
      return parseOrThrow(
        UpgradePlanSchema,
        withExecutionDeadline(await planUpgradeFromParsedInput(input, dependencies), input.deadline),
        'reasoning output',
      );
    }),
    execution: named(async (payload) =>
      parseOrThrow(
        ExecutionPhaseResultSchema,
        await executeOrDeferStepFromParsedInput(
          parseOrThrow(ExecutionInputSchema, payload, 'execution input'),
          dependencies,
        ),
        'execution output',
      ),
    ),
    // validateUpgrade parses its input and its result itself (ValidationInputSchema, 'validation
    // input': the error this boundary would give), so neither is parsed again here.
    validation: named((payload) => validateUpgrade(payload as ValidationInput, dependencies)),
    // rollbackUpgrade parses its input itself (RollbackInputSchema, 'rollback input': the error
    // this boundary gave before), so the payload goes to it as it came.
    rollback: named(async (payload) =>
      parseOrThrow(
        RollbackResultSchema,
        await rollbackUpgrade(payload as RollbackInput, dependencies),
        'rollback output',
      ),
    ),
  };
}
