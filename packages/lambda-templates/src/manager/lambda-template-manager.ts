import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  DeleteFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  GetPolicyCommand,
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  type LambdaClientConfig,
  ListFunctionsCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {
  type AwsSdkV3Client,
  ExecutionError,
  followPageTokens,
  isRetryableAwsError,
  parseOrThrow,
  type RetryOptions,
  retryWithBackoff,
  toAWSServiceError,
  ValidationError,
} from '@eks-upgrade/core-models';
import { z } from 'zod';
import { LAMBDA_LIMITS } from '../constants.js';
import {
  type LambdaFunction,
  type LambdaFunctionInput,
  loadFunctionCode,
  parseLambdaFunction,
} from '../function/lambda-function.js';
import { functionCodeSha256 } from '../zip/code-sha256.js';
import {
  compareFunction,
  type FunctionDifference,
  type LambdaCodeChangeReason,
  type LambdaConfigurationField,
} from './change-detection.js';

const SERVICE = 'Lambda';

/** Timing of the waits between deployment steps. */
export interface LambdaWaitOptions {
  /** Longest wait for a function to become Active or for an update to settle, in seconds (default 300). */
  maxWaitSeconds?: number;
  /** First pause between GetFunction polls, in seconds (default 1, the SDK waiter's own). */
  minDelaySeconds?: number;
  /** Longest pause between polls, in seconds (default 15). */
  maxDelaySeconds?: number;
  /** First pause before retrying a write refused with ResourceConflictException, in ms (default 1000). */
  conflictBaseDelayMs?: number;
  /** Longest pause between those retries, in ms (default 10000). */
  conflictMaxDelayMs?: number;
}

interface CommonOptions {
  /** AWS region; ignored when `client` is given. */
  region?: string;
  /** Timing of the waits between deployment steps. */
  wait?: LambdaWaitOptions;
  /**
   * How throttled and other retryable failures (throttling, 5xx, timeouts) are retried on top of
   * the SDK's own attempts (default 4 attempts, 100 ms base backoff with full jitter, as
   * `@eks-upgrade/params` and `@eks-upgrade/events` do). An invocation is retried only when it
   * was throttled: after a 5xx the function may have run.
   */
  retry?: RetryOptions;
}

/**
 * Options of {@link LambdaTemplateManager}: an injected client or a client configuration, not both.
 * The injected client may come from the application's own copy or release of
 * `@aws-sdk/client-lambda` (v3).
 */
export type LambdaTemplateManagerOptions = CommonOptions &
  (
    | {
        /** A ready SDK v3 Lambda client (tests, custom middleware). */ client: LambdaClient | AwsSdkV3Client;
        clientConfig?: never;
      }
    | {
        client?: never /** Configuration for the client this manager creates. */;
        clientConfig?: LambdaClientConfig;
      }
  );

/** What a deployment changed. */
export type LambdaChange = 'created' | 'code' | 'configuration' | 'tags' | 'published';

/** The plan of a deployment, computed without writing anything (for `--dry-run`). */
export interface LambdaDeploymentPlan {
  functionName: string;
  /** `create` when the function is missing, `update` when something differs, `none` otherwise. */
  action: 'create' | 'update' | 'none';
  /** SHA-256 of the zip to deploy, base64 as Lambda reports `CodeSha256`. */
  codeSha256: string;
  /** Why the code would be updated; empty when it would not. */
  codeChangeReasons: LambdaCodeChangeReason[];
  /** Configuration fields that differ; empty when none. */
  configurationChanges: LambdaConfigurationField[];
  /** Tags to add or change. */
  tagsToSet: Record<string, string>;
  /** Tag keys to remove. */
  tagsToRemove: string[];
}

/** The outcome of `deployFunction` / `updateFunction`. */
export interface LambdaDeployment {
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  /** The published version when `publish` was asked, otherwise `$LATEST`. */
  version: string;
  /** SHA-256 of the deployed zip, base64 (Lambda's `CodeSha256`). */
  codeSha256: string;
  /** `created`, `updated` or `unchanged`. */
  status: 'created' | 'updated' | 'unchanged';
  /** What was changed, in the order it was done; empty when nothing was. */
  changes: LambdaChange[];
  /** Configuration fields that were updated. */
  configurationChanges: LambdaConfigurationField[];
  /** Why the code was updated (`sha256`, `architecture`). */
  codeChangeReasons: LambdaCodeChangeReason[];
}

