import {
  GATE_REJECTED_ERROR,
  type GateDecision,
  type GatePendingDetail,
  UpgradeRequestSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { StateMachineDefinition as LocalDefinition } from 'aws-local-stepfunctions';
import { executionNameForRequest } from '../client/execution-name.js';
import {
  buildPhaseTimeline,
  type PhaseTimelineEntry,
  type WorkflowHistoryEvent,
} from '../client/phase-timeline.js';
import type { AslDefinition, AslState, JsonObject } from '../workflow/asl/types.js';
import { validateStateMachineDefinition } from '../workflow/validate-definition.js';
import {
  HISTORY_QUOTA_ERROR,
  HistoryEventCounter,
  historyEventsOfLogEvent,
  TASK_ATTEMPT_HISTORY_EVENTS,
} from './history-quota.js';
import { canInterpretLocally, createInterpreterCache, interpretLocally } from './local-interpreter.js';
import { cloneJson } from './local-json-path.js';
import { VirtualClock } from './virtual-clock.js';
import { VirtualScheduler } from './virtual-scheduler.js';

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const PUT_EVENTS = /^arn:aws[a-z-]*:states:::events:putEvents$/;
const PUT_EVENTS_WAIT = /^arn:aws[a-z-]*:states:::events:putEvents\.waitForTaskToken$/;

/**
 * aws-local-stepfunctions, loaded when an execution first needs it (the interpreter runs the
 * upgrade workflow's without it; loading it, with the AWS SDK Lambda client and the credential
 * providers it imports, costs about 90 ms).
 */
let library: Promise<typeof import('aws-local-stepfunctions')> | undefined;
const loadLibrary = () => {
  library ??= import('aws-local-stepfunctions');
  return library;
};

type ResourceKind = 'lambda' | 'putEventsWait' | 'putEvents' | 'other';
const resourceKinds = new Map<string, ResourceKind>();

/** Which integration a Task's resource is (matched once per resource: tasks run tens of thousands of times). */
function resourceKind(resource: string): ResourceKind {
  let kind = resourceKinds.get(resource);
  if (!kind) {
    kind = LAMBDA_INVOKE.test(resource)
      ? 'lambda'
      : PUT_EVENTS_WAIT.test(resource)
        ? 'putEventsWait'
        : PUT_EVENTS.test(resource)
          ? 'putEvents'
          : 'other';
    resourceKinds.set(resource, kind);
  }
  return kind;
}
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::eks-upgrade-local:wait';
const LOCAL_MAP_RESOURCE = 'arn:aws:states:::eks-upgrade-local:distributed-map';
/** The Pass state that applies a Distributed Map's ItemSelector in a child (not in its history). */
const ITEM_SELECTOR_STATE = 'eks-upgrade-local: ItemSelector';
/**
 * The (real-time) timeout the library gets for the local stand-in of a Distributed Map and for
 * tasks with a TimeoutSecondsPath: the runner keeps their time on the virtual clock instead.
 */
const LOCAL_MAP_TIMEOUT_SECONDS = 2_000_000;

/** What a local handler gets besides its input. */
export interface LocalTaskContext {
  /** The Task state being run. */
  stateName: string;
  /** 1 for the first call of this state visit, 2 for the first retry, ... */
  attempt: number;
  /** Virtual time: read it, or `advance()` it to simulate slow work (Task timeouts apply). */
  clock: VirtualClock;
}

/** Context of a Lambda handler. */
export interface LocalLambdaContext extends LocalTaskContext {
  functionName: string;
}

/**
 * Stands in for one Lambda function: gets the `Payload` of the state's effective parameters and
 * returns what the function would return. The runner answers the state as Lambda would
 * (`{ Payload, StatusCode: 200, ExecutedVersion }`), so `ResultSelector: { "x.$": "$.Payload" }`
 * behaves as on AWS. A thrown error fails the task with the error's `name` as the error type
 * (throw one named `Lambda.ServiceException` to simulate a transient Lambda failure).
 */
export type LocalLambdaHandler = (payload: unknown, context: LocalLambdaContext) => unknown;

/** Overrides one Task state: gets the effective parameters, returns the service's raw result. */
export type LocalTaskHandler = (parameters: unknown, context: LocalTaskContext) => unknown;

/** An entry of a PutEvents call, as the SDK sends it (Detail as JSON text). */
export interface LocalPutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: Date;
}

/** What `onPutEvents` may answer (the PutEvents response); all entries succeed when it returns nothing. */
export interface LocalPutEventsResult {
  FailedEntryCount?: number;
  Entries?: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
}

