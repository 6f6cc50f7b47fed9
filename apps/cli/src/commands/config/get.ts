import { ConfigurationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { checkConfigKey, getConfigValue, maskSecrets } from '../../configuration/config-keys.js';
import {
  AGENT_CONFIG_NAME,
  configurationStore,
  parameterPrefixOf,
  readStoredAgentConfig,
} from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade config get KEY`: one value (secrets masked unless --show-secrets). */
export async function run(context: CommandContext<'config get'>): Promise<ExitCode> {
  const key = context.positionals.KEY;
  const path = checkConfigKey(key);
  const prefix = parameterPrefixOf(context.flags);
  const config = await readStoredAgentConfig(await configurationStore(context, context.flags));
  if (!config) {
    throw new ConfigurationError(
      `No configuration stored under ${prefix}${AGENT_CONFIG_NAME}/: run eks-upgrade config init`,
      {
        key: AGENT_CONFIG_NAME,
      },
    );
  }
  const raw = getConfigValue(config, path);
  const leaf = path[path.length - 1]!;
  const value = context.flags['show-secrets']
    ? raw
    : (maskSecrets({ [leaf]: raw }) as Record<string, unknown>)[leaf];
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  context.print({ data: value ?? null, text });
  return ExitCode.SUCCESS;
}