/** A deployed function as `listFunctions` and `getFunction` report it. */
export interface LambdaFunctionSummary {
  functionName: string;
  functionArn: string;
  runtime: string | undefined;
  handler: string | undefined;
  version: string | undefined;
  memorySize: number | undefined;
  timeout: number | undefined;
  codeSha256: string | undefined;
  codeSize: number | undefined;
  description: string | undefined;
  lastModified: string | undefined;
  architecture: string | undefined;
  state: string | undefined;
  lastUpdateStatus: string | undefined;
}

/** How to invoke: `RequestResponse` (wait for the result), `Event` (queue it), `DryRun` (check access). */
export const LambdaInvocationType = {
  REQUEST_RESPONSE: 'RequestResponse',
  EVENT: 'Event',
  DRY_RUN: 'DryRun',
} as const;
export type LambdaInvocationType = (typeof LambdaInvocationType)[keyof typeof LambdaInvocationType];

/** Options of `invokeFunction`. */
export interface InvokeFunctionOptions {
  /** Default `RequestResponse`. */
  invocationType?: LambdaInvocationType;
  /** Return the last 4 KB of the execution log (synchronous invocations only). */
  logTail?: boolean;
  /** A version or alias to invoke. */
  qualifier?: string;
}

/** The outcome of a successful invocation. */
export interface LambdaInvocationResult<T = unknown> {
  /** 200 for RequestResponse, 202 (accepted) for Event, 204 for DryRun. */
  statusCode: number;
  /** The function's response parsed as JSON (the raw text when it is not JSON); undefined when empty. */
  payload: T | undefined;
  /** The version that ran. */
  executedVersion: string | undefined;
  /** The decoded log tail, when `logTail` was asked. */
  logTail: string | undefined;
}

/** Options of `listFunctions`. */
export interface ListFunctionsOptions {
  /** `ALL` lists every published version as well as `$LATEST`. */
  functionVersion?: 'ALL';
  /** Keep only functions whose name starts with this prefix (e.g. `eks-upgrade-agent-`). */
  namePrefix?: string;
}

const FUNCTION_REFERENCE_RULE = 'must be a function name, a name:qualifier or a function ARN';
const FunctionReferenceSchema = z
  .string({ error: FUNCTION_REFERENCE_RULE })
  .regex(
    /^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/,
    { error: FUNCTION_REFERENCE_RULE },
  );

const ListFunctionsOptionsSchema = z
  .object({
    functionVersion: z.literal('ALL', { error: 'must be ALL or left out' }).optional(),
    namePrefix: z.string().optional(),
  })
  .strict();

const ASYNC_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