/** Options of `runWorkflowLocally`. */
export interface RunWorkflowLocallyOptions {
  /** The ASL document (e.g. `createUpgradeStateMachineDefinition()`). */
  definition: AslDefinition | Record<string, unknown>;
  /** The execution input (for the upgrade workflow, an `UpgradeRequest`). */
  input: unknown;
  /** Handlers of `lambda:invoke` tasks, keyed by the state's `FunctionName`. */
  lambdaHandlers?: Record<string, LocalLambdaHandler>;
  /** Receives the entries of every `events:putEvents` task (connect an in-process bus here). */
  onPutEvents?: (
    entries: LocalPutEventsEntry[],
  ) => LocalPutEventsResult | undefined | Promise<LocalPutEventsResult | undefined>;
  /** Per Task state overrides (by state name), used before any other handler. */
  taskHandlers?: Record<string, LocalTaskHandler>;
  /** `$$.Execution.Name`; default: derived from the input when it is an UpgradeRequest. */
  executionName?: string;
  /** Virtual start time; default now. */
  startTime?: Date;
  /** Check the definition with asl-validator first (default true). */
  validate?: boolean;
  /** Aborts the run (like StopExecution): the result is `ABORTED`; no further task is called. */
  signal?: AbortSignal;
  /**
   * The history-event quota to enforce; default Step Functions' 25,000
   * (`EXECUTION_HISTORY_EVENT_QUOTA`). Lower it only to test how a workflow behaves at the quota.
   */
  historyEventQuota?: number;
  /**
   * Answers an approval gate (a `putEvents.waitForTaskToken` task publishing `gate.pending`) as
   * SendTaskSuccess / SendTaskFailure would: approve (with the decision as the task's output),
   * reject (`Upgrade.GateRejected` with the reason as cause), or let it time out, after
   * `afterSeconds` of virtual time. Default: approve at once with the pending plan's id.
   */
  resolveGate?: (pending: GatePendingDetail) => LocalGateResolution | Promise<LocalGateResolution>;
}

/**
 * How a local run answers a pending gate. `afterSeconds` (virtual) at or past the gate's
 * timeout is a timeout.
 *
 * @example
 * ```ts
 * resolveGate: (pending) => pending.gate.purpose === 'workload'
 *   ? { decision: 'reject', reason: 'workloads not ready', afterSeconds: 600 }
 *   : { decision: 'approve', output: { planId: pending.planId } },
 * ```
 */
export type LocalGateResolution =
  | { decision: 'approve'; output?: GateDecision; afterSeconds?: number }
  | { decision: 'reject'; reason: string; afterSeconds?: number }
  | { decision: 'timeout' };

/**
 * A child execution a Distributed Map ran (each step of the upgrade workflow is one), with its
 * own history as Step Functions keeps it apart from the parent's.
 */
export interface LocalChildExecution {
  name: string;
  /** The Distributed Map state that ran it, and the item's index. */
  mapStateName: string;
  index: number;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** This execution's own history events (the quota applies to each execution). */
  historyEventCount: number;
  eventLog: WorkflowHistoryEvent[];
  /** Virtual seconds since the parent's start. */
  startedAtSeconds: number;
  endedAtSeconds: number;
}

/** One call of a Task handler. */
export interface LocalTaskInvocation {
  stateName: string;
  resource: string;
  /** The Lambda function, for `lambda:invoke` tasks. */
  functionName?: string;
  /** The Lambda payload, the PutEvents entries, or the task's parameters. */
  input: unknown;
  attempt: number;
  /** Virtual seconds since the start when the call began. */
  atSeconds: number;
  outcome: 'succeeded' | 'failed';
  /** What the handler returned (for Lambda tasks, the function's result: the `Payload`). */
  output?: unknown;
  error?: string;
}

/** An event published by a putEvents task, with the detail parsed. */
export interface LocalPublishedEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  eventBusName: string | undefined;
  atSeconds: number;
  stateName: string;
}

/** The outcome of a local run. */
export interface LocalRunResult {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /**
   * This execution's history in AWS's event type names (see `WorkflowHistoryEvent`), stamped
   * with virtual time; child executions keep theirs in `childExecutions`, as on AWS.
   */
  eventLog: WorkflowHistoryEvent[];
  /** Every Task call in order (Lambda functions and PutEvents, retries included). */
  taskInvocations: LocalTaskInvocation[];
  /** Every event published, in order. */
  publishedEvents: LocalPublishedEvent[];
  /**
   * The history events Step Functions would have recorded for this execution (Standard
   * workflow), counted as AWS counts them; a run whose count passes 25,000 fails with
   * `States.Runtime`, as on AWS (see `EXECUTION_HISTORY_EVENT_QUOTA`).
   */
  historyEventCount: number;
  /**
   * The child executions of Distributed Map states (the workflow's steps), in the order they
   * ended, each with its own history and count.
   */
  childExecutions: LocalChildExecution[];
  /** The largest history of any child execution (0 without children). */
  largestChildHistoryEventCount: number;
  /** The phase timeline built from `eventLog`, as `watch` shows it. */
  timeline: PhaseTimelineEntry[];
  durations: {
    /** Simulated duration of the execution. */
    virtualSeconds: number;
    /** Real time the run took. */
    wallMilliseconds: number;
  };
}

/** An error with the name Step Functions matches in Retry and Catch. */
function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/**
 * Creates the error a handler throws to fail its task with a given error name, e.g.
 * `localTaskError('Lambda.ServiceException', 'Rate exceeded')`.
 *
 * @example
 * ```ts
 * lambdaHandlers: { 'eks-upgrade-agent-perception': () => { throw localTaskError('Lambda.ServiceException', 'boom'); } }
 * ```
 */
export function localTaskError(name: string, message: string): Error {
  return taskError(name, message);
}

type StateIndex = Map<string, AslState>;

function indexStates(states: Record<string, AslState>, index: StateIndex): void {
  for (const [name, state] of Object.entries(states)) {
    index.set(name, state);
    const processor = (state.ItemProcessor ?? state.Iterator) as
      | { States?: Record<string, AslState> }
      | undefined;
    if (processor?.States) indexStates(processor.States, index);
    const branches = state.Branches as Array<{ States?: Record<string, AslState> }> | undefined;
    for (const branch of branches ?? []) if (branch.States) indexStates(branch.States, index);
  }
}

