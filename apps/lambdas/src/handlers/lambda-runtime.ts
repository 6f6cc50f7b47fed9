import { Logger } from '@aws-lambda-powertools/logger';
import {
  type AgentConfig,
  DEFAULT_PARAMETER_PREFIX,
  EksUpgradeError,
  parseOrThrow,
  type UpgradePhase,
  type UpgradeRequest,
  withStepFunctionsErrorName,
} from '@eks-upgrade/core-models';
import type { z } from 'zod';
import { loadAgentConfig } from '../config/load-agent-config.js';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import type { NarrativeClient, PhaseDependencies } from '../phases/dependencies.js';

/** What a Lambda handler needs to build its dependencies once per container. */
export interface LambdaHandlerOptions<InputSchema extends z.ZodType, OutputSchema extends z.ZodType> {
  phase: UpgradePhase;
  inputSchema: InputSchema;
  outputSchema: OutputSchema;
  /** The gateway for a region, with only the SDK clients this phase uses. */
  gateway: (region: string | undefined) => ClusterGateway;
  /** The narrative client (reasoning only). */
  narrative?: (region: string | undefined) => NarrativeClient;
  run: (input: z.output<InputSchema>, dependencies: PhaseDependencies) => Promise<z.output<OutputSchema>>;
}

/**
 * How long a container keeps the configuration it read: an operator's `eks-upgrade config set`
 * reaches warm containers within this time, while a busy workflow reads SSM about once a minute
 * per container, not once per invocation (Powertools' parameters utility caches the same way).
 */
export const CONFIG_MAX_AGE_MS = 60_000;

interface ContainerState {
  logger: Logger;
  config?: Promise<AgentConfig>;
  configReadAt?: number;
  gateways: Map<string, ClusterGateway>;
  narratives: Map<string, NarrativeClient>;
}

/**
 * Builds a thin Lambda handler: parse the payload with the phase's input schema, run the phase
 * logic with dependencies built once per container (AWS gateway per region, configuration from
 * SSM under `EKS_UPGRADE_CONFIG_PATH` with defaults when absent, Powertools logger), return the
 * output validated by its schema. Errors keep the eks-upgrade taxonomy: their `name`
 * (`ValidationError`, `AWSServiceError`, `ExecutionError`, ...) becomes the Step Functions
 * error type, except that an `AWSServiceError` marked retryable (throttling, 5xx, timeouts) is
 * reported as `AWSServiceError.Retryable`, which the workflow retries.
 *
 * @example
 * ```ts
 * export const handler = createLambdaHandler({ phase: 'perception', inputSchema: PerceptionInputSchema,
 *   outputSchema: ClusterSnapshotSchema, gateway: (region) => new AwsClusterGateway({ eks: new AwsEksApi({ region }) }),
 *   run: perceiveCluster });
 * ```
 */
export function createLambdaHandler<InputSchema extends z.ZodType, OutputSchema extends z.ZodType>(
  options: LambdaHandlerOptions<InputSchema, OutputSchema>,
): (event: unknown) => Promise<z.output<OutputSchema>> {
  let state: ContainerState | undefined;
  const container = (): ContainerState => {
    state ??= {
      logger: new Logger({
        serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? `eks-upgrade-agent-${options.phase}`,
        persistentKeys: { phase: options.phase },
      }),
      gateways: new Map(),
      narratives: new Map(),
    };
    return state;
  };
  return async (event: unknown) => {
    const current = container();
    const { logger, gateways, narratives } = current;
    try {
      const input = parseOrThrow(options.inputSchema, event, `${options.phase} input`);
      const request = (input as { request?: UpgradeRequest }).request;
      logger.appendKeys({ clusterName: request?.clusterName, upgradeId: request?.upgradeId });
      const region = request?.region ?? process.env.AWS_REGION;
      if (current.configReadAt !== undefined && Date.now() - current.configReadAt > CONFIG_MAX_AGE_MS) {
        current.config = undefined;
      }
      if (current.config === undefined) current.configReadAt = Date.now();
      current.config ??= loadAgentConfig({
        parameterPrefix: process.env.EKS_UPGRADE_CONFIG_PATH ?? DEFAULT_PARAMETER_PREFIX,
        ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}),
        logger,
      }).catch((error: unknown) => {
        current.config = undefined; // let the next invocation try again
        throw error;
      });
      const config = await current.config;
      const key = region ?? '';
      if (!gateways.has(key)) gateways.set(key, options.gateway(region));
      if (options.narrative && !narratives.has(key)) narratives.set(key, options.narrative(region));
      const narrative = narratives.get(key);
      const output = await options.run(input, {
        gateway: gateways.get(key)!,
        config,
        logger,
        ...(narrative ? { narrative } : {}),
      });
      return parseOrThrow(options.outputSchema, output, `${options.phase} output`);
    } catch (error) {
      logger.error(`${options.phase} failed`, {
        errorType: error instanceof Error ? error.name : typeof error,
        errorMessage: error instanceof Error ? error.message : String(error),
        taxonomy: EksUpgradeError.isInstance(error),
      });
      // A retryable AWS failure reaches Step Functions as AWSServiceError.Retryable, which the
      // workflow retries with backoff; every other error keeps its name for the Catch.
      throw withStepFunctionsErrorName(error);
    } finally {
      logger.removeKeys(['clusterName', 'upgradeId']);
    }
  };
}
