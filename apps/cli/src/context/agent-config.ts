import {
  type AgentConfig,
  AgentConfigSchema,
  ConfigurationError,
  createDefaultAgentConfig,
  DEFAULT_PARAMETER_PREFIX,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { SSMClient } from '@eks-upgrade/params';
import type { CommandRuntime } from './command-context.js';

/**
 * The configuration name under the parameter prefix: the agent configuration lives below
 * `/eks-upgrade-agent/config/` (e.g. `/eks-upgrade-agent/config/upgrade/bakeTimeSeconds`).
 */
export const AGENT_CONFIG_NAME = 'config';

const PREFIX_PATTERN = /^\/([a-zA-Z0-9_.-]+\/)*$/;

/** The parameter prefix from `--prefix` (checked) or the default `/eks-upgrade-agent/`. */
export function parameterPrefixOf(flags: { readonly prefix?: string | undefined }): string {
  const prefix = flags.prefix ?? DEFAULT_PARAMETER_PREFIX;
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new ValidationError('Invalid parameter prefix', [
      {
        path: '--prefix',
        message: `must be a path such as /eks-upgrade-agent/ (got ${JSON.stringify(prefix)})`,
      },
    ]);
  }
  return prefix;
}

/** The configuration store for the command's prefix. */
export async function configurationStore(
  context: CommandRuntime,
  flags: { readonly prefix?: string | undefined },
): Promise<SSMClient> {
  return context.services.parameters({ parameterPrefix: parameterPrefixOf(flags) });
}

/** The stored agent configuration, or `undefined` when none is stored. */
export async function readStoredAgentConfig(store: SSMClient): Promise<AgentConfig | undefined> {
  try {
    return await store.getConfiguration(AGENT_CONFIG_NAME, { schema: AgentConfigSchema });
  } catch (error) {
    // Not found is reported with the configuration name as key; unreadable values with the parameter's.
    if (ConfigurationError.isInstance(error) && error.key === AGENT_CONFIG_NAME) return undefined;
    throw error;
  }
}

/**
 * The agent configuration the command works with: the stored one, or the defaults (with a
 * warning) when nothing is stored yet.
 *
 * @example
 * ```ts
 * const config = await loadAgentConfig(context, context.flags);
 * config.stepFunctions.stateMachineName; // 'eks-upgrade-workflow'
 * ```
 */
export async function loadAgentConfig(
  context: CommandRuntime,
  flags: { readonly prefix?: string | undefined },
): Promise<AgentConfig> {
  const store = await configurationStore(context, flags);
  const stored = await readStoredAgentConfig(store);
  if (stored) return stored;
  context.log.warn(
    `no configuration stored under ${store.parameterPrefix}${AGENT_CONFIG_NAME}/; using the defaults (eks-upgrade config init stores them)`,
  );
  return createDefaultAgentConfig();
}