/** The states a Distributed Map's child executions run, rewritten for the local runner. */
interface LocalProcessor {
  startAt: string;
  states: Record<string, AslState>;
}

/** What one execution runs: the root definition, or a Distributed Map's item processor. */
interface ExecutionSpec {
  name: string;
  startAt: string;
  states: Record<string, AslState>;
  /** The execution's input (for a child: the Map's input, which its ItemSelector reads). */
  input: unknown;
  itemSelector?: JsonObject | undefined;
  item?: { Index: number; Value: unknown };
  parent?: { mapStateName: string; index: number };
}

/** What the runner keeps per execution. */
interface ExecutionScope {
  name: string;
  history: HistoryEventCounter;
  attempts: Map<string, number>;
  retryCounts: Map<string, number[]>;
  stateContext: { EnteredTime: string };
  eventLog: WorkflowHistoryEvent[];
  historyExceeded: boolean;
  abort: () => void;
}

function isDistributedMap(state: AslState): boolean {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** The local resource a state runs as (Wait and Distributed Map states become local tasks). */
function localResourceOf(state: AslState): string {
  if (state.Type === 'Wait') return LOCAL_WAIT_RESOURCE;
  if (isDistributedMap(state)) return LOCAL_MAP_RESOURCE;
  return String(state.Resource ?? '');
}

/**
 * Wait states become local Task states so their time passes on the virtual clock; Distributed
 * Map states become local Task states that run their items as child executions (their item
 * processors, rewritten too, are kept in `processors`).
 */
function withLocalStates(
  states: Record<string, AslState>,
  processors: Map<string, LocalProcessor>,
): Record<string, AslState> {
  const rewritten: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(states)) {
    let copy: AslState = { ...state };
    if (state.Type === 'Wait') {
      const { Seconds: _s, SecondsPath: _sp, Timestamp: _t, TimestampPath: _tp, ...rest } = state;
      copy = { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE };
    } else if (isDistributedMap(state)) {
      const processor = state.ItemProcessor as { StartAt: string; States: Record<string, AslState> };
      processors.set(name, {
        startAt: processor.StartAt,
        states: withLocalStates(processor.States, processors),
      });
      const {
        ItemProcessor: _processor,
        ItemsPath: _items,
        ItemSelector: _selector,
        MaxConcurrency: _concurrency,
        MaxConcurrencyPath: _concurrencyPath,
        ToleratedFailureCount: _count,
        ToleratedFailurePercentage: _percentage,
        Label: _label,
        ItemReader: _reader,
        ItemBatcher: _batcher,
        ResultWriter: _writer,
        ...rest
      } = state;
      rewritten[name] = {
        ...rest,
        Type: 'Task',
        Resource: LOCAL_MAP_RESOURCE,
        TimeoutSeconds: LOCAL_MAP_TIMEOUT_SECONDS,
      };
      continue;
    }
    if (state.Type === 'Task' && state.TimeoutSecondsPath !== undefined) {
      // The library reads TimeoutSecondsPath from the effective parameters (AWS: from the state's
      // input) and times out in real time; the runner enforces it on the virtual clock instead.
      const { TimeoutSecondsPath: _path, ...rest } = state;
      copy = { ...rest, TimeoutSeconds: LOCAL_MAP_TIMEOUT_SECONDS };
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const processor = state[key] as { States: Record<string, AslState> } | undefined;
      if (processor?.States)
        copy[key] = { ...processor, States: withLocalStates(processor.States, processors) } as never;
    }
    if (Array.isArray(state.Branches)) {
      copy.Branches = (state.Branches as Array<{ States: Record<string, AslState> }>).map((branch) => ({
        ...branch,
        States: withLocalStates(branch.States, processors),
      })) as never;
    }
    rewritten[name] = copy;
  }
  return rewritten;
}

/** Reads `$`, `$.a.b`, `$.a[0].b` (what Wait states use); anything else is a runtime error. */
function readPath(path: string, input: unknown): unknown {
  if (!/^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[\d+\]))*$/.test(path)) {
    throw taskError('States.Runtime', `The local runner reads simple paths only in Wait states: ${path}`);
  }
  let value: unknown = input;
  for (const part of path.slice(1).match(/\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? []) {
    const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string | number, unknown>)[key]
        : undefined;
  }
  if (value === undefined) throw taskError('States.Runtime', `The path ${path} matched nothing in the input`);
  return value;
}

function waitSeconds(state: AslState, input: unknown, clock: VirtualClock): number {
  if (typeof state.Seconds === 'number') return state.Seconds;
  if (typeof state.SecondsPath === 'string') {
    const seconds = readPath(state.SecondsPath, input);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw taskError(
        'States.Runtime',
        `${state.SecondsPath} must be a whole number of seconds (is ${JSON.stringify(seconds)})`,
      );
    }
    return seconds;
  }
  const timestamp =
    typeof state.Timestamp === 'string' ? state.Timestamp : readPath(String(state.TimestampPath), input);
  const until = new Date(String(timestamp)).getTime();
  if (Number.isNaN(until)) throw taskError('States.Runtime', `Not a timestamp: ${String(timestamp)}`);
  return Math.max(0, (until - clock.now().getTime()) / 1000);
}

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const validatedDefinitions = new WeakSet<object>();

