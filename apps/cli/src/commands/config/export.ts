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

/** `eks-upgrade config export`: the configuration as JSON, ready for `config import`. */
export async function run(context: CommandContext<'config export'>): Promise<ExitCode> {
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
  if (!context.flags['show-secrets'])
    context.log.warn('secret values are masked; add --show-secrets to export them');
  const data = context.flags['show-secrets'] ? config : maskSecrets(config);
  // Always JSON: the export is meant for config import.
  context.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  return ExitCode.SUCCESS;
}
