import { AgentConfigSchema, parseOrThrow } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { maskSecrets } from '../../configuration/config-keys.js';
import { AGENT_CONFIG_NAME, configurationStore, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { readJsonFile } from '../../inputs/json-input.js';

/** `eks-upgrade config import FILE`: replaces the configuration with a file, validated before any write. */
export async function run(context: CommandContext<'config import'>): Promise<ExitCode> {
  const file = context.positionals.FILE;
  const prefix = parameterPrefixOf(context.flags);
  const input = await readJsonFile(context.resolvePath(file), file, 'configuration file');
  const config = parseOrThrow(AgentConfigSchema, input, `configuration file ${file}`);
  if (context.flags['dry-run']) {
    context.log.info(`dry run: would store this configuration under ${prefix}${AGENT_CONFIG_NAME}/`);
    context.print({ data: maskSecrets(config) });
    return ExitCode.SUCCESS;
  }
  const store = await configurationStore(context, context.flags);
  const written = await store.putConfiguration(config, AGENT_CONFIG_NAME);
  context.log.success(
    `imported ${file}: ${Object.keys(written).length} parameters under ${prefix}${AGENT_CONFIG_NAME}/`,
  );
  context.print({
    data: { parameters: Object.keys(written).sort() },
    text: Object.keys(written).sort().join('\n'),
  });
  return ExitCode.SUCCESS;
}
