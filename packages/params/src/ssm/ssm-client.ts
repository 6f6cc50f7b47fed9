import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  type Parameter,
  type ParameterHistory,
  PutParameterCommand,
  type PutParameterCommandInput,
  RemoveTagsFromResourceCommand,
  type ParameterMetadata as SdkParameterMetadata,
  SSMClient as SdkSSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import {
  AWSServiceError,
  type AwsSdkV3Client,
  chunk,
  DEFAULT_PARAMETER_PREFIX,
  followPageTokens,
  isRetryableAwsError,
  type RetryOptions,
  retryWithBackoff,
  toAWSServiceError,
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
import { createDeleteParametersError, type DeleteParametersReport } from '../configuration/write-report.js';
import { mapSettledWithConcurrency, mapWithConcurrency } from '../internal/batching.js';
import type {
  GetConfigurationOptions,
  ParameterStore,
  PutConfigurationOptions,
} from '../parameter-store/parameter-store.js';
import type {
  DeleteParametersResult,
  GetByPathOptions,
  GetParametersResult,
  LabelResult,
  ParameterConfig,
  ParameterHistoryEntry,
  ParameterMetadata,
  ParameterResult,
  ParameterTier,
  ParameterType,
  PutParameterOptions,
  ReadOptions,
} from '../parameter-store/types.js';
import { PARAMETER_LIMITS } from '../validation/limits.js';
import { parameterPathIssues, resolveParameterConfig, tagIssues } from '../validation/parameter-rules.js';

interface SSMClientBaseOptions {
  /** AWS region (also used for the name-length bound). */
  region?: string;
  /** Prefix of configuration paths (default `/eks-upgrade-agent/`). */
  parameterPrefix?: string;
  /** KMS key for SecureString parameters (default: the account's `alias/aws/ssm`). */
  kmsKeyId?: string;
  /** Calls in flight at once in batch operations (default 5). */
  concurrency?: number;
  /** How throttled and other retryable failures are retried (default 4 attempts, 100 ms base backoff). */
  retry?: RetryOptions;
}

/**
 * Options of `SSMClient`: an injected SDK v3 `SSMClient` (`client`) or settings for a new one
 * (`clientConfig`), not both. The injected client may come from the application's own copy or
 * release of `@aws-sdk/client-ssm` (v3).
 *
 * @example
 * ```ts
 * const options: SSMClientOptions = {
 *   clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' },
 *   parameterPrefix: '/team-a/eks-upgrade/',
 *   kmsKeyId: 'alias/eks-upgrade',
 *   concurrency: 5,
 *   retry: { maxAttempts: 6, baseDelayMs: 200 },
 * };
 * ```
 */
export type SSMClientOptions = SSMClientBaseOptions &
  (
    | { client: SdkSSMClient | AwsSdkV3Client; clientConfig?: never }
    | { client?: never; clientConfig?: SSMClientConfig }
  );

const SERVICE = 'SSM';

function toResult(parameter: Parameter): ParameterResult {
  return {
    name: parameter.Name ?? '',
    value: parameter.Value ?? '',
    type: parameter.Type as ParameterType,
    version: parameter.Version ?? 0,
    lastModified: parameter.LastModifiedDate,
    arn: parameter.ARN,
    dataType: parameter.DataType,
    ...(parameter.Selector ? { selector: parameter.Selector } : {}),
  };
}

function toMetadata(parameter: SdkParameterMetadata): ParameterMetadata {
  return {
    name: parameter.Name ?? '',
    type: parameter.Type as ParameterType,
    version: parameter.Version ?? 0,
    tier: parameter.Tier as ParameterTier | undefined,
    lastModified: parameter.LastModifiedDate,
    description: parameter.Description,
    kmsKeyId: parameter.KeyId,
    dataType: parameter.DataType,
    allowedPattern: parameter.AllowedPattern,
  };
}

function toHistoryEntry(entry: ParameterHistory): ParameterHistoryEntry {
  return {
    name: entry.Name ?? '',
    value: entry.Value ?? '',
    type: entry.Type as ParameterType,
    version: entry.Version ?? 0,
    labels: entry.Labels ?? [],
    lastModified: entry.LastModifiedDate,
    description: entry.Description,
    tier: entry.Tier as ParameterTier | undefined,
    kmsKeyId: entry.KeyId,
  };
}

function throwIfIssues(what: string, issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(`Invalid ${what}`, issues);
}

function nameListIssues(names: readonly string[], field = 'names'): ValidationIssue[] {
  if (!Array.isArray(names)) return [{ path: field, message: 'must be an array of parameter names' }];
  return names.flatMap((name, index) =>
    typeof name === 'string' && name.length > 0
      ? []
      : [{ path: `${field}[${index}]`, message: 'must be a non-empty string' }],
  );
}

function requireName(name: string, what = 'parameter name'): void {
  throwIfIssues(
    what,
    typeof name === 'string' && name.length > 0
      ? []
      : [{ path: 'name', message: 'must be a non-empty string' }],
  );
}

/**
 * AWS Systems Manager Parameter Store, with AWS's limits built in: batches of 10 names,
 * every page read, names and sizes checked before anything is written, tiers chosen by size,
 * SecureString for sensitive names, throttling retried with backoff, and every SDK failure
 * mapped to an `AWSServiceError` that keeps the SDK error as `cause`.
 *
 * @example
 * ```ts
 * import { SSMClient } from '@eks-upgrade/params';
 *
 * const ssm = new SSMClient({ region: 'eu-west-1', kmsKeyId: 'alias/eks-upgrade' });
 * await ssm.putParameter({ name: '/eks-upgrade-agent/prod/cluster', value: 'prod-eu' }, { overwrite: true });
 * const { value } = await ssm.getParameter('/eks-upgrade-agent/prod/cluster');
 * ```
 */
export class SSMClient implements ParameterStore {
  /** Prefix of configuration paths, e.g. `/eks-upgrade-agent/`. */
  readonly parameterPrefix: string;
  /** KMS key for SecureString parameters, when configured. */
  readonly kmsKeyId: string | undefined;
  /** Region given in the options or `clientConfig` (the name-length bound also asks an injected client). */
  readonly region: string | undefined;
  /** The underlying SDK v3 client. */
  readonly sdkClient: SdkSSMClient;
  readonly #concurrency: number;
  readonly #retry: RetryOptions;
  #clientRegion: Promise<string | undefined> | undefined;

  /**
   * @example
   * ```ts
   * const ssm = new SSMClient({ clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' } });
   * const mocked = new SSMClient({ client: new SdkSSMClient({}) });
   * ```
   */
  constructor(options: SSMClientOptions = {}) {
    const prefix = options.parameterPrefix ?? DEFAULT_PARAMETER_PREFIX;
    const issues = parameterPrefixIssues(prefix);
    if (options.client && options.clientConfig) {
      issues.push({ path: 'client', message: 'pass either client or clientConfig, not both' });
    }
    if (
      options.concurrency !== undefined &&
      !(Number.isInteger(options.concurrency) && options.concurrency >= 1)
    ) {
      issues.push({ path: 'concurrency', message: 'must be a whole number of at least 1' });
    }
    throwIfIssues('SSMClient options', issues);
    this.parameterPrefix = prefix;
    this.kmsKeyId = options.kmsKeyId;
    const configRegion = options.clientConfig?.region;
    this.region = options.region ?? (typeof configRegion === 'string' ? configRegion : undefined);
    // An injected client from another copy of the SDK is used through `send` alone (with this
    // package's commands), which works across SDK v3 releases; nothing checks its class.
    this.sdkClient =
      (options.client as SdkSSMClient | undefined) ??
      new SdkSSMClient({ ...options.clientConfig, ...(options.region ? { region: options.region } : {}) });
    this.#concurrency = options.concurrency ?? 5;
    this.#retry = options.retry ?? {};
  }

  /** Sends one call: retried when throttled, failures mapped to the taxonomy. */
  async #send<T>(operation: string, action: string, call: () => Promise<T>): Promise<T> {
    return retryWithBackoff(
      async () => {
        try {
          return await call();
        } catch (error) {
          throw toAWSServiceError(error, { service: SERVICE, operation, action });
        }
      },
      isRetryableAwsError,
      this.#retry,
    );
  }

  /**
   * Reads every page of a paginated operation; a throttled page is retried from its token,
   * not from the first page. Pages are requested with `sdkClient.send` rather than the SDK's
   * `paginate*` helpers, which reject a client from another copy or release of the SDK
   * (they check `instanceof` against their own package's `SSMClient`).
   */
  async #collectPages<Page extends { NextToken?: string }, Item>(
    operation: string,
    action: string,
    fetchPage: (nextToken: string | undefined) => Promise<Page>,
    items: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    const collected: Item[] = [];
    let startingToken: string | undefined;
    return retryWithBackoff(
      async () => {
        try {
          for await (const page of followPageTokens(fetchPage, (next) => next.NextToken, startingToken)) {
            collected.push(...(items(page) ?? []));
            startingToken = page.NextToken;
          }
          return collected;
        } catch (error) {
          throw toAWSServiceError(error, { service: SERVICE, operation, action });
        }
      },
      isRetryableAwsError,
      this.#retry,
    );
  }

  /**
   * Writes one parameter and returns its new version. The name and value are checked first
   * (charset, `aws`/`ssm` prefix, levels, length, 4 KB/8 KB); the type is detected when absent
   * (`StringList` for an array, `SecureString` for a sensitive name, else `String`); the tier is
   * Advanced when the value needs it. Tags are sent with PutParameter for a new parameter and
   * with AddTagsToResource when overwriting (PutParameter cannot carry both).
   *
   * @throws ValidationError before any call when the input breaks a rule.
   * @throws AWSServiceError when Parameter Store refuses (e.g. `ParameterAlreadyExists` without `overwrite`).
   * @example
   * ```ts
   * const version = await ssm.putParameter(
   *   { name: '/eks-upgrade-agent/prod/api-token', value: token, tags: { team: 'platform' } },
   *   { overwrite: true },
   * ); // SecureString, encrypted with the client's kmsKeyId
   * ```
   */
  async putParameter(config: ParameterConfig, options: PutParameterOptions = {}): Promise<number> {
    const { resolved, issues } = resolveParameterConfig(config, {
      region: await this.#regionForLimits(),
      kmsKeyId: this.kmsKeyId,
    });
    throwIfIssues(`parameter ${resolved.name || '(no name)'}`, issues);
    const overwrite = options.overwrite ?? false;
    const hasTags = resolved.tags !== undefined && Object.keys(resolved.tags).length > 0;
    const input: PutParameterCommandInput = {
      Name: resolved.name,
      Value: resolved.value,
      Type: resolved.type,
      Overwrite: overwrite,
      ...(resolved.description !== undefined ? { Description: resolved.description } : {}),
      ...(resolved.kmsKeyId !== undefined ? { KeyId: resolved.kmsKeyId } : {}),
      ...(resolved.tier !== undefined ? { Tier: resolved.tier } : {}),
      ...(resolved.allowedPattern !== undefined ? { AllowedPattern: resolved.allowedPattern } : {}),
      ...(resolved.dataType !== undefined ? { DataType: resolved.dataType } : {}),
      ...(hasTags && !overwrite ? { Tags: toSdkTags(resolved.tags ?? {}) } : {}),
    };
    const output = await this.#send('PutParameter', `write parameter ${resolved.name}`, () =>
      this.sdkClient.send(new PutParameterCommand(input)),
    );
    if (hasTags && overwrite) await this.addTagsToParameter(resolved.name, resolved.tags ?? {});
    return output.Version ?? 0;
  }

  /**
   * Reads one parameter; `name` may carry a selector (`name:3` for a version, `name:label`).
   * SecureString values are decrypted unless `withDecryption` is `false`.
   *
   * @throws AWSServiceError with code `ParameterNotFound` (`isNotFound`) when it does not exist.
   * @example
   * ```ts
   * const parameter = await ssm.getParameter('/eks-upgrade-agent/prod/db-password');
   * parameter.type; // 'SecureString'
   * ```
   */
  async getParameter(name: string, options: ReadOptions = {}): Promise<ParameterResult> {
    requireName(name);
    const output = await this.#send('GetParameter', `read parameter ${name}`, () =>
      this.sdkClient.send(
        new GetParameterCommand({ Name: name, WithDecryption: options.withDecryption ?? true }),
      ),
    );
    return toResult(output.Parameter ?? {});
  }

  /**
   * Reads many parameters in calls of at most 10 names (25 names → 3 calls), up to
   * `concurrency` calls at once. Repeated names are read once.
   *
   * @example
   * ```ts
   * const { parameters, invalid } = await ssm.getParameters(['/app/a', '/app/b', '/app/missing']);
   * invalid; // ['/app/missing']
   * ```
   */
  async getParameters(names: readonly string[], options: ReadOptions = {}): Promise<GetParametersResult> {
    throwIfIssues('parameter names', nameListIssues(names));
    const unique = [...new Set(names)];
    const pages = await mapWithConcurrency(
      chunk(unique, PARAMETER_LIMITS.maxNamesPerCall),
      this.#concurrency,
      (batch) =>
        this.#send('GetParameters', `read parameters ${batch.join(', ')}`, () =>
          this.sdkClient.send(
            new GetParametersCommand({ Names: batch, WithDecryption: options.withDecryption ?? true }),
          ),
        ),
    );
    const found = new Map<string, ParameterResult>();
    const invalid: string[] = [];
    for (const page of pages) {
      for (const parameter of page.Parameters ?? []) {
        const result = toResult(parameter);
        found.set(`${result.name}${result.selector ?? ''}`, result);
        if (!found.has(result.name)) found.set(result.name, result);
      }
      invalid.push(...(page.InvalidParameters ?? []));
    }
    const parameters = unique.flatMap((name) => {
      const result = found.get(name);
      return result && !invalid.includes(name) ? [result] : [];
    });
    return { parameters, invalid };
  }

  /**
   * Reads every parameter below `path` (recursively unless `recursive` is `false`), following
   * `NextToken` to the end: pages of up to 10, short pages and an empty last page included.
   *
   * @example
   * ```ts
   * const parameters = await ssm.getParametersByPath('/eks-upgrade-agent/prod');
   * ```
   */
  async getParametersByPath(path: string, options: GetByPathOptions = {}): Promise<ParameterResult[]> {
    throwIfIssues('parameter path', parameterPathIssues(path));
    const input = {
      Path: path,
      Recursive: options.recursive ?? true,
      WithDecryption: options.withDecryption ?? true,
    };
    const parameters = await this.#collectPages(
      'GetParametersByPath',
      `read parameters below ${path}`,
      (NextToken) =>
        this.sdkClient.send(
          new GetParametersByPathCommand({
            ...input,
            MaxResults: PARAMETER_LIMITS.maxResultsPerPathPage,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (page) => page.Parameters,
    );
    return parameters.map(toResult);
  }

  /**
   * Deletes one parameter (every version).
   *
   * @throws AWSServiceError with code `ParameterNotFound` when it does not exist.
   * @example
   * ```ts
   * await ssm.deleteParameter('/eks-upgrade-agent/prod/old-setting');
   * ```
   */
  async deleteParameter(name: string): Promise<void> {
    requireName(name);
    await this.#send('DeleteParameter', `delete parameter ${name}`, () =>
      this.sdkClient.send(new DeleteParameterCommand({ Name: name })),
    );
  }

  /**
   * Deletes many parameters in calls of at most 10 names (23 names → 3 calls), up to
   * `concurrency` calls at once; names that did not exist are reported in `invalid`.
   *
   * A call whose response was lost (a timeout, a dropped connection, a 5xx) may still have
   * deleted its names, and its retry then hears from AWS that they do not exist. So, for a call
   * tried again after such a failure — by this client or by the SDK's own retries
   * (`$metadata.attempts` above 1) — the names AWS reports missing are reported `deleted`: they
   * are gone, and the lost attempt may have been what deleted them; it cannot be told apart from
   * "never existed". A throttled or refused attempt did nothing, so it does not count.
   *
   * @throws ExecutionError (see `isDeleteParametersError`) when some calls still failed after
   *   retries while others succeeded; its `report` lists deleted, missing and failed names.
   *
   * @example
   * ```ts
   * const { deleted, invalid } = await ssm.deleteParameters(['/app/a', '/app/missing']);
   * ```
   */
  async deleteParameters(names: readonly string[]): Promise<DeleteParametersResult> {
    throwIfIssues('parameter names', nameListIssues(names));
    const batches = chunk([...new Set(names)], PARAMETER_LIMITS.maxNamesPerCall);
    const outcomes = await mapSettledWithConcurrency(batches, this.#concurrency, (batch) => {
      let anAttemptMayHaveDeleted = false;
      return this.#send('DeleteParameters', `delete parameters ${batch.join(', ')}`, async () => {
        try {
          const output = await this.sdkClient.send(new DeleteParametersCommand({ Names: batch }));
          const sdkRetried = (output.$metadata?.attempts ?? 1) > 1;
          return { output, afterLostResponse: anAttemptMayHaveDeleted || sdkRetried };
        } catch (error) {
          if (mayHaveBeenApplied(error)) anAttemptMayHaveDeleted = true;
          throw error;
        }
      });
    });
    const report: DeleteParametersReport = { deleted: [], invalid: [], failed: [] };
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) {
        const { output, afterLostResponse } = outcome.value;
        report.deleted.push(...(output.DeletedParameters ?? []));
        (afterLostResponse ? report.deleted : report.invalid).push(...(output.InvalidParameters ?? []));
        return;
      }
      const code = AWSServiceError.isInstance(outcome.error) ? outcome.error.code : 'UnknownError';
      for (const name of batches[index] ?? []) report.failed.push({ name, code, error: outcome.error });
    });
    if (report.failed.length === 0) return { deleted: report.deleted, invalid: report.invalid };
    // A single call that failed did nothing else: the mapped SDK error says it best.
    if (batches.length === 1) throw report.failed[0]?.error;
    throw createDeleteParametersError(report, report.failed[0]?.error);
  }

  /**
   * Metadata (type, version, tier, KMS key...) of every parameter whose name starts with
   * `namePrefix` — all parameters when absent — from DescribeParameters, all pages.
   *
   * @example
   * ```ts
   * const advanced = (await ssm.listParameters('/eks-upgrade-agent/')).filter((p) => p.tier === 'Advanced');
   * ```
   */
  async listParameters(namePrefix?: string): Promise<ParameterMetadata[]> {
    if (namePrefix !== undefined) requireName(namePrefix, 'name prefix');
    const filters =
      namePrefix === undefined ? undefined : [{ Key: 'Name', Option: 'BeginsWith', Values: [namePrefix] }];
    const parameters = await this.#collectPages(
      'DescribeParameters',
      namePrefix === undefined ? 'list parameters' : `list parameters starting with ${namePrefix}`,
      (NextToken) =>
        this.sdkClient.send(
          new DescribeParametersCommand({
            ...(filters ? { ParameterFilters: filters } : {}),
            MaxResults: PARAMETER_LIMITS.maxResultsPerDescribePage,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (page) => page.Parameters,
    );
    return parameters.map(toMetadata);
  }

  /**
   * Every version of a parameter, oldest first, all pages; values decrypted unless
   * `withDecryption` is `false`.
   *
   * @example
   * ```ts
   * const history = await ssm.getParameterHistory('/eks-upgrade-agent/prod/cluster');
   * history.at(-1)?.version; // the latest
   * ```
   */
  async getParameterHistory(name: string, options: ReadOptions = {}): Promise<ParameterHistoryEntry[]> {
    requireName(name);
    const entries = await this.#collectPages(
      'GetParameterHistory',
      `read the history of parameter ${name}`,
      (NextToken) =>
        this.sdkClient.send(
          new GetParameterHistoryCommand({
            Name: name,
            WithDecryption: options.withDecryption ?? true,
            MaxResults: PARAMETER_LIMITS.maxResultsPerHistoryPage,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (page) => page.Parameters,
    );
    return entries.map(toHistoryEntry);
  }

  /**
   * Attaches labels (at most 10) to a version of a parameter, the latest when `version` is
   * absent. A label moves from the version that had it.
   *
   * @example
   * ```ts
   * await ssm.labelParameterVersion('/eks-upgrade-agent/prod/cluster', ['stable'], { version: 3 });
   * const stable = await ssm.getParameter('/eks-upgrade-agent/prod/cluster:stable');
   * ```
   */
  async labelParameterVersion(
    name: string,
    labels: readonly string[],
    options: { version?: number } = {},
  ): Promise<LabelResult> {
    requireName(name);
    throwIfIssues('labels', labelIssues(labels));
    const output = await this.#send('LabelParameterVersion', `label parameter ${name}`, () =>
      this.sdkClient.send(
        new LabelParameterVersionCommand({
          Name: name,
          Labels: [...labels],
          ...(options.version !== undefined ? { ParameterVersion: options.version } : {}),
        }),
      ),
    );
    return {
      version: output.ParameterVersion ?? options.version ?? 0,
      invalidLabels: output.InvalidLabels ?? [],
    };
  }

  /**
   * Adds tags to a parameter (replacing the values of existing keys).
   *
   * @example
   * ```ts
   * await ssm.addTagsToParameter('/eks-upgrade-agent/prod/cluster', { team: 'platform' });
   * ```
   */
  async addTagsToParameter(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    requireName(name);
    throwIfIssues('tags', tagIssues(tags));
    await this.#send('AddTagsToResource', `tag parameter ${name}`, () =>
      this.sdkClient.send(
        new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: toSdkTags(tags) }),
      ),
    );
  }

  /**
   * Removes tags from a parameter by key.
   *
   * @example
   * ```ts
   * await ssm.removeTagsFromParameter('/eks-upgrade-agent/prod/cluster', ['team']);
   * ```
   */
  async removeTagsFromParameter(name: string, keys: readonly string[]): Promise<void> {
    requireName(name);
    await this.#send('RemoveTagsFromResource', `untag parameter ${name}`, () =>
      this.sdkClient.send(
        new RemoveTagsFromResourceCommand({
          ResourceType: 'Parameter',
          ResourceId: name,
          TagKeys: [...keys],
        }),
      ),
    );
  }

  /**
   * The tags of a parameter.
   *
   * @example
   * ```ts
   * const tags = await ssm.listTagsForParameter('/eks-upgrade-agent/prod/cluster'); // { team: 'platform' }
   * ```
   */
  async listTagsForParameter(name: string): Promise<Record<string, string>> {
    requireName(name);
    const output = await this.#send('ListTagsForResource', `read the tags of parameter ${name}`, () =>
      this.sdkClient.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name })),
    );
    return Object.fromEntries((output.TagList ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  }

  /**
   * The region for the name-length bound: the one given, else the SDK client's (resolved once);
   * undefined when it cannot be known, and the bound then assumes a long region.
   */
  async #regionForLimits(): Promise<string | undefined> {
    if (this.region !== undefined) return this.region;
    if (this.#clientRegion === undefined) {
      this.#clientRegion = (async () => {
        try {
          const region: unknown = await this.sdkClient.config.region();
          return typeof region === 'string' && region.length > 0 ? region : undefined;
        } catch {
          return undefined;
        }
      })();
    }
    return this.#clientRegion;
  }

  async #backend(): Promise<ConfigurationBackend> {
    return {
      parameterPrefix: this.parameterPrefix,
      region: await this.#regionForLimits(),
      kmsKeyId: this.kmsKeyId,
      concurrency: this.#concurrency,
      putParameter: (config, options) => this.putParameter(config, options),
      getParametersByPath: (path, options) => this.getParametersByPath(path, options),
      deleteParameters: (names) => this.deleteParameters(names),
    };
  }

  /**
   * Stores a configuration object as a parameter hierarchy below `<prefix><configName>/` and
   * returns parameter name → version. See the package README ("Configuration encoding") for how
   * values are stored; sensitive keys (password, secret, token, API key, private key,
   * credential), at any depth, become SecureString with the client's KMS key. Every name and
   * size is checked before the first write; writes run `concurrency` at a time; parameters of
   * the previous configuration that the new one lacks are deleted after every write succeeded
   * (unless `removeStale: false`).
   *
   * @throws ValidationError before any write when a key or value breaks a rule.
   * @throws ExecutionError (see `isConfigurationWriteError`) when some writes still failed after
   *   retries; its `report` lists what was written and what was not.
   * @example
   * ```ts
   * const versions = await ssm.putConfiguration(createDefaultAgentConfig(), 'default');
   * versions['/eks-upgrade-agent/default/bedrock/maxTokens.json']; // 1
   * ```
   */
  async putConfiguration(
    config: Readonly<Record<string, unknown>>,
    configName: string,
    options?: PutConfigurationOptions,
  ): Promise<Record<string, number>> {
    return putConfigurationTo(await this.#backend(), config, configName, options);
  }

  /**
   * Reads a configuration stored by `putConfiguration` back, exactly (types included), and
   * validates it with `schema` when given.
   *
   * @throws ConfigurationError when no parameter exists below the configuration's path, or one
   *   does not follow the encoding.
   * @example
   * ```ts
   * const config = await ssm.getConfiguration('default', { schema: AgentConfigSchema });
   * ```
   */
  async getConfiguration<Output = ConfigurationObject>(
    configName: string,
    options?: GetConfigurationOptions<Output>,
  ): Promise<Output> {
    return getConfigurationFrom(await this.#backend(), configName, options);
  }

  /**
   * Deletes every parameter of a configuration.
   *
   * @example
   * ```ts
   * await ssm.deleteConfiguration('staging');
   * ```
   */
  async deleteConfiguration(configName: string): Promise<DeleteParametersResult> {
    return deleteConfigurationFrom(await this.#backend(), configName);
  }
}

/**
 * False when a failed call certainly did nothing: it was throttled, or the connection was
 * refused before the request was sent. Any other failure (a timeout, a reset connection, a 5xx)
 * may have been applied by the service with its response lost.
 */
function mayHaveBeenApplied(error: unknown): boolean {
  const mapped = toAWSServiceError(error, { service: SERVICE, operation: 'DeleteParameters' });
  return !mapped.isThrottling && mapped.code !== 'ECONNREFUSED';
}

function toSdkTags(tags: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Problems with labels (AWS: 1–10 per call, ≤100 characters, not starting with `aws`/`ssm` or a digit). */
export function labelIssues(labels: readonly string[]): ValidationIssue[] {
  if (!Array.isArray(labels) || labels.length === 0 || labels.length > PARAMETER_LIMITS.maxLabelsPerCall) {
    return [{ path: 'labels', message: `must be 1-${PARAMETER_LIMITS.maxLabelsPerCall} labels` }];
  }
  return labels.flatMap((label, index) => {
    if (typeof label !== 'string' || !/^[a-zA-Z0-9_.-]{1,100}$/.test(label)) {
      return [{ path: `labels[${index}]`, message: 'must be 1-100 letters, digits, "_", "." or "-"' }];
    }
    if (/^(aws|ssm)/i.test(label) || /^\d/.test(label)) {
      return [{ path: `labels[${index}]`, message: 'must not start with "aws", "ssm" or a digit' }];
    }
    return [];
  });
}
