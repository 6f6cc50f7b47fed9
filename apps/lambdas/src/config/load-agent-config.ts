import {
  type AgentConfig,
  AgentConfigSchema,
  ConfigurationError,
  createDefaultAgentConfig,
  DEFAULT_PARAMETER_PREFIX,
} from '@eks-upgrade/core-models';
import { SSMClient } from '@eks-upgrade/params';
import type { PhaseLogger } from '../phases/dependencies.js';

/** The configuration name the CLI stores the agent configuration under (`<prefix>config/`). */
export const AGENT_CONFIG_NAME = 'config';

/** Where the Lambda functions read their configuration. */
export interface LoadAgentConfigOptions {
  /** Parameter prefix, e.g. `/eks-upgrade-agent/` (the functions get it as `EKS_UPGRADE_CONFIG_PATH`). */
  parameterPrefix?: string;
  /** Configuration name below the prefix; `config` by default. */
  configName?: string;
  region?: string;
  logger?: PhaseLogger;
}

/**
 * Reads the agent configuration from SSM Parameter Store (`@eks-upgrade/params`
 * `getConfiguration`, validated with `AgentConfigSchema`). When none is stored the defaults
 * apply (`createDefaultAgentConfig()`); any other failure is thrown. Values are never logged.
 *
 * @example
 * ```ts
 * const config = await loadAgentConfig({ parameterPrefix: process.env.EKS_UPGRADE_CONFIG_PATH });
 * ```
 */
export async function loadAgentConfig(options: LoadAgentConfigOptions = {}): Promise<AgentConfig> {
  const parameterPrefix = options.parameterPrefix ?? DEFAULT_PARAMETER_PREFIX;
  const configName = options.configName ?? AGENT_CONFIG_NAME;
  const store = new SSMClient({ parameterPrefix, ...(options.region ? { region: options.region } : {}) });
  try {
    return await store.getConfiguration(configName, { schema: AgentConfigSchema });
  } catch (error) {
    if (ConfigurationError.isInstance(error) && /not found/i.test(error.message)) {
      options.logger?.warn('No stored configuration; using the defaults', { parameterPrefix, configName });
      return createDefaultAgentConfig();
    }
    throw error;
  }
}
