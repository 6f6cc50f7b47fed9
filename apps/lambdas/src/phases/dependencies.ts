import type { AgentConfig } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';

/** The logging the phases do; Powertools' `Logger` fits it. Never pass secret values. */
export interface PhaseLogger {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Where the phases read the time (a virtual clock in rehearsals). */
export interface Clock {
  now(): Date;
  /**
   * Waits between two polls of an EKS update. Absent on a virtual clock that the simulated
   * polls move on themselves (a rehearsal's), where waiting would only cost real time.
   */
  sleep?(seconds: number): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
};

/** A logger that drops everything, used when none is given. */
export const silentLogger: PhaseLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What the planner asks a language model for. */
export interface NarrativeRequest {
  modelId: string;
  maxTokens: number;
  /** Sent only when set: Claude 5 models accept only their own default temperature. */
  temperature?: number | undefined;
  system: string;
  prompt: string;
}

/**
 * Writes the narrative risk summary of a plan (Bedrock Converse in production). Implementations
 * must stop when `abortSignal` fires.
 *
 * @example
 * ```ts
 * const narrative: NarrativeClient = { summarize: async () => 'Low risk: two hops, no blockers.' };
 * ```
 */
export interface NarrativeClient {
  summarize(request: NarrativeRequest, options: { abortSignal: AbortSignal }): Promise<string>;
}

/**
 * What every phase function receives: the cluster gateway, the agent configuration, and
 * optionally a logger, a clock and (for reasoning) a narrative client.
 *
 * @example
 * ```ts
 * const dependencies: PhaseDependencies = {
 *   gateway: new SimulatedClusterGateway(DEMO_SCENARIO),
 *   config: createDefaultAgentConfig(),
 * };
 * ```
 */
export interface PhaseDependencies {
  gateway: ClusterGateway;
  config: AgentConfig;
  logger?: PhaseLogger;
  clock?: Clock;
  narrative?: NarrativeClient;
}