/**
 * Runs a state machine definition on this machine — each execution on the runner's own
 * interpreter when it is made of Pass, Task, Choice, Succeed and Fail states over plain paths
 * (`local-interpreter.ts`: the upgrade workflow's are), otherwise with `aws-local-stepfunctions`,
 * with the same results and events either way: Lambda tasks
 * go to `lambdaHandlers` (by FunctionName), PutEvents tasks to `onPutEvents`, `.waitForTaskToken`
 * PutEvents tasks (approval gates) to `resolveGate`, any Task state can be overridden in
 * `taskHandlers`. A Distributed Map runs each item as a child execution with its own history and
 * quota (`childExecutions`), its children waiting on one virtual clock as if they ran at once. Wait states, retry intervals and the machine's TimeoutSeconds
 * run on a virtual clock, so nothing sleeps; `$$.State.EnteredTime` reads that clock (the other
 * `$$.State` fields are not provided). Returns the end state, output or error and cause,
 * an AWS-like event log, the task calls in order, the events published and the phase timeline.
 *
 * @example
 * ```ts
 * const result = await runWorkflowLocally({
 *   definition: createUpgradeStateMachineDefinition(),
 *   input: { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' },
 *   lambdaHandlers: { 'eks-upgrade-agent-perception': async ({ request }) => perceive(request), ... },
 *   onPutEvents: (entries) => bus.putEvents(entries),
 * });
 * console.log(result.status, result.publishedEvents.map((event) => event.detailType));
 * ```
 */
