import type { z } from 'zod';
import type { ConfigurationObject } from '../configuration/encoding.js';
import type {
  DeleteParametersResult,
  GetByPathOptions,
  GetParametersResult,
  LabelResult,
  ParameterConfig,
  ParameterHistoryEntry,
  ParameterMetadata,
  ParameterResult,
  PutParameterOptions,
  ReadOptions,
} from './types.js';

/**
 * Options of `putConfiguration`.
 *
 * @example
 * ```ts
 * await ssm.putConfiguration(partialConfig, 'prod', { removeStale: false }); // keep keys not in partialConfig
 * ```
 */
export interface PutConfigurationOptions {
  /**
   * Delete the parameters below the configuration's path that the new configuration no longer
   * has (default `true`), so `getConfiguration` returns exactly what was put. They are deleted
   * only after every write succeeded.
   */
  removeStale?: boolean;
}

/**
 * Options of `getConfiguration`.
 *
 * @example
 * ```ts
 * const config = await ssm.getConfiguration('prod', { schema: AgentConfigSchema }); // typed AgentConfig
 * ```
 */
export interface GetConfigurationOptions<Output> {
  /** A zod schema the configuration is validated (and defaulted) with, e.g. `AgentConfigSchema`. */
  schema?: z.ZodType<Output>;
}

/**
 * What a parameter store can do. `SSMClient` implements it against AWS Systems Manager
 * Parameter Store and `LocalParameterStore` in memory, with the same semantics (versions,
 * types, tiers, paths, labels, tags, validation and errors), so code written against
 * `ParameterStore` runs unchanged on AWS and in a local rehearsal.
 *
 * @example
 * ```ts
 * async function loadConfig(store: ParameterStore) {
 *   return store.getConfiguration('default', { schema: AgentConfigSchema });
 * }
 * await loadConfig(new SSMClient({ region: 'eu-west-1' }));
 * await loadConfig(new LocalParameterStore());
 * ```
 */
export interface ParameterStore {
  /** Prefix of configuration paths, e.g. `/eks-upgrade-agent/`. */
  readonly parameterPrefix: string;
  /** Writes one parameter; returns its new version. */
  putParameter(config: ParameterConfig, options?: PutParameterOptions): Promise<number>;
  /** Reads one parameter (`name`, `name:3` or `name:label`). */
  getParameter(name: string, options?: ReadOptions): Promise<ParameterResult>;
  /** Reads many parameters, reporting the names that do not exist. */
  getParameters(names: readonly string[], options?: ReadOptions): Promise<GetParametersResult>;
  /** Reads every parameter below a path. */
  getParametersByPath(path: string, options?: GetByPathOptions): Promise<ParameterResult[]>;
  /** Deletes one parameter. */
  deleteParameter(name: string): Promise<void>;
  /** Deletes many parameters, reporting those that did not exist. */
  deleteParameters(names: readonly string[]): Promise<DeleteParametersResult>;
  /** Metadata of every parameter whose name starts with `namePrefix` (all when absent). */
  listParameters(namePrefix?: string): Promise<ParameterMetadata[]>;
  /** Every version of a parameter, oldest first. */
  getParameterHistory(name: string, options?: ReadOptions): Promise<ParameterHistoryEntry[]>;
  /** Attaches labels to a version (the latest when absent). */
  labelParameterVersion(
    name: string,
    labels: readonly string[],
    options?: { version?: number },
  ): Promise<LabelResult>;
  /** Adds or replaces tags. */
  addTagsToParameter(name: string, tags: Readonly<Record<string, string>>): Promise<void>;
  /** Removes tags by key. */
  removeTagsFromParameter(name: string, keys: readonly string[]): Promise<void>;
  /** The parameter's tags. */
  listTagsForParameter(name: string): Promise<Record<string, string>>;
  /** Stores a configuration object as parameters; returns parameter name → version. */
  putConfiguration(
    config: Readonly<Record<string, unknown>>,
    configName: string,
    options?: PutConfigurationOptions,
  ): Promise<Record<string, number>>;
  /** Reads a configuration object back. */
  getConfiguration<Output = ConfigurationObject>(
    configName: string,
    options?: GetConfigurationOptions<Output>,
  ): Promise<Output>;
  /** Deletes every parameter of a configuration. */
  deleteConfiguration(configName: string): Promise<DeleteParametersResult>;
}
