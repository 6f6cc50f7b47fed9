import { randomUUID } from 'node:crypto';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  DescribeStateMachineCommand,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type MapRunListItem,
  RedriveExecutionCommand,
  type LoggingConfiguration as SdkLoggingConfiguration,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type SFNClientConfig,
  StartExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import {
  ArnSchema,
  type AwsSdkV3Client,
  ExecutionError,
  followPageTokens,
  type GateDecision,
  isRetryableAwsError,
  jsonEqual,
  parseOrThrow,
  type RetryOptions,
  retryWithBackoff,
  StepFunctionsNameSchema,
  toAWSServiceError,
  type UpgradeRequest,
  type UpgradeRequestInput,
  UpgradeRequestSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import {
  type ExecutionResult,
  type ExecutionStatus,
  type ExecutionSummary,
  isTerminalExecutionStatus,
  type LoggingConfiguration,
  type StateMachineDefinition,
  type StateMachineDefinitionInput,
  StateMachineDefinitionSchema,
  type StateMachineDescription,
  type StateMachineType,
} from '../models/state-machine.js';
import {
  checkTaskFailure,
  checkTaskToken,
  explainTaskTokenError,
  findPendingGateInHistory,
  gateDecisionOutput,
  type PendingGate,
} from './approval-gates.js';
import { executionNameForRequest } from './execution-name.js';
import {
  buildPhaseTimeline,
  fromAwsHistoryEvents,
  type PhaseTimelineEntry,
  type WorkflowHistoryEvent,
} from './phase-timeline.js';

/**
 * Options of `StepFunctionsClient`: a region, and either an SDK client or its configuration. The
 * injected client may come from the application's own copy or release of `@aws-sdk/client-sfn` (v3).
 */
export type StepFunctionsClientOptions = {
  region?: string;
  /**
   * How throttled and other retryable failures (throttling, 5xx, timeouts: `AWSServiceError.retryable`)
   * are retried on top of the SDK's own attempts (default 4 attempts, 100 ms base backoff with full
   * jitter, as `@eks-upgrade/params` and `@eks-upgrade/events` do).
   */
  retry?: RetryOptions;
} & (
  | { client?: SFNClient | AwsSdkV3Client; clientConfig?: never }
  | { client?: never; clientConfig?: SFNClientConfig }
);

/** Step Functions caps execution input and output at 256 KB (UTF-8 bytes). */
export const MAX_EXECUTION_INPUT_BYTES = 256 * 1024;
/** The largest page ListExecutions and GetExecutionHistory return. */
export const MAX_PAGE_SIZE = 1000;

/** Options of `startExecution`. */
export interface StartExecutionOptions {
  /** Execution name; derived from the request by `executionNameForRequest()` when absent. */
  name?: string;
  /** Refuse to start while this many executions of the same cluster run (default 1). */
  maxConcurrentUpgrades?: number;
  /**
   * Start on this alias or version ARN of the machine (see `StateMachineVersionsClient`); the
   * running executions counted against `maxConcurrentUpgrades` are still the whole machine's.
   */
  startOn?: string;
}

/** What `waitForExecution` reports after each poll. */
export interface WaitProgress {
  result: ExecutionResult;
  /** 1 for the first DescribeExecution call. */
  attempt: number;
  elapsedSeconds: number;
  /** Seconds until the next poll (0 once terminal). */
  nextPollSeconds: number;
}

/** Options of `waitForExecution`. */
export interface WaitForExecutionOptions {
  /** Give up (without stopping the execution) after this long; default 3600. */
  maxWaitSeconds?: number;
  /** First delay between polls; default 1. */
  minDelaySeconds?: number;
  /** Delays grow by doubling up to this cap; default 10. */
  maxDelaySeconds?: number;
  /** Stops the waiting (not the execution). */
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
}

/** Options of `listExecutions`. */
export interface ListExecutionsOptions {
  statusFilter?: ExecutionStatus;
  /** Page size, at most 1000 (the default). */
  pageSize?: number;
}

/**
 * A Map Run: one run of a Distributed Map state, whose items run as child executions
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html).
 */
export interface MapRunSummary {
  mapRunArn: string;
  /** The execution whose Distributed Map started it. */
  executionArn: string;
  startDate: Date;
  /** Absent while the Map Run is still running. */
  stopDate: Date | undefined;
}

/** What `upsertStateMachine` did. */
export interface UpsertStateMachineResult {
  stateMachineArn: string;
  action: 'created' | 'updated' | 'unchanged';
}

const SERVICE = 'SFN';

/**
 * Throws a `ValidationError` when execution input is larger than Step Functions accepts (256 KB
 * of UTF-8).
 *
 * @example
 * ```ts
 * assertExecutionInputSize(JSON.stringify(request));
 * ```
 */
export function assertExecutionInputSize(body: string): void {
  const size = Buffer.byteLength(body, 'utf8');
  if (size > MAX_EXECUTION_INPUT_BYTES) {
    throw new ValidationError('Invalid execution input', [
      { path: '', message: `must serialise to at most ${MAX_EXECUTION_INPUT_BYTES} bytes (is ${size})` },
    ]);
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toSdkLogging(logging: LoggingConfiguration | undefined): SdkLoggingConfiguration | undefined {
  if (!logging) return undefined;
  return {
    level: logging.level,
    includeExecutionData: logging.includeExecutionData,
    destinations: logging.logGroupArns.map((logGroupArn) => ({ cloudWatchLogsLogGroup: { logGroupArn } })),
  };
}

function fromSdkLogging(logging: SdkLoggingConfiguration | undefined): LoggingConfiguration | undefined {
  if (!logging) return undefined;
  return {
    level: logging.level ?? 'OFF',
    includeExecutionData: logging.includeExecutionData ?? false,
    logGroupArns: (logging.destinations ?? [])
      .map((destination) => destination.cloudWatchLogsLogGroup?.logGroupArn)
      .filter((arn): arn is string => typeof arn === 'string'),
  };
}

function loggingEqual(desired: LoggingConfiguration | undefined, actual: LoggingConfiguration | undefined) {
  const off: LoggingConfiguration = { level: 'OFF', includeExecutionData: false, logGroupArns: [] };
  return jsonEqual(desired ?? off, actual ?? off);
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Step Functions for eks-upgrade: deploys the workflow, starts, stops and follows upgrades, and
 * turns execution history into a phase timeline. Every SDK failure becomes an `AWSServiceError`;
 * inputs are validated before the first call.
 *
 * @example
 * ```ts
 * const client = new StepFunctionsClient({ region: 'eu-west-1' });
 * const { stateMachineArn } = await client.upsertStateMachine({
 *   name: 'eks-upgrade-workflow',
 *   definition: createUpgradeStateMachineDefinition(),
 *   roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow',
 * });
 * const executionArn = await client.startExecution(stateMachineArn, {
 *   clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'in_place',
 * });
 * const result = await client.waitForExecution(executionArn, { onProgress: ({ result }) => console.log(result.status) });
 * ```
 */
export class StepFunctionsClient {
  readonly client: SFNClient;
  private readonly retry: RetryOptions;

  constructor(options: StepFunctionsClientOptions = {}) {
    this.retry = options.retry ?? {};
    // An injected client from another copy of the SDK is used through `send` alone (with this
    // package's commands), which works across SDK v3 releases; nothing checks its class.
    this.client =
      (options.client as SFNClient | undefined) ??
      new SFNClient({
        ...(options.clientConfig ?? {}),
        ...(options.region ? { region: options.region } : {}),
      });
  }

  /** One call: retried while the failure is retryable, then mapped to the taxonomy. */
  private call<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    return retryWithBackoff(() => this.mapped(operation, action, run), isRetryableAwsError, this.retry);
  }

  /**
   * Every page of a paginated read, each page retried on its own (a throttled page is asked
   * again from its token, not from the first page), failures mapped to the taxonomy.
   */
  private async allPages<Page, Item>(
    operation: string,
    action: string,
    fetchPage: (nextToken: string | undefined) => Promise<Page>,
    nextTokenOf: (page: Page) => string | undefined,
    itemsOf: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    const items: Item[] = [];
    const pages = followPageTokens(
      (nextToken) => this.call(operation, action, () => fetchPage(nextToken)),
      nextTokenOf,
    );
    for await (const page of pages) items.push(...(itemsOf(page) ?? []));
    return items;
  }

  private async mapped<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAWSServiceError(error, { service: SERVICE, operation, action });
    }
  }

  /**
   * Creates a state machine and returns its ARN.
   *
   * @example
   * ```ts
   * const arn = await client.createStateMachine({ name: 'eks-upgrade-workflow', definition, roleArn });
   * ```
   */
  async createStateMachine(definition: StateMachineDefinitionInput): Promise<string> {
    const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
    const tags = Object.entries(machine.tags).map(([key, value]) => ({ key, value }));
    const logging = toSdkLogging(machine.logging);
    const output = await this.call('CreateStateMachine', `create state machine ${machine.name}`, () =>
      this.client.send(
        new CreateStateMachineCommand({
          name: machine.name,
          definition: JSON.stringify(machine.definition),
          roleArn: machine.roleArn,
          type: machine.type,
          ...(logging ? { loggingConfiguration: logging } : {}),
          tracingConfiguration: { enabled: machine.tracingEnabled },
          ...(tags.length > 0 ? { tags } : {}),
        }),
      ),
    );
    return output.stateMachineArn as string;
  }

  /**
   * Replaces a state machine's definition, role, logging and tracing.
   *
   * @example
   * ```ts
   * await client.updateStateMachine(arn, { name: 'eks-upgrade-workflow', definition, roleArn });
   * ```
   */
  async updateStateMachine(stateMachineArn: string, definition: StateMachineDefinitionInput): Promise<void> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
    const logging = toSdkLogging(machine.logging);
    await this.call('UpdateStateMachine', `update state machine ${arn}`, () =>
      this.client.send(
        new UpdateStateMachineCommand({
          stateMachineArn: arn,
          definition: JSON.stringify(machine.definition),
          roleArn: machine.roleArn,
          ...(logging ? { loggingConfiguration: logging } : {}),
          tracingConfiguration: { enabled: machine.tracingEnabled },
        }),
      ),
    );
  }

  /**
   * Deletes a state machine (running executions are stopped by Step Functions).
   *
   * @example
   * ```ts
   * await client.deleteStateMachine(arn);
   * ```
   */
  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    await this.call('DeleteStateMachine', `delete state machine ${arn}`, () =>
      this.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn })),
    );
  }

  /**
   * Describes a state machine, with its definition parsed.
   *
   * @example
   * ```ts
   * const { definition, roleArn } = await client.describeStateMachine(arn);
   * ```
   */
  async describeStateMachine(stateMachineArn: string): Promise<StateMachineDescription> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const output = await this.call('DescribeStateMachine', `describe state machine ${arn}`, () =>
      this.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    );
    const definition = parseJson(output.definition);
    return {
      stateMachineArn: output.stateMachineArn ?? arn,
      name: output.name ?? '',
      status: output.status,
      definition:
        typeof definition === 'object' && definition !== null ? (definition as Record<string, unknown>) : {},
      roleArn: output.roleArn ?? '',
      type: (output.type ?? 'STANDARD') as StateMachineType,
      logging: fromSdkLogging(output.loggingConfiguration),
      tracingEnabled: output.tracingConfiguration?.enabled ?? false,
      creationDate: output.creationDate,
    };
  }

  /**
   * Finds a state machine by name (reading every page of ListStateMachines); `undefined` when
   * there is none.
   *
   * @example
   * ```ts
   * const arn = await client.findStateMachineByName('eks-upgrade-workflow');
   * ```
   */
  async findStateMachineByName(name: string): Promise<string | undefined> {
    const wanted = parseOrThrow(StepFunctionsNameSchema, name, 'state machine name');
    // Pages are followed by hand (the SDK's paginators reject a client from another copy of the
    // SDK), each retried on its own, and only until the machine is found.
    for await (const page of followPageTokens(
      (nextToken) =>
        this.call('ListStateMachines', `find state machine ${wanted}`, () =>
          this.client.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken })),
        ),
      (listed) => listed.nextToken,
    )) {
      const match = page.stateMachines?.find((machine) => machine.name === wanted);
      if (match?.stateMachineArn) return match.stateMachineArn;
    }
    return undefined;
  }

  /**
   * Creates the state machine, or updates it when its definition, role, logging or tracing
   * differ (and adds missing or changed tags); changes nothing when all match.
   *
   * @example
   * ```ts
   * const { stateMachineArn, action } = await client.upsertStateMachine(machine); // action: 'unchanged' on a re-run
   * ```
   */
  async upsertStateMachine(definition: StateMachineDefinitionInput): Promise<UpsertStateMachineResult> {
    const machine = parseOrThrow(StateMachineDefinitionSchema, definition, 'state machine definition');
    const existingArn = await this.findStateMachineByName(machine.name);
    if (!existingArn) {
      return { stateMachineArn: await this.createStateMachine(machine), action: 'created' };
    }
    const current = await this.describeStateMachine(existingArn);
    const changedTags = await this.changedTags(existingArn, machine);
    if (changedTags.length > 0) {
      await this.call('TagResource', `tag state machine ${existingArn}`, () =>
        this.client.send(new TagResourceCommand({ resourceArn: existingArn, tags: changedTags })),
      );
    }
    const same =
      jsonEqual(current.definition, machine.definition) &&
      current.roleArn === machine.roleArn &&
      current.tracingEnabled === machine.tracingEnabled &&
      loggingEqual(machine.logging, current.logging);
    if (same)
      return { stateMachineArn: existingArn, action: changedTags.length > 0 ? 'updated' : 'unchanged' };
    if (current.type !== machine.type) {
      throw new ValidationError(`Cannot change the type of state machine ${machine.name}`, [
        { path: 'type', message: `is ${current.type} in AWS; delete the state machine to change it` },
      ]);
    }
    await this.updateStateMachine(existingArn, machine);
    return { stateMachineArn: existingArn, action: 'updated' };
  }

  private async changedTags(arn: string, machine: StateMachineDefinition) {
    const wanted = Object.entries(machine.tags);
    if (wanted.length === 0) return [];
    const output = await this.call('ListTagsForResource', `list tags of ${arn}`, () =>
      this.client.send(new ListTagsForResourceCommand({ resourceArn: arn })),
    );
    const current = new Map((output.tags ?? []).map((tag) => [tag.key, tag.value]));
    return wanted
      .filter(([key, value]) => current.get(key) !== value)
      .map(([key, value]) => ({ key, value }));
  }

  /**
   * Starts an upgrade. The request is validated and must serialise to at most 256 KB; the
   * execution name defaults to `executionNameForRequest(request)`, so retrying the same start is
   * idempotent. Refused with an `ExecutionError` while `maxConcurrentUpgrades` executions of the
   * same cluster are running. Returns the execution ARN.
   *
   * @example
   * ```ts
   * const executionArn = await client.startExecution(stateMachineArn, {
   *   clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'blue_green',
   * });
   * ```
   */
  async startExecution(
    stateMachineArn: string,
    input: UpgradeRequestInput,
    options: StartExecutionOptions = {},
  ): Promise<string> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const parsed = parseOrThrow(UpgradeRequestSchema, input, 'upgrade request');
    const name = parseOrThrow(
      StepFunctionsNameSchema,
      options.name ?? executionNameForRequest(parsed),
      'execution name',
    );
    const request: UpgradeRequest = { ...parsed, upgradeId: parsed.upgradeId ?? name };
    const body = JSON.stringify(request);
    assertExecutionInputSize(body);
    const startOn =
      options.startOn === undefined ? arn : parseOrThrow(ArnSchema, options.startOn, 'alias or version ARN');
    const maxConcurrent = options.maxConcurrentUpgrades ?? 1;
    const running = await this.runningExecutionsOfCluster(arn, request.clusterName, name);
    if (running.length >= maxConcurrent) {
      throw new ExecutionError(
        `Cluster ${request.clusterName} already has ${running.length} upgrade(s) running (${running.join(', ')}); ` +
          `at most ${maxConcurrent} may run at once. Wait for it to finish or stop it first.`,
        { status: 'RUNNING', ...(running[0] ? { executionArn: running[0] } : {}) },
      );
    }
    const output = await this.call('StartExecution', `start execution ${name}`, () =>
      this.client.send(new StartExecutionCommand({ stateMachineArn: startOn, name, input: body })),
    );
    return output.executionArn as string;
  }

  /** ARNs of the running executions of `clusterName`, leaving out `ownName` (an idempotent retry). */
  private async runningExecutionsOfCluster(
    stateMachineArn: string,
    clusterName: string,
    ownName: string,
  ): Promise<string[]> {
    const running = (await this.listExecutions(stateMachineArn, { statusFilter: 'RUNNING' })).filter(
      (execution) => execution.name !== ownName,
    );
    const ofCluster: string[] = [];
    for (const execution of running) {
      const result = await this.getExecutionStatus(execution.executionArn);
      const input = result.input as { clusterName?: unknown } | undefined;
      if (result.status === 'RUNNING' && input?.clusterName === clusterName) {
        ofCluster.push(execution.executionArn);
      }
    }
    return ofCluster;
  }

  /**
   * Stops a running execution with an optional error code and cause.
   *
   * @example
   * ```ts
   * await client.stopExecution(executionArn, 'Operator.Stopped', 'maintenance window ended');
   * ```
   */
  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<void> {
    const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
    await this.call('StopExecution', `stop execution ${arn}`, () =>
      this.client.send(
        new StopExecutionCommand({
          executionArn: arn,
          ...(error !== undefined ? { error } : {}),
          ...(cause !== undefined ? { cause } : {}),
        }),
      ),
    );
  }

  /**
   * Redrives a failed, aborted or timed-out execution: Step Functions restarts it from the
   * state that did not finish, with the input that state had, and does not run the states
   * before it again (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html).
   * One client token for every retry of the call, so a retry after a lost answer does not
   * count as a second redrive. Returns when the redrive started (as Step Functions says).
   *
   * @throws AWSServiceError `ExecutionNotRedrivable` when Step Functions refuses (see
   * `getExecutionStatus(...).redriveStatusReason`).
   * @example
   * ```ts
   * const redrivenAt = await client.redriveExecution(executionArn);
   * ```
   */
  async redriveExecution(executionArn: string): Promise<Date | undefined> {
    const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
    const clientToken = randomUUID();
    const output = await this.call('RedriveExecution', `redrive execution ${arn}`, () =>
      this.client.send(new RedriveExecutionCommand({ executionArn: arn, clientToken })),
    );
    return output.redriveDate;
  }

  /**
   * The current state of an execution, with input and output parsed.
   *
   * @example
   * ```ts
   * const { status, error, cause } = await client.getExecutionStatus(executionArn);
   * ```
   */
  async getExecutionStatus(executionArn: string): Promise<ExecutionResult> {
    const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
    const output = await this.call('DescribeExecution', `describe execution ${arn}`, () =>
      this.client.send(new DescribeExecutionCommand({ executionArn: arn })),
    );
    return toExecutionResult(output, arn);
  }

  /**
   * Polls an execution until it ends: about 1 s between the first polls, doubling up to 10 s.
   * Raises an `ExecutionError` when `maxWaitSeconds` pass first (the execution keeps running)
   * or when `signal` aborts the wait.
   *
   * @example
   * ```ts
   * const result = await client.waitForExecution(executionArn, {
   *   maxWaitSeconds: 1800,
   *   onProgress: ({ result, elapsedSeconds }) => console.error(`${elapsedSeconds}s ${result.status}`),
   * });
   * ```
   */
  async waitForExecution(
    executionArn: string,
    options: WaitForExecutionOptions = {},
  ): Promise<ExecutionResult> {
    const maxWaitSeconds = options.maxWaitSeconds ?? 3600;
    const maxDelay = options.maxDelaySeconds ?? 10;
    let delay = Math.min(options.minDelaySeconds ?? 1, maxDelay);
    const startedAt = Date.now();
    const elapsedSeconds = () => (Date.now() - startedAt) / 1000;
    for (let attempt = 1; ; attempt += 1) {
      this.throwIfAborted(executionArn, options.signal);
      const result = await this.getExecutionStatus(executionArn);
      const terminal = isTerminalExecutionStatus(result.status);
      const remaining = maxWaitSeconds - elapsedSeconds();
      const nextPollSeconds = terminal ? 0 : Math.max(0, Math.min(delay, remaining));
      options.onProgress?.({ result, attempt, elapsedSeconds: elapsedSeconds(), nextPollSeconds });
      if (terminal) return result;
      if (remaining <= 0) {
        throw new ExecutionError(
          `Execution ${executionArn} is still ${result.status} after ${maxWaitSeconds} s; it keeps running.`,
          { executionArn, status: result.status },
        );
      }
      try {
        await sleep(nextPollSeconds * 1000, options.signal);
      } catch (reason) {
        this.throwIfAborted(executionArn, options.signal, reason);
      }
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  private throwIfAborted(executionArn: string, signal: AbortSignal | undefined, reason?: unknown): void {
    if (!signal?.aborted) return;
    throw new ExecutionError(
      `Stopped waiting for execution ${executionArn}: the wait was aborted; the execution keeps running.`,
      { executionArn },
      { cause: reason ?? signal.reason },
    );
  }

  /**
   * Every execution of a state machine (all pages, up to 1000 a page), optionally only those
   * with one status.
   *
   * @example
   * ```ts
   * const running = await client.listExecutions(stateMachineArn, { statusFilter: 'RUNNING' });
   * ```
   */
  async listExecutions(
    stateMachineArn: string,
    options: ListExecutionsOptions = {},
  ): Promise<ExecutionSummary[]> {
    const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
    const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const executions = await this.allPages(
      'ListExecutions',
      `list executions of ${arn}`,
      (nextToken) =>
        this.client.send(
          new ListExecutionsCommand({
            stateMachineArn: arn,
            ...(options.statusFilter ? { statusFilter: options.statusFilter } : {}),
            maxResults: pageSize,
            nextToken,
          }),
        ),
      (listed) => listed.nextToken,
      (listed) => listed.executions,
    );
    return executions.map(toExecutionSummary);
  }

  /**
   * The Map Runs of an execution (every page of ListMapRuns), oldest first: one per time a
   * Distributed Map state of the execution ran (the upgrade workflow's `Step: Run`, once per stage).
   *
   * @example
   * ```ts
   * const mapRuns = await client.listMapRuns(executionArn);
   * ```
   */
  async listMapRuns(executionArn: string): Promise<MapRunSummary[]> {
    const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
    const mapRuns = await this.allPages(
      'ListMapRuns',
      `list the Map Runs of ${arn}`,
      (nextToken) =>
        this.client.send(new ListMapRunsCommand({ executionArn: arn, maxResults: MAX_PAGE_SIZE, nextToken })),
      (page) => page.nextToken,
      (page) => page.mapRuns,
    );
    return mapRuns.map(toMapRunSummary).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  }

  /**
   * The child executions of a Map Run (every page of ListExecutions with `mapRunArn`), oldest
   * first: each runs one item of the Distributed Map (in the upgrade workflow, one plan step).
   *
   * @example
   * ```ts
   * for (const mapRun of await client.listMapRuns(executionArn)) {
   *   const children = await client.listMapRunExecutions(mapRun.mapRunArn);
   * }
   * ```
   */
  async listMapRunExecutions(
    mapRunArn: string,
    options: ListExecutionsOptions = {},
  ): Promise<ExecutionSummary[]> {
    const arn = parseOrThrow(ArnSchema, mapRunArn, 'Map Run ARN');
    const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const executions = await this.allPages(
      'ListExecutions',
      `list the child executions of Map Run ${arn}`,
      (nextToken) =>
        this.client.send(
          new ListExecutionsCommand({
            mapRunArn: arn,
            ...(options.statusFilter ? { statusFilter: options.statusFilter } : {}),
            maxResults: pageSize,
            nextToken,
          }),
        ),
      (listed) => listed.nextToken,
      (listed) => listed.executions,
    );
    return executions.map(toExecutionSummary).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  }

  /**
   * The whole history of an execution (all pages, oldest first), normalised.
   *
   * @example
   * ```ts
   * const events = await client.getExecutionHistory(executionArn);
   * ```
   */
  async getExecutionHistory(executionArn: string): Promise<WorkflowHistoryEvent[]> {
    const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
    const events: HistoryEvent[] = await this.allPages(
      'GetExecutionHistory',
      `read the history of ${arn}`,
      (nextToken) =>
        this.client.send(
          new GetExecutionHistoryCommand({
            executionArn: arn,
            includeExecutionData: true,
            maxResults: MAX_PAGE_SIZE,
            nextToken,
          }),
        ),
      (page) => page.nextToken,
      (page) => page.events,
    );
    return fromAwsHistoryEvents(events);
  }

  /**
   * The execution's phase timeline: each phase and plan step with start, end, status and error.
   *
   * @example
   * ```ts
   * for (const entry of await client.getPhaseTimeline(executionArn)) {
   *   console.log(entry.phase, entry.stepId ?? '', entry.status, entry.error ?? '');
   * }
   * ```
   */
  async getPhaseTimeline(executionArn: string): Promise<PhaseTimelineEntry[]> {
    return buildPhaseTimeline(await this.getExecutionHistory(executionArn));
  }

  /**
   * The approval gate the execution waits at, from its whole history (every page), or
   * `undefined` when none is pending (none reached, or the last one already answered or timed out).
   *
   * @example
   * ```ts
   * const pending = await client.findPendingGate(executionArn);
   * if (pending) await client.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId });
   * ```
   */
  async findPendingGate(executionArn: string): Promise<PendingGate | undefined> {
    return findPendingGateInHistory(await this.getExecutionHistory(executionArn));
  }

  /**
   * Approves a pending gate: SendTaskSuccess with the decision (validated) as the task's output.
   * A gate that timed out or was already answered, or a token Step Functions did not issue,
   * raises an `ExecutionError` / `ValidationError` saying so.
   *
   * @example
   * ```ts
   * await client.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId, approvedBy: 'alice' });
   * ```
   */
  async sendTaskSuccess(taskToken: string, decision: GateDecision = {}): Promise<void> {
    const token = checkTaskToken(taskToken);
    const output = gateDecisionOutput(decision);
    try {
      await this.call('SendTaskSuccess', 'approve a gate (send task success)', () =>
        this.client.send(new SendTaskSuccessCommand({ taskToken: token, output })),
      );
    } catch (error) {
      throw explainTaskTokenError(error, 'SendTaskSuccess');
    }
  }

  /**
   * Fails a pending task: SendTaskFailure with an error name and cause; a rejected gate is
   * `Upgrade.GateRejected` with the reason as cause. Errors as for `sendTaskSuccess`.
   *
   * @example
   * ```ts
   * await client.sendTaskFailure(pending.taskToken, GATE_REJECTED_ERROR, 'CHG-1234 not approved');
   * ```
   */
  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    const token = checkTaskToken(taskToken);
    checkTaskFailure(error, cause);
    try {
      await this.call('SendTaskFailure', 'reject a gate (send task failure)', () =>
        this.client.send(
          new SendTaskFailureCommand({ taskToken: token, error, ...(cause !== undefined ? { cause } : {}) }),
        ),
      );
    } catch (failure) {
      throw explainTaskTokenError(failure, 'SendTaskFailure');
    }
  }
}

