import { ConfigurationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { maskSecrets } from '../../configuration/config-keys.js';
import {
  AGENT_CONFIG_NAME,
  configurationStore,
  parameterPrefixOf,
  readStoredAgentConfig,
} from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade config show`: the stored configuration, secrets masked unless --show-secrets. */
export async function run(context: CommandContext<'config show'>): Promise<ExitCode> {
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
  context.print({ data: context.flags['show-secrets'] ? config : maskSecrets(config) });
  return ExitCode.SUCCESS;
}