export async function runWorkflowLocally(options: RunWorkflowLocallyOptions): Promise<LocalRunResult> {
  const wallStart = performance.now();
  const definition = options.definition as AslDefinition;
  if ((options.validate ?? true) && !validatedDefinitions.has(definition)) {
    const { valid, problems } = validateStateMachineDefinition(definition);
    if (!valid) {
      throw new ValidationError(
        'Invalid state machine definition',
        problems.map((problem) => ({
          path: problem.path ?? '',
          message: `${problem.code}: ${problem.message}`,
        })),
      );
    }
    validatedDefinitions.add(definition);
  }
  const states: StateIndex = new Map();
  indexStates(definition.States, states);
  const clock = new VirtualClock(options.startTime ?? new Date());
  const scheduler = new VirtualScheduler(clock);
  const timeoutSeconds =
    typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
  const parsedRequest = UpgradeRequestSchema.safeParse(options.input);
  const executionName =
    options.executionName ??
    (parsedRequest.success ? executionNameForRequest(parsedRequest.data) : 'local-execution');
  const executionArn = `arn:aws:states:local:000000000000:execution:local:${executionName}`;

  const taskInvocations: LocalTaskInvocation[] = [];
  const publishedEvents: LocalPublishedEvent[] = [];
  const childExecutions: LocalChildExecution[] = [];
  let timedOut = false;
  let rootStopped = false;
  let abortRoot: () => void = () => undefined;
  let taskTokens = 0;
  const taskContext = {
    get Token(): string {
      taskTokens += 1;
      return `local-task-token-${executionName}-${taskTokens}`;
    },
  };

  // Lets the event-log reader stamp every event dispatched so far before the clock moves. The
  // interpreter's events are stamped as they happen, but its tasks pause here too: the order in
  // which concurrent child executions interleave stays the one the library gives.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  const triggerTimeout = () => {
    if (timeoutSeconds !== undefined) clock.setElapsedSeconds(timeoutSeconds);
    timedOut = true;
    abortRoot();
    return taskError('States.Timeout', 'The execution timed out');
  };
  const checkMachineTimeout = () => {
    if (options.signal?.aborted) throw taskError('States.Runtime', 'The run was aborted');
    if (timedOut) throw taskError('States.Timeout', 'The execution timed out');
    if (rootStopped) throw taskError('States.Runtime', 'The parent execution ended');
    if (timeoutSeconds !== undefined && clock.elapsedSeconds() > timeoutSeconds) throw triggerTimeout();
  };

  /** The seconds the state's retrier waits before the next attempt (undefined: no retry), as AWS does. */
  const noteFailure = (scope: ExecutionScope, stateName: string, error: Error): number | undefined => {
    const retriers = (states.get(stateName)?.Retry ?? []) as unknown as Retrier[];
    const counts = scope.retryCounts.get(stateName) ?? retriers.map(() => 0);
    scope.retryCounts.set(stateName, counts);
    const index = retriers.findIndex((retrier) =>
      retrier.ErrorEquals.some(
        (name) =>
          name === error.name ||
          name === 'States.ALL' ||
          (name === 'States.TaskFailed' && error.name !== 'States.Timeout'),
      ),
    );
    const retrier = retriers[index];
    if (!retrier || (counts[index] ?? 0) >= (retrier.MaxAttempts ?? 3)) {
      scope.retryCounts.delete(stateName);
      scope.attempts.delete(stateName);
      return undefined;
    }
    const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (counts[index] ?? 0);
    counts[index] = (counts[index] ?? 0) + 1;
    return Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
  };

  /** Step Functions fails an execution whose history passes the quota; no Catch sees it. */
  const checkHistoryQuota = (scope: ExecutionScope) => {
    if (!scope.history.exceeded()) return;
    scope.historyExceeded = true;
    scope.abort();
    throw taskError(HISTORY_QUOTA_ERROR, scope.history.cause());
  };

  const runTask = async (scope: ExecutionScope, stateName: string, parameters: unknown): Promise<unknown> => {
    await settle();
    checkMachineTimeout();
    const state = states.get(stateName) as AslState;
    const resource = localResourceOf(state);
    // TaskScheduled, TaskStarted and TaskSucceeded|TaskFailed, for every attempt (a Distributed
    // Map's MapRunStarted and MapRunSucceeded|Failed are counted with its entry).
    if (resource !== LOCAL_WAIT_RESOURCE && resource !== LOCAL_MAP_RESOURCE)
      scope.history.add(TASK_ATTEMPT_HISTORY_EVENTS);
    checkHistoryQuota(scope);
    const attempt = (scope.attempts.get(stateName) ?? 0) + 1;
    scope.attempts.set(stateName, attempt);
    const context: LocalTaskContext = { stateName, attempt, clock };
    const startedAt = clock.elapsedSeconds();
    const record: LocalTaskInvocation = {
      stateName,
      resource,
      input: parameters,
      attempt,
      atSeconds: startedAt,
      outcome: 'succeeded',
    };
    try {
      const result = await dispatchTask(scope, stateName, state, resource, parameters, context, record);
      const taskTimeout = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : 60;
      if (
        state.Type === 'Task' &&
        state.TimeoutSecondsPath === undefined &&
        clock.elapsedSeconds() - startedAt > taskTimeout
      ) {
        throw taskError('States.Timeout', `Task ${stateName} ran longer than its ${taskTimeout} s timeout`);
      }
      checkMachineTimeout();
      record.output =
        resourceKind(resource) === 'lambda' && !options.taskHandlers?.[stateName]
          ? (result as { Payload?: unknown }).Payload
          : result;
      scope.attempts.delete(stateName);
      scope.retryCounts.delete(stateName);
      return result;
    } catch (caught) {
      const error = caught instanceof Error ? caught : taskError('Error', stringify(caught));
      record.outcome = 'failed';
      record.error = error.name;
      if (!timedOut) {
        const retryAfter = noteFailure(scope, stateName, error);
        if (retryAfter !== undefined) await scheduler.sleep(retryAfter);
      }
      throw error;
    } finally {
      if (resource !== LOCAL_WAIT_RESOURCE && resource !== LOCAL_MAP_RESOURCE) taskInvocations.push(record);
      scope.stateContext.EnteredTime = clock.now().toISOString();
    }
  };

  /** PutEvents entries as the SDK sends them (Detail as JSON text), published to `onPutEvents`. */
  const putEvents = async (stateName: string, parameters: unknown, record: LocalTaskInvocation) => {
    const entries = ((parameters as { Entries?: unknown[] })?.Entries ?? []).map((entry) => {
      const raw = entry as Record<string, unknown>;
      return {
        ...(raw as object),
        Source: String(raw.Source ?? ''),
        DetailType: String(raw.DetailType ?? ''),
        Detail: typeof raw.Detail === 'string' ? raw.Detail : JSON.stringify(raw.Detail ?? {}),
      } as LocalPutEventsEntry;
    });
    record.input = entries;
    // The caller's answer becomes the task's result: a copy, so that what it keeps cannot change the execution's data.
    const response = cloneJson((await options.onPutEvents?.(entries)) ?? undefined) as
      | LocalPutEventsResult
      | undefined;
    if ((response?.FailedEntryCount ?? 0) > 0) {
      throw taskError('EventBridge.FailedEntry', JSON.stringify(response));
    }
    for (const entry of entries) {
      publishedEvents.push({
        source: entry.Source,
        detailType: entry.DetailType,
        detail: JSON.parse(entry.Detail) as Record<string, unknown>,
        eventBusName: entry.EventBusName,
        atSeconds: clock.elapsedSeconds(),
        stateName,
      });
    }
    return {
      entries,
      response: response ?? {
        Entries: entries.map((_, index) => ({ EventId: `local-${publishedEvents.length + index}` })),
        FailedEntryCount: 0,
      },
    };
  };

  /**
   * A `putEvents.waitForTaskToken` task: publishes its entries (`gate.pending` with the token),
   * then `resolveGate` answers as SendTaskSuccess / SendTaskFailure would, after a virtual delay;
   * no answer within the gate's timeout fails the task with `States.Timeout`.
   */
  const waitForGate = async (
    stateName: string,
    state: AslState,
    parameters: unknown,
    record: LocalTaskInvocation,
  ) => {
    const { entries } = await putEvents(stateName, parameters, record);
    const pending = JSON.parse(entries[0]?.Detail ?? '{}') as GatePendingDetail;
    const timeout =
      typeof pending.gate?.timeoutSeconds === 'number'
        ? pending.gate.timeoutSeconds
        : typeof state.TimeoutSeconds === 'number'
          ? state.TimeoutSeconds
          : 60;
    const resolution: LocalGateResolution = (await options.resolveGate?.(pending)) ?? {
      decision: 'approve',
      output: { planId: pending.planId },
    };
    const after = resolution.decision === 'timeout' ? timeout : (resolution.afterSeconds ?? 0);
    // The gate's wait does not look at the workflow's deadline; a wait still running when the
    // execution's own TimeoutSeconds passes ends the execution with States.Timeout (no Catch).
    if (timeoutSeconds !== undefined && clock.elapsedSeconds() + Math.min(after, timeout) > timeoutSeconds) {
      await scheduler.sleep(timeoutSeconds - clock.elapsedSeconds());
      throw triggerTimeout();
    }
    if (resolution.decision === 'timeout' || after >= timeout) {
      await scheduler.sleep(timeout);
      throw taskError('States.Timeout', `Nobody answered the task token within ${timeout} s`);
    }
    await scheduler.sleep(after);
    if (resolution.decision === 'reject') throw taskError(GATE_REJECTED_ERROR, resolution.reason);
    return cloneJson(resolution.output ?? {});
  };

  const dispatchTask = async (
    scope: ExecutionScope,
    stateName: string,
    state: AslState,
    resource: string,
    parameters: unknown,
    context: LocalTaskContext,
    record: LocalTaskInvocation,
  ): Promise<unknown> => {
    if (resource === LOCAL_WAIT_RESOURCE) {
      const seconds = waitSeconds(state, parameters, clock);
      if (timeoutSeconds !== undefined && clock.elapsedSeconds() + seconds > timeoutSeconds)
        throw triggerTimeout();
      await scheduler.sleep(seconds);
      return parameters;
    }
    if (resource === LOCAL_MAP_RESOURCE) return runDistributedMap(scope, stateName, state, parameters);
    const override = options.taskHandlers?.[stateName];
    // Handlers get and give copies: what they change or keep cannot change the execution's data.
    if (override) return cloneJson(await override(cloneJson(parameters), context));
    if (resourceKind(resource) === 'lambda') {
      const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: string; Payload?: unknown };
      const functionName = String(FunctionName ?? '');
      record.functionName = functionName;
      record.input = Payload;
      const handler =
        options.lambdaHandlers?.[functionName] ??
        options.lambdaHandlers?.[functionName.split(':').at(-1) ?? ''];
      if (!handler) {
        throw taskError(
          'Lambda.ResourceNotFoundException',
          `Function not found: ${functionName} (no local handler)`,
        );
      }
      let payload: unknown;
      try {
        payload = cloneJson(await handler(cloneJson(Payload), { ...context, functionName }));
      } catch (caught) {
        if (caught instanceof Error && caught.name.startsWith('Lambda.')) throw caught;
        // A function error: Step Functions reports the function's error type and its JSON error.
        const error = caught instanceof Error ? caught : new Error(stringify(caught));
        throw taskError(
          error.name || 'Error',
          JSON.stringify({ errorType: error.name, errorMessage: error.message }),
        );
      }
      return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
    }
    if (resourceKind(resource) === 'putEventsWait') return waitForGate(stateName, state, parameters, record);
    if (resourceKind(resource) === 'putEvents')
      return (await putEvents(stateName, parameters, record)).response;
    throw taskError('States.Runtime', `No local handler for Task state ${stateName} (${resource})`);
  };

  /**
   * A Distributed Map: each item runs as a child execution with its own history (and its own
   * 25,000-event quota), at most MaxConcurrency at a time on the shared virtual clock. The
   * output is the children's outputs in item order. A child that fails fails the Map Run
   * (`States.ExceedToleratedFailureThreshold`, no failure tolerated) once the children already
   * running have ended; no further child starts.
   */
  const runDistributedMap = async (
    parent: ExecutionScope,
    stateName: string,
    state: AslState,
    input: unknown,
  ): Promise<unknown> => {
    const items = readPath(typeof state.ItemsPath === 'string' ? state.ItemsPath : '$', input);
    if (!Array.isArray(items)) {
      throw taskError('States.Runtime', `${stateName}: ItemsPath ${String(state.ItemsPath)} is not an array`);
    }
    const processor = localProcessors.get(stateName) as LocalProcessor;
    const outputs: unknown[] = new Array(items.length).fill(null);
    const limit =
      typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0
        ? state.MaxConcurrency
        : items.length;
    let next = 0;
    let failed: LocalChildExecution | undefined;
    const worker = async () => {
      try {
        while (next < items.length && !failed && !rootStopped) {
          const index = next;
          next += 1;
          const child = await runExecution({
            name: `${parent.name}:${stateName}:${index}`,
            startAt: processor.startAt,
            states: processor.states,
            input,
            itemSelector: state.ItemSelector as JsonObject | undefined,
            item: { Index: index, Value: items[index] },
            parent: { mapStateName: stateName, index },
          });
          outputs[index] = child.output ?? null;
          if (child.status !== 'SUCCEEDED') failed ??= child;
        }
      } finally {
        scheduler.ended();
      }
    };
    const workers: Promise<void>[] = [];
    for (let count = 0; count < Math.min(limit, items.length); count += 1) {
      scheduler.started();
      workers.push(worker());
    }
    // The parent waits for its children: it is not running meanwhile.
    scheduler.ended();
    await Promise.all(workers);
    scheduler.started();
    if (failed) {
      throw taskError(
        'States.ExceedToleratedFailureThreshold',
        `The Map Run failed: child execution ${failed.name} ended ${failed.status} with ${failed.error ?? 'an error'}: ${failed.cause ?? ''}`,
      );
    }
    return outputs;
  };

  const zero = new Proxy({}, { get: () => 0 });

  // Whether an execution's states run on the interpreter, decided once per processor (every
  // child of a Distributed Map runs the same states).
  const interpretableProcessors = new WeakMap<object, Map<unknown, boolean>>();
  const interpreterCache = createInterpreterCache();
  const interpretable = (
    spec: ExecutionSpec,
    machineDefinition: { StartAt: string; States: Record<string, AslState> },
    handlers: Record<string, unknown>,
  ): boolean => {
    const bySelector = interpretableProcessors.get(spec.states) ?? new Map<unknown, boolean>();
    interpretableProcessors.set(spec.states, bySelector);
    let known = bySelector.get(spec.itemSelector);
    if (known === undefined) {
      known = canInterpretLocally(machineDefinition, handlers);
      bySelector.set(spec.itemSelector, known);
    }
    return known;
  };

  /** Runs one execution (the root, or a Distributed Map's child) on the shared clock. */
  const runExecution = async (spec: ExecutionSpec): Promise<LocalChildExecution> => {
    const history = new HistoryEventCounter(options.historyEventQuota);
    const scope: ExecutionScope = {
      name: spec.name,
      history,
      attempts: new Map(),
      retryCounts: new Map(),
      // `$$.State.EnteredTime` on the virtual clock (the library has no State context). Time
      // moves only inside Task states here, so the time a task ended is the time every state
      // entered before the next task (Pass, Choice, the next Task's Parameters) sees, as on AWS.
      stateContext: { EnteredTime: clock.now().toISOString() },
      eventLog: [],
      historyExceeded: false,
      abort: () => undefined,
    };
    const startedAtSeconds = clock.elapsedSeconds();
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of Object.entries(spec.states)) {
      if (state.Type !== 'Task') continue;
      handlers[name] = (input) => {
        const running = runTask(scope, name, input);
        // The library may give up on a task before it settles (its execution failed or was
        // aborted); the rejection then has nobody waiting for it.
        running.catch(() => undefined);
        return running;
      };
    }
    // A child's input is the Map's ItemSelector applied to the Map's input with $$.Map.Item:
    // a leading Pass state does it (not counted: AWS records no such state).
    const machineStates = spec.itemSelector
      ? {
          [ITEM_SELECTOR_STATE]: { Type: 'Pass', Parameters: spec.itemSelector, Next: spec.startAt },
          ...spec.states,
        }
      : spec.states;
    const machineDefinition = {
      StartAt: spec.itemSelector ? ITEM_SELECTOR_STATE : spec.startAt,
      States: machineStates as Record<string, AslState>,
    };
    const machineInput = spec.itemSelector ? spec.input : (spec.item?.Value ?? spec.input);
    const context = {
      Execution: {
        Id: spec.parent ? `${executionArn}/${spec.parent.mapStateName}/${spec.parent.index}` : executionArn,
        Name: spec.name,
        StartTime: clock.now().toISOString(),
      },
      StateMachine: { Id: 'arn:aws:states:local:000000000000:stateMachine:local', Name: 'local' },
      State: scope.stateContext,
      Task: taskContext,
      ...(spec.item ? { Map: { Item: spec.item } } : {}),
    };
    const recordEvent = eventRecorder(scope.eventLog, states, clock, history);
    // The step executions (Pass, Task and Choice states over plain paths) run on the local
    // interpreter, which gives the library's results at a fraction of its cost per state; any
    // other definition runs on the library.
    let execution: { abort: () => void; result: Promise<unknown> };
    let reading: Promise<void> = Promise.resolve();
    if (interpretable(spec, machineDefinition, handlers)) {
      execution = interpretLocally(machineDefinition, machineInput, {
        taskHandlers: handlers,
        context,
        onEvent: recordEvent,
        cache: interpreterCache,
      });
    } else {
      const { StateMachine } = await loadLibrary();
      const libraryExecution = new StateMachine(machineDefinition as unknown as LocalDefinition, {
        validationOptions: { noValidate: true },
      }).run(machineInput as never, {
        overrides: {
          taskResourceLocalHandlers: handlers as never,
          retryIntervalOverrides: zero as never,
        },
        context: context as never,
      });
      execution = libraryExecution;
      reading = readEventLog(libraryExecution.eventLogs, recordEvent);
    }
    scope.abort = execution.abort;
    if (!spec.parent) abortRoot = execution.abort;
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      execution.abort();
    };
    if (!spec.parent) {
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    }

    const eventLog = scope.eventLog;
    let status: LocalRunResult['status'] = 'SUCCEEDED';
    let output: unknown;
    let error: string | undefined;
    let cause: string | undefined;
    try {
      output = await execution.result;
    } catch (caught) {
      if (scope.historyExceeded) {
        status = 'FAILED';
      } else if (aborted && !timedOut) {
        status = 'ABORTED';
        error = 'Execution.Aborted';
        cause = 'The run was aborted';
      } else if (timedOut || (caught instanceof Error && caught.name === 'ExecutionAbortedError')) {
        status = 'TIMED_OUT';
        error = 'States.Timeout';
        cause = `The execution ran longer than its TimeoutSeconds (${timeoutSeconds ?? '?'} s)`;
      } else {
        status = 'FAILED';
      }
    }
    if (!spec.parent) options.signal?.removeEventListener('abort', onAbort);
    await reading;
    // The closing events may be the ones that pass the quota: AWS fails the execution then too.
    if (status === 'SUCCEEDED' && history.exceeded()) scope.historyExceeded = true;
    if (scope.historyExceeded) {
      status = 'FAILED';
      error = HISTORY_QUOTA_ERROR;
      cause = history.cause();
      const closing = eventLog.findLast(
        (event) => event.type.startsWith('Execution') && event.type !== 'ExecutionStarted',
      );
      if (closing?.type !== 'ExecutionFailed') {
        if (closing) eventLog.splice(eventLog.indexOf(closing), 1);
        else history.add(1);
        eventLog.push({
          id: eventLog.length + 1,
          timestamp: clock.now(),
          type: 'ExecutionFailed',
          error,
          cause,
        });
      }
    } else if (status === 'FAILED') {
      const failedEvent = eventLog.findLast((event) => event.type === 'ExecutionFailed');
      error = failedEvent?.error ?? 'States.Runtime';
      cause = failedEvent?.cause;
    }
    if (status === 'TIMED_OUT') {
      history.add(1);
      eventLog.push({
        id: eventLog.length + 1,
        timestamp: clock.now(),
        type: 'ExecutionTimedOut',
        error: error as string,
        ...(cause !== undefined ? { cause } : {}),
      });
    }
    const result: LocalChildExecution = {
      name: spec.name,
      mapStateName: spec.parent?.mapStateName ?? '',
      index: spec.parent?.index ?? 0,
      status,
      ...(status === 'SUCCEEDED' ? { output } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
      historyEventCount: history.total,
      eventLog,
      startedAtSeconds,
      endedAtSeconds: clock.elapsedSeconds(),
    };
    if (spec.parent) childExecutions.push(result);
    else rootStopped = true;
    return result;
  };

  // Build the definition the library runs: Waits and Distributed Maps as local tasks, the
  // timeout on our clock.
  const localProcessors = new Map<string, LocalProcessor>();
  const localStates = withLocalStates(definition.States, localProcessors);
  const root = await runExecution({
    name: executionName,
    startAt: definition.StartAt,
    states: localStates,
    input: options.input,
  });
  return {
    status: root.status,
    ...(root.status === 'SUCCEEDED' ? { output: root.output } : {}),
    ...(root.error !== undefined ? { error: root.error } : {}),
    ...(root.cause !== undefined ? { cause: root.cause } : {}),
    eventLog: root.eventLog,
    taskInvocations,
    publishedEvents,
    historyEventCount: root.historyEventCount,
    childExecutions,
    largestChildHistoryEventCount: Math.max(0, ...childExecutions.map((child) => child.historyEventCount)),
    timeline: buildPhaseTimeline(root.eventLog),
    durations: { virtualSeconds: clock.elapsedSeconds(), wallMilliseconds: performance.now() - wallStart },
  };
}