function toExecutionResult(output: DescribeExecutionOutput, arn: string): ExecutionResult {
  const input = parseJson(output.input);
  const result = parseJson(output.output);
  return {
    executionArn: output.executionArn ?? arn,
    stateMachineArn: output.stateMachineArn ?? '',
    name: output.name ?? arn.split(':').pop() ?? '',
    status: (output.status ?? 'RUNNING') as ExecutionStatus,
    startDate: output.startDate ?? new Date(0),
    ...(output.stopDate ? { stopDate: output.stopDate } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(result !== undefined ? { output: result } : {}),
    ...(output.error !== undefined ? { error: output.error } : {}),
    ...(output.cause !== undefined ? { cause: output.cause } : {}),
    ...(output.redriveStatus !== undefined ? { redriveStatus: output.redriveStatus } : {}),
    ...(output.redriveStatusReason !== undefined ? { redriveStatusReason: output.redriveStatusReason } : {}),
    ...(output.redriveCount !== undefined ? { redriveCount: output.redriveCount } : {}),
  };
}

function toExecutionSummary(item: ExecutionListItem): ExecutionSummary {
  return {
    executionArn: item.executionArn ?? '',
    stateMachineArn: item.stateMachineArn ?? '',
    name: item.name ?? '',
    status: (item.status ?? 'RUNNING') as ExecutionStatus,
    startDate: item.startDate ?? new Date(0),
    stopDate: item.stopDate,
  };
}

function toMapRunSummary(item: MapRunListItem): MapRunSummary {
  return {
    mapRunArn: item.mapRunArn ?? '',
    executionArn: item.executionArn ?? '',
    startDate: item.startDate ?? new Date(0),
    stopDate: item.stopDate,
  };
}
