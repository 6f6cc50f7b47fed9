import {
  AGENT_CONFIG_NAME,
  type AgentConfig,
  AgentConfigSchema,
  ConfigurationError,
  createDefaultAgentConfig,
  parseOrThrow,
  withoutRetiredAgentConfigKeys,
} from '@eks-upgrade/core-models';
import type { ParameterStore } from '../parameter-store/parameter-store.js';

/** Where and how the agent configuration is read. */
export interface ReadAgentConfigOptions {
  /** Configuration name below the store's prefix; `AGENT_CONFIG_NAME` (`config`) by default. */
  configName?: string;
  /**
   * Told the keys an earlier version stored that this one retired (`agent.name`, `aws.region`, ...):
   * they are left out of the result, and the next `putConfiguration` of the configuration removes them.
   */
  onRetiredKeys?: (retiredKeys: readonly string[], configName: string) => void;
}

/**
 * The stored agent configuration, validated with `AgentConfigSchema`, or `undefined` when none is
 * stored under `<prefix><configName>/`. Keys that earlier versions stored and this one retired are
 * dropped (and reported to `onRetiredKeys`), so an upgrade of the CLI and the functions keeps
 * reading a configuration an older `config init` wrote. Any other failure (unreadable
 * parameter, invalid value, AWS error) is thrown.
 *
 * @example
 * ```ts
 * const stored = await readAgentConfig(new SSMClient({ parameterPrefix: '/eks-upgrade-agent/' }));
 * if (!stored) console.log('nothing stored yet');
 * ```
 */
export async function readAgentConfig(
  store: Pick<ParameterStore, 'getConfiguration'>,
  options: ReadAgentConfigOptions = {},
): Promise<AgentConfig | undefined> {
  const configName = options.configName ?? AGENT_CONFIG_NAME;
  let stored: unknown;
  try {
    stored = await store.getConfiguration(configName);
  } catch (error) {
    // "Not found" carries the configuration name as key; an unreadable value carries its parameter's name.
    if (ConfigurationError.isInstance(error) && error.key === configName) return undefined;
    throw error;
  }
  const { config, retiredKeys } = withoutRetiredAgentConfigKeys(stored);
  if (retiredKeys.length > 0) options.onRetiredKeys?.(retiredKeys, configName);
  return parseOrThrow(AgentConfigSchema, config, `configuration "${configName}"`);
}

/** `readAgentConfig`'s options, and who to tell when the defaults apply. */
export interface LoadAgentConfigOptions extends ReadAgentConfigOptions {
  /** Told when nothing is stored and the defaults are used instead. */
  onDefaults?: (configName: string) => void;
}

/**
 * The agent configuration the CLI and the Lambda functions work with: the stored one
 * (`readAgentConfig`), or `createDefaultAgentConfig()` when none is stored. Values are never logged.
 *
 * @example
 * ```ts
 * const config = await loadAgentConfig(new SSMClient({ parameterPrefix: '/eks-upgrade-agent/' }), {
 *   onDefaults: () => console.warn('no configuration stored; using the defaults'),
 * });
 * config.stepFunctions.stateMachineName; // 'eks-upgrade-workflow'
 * ```
 */
export async function loadAgentConfig(
  store: Pick<ParameterStore, 'getConfiguration'>,
  options: LoadAgentConfigOptions = {},
): Promise<AgentConfig> {
  const stored = await readAgentConfig(store, options);
  if (stored) return stored;
  options.onDefaults?.(options.configName ?? AGENT_CONFIG_NAME);
  return createDefaultAgentConfig();
}