type LibraryEvent = {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
};

/** Converts the library's events to AWS history event names, stamped with virtual time. */
async function readEventLog(
  events: AsyncGenerator<unknown>,
  record: (event: LibraryEvent) => void,
): Promise<void> {
  for await (const raw of events) record(raw as LibraryEvent);
}

/**
 * Records one library event (or the local interpreter's, the same shape) in the execution's
 * log under its AWS history event name, stamped with virtual time, and counts its history events.
 */
function eventRecorder(
  log: WorkflowHistoryEvent[],
  states: StateIndex,
  clock: VirtualClock,
  history: HistoryEventCounter,
): (event: LibraryEvent) => void {
  const caught = new Set<string>();
  // The history event types of each state, named once (every poll records four states).
  const typeNames = new Map<string, { isMap: boolean; entered: string; exited: string; failed: string }>();
  const namesOf = (stateName: string, libraryType: string | undefined) => {
    let names = typeNames.get(stateName);
    if (!names) {
      const type = String(states.get(stateName)?.Type ?? libraryType);
      names = {
        isMap: states.get(stateName)?.Type === 'Map',
        entered: `${type}StateEntered`,
        exited: `${type}StateExited`,
        failed: type === 'Task' ? 'TaskFailed' : `${type}StateFailed`,
      };
      typeNames.set(stateName, names);
    }
    return names;
  };
  return (event) => {
    if (event.state?.name === ITEM_SELECTOR_STATE) return;
    history.add(historyEventsOfLogEvent(event.type));
    const stateName = event.state?.name;
    const names = stateName ? namesOf(stateName, event.state?.type) : undefined;
    // A Map state also records MapStateStarted and MapStateSucceeded|Failed.
    if (event.type === 'StateEntered' && names?.isMap) history.add(2);
    const base = { id: log.length + 1, timestamp: clock.now() };
    const failure =
      event.Error === undefined && event.Cause === undefined
        ? {}
        : {
            ...(event.Error !== undefined ? { error: event.Error } : {}),
            ...(event.Cause !== undefined ? { cause: stringify(event.Cause) } : {}),
          };
    switch (event.type) {
      case 'ExecutionStarted':
        log.push({ ...base, type: 'ExecutionStarted', input: event.input });
        break;
      case 'ExecutionSucceeded':
        log.push({ ...base, type: 'ExecutionSucceeded', output: event.output });
        break;
      case 'ExecutionFailed':
        log.push({ ...base, type: 'ExecutionFailed', ...failure });
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        log.push({
          ...base,
          type: event.type,
          ...(event.parentState ? { stateName: event.parentState.name } : {}),
          ...(event.index !== undefined ? { mapIndex: event.index } : {}),
          ...failure,
        });
        break;
      case 'StateEntered':
        log.push({
          id: base.id,
          timestamp: base.timestamp,
          type: names?.entered ?? 'StateEntered',
          stateName: stateName as string,
          input: event.state?.input,
        });
        break;
      case 'StateExited':
        if (stateName && caught.delete(stateName)) break;
        log.push({
          id: base.id,
          timestamp: base.timestamp,
          type: names?.exited ?? 'StateExited',
          stateName: stateName as string,
          output: event.state?.output,
        });
        break;
      case 'StateFailed':
        log.push({
          ...base,
          type: names?.failed ?? 'StateFailed',
          stateName: stateName as string,
          ...failure,
        });
        break;
      case 'StateCaught':
        if (stateName) caught.add(stateName);
        break;
      default:
        break;
    }
  };
}
