import { type AgentConfig, DEFAULT_PARAMETER_PREFIX } from '@eks-upgrade/core-models';
import { loadAgentConfig as loadStoredOrDefaultAgentConfig, SSMClient } from '@eks-upgrade/params';
import type { PhaseLogger } from '../phases/dependencies.js';

/** Where the Lambda functions read their configuration. */
export interface LoadAgentConfigOptions {
  /** Parameter prefix, e.g. `/eks-upgrade-agent/` (the functions get it as `EKS_UPGRADE_CONFIG_PATH`). */
  parameterPrefix?: string;
  region?: string;
  logger?: PhaseLogger;
}

/**
 * Reads the agent configuration from SSM Parameter Store under `<prefix>config/`, the name the
 * CLI writes (`AGENT_CONFIG_NAME`), with `@eks-upgrade/params`' `loadAgentConfig`: the stored one,
 * or the defaults (with a warning) when none is stored; any other failure is thrown. Values are
 * never logged.
 *
 * @example
 * ```ts
 * const config = await loadAgentConfig({ parameterPrefix: process.env.EKS_UPGRADE_CONFIG_PATH });
 * ```
 */
export async function loadAgentConfig(options: LoadAgentConfigOptions = {}): Promise<AgentConfig> {
  const parameterPrefix = options.parameterPrefix ?? DEFAULT_PARAMETER_PREFIX;
  const store = new SSMClient({ parameterPrefix, ...(options.region ? { region: options.region } : {}) });
  return loadStoredOrDefaultAgentConfig(store, {
    onDefaults: (configName) =>
      options.logger?.warn('No stored configuration; using the defaults', { parameterPrefix, configName }),
    onRetiredKeys: (retiredKeys, configName) =>
      options.logger?.warn('The stored configuration has keys this version no longer uses; ignoring them', {
        parameterPrefix,
        configName,
        retiredKeys,
      }),
  });
}
