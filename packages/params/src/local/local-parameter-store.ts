import {
  AWSServiceError,
  DEFAULT_PARAMETER_PREFIX,
  DEFAULT_REGION,
  ValidationError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import {
  type ConfigurationBackend,
  deleteConfigurationFrom,
  getConfigurationFrom,
  parameterPrefixIssues,
  putConfigurationTo,
} from '../configuration/configuration-store.js';
import type { ConfigurationObject } from '../configuration/encoding.js';
import type {
  GetConfigurationOptions,
  ParameterStore,
  PutConfigurationOptions,
} from '../parameter-store/parameter-store.js';
import {
  type DeleteParametersResult,
  type GetByPathOptions,
  type GetParametersResult,
  type LabelResult,
  type ParameterConfig,
  type ParameterHistoryEntry,
  type ParameterMetadata,
  type ParameterResult,
  ParameterTier,
  ParameterType,
  type PutParameterOptions,
  type ReadOptions,
} from '../parameter-store/types.js';
import { labelIssues } from '../ssm/ssm-client.js';
import { parameterPathIssues, resolveParameterConfig, tagIssues } from '../validation/parameter-rules.js';

/**
 * Options of `LocalParameterStore`.
 *
 * @example
 * ```ts
 * new LocalParameterStore({ region: 'eu-west-1', now: () => new Date('2026-01-01T00:00:00Z') });
 * ```
 */
export interface LocalParameterStoreOptions {
  /** Prefix of configuration paths (default `/eks-upgrade-agent/`). */
  parameterPrefix?: string;
  /** KMS key id recorded on SecureString parameters (nothing is encrypted locally). */
  kmsKeyId?: string;
  /** Region, for ARNs and the name-length bound (default `us-east-1`). */
  region?: string;
  /** Account, for ARNs (default `000000000000`). */
  accountId?: string;
  /** Clock for `lastModified` (default `() => new Date()`). */
  now?: () => Date;
}

/** One stored version. */
interface StoredVersion {
  value: string;
  type: ParameterType;
  version: number;
  lastModified: Date;
  labels: string[];
  description: string | undefined;
  kmsKeyId: string | undefined;
  tier: ParameterTier;
  dataType: string;
  allowedPattern: string | undefined;
}

interface StoredParameter {
  versions: StoredVersion[];
  tags: Map<string, string>;
}

/** A JSON-friendly copy of a local store's contents, for saving to and loading from a file. */
export interface LocalParameterStoreSnapshot {
  parameters: Array<{
    name: string;
    tags: Record<string, string>;
    versions: Array<Omit<StoredVersion, 'lastModified'> & { lastModified: string }>;
  }>;
}

/** Parameter Store keeps the last 100 versions. */
const MAX_VERSIONS = 100;
/** What an undecrypted SecureString reads as locally: never the secret. */
export const LOCAL_ENCRYPTED_PLACEHOLDER = '(SecureString value: read it with withDecryption)';

function serviceError(operation: string, code: string, message: string): AWSServiceError {
  return new AWSServiceError(`${message}: ${code}`, { service: 'SSM', operation, code, retryable: false });
}

function normalisedSlash(name: string): string {
  return `/${name.replace(/^\/+/, '')}`;
}

/**
 * An in-memory parameter store with Parameter Store's semantics — versions, labels, types,
 * tiers, paths, tags, the same validation and the same error codes (`ParameterNotFound`,
 * `ParameterAlreadyExists`...) — for local runs (`eks-upgrade rehearse`) and tests. Nothing is
 * encrypted; an undecrypted SecureString reads as a placeholder, never as the secret.
 *
 * @example
 * ```ts
 * import { LocalParameterStore } from '@eks-upgrade/params';
 *
 * const store = new LocalParameterStore();
 * await store.putConfiguration(createDefaultAgentConfig(), 'default');
 * const config = await store.getConfiguration('default', { schema: AgentConfigSchema });
 * ```
 */
export class LocalParameterStore implements ParameterStore {
  /** Prefix of configuration paths, e.g. `/eks-upgrade-agent/`. */
  readonly parameterPrefix: string;
  /** KMS key id recorded on SecureString parameters. */
  readonly kmsKeyId: string | undefined;
  /** Region used in ARNs and the name-length bound. */
  readonly region: string;
  readonly #accountId: string;
  readonly #now: () => Date;
  readonly #parameters = new Map<string, StoredParameter>();

  /**
   * @example
   * ```ts
   * const store = new LocalParameterStore({ parameterPrefix: '/rehearsal/', kmsKeyId: 'alias/local' });
   * ```
   */
  constructor(options: LocalParameterStoreOptions = {}) {
    const prefix = options.parameterPrefix ?? DEFAULT_PARAMETER_PREFIX;
    const issues = parameterPrefixIssues(prefix);
    if (issues.length > 0) throw new ValidationError('Invalid LocalParameterStore options', issues);
    this.parameterPrefix = prefix;
    this.kmsKeyId = options.kmsKeyId;
    this.region = options.region ?? DEFAULT_REGION;
    this.#accountId = options.accountId ?? '000000000000';
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * A store holding a snapshot's contents (see `toSnapshot`).
   *
   * @example
   * ```ts
   * const store = LocalParameterStore.fromSnapshot(JSON.parse(await readFile('params.json', 'utf8')));
   * ```
   */
  static fromSnapshot(
    snapshot: LocalParameterStoreSnapshot,
    options: LocalParameterStoreOptions = {},
  ): LocalParameterStore {
    const store = new LocalParameterStore(options);
    for (const parameter of snapshot.parameters) {
      store.#parameters.set(parameter.name, {
        tags: new Map(Object.entries(parameter.tags)),
        versions: parameter.versions.map((version) => ({
          ...version,
          labels: [...version.labels],
          lastModified: new Date(version.lastModified),
        })),
      });
    }
    return store;
  }

  /**
   * A JSON-friendly copy of everything stored (secrets included, in clear: keep it safe).
   *
   * @example
   * ```ts
   * await writeFile('params.json', JSON.stringify(store.toSnapshot()));
   * ```
   */
  toSnapshot(): LocalParameterStoreSnapshot {
    return {
      parameters: [...this.#parameters].map(([name, parameter]) => ({
        name,
        tags: Object.fromEntries(parameter.tags),
        versions: parameter.versions.map((version) => ({
          ...version,
          labels: [...version.labels],
          lastModified: version.lastModified.toISOString(),
        })),
      })),
    };
  }

  #arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.#accountId}:parameter${normalisedSlash(name)}`;
  }

  #find(operation: string, name: string): StoredParameter {
    const parameter = this.#parameters.get(name);
    if (!parameter) throw serviceError(operation, 'ParameterNotFound', `Could not find parameter ${name}`);
    return parameter;
  }

  #result(name: string, version: StoredVersion, withDecryption: boolean, selector?: string): ParameterResult {
    const hidden = version.type === ParameterType.SECURE_STRING && !withDecryption;
    return {
      name,
      value: hidden ? LOCAL_ENCRYPTED_PLACEHOLDER : version.value,
      type: version.type,
      version: version.version,
      lastModified: new Date(version.lastModified),
      arn: this.#arn(name),
      dataType: version.dataType,
      ...(selector ? { selector } : {}),
    };
  }

  /** Resolves `name`, `name:3` or `name:label`; undefined when absent. */
  #lookup(
    operation: string,
    reference: string,
  ): { name: string; version: StoredVersion; selector?: string } | undefined {
    const colon = reference.indexOf(':');
    const name = colon === -1 ? reference : reference.slice(0, colon);
    const selector = colon === -1 ? undefined : reference.slice(colon);
    const parameter = this.#parameters.get(name);
    if (!parameter) return undefined;
    if (selector === undefined) return { name, version: parameter.versions.at(-1) as StoredVersion };
    const wanted = selector.slice(1);
    const version = /^\d+$/.test(wanted)
      ? parameter.versions.find((candidate) => candidate.version === Number(wanted))
      : parameter.versions.find((candidate) => candidate.labels.includes(wanted));
    if (!version) {
      throw serviceError(
        operation,
        'ParameterVersionNotFound',
        `Could not find version ${selector} of parameter ${name}`,
      );
    }
    return { name, version, selector };
  }

  /**
   * Writes one parameter, with the same checks, type detection and tier choice as
   * `SSMClient.putParameter`; returns the new version.
   *
   * @example
   * ```ts
   * await store.putParameter({ name: '/eks-upgrade-agent/default/cluster', value: 'dev' });
   * ```
   */
  async putParameter(config: ParameterConfig, options: PutParameterOptions = {}): Promise<number> {
    const { resolved, issues } = resolveParameterConfig(config, {
      region: this.region,
      kmsKeyId: this.kmsKeyId,
    });
    if (issues.length > 0)
      throw new ValidationError(`Invalid parameter ${resolved.name || '(no name)'}`, issues);
    const existing = this.#parameters.get(resolved.name);
    const previous = existing?.versions.at(-1);
    if (previous && !options.overwrite) {
      throw serviceError(
        'PutParameter',
        'ParameterAlreadyExists',
        `Could not write parameter ${resolved.name}`,
      );
    }
    const allowedPattern = resolved.allowedPattern ?? previous?.allowedPattern;
    if (allowedPattern !== undefined && !new RegExp(allowedPattern).test(resolved.value)) {
      throw serviceError(
        'PutParameter',
        'ParameterPatternMismatchException',
        `Could not write parameter ${resolved.name}: the value does not match its allowed pattern`,
      );
    }
    if (resolved.tier === ParameterTier.STANDARD && previous?.tier === ParameterTier.ADVANCED) {
      throw serviceError(
        'PutParameter',
        'ValidationException',
        `Could not write parameter ${resolved.name}: an Advanced parameter cannot go back to Standard`,
      );
    }
    const tier =
      resolved.tier === ParameterTier.ADVANCED || previous?.tier === ParameterTier.ADVANCED
        ? ParameterTier.ADVANCED
        : ParameterTier.STANDARD;
    const version: StoredVersion = {
      value: resolved.value,
      type: resolved.type,
      version: (previous?.version ?? 0) + 1,
      lastModified: this.#now(),
      labels: [],
      description: resolved.description ?? previous?.description,
      kmsKeyId:
        resolved.type === ParameterType.SECURE_STRING ? (resolved.kmsKeyId ?? 'alias/aws/ssm') : undefined,
      tier,
      dataType: resolved.dataType ?? previous?.dataType ?? 'text',
      allowedPattern,
    };
    const stored = existing ?? { versions: [], tags: new Map<string, string>() };
    stored.versions.push(version);
    if (stored.versions.length > MAX_VERSIONS) stored.versions.shift();
    for (const [key, value] of Object.entries(resolved.tags ?? {})) stored.tags.set(key, value);
    this.#parameters.set(resolved.name, stored);
    return version.version;
  }

  /**
   * Reads one parameter (`name`, `name:3` or `name:label`).
   *
   * @example
   * ```ts
   * const { value } = await store.getParameter('/eks-upgrade-agent/default/cluster');
   * ```
   */
  async getParameter(name: string, options: ReadOptions = {}): Promise<ParameterResult> {
    const found = this.#lookup('GetParameter', name);
    if (!found) throw serviceError('GetParameter', 'ParameterNotFound', `Could not read parameter ${name}`);
    return this.#result(found.name, found.version, options.withDecryption ?? true, found.selector);
  }

  /**
   * Reads many parameters; names that do not exist are reported in `invalid`.
   *
   * @example
   * ```ts
   * const { parameters, invalid } = await store.getParameters(['/a', '/b']);
   * ```
   */
  async getParameters(names: readonly string[], options: ReadOptions = {}): Promise<GetParametersResult> {
    const parameters: ParameterResult[] = [];
    const invalid: string[] = [];
    for (const name of new Set(names)) {
      let found: { name: string; version: StoredVersion; selector?: string } | undefined;
      try {
        found = this.#lookup('GetParameters', name);
      } catch {
        found = undefined;
      }
      if (found)
        parameters.push(
          this.#result(found.name, found.version, options.withDecryption ?? true, found.selector),
        );
      else invalid.push(name);
    }
    return { parameters, invalid };
  }

  /**
   * Reads every parameter below `path` (recursively unless `recursive` is `false`).
   *
   * @example
   * ```ts
   * const parameters = await store.getParametersByPath('/eks-upgrade-agent/default');
   * ```
   */
  async getParametersByPath(path: string, options: GetByPathOptions = {}): Promise<ParameterResult[]> {
    const issues = parameterPathIssues(path);
    if (issues.length > 0) throw new ValidationError('Invalid parameter path', issues);
    const base = `${path.replace(/\/+$/, '')}/`;
    const recursive = options.recursive ?? true;
    const results: ParameterResult[] = [];
    for (const [name, parameter] of this.#parameters) {
      if (!name.startsWith(base)) continue;
      if (!recursive && name.slice(base.length).includes('/')) continue;
      results.push(
        this.#result(name, parameter.versions.at(-1) as StoredVersion, options.withDecryption ?? true),
      );
    }
    return results;
  }

  /**
   * Deletes one parameter.
   *
   * @example
   * ```ts
   * await store.deleteParameter('/eks-upgrade-agent/default/cluster');
   * ```
   */
  async deleteParameter(name: string): Promise<void> {
    this.#find('DeleteParameter', name);
    this.#parameters.delete(name);
  }

  /**
   * Deletes many parameters; names that did not exist are reported in `invalid`.
   *
   * @example
   * ```ts
   * const { deleted, invalid } = await store.deleteParameters(['/a', '/b']);
   * ```
   */
  async deleteParameters(names: readonly string[]): Promise<DeleteParametersResult> {
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const name of new Set(names)) {
      if (this.#parameters.delete(name)) deleted.push(name);
      else invalid.push(name);
    }
    return { deleted, invalid };
  }

  /**
   * Metadata of every parameter whose name starts with `namePrefix` (all when absent).
   *
   * @example
   * ```ts
   * const metadata = await store.listParameters('/eks-upgrade-agent/');
   * ```
   */
  async listParameters(namePrefix?: string): Promise<ParameterMetadata[]> {
    const prefix = namePrefix === undefined ? undefined : normalisedSlash(namePrefix);
    const results: ParameterMetadata[] = [];
    for (const [name, parameter] of this.#parameters) {
      if (prefix !== undefined && !normalisedSlash(name).startsWith(prefix)) continue;
      const latest = parameter.versions.at(-1) as StoredVersion;
      results.push({
        name,
        type: latest.type,
        version: latest.version,
        tier: latest.tier,
        lastModified: new Date(latest.lastModified),
        description: latest.description,
        kmsKeyId: latest.kmsKeyId,
        dataType: latest.dataType,
        allowedPattern: latest.allowedPattern,
      });
    }
    return results;
  }

  /**
   * Every version of a parameter, oldest first.
   *
   * @example
   * ```ts
   * const history = await store.getParameterHistory('/eks-upgrade-agent/default/cluster');
   * ```
   */
  async getParameterHistory(name: string, options: ReadOptions = {}): Promise<ParameterHistoryEntry[]> {
    const parameter = this.#find('GetParameterHistory', name);
    const withDecryption = options.withDecryption ?? true;
    return parameter.versions.map((version) => ({
      name,
      value:
        version.type === ParameterType.SECURE_STRING && !withDecryption
          ? LOCAL_ENCRYPTED_PLACEHOLDER
          : version.value,
      type: version.type,
      version: version.version,
      labels: [...version.labels],
      lastModified: new Date(version.lastModified),
      description: version.description,
      tier: version.tier,
      kmsKeyId: version.kmsKeyId,
    }));
  }

  /**
   * Attaches labels to a version (the latest when absent); a label moves from the version
   * that had it.
   *
   * @example
   * ```ts
   * await store.labelParameterVersion('/eks-upgrade-agent/default/cluster', ['stable'], { version: 1 });
   * ```
   */
  async labelParameterVersion(
    name: string,
    labels: readonly string[],
    options: { version?: number } = {},
  ): Promise<LabelResult> {
    const issues: ValidationIssue[] = labelIssues(labels);
    if (issues.length > 0) throw new ValidationError('Invalid labels', issues);
    const parameter = this.#find('LabelParameterVersion', name);
    const target =
      options.version === undefined
        ? parameter.versions.at(-1)
        : parameter.versions.find((version) => version.version === options.version);
    if (!target) {
      throw serviceError(
        'LabelParameterVersion',
        'ParameterVersionNotFound',
        `Could not label version ${options.version} of parameter ${name}`,
      );
    }
    for (const label of labels) {
      for (const version of parameter.versions)
        version.labels = version.labels.filter((other) => other !== label);
      target.labels.push(label);
    }
    return { version: target.version, invalidLabels: [] };
  }

  /**
   * Adds or replaces tags.
   *
   * @example
   * ```ts
   * await store.addTagsToParameter('/eks-upgrade-agent/default/cluster', { team: 'platform' });
   * ```
   */
  async addTagsToParameter(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const issues = tagIssues(tags);
    if (issues.length > 0) throw new ValidationError('Invalid tags', issues);
    const parameter = this.#tagged('AddTagsToResource', name);
    for (const [key, value] of Object.entries(tags)) parameter.tags.set(key, value);
  }

  /**
   * Removes tags by key.
   *
   * @example
   * ```ts
   * await store.removeTagsFromParameter('/eks-upgrade-agent/default/cluster', ['team']);
   * ```
   */
  async removeTagsFromParameter(name: string, keys: readonly string[]): Promise<void> {
    const parameter = this.#tagged('RemoveTagsFromResource', name);
    for (const key of keys) parameter.tags.delete(key);
  }

  /**
   * The parameter's tags.
   *
   * @example
   * ```ts
   * await store.listTagsForParameter('/eks-upgrade-agent/default/cluster'); // { team: 'platform' }
   * ```
   */
  async listTagsForParameter(name: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.#tagged('ListTagsForResource', name).tags);
  }

  #tagged(operation: string, name: string): StoredParameter {
    const parameter = this.#parameters.get(name);
    if (!parameter)
      throw serviceError(operation, 'InvalidResourceId', `Could not find parameter ${name} to tag`);
    return parameter;
  }

  get #backend(): ConfigurationBackend {
    return {
      parameterPrefix: this.parameterPrefix,
      region: this.region,
      kmsKeyId: this.kmsKeyId,
      concurrency: 5,
      putParameter: (config, options) => this.putParameter(config, options),
      getParametersByPath: (path, options) => this.getParametersByPath(path, options),
      deleteParameters: (names) => this.deleteParameters(names),
    };
  }

  /**
   * Stores a configuration object, exactly as `SSMClient.putConfiguration` does.
   *
   * @example
   * ```ts
   * await store.putConfiguration({ upgrade: { bakeTimeSeconds: 60 } }, 'rehearsal');
   * ```
   */
  putConfiguration(
    config: Readonly<Record<string, unknown>>,
    configName: string,
    options?: PutConfigurationOptions,
  ): Promise<Record<string, number>> {
    return putConfigurationTo(this.#backend, config, configName, options);
  }

  /**
   * Reads a configuration back, exactly as `SSMClient.getConfiguration` does.
   *
   * @example
   * ```ts
   * const config = await store.getConfiguration('rehearsal');
   * ```
   */
  getConfiguration<Output = ConfigurationObject>(
    configName: string,
    options?: GetConfigurationOptions<Output>,
  ): Promise<Output> {
    return getConfigurationFrom(this.#backend, configName, options);
  }

  /**
   * Deletes every parameter of a configuration.
   *
   * @example
   * ```ts
   * await store.deleteConfiguration('rehearsal');
   * ```
   */
  deleteConfiguration(configName: string): Promise<DeleteParametersResult> {
    return deleteConfigurationFrom(this.#backend, configName);
  }
}
