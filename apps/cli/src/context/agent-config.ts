import {
  AGENT_CONFIG_NAME,
  type AgentConfig,
  DEFAULT_PARAMETER_PREFIX,
  ValidationError,
} from '@eks-upgrade/core-models';
import {
  loadAgentConfig as loadStoredOrDefaultAgentConfig,
  readAgentConfig,
  type SSMClient,
} from '@eks-upgrade/params';
import type { CommandRuntime } from './command-context.js';

/** The configuration name under the parameter prefix (`config`): the functions read the same one. */
export { AGENT_CONFIG_NAME };

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

/**
 * The stored agent configuration, or `undefined` when none is stored. Keys an earlier version
 * stored and this one retired are left out (the next write removes them).
 */
export async function readStoredAgentConfig(store: SSMClient): Promise<AgentConfig | undefined> {
  return readAgentConfig(store);
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
  return loadStoredOrDefaultAgentConfig(store, {
    onDefaults: () =>
      context.log.warn(
        `no configuration stored under ${store.parameterPrefix}${AGENT_CONFIG_NAME}/; using the defaults (eks-upgrade config init stores them)`,
      ),
    onRetiredKeys: (retiredKeys) =>
      context.log.warn(
        `the stored configuration has keys this version no longer uses (${retiredKeys.join(', ')}); they are ignored, and eks-upgrade config set or import removes them`,
      ),
  });
}