function isNotFound(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

function isConflict(error: unknown): boolean {
  return errorName(error) === 'ResourceConflictException';
}

/** A just-created IAM role is not assumable for a few seconds; Lambda says so with this message. */
function isRoleNotYetAssumable(error: unknown): boolean {
  return (
    errorName(error) === 'InvalidParameterValueException' &&
    /cannot be assumed by Lambda/i.test(String((error as { message?: unknown }).message))
  );
}

function toSummary(configuration: FunctionConfiguration): LambdaFunctionSummary {
  return {
    functionName: configuration.FunctionName ?? '',
    functionArn: configuration.FunctionArn ?? '',
    runtime: configuration.Runtime,
    handler: configuration.Handler,
    version: configuration.Version,
    memorySize: configuration.MemorySize,
    timeout: configuration.Timeout,
    codeSha256: configuration.CodeSha256,
    codeSize: configuration.CodeSize,
    description: configuration.Description,
    lastModified: configuration.LastModified,
    architecture: configuration.Architectures?.[0],
    state: configuration.State,
    lastUpdateStatus: configuration.LastUpdateStatus,
  };
}

function unqualifiedArn(arn: string | undefined): string {
  // arn:aws:lambda:region:account:function:name[:qualifier] — keep the first seven parts.
  return (arn ?? '').split(':').slice(0, 7).join(':');
}

function parsePayload(bytes: Uint8Array | undefined): unknown {
  if (!bytes || bytes.byteLength === 0) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function encodePayload(payload: unknown): Uint8Array | undefined {
  if (payload === undefined) return undefined;
  if (payload instanceof Uint8Array) return payload;
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/**
 * Deploys, updates, deletes, lists and invokes Lambda functions, idempotently.
 *
 * `deployFunction` creates a missing function and waits until it is Active; for an existing one
 * it compares the zip's SHA-256 and every configuration field with what Lambda reports and
 * updates only what differs — code first, then (after `LastUpdateStatus` settles) configuration,
 * then tags — so a second deployment of the same definition makes no write at all. Writes
 * refused with `ResourceConflictException` (an update still in progress) are retried with
 * backoff until the function settles. Every SDK failure becomes an `AWSServiceError`.
 *
 * @example
 * ```ts
 * import { LambdaTemplateManager, createPerceptionLambda } from '@eks-upgrade/lambda-templates';
 *
 * const manager = new LambdaTemplateManager({ region: 'eu-west-1' });
 * const deployment = await manager.deployFunction(
 *   createPerceptionLambda({
 *     role: 'arn:aws:iam::123456789012:role/eks-upgrade-agent',
 *     code: { zipPath: 'apps/lambdas/dist/zips/perception.zip' },
 *   }),
 * );
 * console.log(deployment.status, deployment.changes); // 'unchanged' [] on a re-run
 * ```
 */
export class LambdaTemplateManager {
  /** The SDK client in use (injected or created). */
  readonly client: LambdaClient;
  private readonly wait: Required<LambdaWaitOptions>;
  private readonly retry: RetryOptions;

  constructor(options: LambdaTemplateManagerOptions = {}) {
    if (options.client && options.clientConfig)
      throw new ValidationError('Invalid Lambda manager options', [
        { path: 'client', message: 'give either client or clientConfig, not both' },
      ]);
    // An injected client from another copy of the SDK is used through `send` alone (with this
    // package's commands), which works across SDK v3 releases; nothing checks its class.
    this.client =
      (options.client as LambdaClient | undefined) ??
      new LambdaClient({
        ...(options.region ? { region: options.region } : {}),
        ...(options.clientConfig ?? {}),
      });
    this.wait = {
      maxWaitSeconds: options.wait?.maxWaitSeconds ?? 300,
      minDelaySeconds: options.wait?.minDelaySeconds ?? 1,
      maxDelaySeconds: options.wait?.maxDelaySeconds ?? 15,
      conflictBaseDelayMs: options.wait?.conflictBaseDelayMs ?? 1000,
      conflictMaxDelayMs: options.wait?.conflictMaxDelayMs ?? 10_000,
    };
    this.retry = options.retry ?? {};
  }

  /**
   * Runs one Lambda call, retried while Lambda's answer is retryable (`AWSServiceError.retryable`:
   * throttling, 5xx, timeouts) or, for `throttledOnly` calls (Invoke), only while throttled. The
   * SDK's own error is rethrown, so callers still read its name.
   */
  private retrying<T>(call: () => Promise<T>, throttledOnly = false): Promise<T> {
    return retryWithBackoff(
      call,
      (error) => {
        const mapped = toAWSServiceError(error, {
          service: SERVICE,
          operation: 'send',
          action: 'call Lambda',
        });
        return throttledOnly ? mapped.isThrottling : isRetryableAwsError(mapped);
      },
      this.retry,
    );
  }

  /**
   * Computes what `deployFunction` would do, without writing anything.
   *
   * @example
   * ```ts
   * const plan = await manager.planDeployment(createExecutionLambda(options));
   * if (plan.action !== 'none') console.log(plan.configurationChanges);
   * ```
   */
  async planDeployment(input: LambdaFunctionInput): Promise<LambdaDeploymentPlan> {
    const fn = parseLambdaFunction(input);
    const codeSha256 = functionCodeSha256(await loadFunctionCode(fn.code));
    const current = await this.getFunctionOutput(fn.name);
    if (!current?.Configuration)
      return {
        functionName: fn.name,
        action: 'create',
        codeSha256,
        codeChangeReasons: [],
        configurationChanges: [],
        tagsToSet: { ...fn.tags },
        tagsToRemove: [],
      };
    const difference = compareFunction(fn, codeSha256, current.Configuration, current.Tags ?? {});
    return {
      functionName: fn.name,
      action: hasDifference(difference) ? 'update' : 'none',
      codeSha256,
      codeChangeReasons: difference.codeChangeReasons,
      configurationChanges: difference.configurationChanges,
      tagsToSet: difference.tagsToSet,
      tagsToRemove: difference.tagsToRemove,
    };
  }

  /**
   * Creates the function when it is missing, otherwise updates only what differs; publishes a
   * version when the definition says `publish: true`. The definition is validated and the code
   * read before the first call.
   *
   * @throws ValidationError for an invalid definition or unreadable zip (nothing written).
   * @throws AWSServiceError when Lambda refuses a call.
   * @throws ExecutionError when the function fails to become Active or an update fails to settle.
   * @example
   * ```ts
   * const deployment = await manager.deployFunction({
   *   name: 'hello',
   *   handler: 'index.handler',
   *   role: 'arn:aws:iam::123456789012:role/hello',
   *   code: { zipFile: createFunctionZip({ 'index.mjs': 'export const handler = async () => 1;' }) },
   *   publish: true,
   * });
   * deployment.version; // '1'
   * ```
   */
  async deployFunction(input: LambdaFunctionInput): Promise<LambdaDeployment> {
    return this.deploy(input, true);
  }

  /**
   * Like `deployFunction`, but the function must already exist.
   *
   * @throws AWSServiceError with code `ResourceNotFoundException` when it does not.
   * @example
   * ```ts
   * await manager.updateFunction({ ...definition, timeout: 60 });
   * ```
   */
  async updateFunction(input: LambdaFunctionInput): Promise<LambdaDeployment> {
    return this.deploy(input, false);
  }

  /**
   * Deletes a function (or one version of it, with `qualifier`). A function that does not exist
   * is not an error: the result says `deleted: false`, so teardown can be re-run safely.
   *
   * @example
   * ```ts
   * const { deleted } = await manager.deleteFunction('eks-upgrade-agent-perception');
   * ```
   */
  async deleteFunction(name: string, options: { qualifier?: string } = {}): Promise<{ deleted: boolean }> {
    const functionName = parseOrThrow(FunctionReferenceSchema, name, 'function name');
    try {
      await retryWithBackoff(
        () =>
          this.retrying(() =>
            this.client.send(
              new DeleteFunctionCommand({
                FunctionName: functionName,
                ...(options.qualifier ? { Qualifier: options.qualifier } : {}),
              }),
            ),
          ),
        isConflict,
        this.conflictRetry(),
      );
      return { deleted: true };
    } catch (error) {
      if (isNotFound(error)) return { deleted: false };
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'DeleteFunction',
        action: `delete function ${functionName}`,
      });
    }
  }

  /**
   * Lists every function in the region (all pages), optionally every version and only names
   * with a prefix.
   *
   * @example
   * ```ts
   * const ours = await manager.listFunctions({ namePrefix: 'eks-upgrade-agent-' });
   * const withVersions = await manager.listFunctions('ALL');
   * ```
   */
  async listFunctions(options: 'ALL' | ListFunctionsOptions = {}): Promise<LambdaFunctionSummary[]> {
    const parsed = parseOrThrow(
      ListFunctionsOptionsSchema,
      typeof options === 'string' ? { functionVersion: options } : options,
      'listFunctions options',
    );
    const functions: LambdaFunctionSummary[] = [];
    try {
      // Pages are followed by hand: the SDK's paginators reject a client from another copy of the SDK.
      for await (const page of followPageTokens(
        (Marker) =>
          this.retrying(() =>
            this.client.send(
              new ListFunctionsCommand({
                ...(parsed.functionVersion ? { FunctionVersion: parsed.functionVersion } : {}),
                MaxItems: LAMBDA_LIMITS.maxFunctionsPerListPage,
                ...(Marker ? { Marker } : {}),
              }),
            ),
          ),
        (listed) => listed.NextMarker,
      )) {
        for (const configuration of page.Functions ?? []) {
          if (parsed.namePrefix && !configuration.FunctionName?.startsWith(parsed.namePrefix)) continue;
          functions.push(toSummary(configuration));
        }
      }
    } catch (error) {
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'ListFunctions',
        action: 'list functions',
      });
    }
    return functions;
  }

  /**
   * Lets an AWS service invoke a function on behalf of one of its resources only (Lambda
   * AddPermission with `SourceArn` and `SourceAccount`, against the confused deputy problem:
   * https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html). Nothing is
   * written when the function's resource policy already has a statement with that id; with
   * `dryRun` nothing is ever written. Returns what was (or would be) done.
   *
   * @example
   * ```ts
   * await manager.allowInvoke('on-call-pager', {
   *   statementId: 'eks-upgrade-monitor',
   *   principal: 'events.amazonaws.com',
   *   sourceArn: 'arn:aws:events:eu-west-1:123456789012:rule/eks-upgrade-monitor',
   *   sourceAccount: '123456789012',
   * });
   * ```
   */
  async allowInvoke(
    name: string,
    grant: { statementId: string; principal: string; sourceArn: string; sourceAccount?: string },
    options: { dryRun?: boolean } = {},
  ): Promise<'added' | 'present'> {
    const functionName = parseOrThrow(FunctionReferenceSchema, name, 'function name');
    if ((await this.policyStatementIds(functionName)).has(grant.statementId)) return 'present';
    if (options.dryRun) return 'added';
    try {
      await this.client.send(
        new AddPermissionCommand({
          FunctionName: functionName,
          StatementId: grant.statementId,
          Action: 'lambda:InvokeFunction',
          Principal: grant.principal,
          SourceArn: grant.sourceArn,
          ...(grant.sourceAccount ? { SourceAccount: grant.sourceAccount } : {}),
        }),
      );
    } catch (error) {
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'AddPermission',
        action: `let ${grant.principal} invoke ${functionName} for ${grant.sourceArn}`,
      });
    }
    return 'added';
  }

  /**
   * The statement IDs of a function's resource policy; none when it has no policy, or when the
   * function does not exist (GetPolicy answers ResourceNotFoundException for both).
   */
  private async policyStatementIds(functionName: string): Promise<Set<string | undefined>> {
    let policy: string | undefined;
    try {
      policy = (await this.client.send(new GetPolicyCommand({ FunctionName: functionName }))).Policy;
    } catch (error) {
      const mapped = toAWSServiceError(error, {
        service: SERVICE,
        operation: 'GetPolicy',
        action: `read the resource policy of ${functionName}`,
      });
      if (!mapped.isNotFound) throw mapped;
    }
    const statements =
      (policy ? (JSON.parse(policy) as { Statement?: { Sid?: string }[] }).Statement : []) ?? [];
    return new Set(statements.map((statement) => statement.Sid));
  }

  /**
   * Takes back permissions `allowInvoke` added: each statement of `statementIds` the function's
   * resource policy holds is removed (Lambda RemovePermission, one call per statement, as the
   * API takes one). A function that does not exist, or has no such statement, has nothing to
   * remove; with `dryRun` nothing is ever written. Returns the statement IDs removed (or that
   * would be).
   *
   * @example
   * ```ts
   * await manager.revokeInvoke('on-call-pager', ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger']);
   * ```
   */
  async revokeInvoke(
    name: string,
    statementIds: readonly string[],
    options: { dryRun?: boolean } = {},
  ): Promise<string[]> {
    const functionName = parseOrThrow(FunctionReferenceSchema, name, 'function name');
    const present = await this.policyStatementIds(functionName);
    const removed = statementIds.filter((id) => present.has(id));
    if (options.dryRun) return removed;
    for (const statementId of removed) {
      await this.client
        .send(new RemovePermissionCommand({ FunctionName: functionName, StatementId: statementId }))
        .catch((error: unknown) => {
          const mapped = toAWSServiceError(error, {
            service: SERVICE,
            operation: 'RemovePermission',
            action: `remove statement ${statementId} from the resource policy of ${functionName}`,
          });
          // Removed meanwhile: what was asked holds.
          if (!mapped.isNotFound) throw mapped;
        });
    }
    return removed;
  }

  /**
   * Describes one function; `undefined` when it does not exist.
   *
   * @example
   * ```ts
   * const fn = await manager.getFunction('eks-upgrade-agent-reasoning');
   * fn?.codeSha256;
   * ```
   */
  async getFunction(
    name: string,
  ): Promise<(LambdaFunctionSummary & { tags: Record<string, string> }) | undefined> {
    const functionName = parseOrThrow(FunctionReferenceSchema, name, 'function name');
    const output = await this.getFunctionOutput(functionName);
    return output?.Configuration
      ? { ...toSummary(output.Configuration), tags: { ...(output.Tags ?? {}) } }
      : undefined;
  }

  /**
   * Invokes a function. The payload is sent as JSON (a `Uint8Array` is sent as is) and the
   * response parsed. A function error (`FunctionError` set) becomes an `ExecutionError` with the
   * function's `errorType`, its message and, with `logTail`, the decoded log tail. An `Event`
   * invocation returns at once with status 202 (accepted).
   *
   * @throws ValidationError when the payload exceeds 6 MB (synchronous) or 1 MB (Event), before any call.
   * @throws ExecutionError when the function returned an error.
   * @throws AWSServiceError when Lambda refused the invocation.
   * @example
   * ```ts
   * const { payload, logTail } = await manager.invokeFunction<ClusterSnapshot>(
   *   'eks-upgrade-agent-perception',
   *   { clusterName: 'prod', targetVersion: '1.31' },
   *   { logTail: true },
   * );
   * const accepted = await manager.invokeFunction('eks-upgrade-agent-validation', input, { invocationType: 'Event' });
   * accepted.statusCode; // 202
   * ```
   */
  async invokeFunction<T = unknown>(
    name: string,
    payload?: unknown,
    options: InvokeFunctionOptions = {},
  ): Promise<LambdaInvocationResult<T>> {
    const functionName = parseOrThrow(FunctionReferenceSchema, name, 'function name');
    const invocationType = options.invocationType ?? LambdaInvocationType.REQUEST_RESPONSE;
    if (!Object.values(LambdaInvocationType).includes(invocationType))
      throw new ValidationError('Invalid invocation', [
        { path: 'invocationType', message: 'must be RequestResponse, Event or DryRun' },
      ]);
    const body = encodePayload(payload);
    const limit =
      invocationType === LambdaInvocationType.EVENT
        ? ASYNC_PAYLOAD_LIMIT_BYTES
        : LAMBDA_LIMITS.maxSyncPayloadBytes;
    if (body && body.byteLength > limit)
      throw new ValidationError('Invalid invocation', [
        {
          path: 'payload',
          message: `is ${body.byteLength} bytes; ${invocationType} invocations accept at most ${limit} bytes`,
        },
      ]);
    let response: InvokeCommandOutput;
    try {
      response = await this.retrying(
        () =>
          this.client.send(
            new InvokeCommand({
              FunctionName: functionName,
              InvocationType: invocationType,
              LogType:
                options.logTail && invocationType === LambdaInvocationType.REQUEST_RESPONSE ? 'Tail' : 'None',
              ...(options.qualifier ? { Qualifier: options.qualifier } : {}),
              ...(body ? { Payload: body } : {}),
            }),
          ),
        true,
      );
    } catch (error) {
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'Invoke',
        action: `invoke function ${functionName}`,
      });
    }
    const logTail = response.LogResult
      ? Buffer.from(response.LogResult, 'base64').toString('utf8')
      : undefined;
    const parsed = parsePayload(response.Payload);
    if (response.FunctionError)
      throw functionErrorToExecutionError(functionName, response.FunctionError, parsed, logTail);
    return {
      statusCode: response.StatusCode ?? 200,
      payload: parsed as T | undefined,
      executedVersion: response.ExecutedVersion,
      logTail,
    };
  }

  private async deploy(input: LambdaFunctionInput, createWhenMissing: boolean): Promise<LambdaDeployment> {
    const fn = parseLambdaFunction(input);
    const zip = await loadFunctionCode(fn.code);
    const codeSha256 = functionCodeSha256(zip);
    let current = await this.getFunctionOutput(fn.name, !createWhenMissing);
    if (!current?.Configuration) {
      const created = await this.create(fn, zip, codeSha256);
      if (created) return created;
      // Someone created it between our read and our create: update it like any existing one.
      current = await this.getFunctionOutput(fn.name, true);
    }
    if (!current?.Configuration)
      throw new ExecutionError(`Function ${fn.name} exists but GetFunction returned no configuration`, {
        functionName: fn.name,
      });

    await this.settle(fn.name, current.Configuration);
    const difference = compareFunction(fn, codeSha256, current.Configuration, current.Tags ?? {});
    const changes: LambdaChange[] = [];
    let configuration = current.Configuration;
    if (difference.codeChangeReasons.length > 0) {
      configuration = await this.write('UpdateFunctionCode', `update the code of ${fn.name}`, () =>
        this.retrying(() =>
          this.client.send(
            new UpdateFunctionCodeCommand({
              FunctionName: fn.name,
              ZipFile: zip,
              Architectures: [fn.architecture],
            }),
          ),
        ),
      );
      configuration = await this.waitUpdated(fn.name);
      changes.push('code');
    }
    if (difference.configurationChanges.length > 0) {
      configuration = await this.write(
        'UpdateFunctionConfiguration',
        `update the configuration of ${fn.name}`,
        () =>
          this.retrying(() =>
            this.client.send(
              new UpdateFunctionConfigurationCommand({
                FunctionName: fn.name,
                ...difference.configurationUpdate,
              }),
            ),
          ),
      );
      configuration = await this.waitUpdated(fn.name);
      changes.push('configuration');
    }
    const functionArn = unqualifiedArn(configuration.FunctionArn ?? current.Configuration.FunctionArn);
    if (await this.reconcileTags(functionArn, difference)) changes.push('tags');
    let version = '$LATEST';
    if (fn.publish) {
      version = await this.publish(fn.name, codeSha256);
      changes.push('published');
    }
    return {
      functionName: fn.name,
      functionArn,
      version,
      codeSha256: configuration.CodeSha256 ?? codeSha256,
      status: changes.some((change) => change !== 'published') ? 'updated' : 'unchanged',
      changes,
      configurationChanges: difference.configurationChanges,
      codeChangeReasons: difference.codeChangeReasons,
    };
  }

  /** Creates the function; `undefined` when it turned out to exist already (a concurrent create). */
  private async create(
    fn: LambdaFunction,
    zip: Uint8Array,
    codeSha256: string,
  ): Promise<LambdaDeployment | undefined> {
    const request: CreateFunctionCommandInput = {
      FunctionName: fn.name,
      Runtime: fn.runtime as CreateFunctionCommandInput['Runtime'],
      Handler: fn.handler,
      Role: fn.role,
      Code: { ZipFile: zip },
      MemorySize: fn.memorySize,
      Timeout: fn.timeout,
      Description: fn.description,
      Architectures: [fn.architecture],
      PackageType: 'Zip',
      Publish: fn.publish,
      ...(Object.keys(fn.environment).length > 0
        ? { Environment: { Variables: { ...fn.environment } } }
        : {}),
      ...(fn.layers.length > 0 ? { Layers: [...fn.layers] } : {}),
      ...(fn.vpcConfig
        ? {
            VpcConfig: {
              SubnetIds: [...fn.vpcConfig.subnetIds],
              SecurityGroupIds: [...fn.vpcConfig.securityGroupIds],
              ...(fn.vpcConfig.ipv6AllowedForDualStack === undefined
                ? {}
                : { Ipv6AllowedForDualStack: fn.vpcConfig.ipv6AllowedForDualStack }),
            },
          }
        : {}),
      ...(fn.deadLetterTargetArn ? { DeadLetterConfig: { TargetArn: fn.deadLetterTargetArn } } : {}),
      ...(fn.kmsKeyArn ? { KMSKeyArn: fn.kmsKeyArn } : {}),
      ...(Object.keys(fn.tags).length > 0 ? { Tags: { ...fn.tags } } : {}),
    };
    let created: FunctionConfiguration;
    try {
      created = await retryWithBackoff(
        () => this.retrying(() => this.client.send(new CreateFunctionCommand(request))),
        isRoleNotYetAssumable,
        this.conflictRetry(),
      );
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'CreateFunction',
        action: `create function ${fn.name}`,
      });
    }
    const active = await this.waitActive(fn.name);
    const changes: LambdaChange[] = ['created'];
    if (fn.publish) changes.push('published');
    return {
      functionName: fn.name,
      functionArn: unqualifiedArn(created.FunctionArn ?? active.FunctionArn),
      version: fn.publish ? (created.Version ?? '1') : '$LATEST',
      codeSha256: created.CodeSha256 ?? codeSha256,
      status: 'created',
      changes,
      configurationChanges: [],
      codeChangeReasons: [],
    };
  }

  private async getFunctionOutput(
    functionName: string,
    failWhenMissing = false,
  ): Promise<GetFunctionCommandOutput | undefined> {
    try {
      return await this.retrying(() =>
        this.client.send(new GetFunctionCommand({ FunctionName: functionName })),
      );
    } catch (error) {
      if (isNotFound(error) && !failWhenMissing) return undefined;
      throw toAWSServiceError(error, {
        service: SERVICE,
        operation: 'GetFunction',
        action: `read function ${functionName}`,
      });
    }
  }

  /** An existing function still Pending or mid-update is waited for before we change it. */
  private async settle(functionName: string, configuration: FunctionConfiguration): Promise<void> {
    if (configuration.State === 'Pending') await this.waitActive(functionName);
    if (configuration.LastUpdateStatus === 'InProgress') await this.waitUpdated(functionName);
  }

  private async write<T extends FunctionConfiguration>(
    operation: string,
    action: string,
    send: () => Promise<T>,
  ): Promise<FunctionConfiguration> {
    try {
      return await retryWithBackoff(send, isConflict, this.conflictRetry());
    } catch (error) {
      throw toAWSServiceError(error, { service: SERVICE, operation, action: action });
    }
  }

  private async reconcileTags(functionArn: string, difference: FunctionDifference): Promise<boolean> {
    let changed = false;
    if (Object.keys(difference.tagsToSet).length > 0) {
      await this.write('TagResource', `tag ${functionArn}`, async () => {
        await this.retrying(() =>
          this.client.send(new TagResourceCommand({ Resource: functionArn, Tags: difference.tagsToSet })),
        );
        return {};
      });
      changed = true;
    }
    if (difference.tagsToRemove.length > 0) {
      await this.write('UntagResource', `untag ${functionArn}`, async () => {
        await this.retrying(() =>
          this.client.send(
            new UntagResourceCommand({ Resource: functionArn, TagKeys: difference.tagsToRemove }),
          ),
        );
        return {};
      });
      changed = true;
    }
    return changed;
  }

  private async publish(functionName: string, codeSha256: string): Promise<string> {
    // CodeSha256 guards against publishing code someone else uploaded in the meantime. Lambda
    // returns the latest version instead of a new one when nothing changed since it.
    const published = await this.write('PublishVersion', `publish a version of ${functionName}`, () =>
      this.retrying(() =>
        this.client.send(new PublishVersionCommand({ FunctionName: functionName, CodeSha256: codeSha256 })),
      ),
    );
    return published.Version ?? '$LATEST';
  }

  /**
   * The SDK's waiters poll with `client.send(new GetFunctionCommand(...))` and, unlike its
   * paginators, do not check the client's class, so a client from another copy of the SDK works.
   */
  private waiterConfig() {
    return {
      client: this.client,
      maxWaitTime: this.wait.maxWaitSeconds,
      minDelay: this.wait.minDelaySeconds,
      maxDelay: Math.max(this.wait.maxDelaySeconds, this.wait.minDelaySeconds),
    };
  }

  /** Conflicts and IAM propagation pass with time: retried until `maxWaitSeconds`, however many attempts. */
  private conflictRetry(): RetryOptions {
    return {
      maxAttempts: Number.POSITIVE_INFINITY,
      baseDelayMs: this.wait.conflictBaseDelayMs,
      maxDelayMs: this.wait.conflictMaxDelayMs,
      maxWaitMs: this.wait.maxWaitSeconds * 1000,
    };
  }

  private async waitActive(functionName: string): Promise<FunctionConfiguration> {
    return this.waitFor(functionName, 'become Active', () =>
      waitUntilFunctionActiveV2(this.waiterConfig(), { FunctionName: functionName }),
    );
  }

  private async waitUpdated(functionName: string): Promise<FunctionConfiguration> {
    return this.waitFor(functionName, 'finish updating', () =>
      waitUntilFunctionUpdatedV2(this.waiterConfig(), { FunctionName: functionName }),
    );
  }

  /**
   * Runs an SDK waiter. Its failure message embeds the whole GetFunction response (environment
   * values included), so it is not passed on; the state and reason are read afresh instead.
   */
  private async waitFor(
    functionName: string,
    goal: string,
    waiter: () => Promise<{ reason?: unknown }>,
  ): Promise<FunctionConfiguration> {
    try {
      const result = await waiter();
      return (result.reason as GetFunctionCommandOutput | undefined)?.Configuration ?? {};
    } catch (error) {
      const timedOut = errorName(error) === 'TimeoutError';
      const latest = await this.getFunctionOutput(functionName).catch(() => undefined);
      const configuration = latest?.Configuration;
      const status = configuration
        ? `State ${configuration.State ?? 'unknown'}, LastUpdateStatus ${configuration.LastUpdateStatus ?? 'unknown'}`
        : 'function not found';
      const reason = configuration?.LastUpdateStatusReason ?? configuration?.StateReason;
      throw new ExecutionError(
        `Function ${functionName} did not ${goal}${timedOut ? ` within ${this.wait.maxWaitSeconds} s` : ''}: ${status}${reason ? ` (${reason})` : ''}`,
        {
          functionName,
          status: timedOut
            ? 'TIMED_OUT'
            : (configuration?.LastUpdateStatus ?? configuration?.State ?? 'FAILED'),
        },
      );
    }
  }
}

function hasDifference(difference: FunctionDifference): boolean {
  return (
    difference.codeChangeReasons.length > 0 ||
    difference.configurationChanges.length > 0 ||
    Object.keys(difference.tagsToSet).length > 0 ||
    difference.tagsToRemove.length > 0
  );
}

/** Lambda's error payload for a failed invocation: `{ errorType, errorMessage, trace }`. */
function functionErrorToExecutionError(
  functionName: string,
  functionError: string,
  payload: unknown,
  logTail: string | undefined,
): ExecutionError {
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const errorType = typeof fields.errorType === 'string' ? fields.errorType : functionError;
  const errorMessage =
    typeof fields.errorMessage === 'string'
      ? fields.errorMessage
      : typeof payload === 'string'
        ? payload
        : 'no error message';
  return new ExecutionError(`Function ${functionName} failed with ${errorType}: ${errorMessage}`, {
    functionName,
    errorType,
    status: functionError,
    logTail,
  });
}
