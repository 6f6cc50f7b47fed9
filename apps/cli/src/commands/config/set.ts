import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { getConfigValue, maskSecrets, setConfigValue } from '../../configuration/config-keys.js';
import {
  AGENT_CONFIG_NAME,
  configurationStore,
  parameterPrefixOf,
  readStoredAgentConfig,
} from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade config set KEY VALUE`: changes one value; the whole result is validated before writing. */
export async function run(context: CommandContext<'config set'>): Promise<ExitCode> {
  const { KEY: key, VALUE: value } = context.positionals;
  parameterPrefixOf(context.flags);
  // Checked against the defaults first, so a bad key or value never reaches AWS.
  setConfigValue(createDefaultAgentConfig(), key, value);
  const store = await configurationStore(context, context.flags);
  const current = (await readStoredAgentConfig(store)) ?? createDefaultAgentConfig();
  const updated = setConfigValue(current, key, value);
  await store.putConfiguration(updated, AGENT_CONFIG_NAME);
  const leaf = key.split('.').pop()!;
  const shown = maskSecrets({ [leaf]: getConfigValue(updated, key.split('.')) }) as Record<string, unknown>;
  context.log.success(`set ${key}`);
  context.print({ data: { key, value: shown[leaf] } });
  return ExitCode.SUCCESS;
}
