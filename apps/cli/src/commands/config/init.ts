import { ConfigurationError, createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import {
  AGENT_CONFIG_NAME,
  configurationStore,
  parameterPrefixOf,
  readStoredAgentConfig,
} from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade config init`: stores the default configuration (refuses to overwrite without --force). */
export async function run(context: CommandContext<'config init'>): Promise<ExitCode> {
  const prefix = parameterPrefixOf(context.flags);
  const store = await configurationStore(context, context.flags);
  const existing = await readStoredAgentConfig(store);
  if (existing && !context.flags.force) {
    throw new ConfigurationError(
      `A configuration is already stored under ${prefix}${AGENT_CONFIG_NAME}/; use --force to replace it with the defaults`,
      { key: AGENT_CONFIG_NAME },
    );
  }
  const written = await store.putConfiguration(createDefaultAgentConfig(), AGENT_CONFIG_NAME);
  const names = Object.keys(written).sort();
  context.log.success(
    `stored the default configuration: ${names.length} parameters under ${prefix}${AGENT_CONFIG_NAME}/`,
  );
  context.print({ data: { parameters: names }, text: names.join('\n') });
  return ExitCode.SUCCESS;
}
