import { UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { executionNameForRequest } from '../client/execution-name.js';
import type { WorkflowHistoryEvent } from '../client/phase-timeline.js';
import type { AslDefinition, AslState, JsonObject } from '../workflow/asl/types.js';
import { HISTORY_QUOTA_ERROR, type HistoryEventCounter } from './history-quota.js';
import { createInterpreterCache, type InterpreterCache } from './local-interpreter.js';
import type { RunWorkflowLocallyOptions } from './local-run-options.js';
import type { LocalChildExecution, LocalPublishedEvent, LocalTaskInvocation } from './local-run-result.js';
import { indexStates, type LocalProcessor, type StateIndex, withLocalStates } from './local-state-rewrite.js';
import { taskError } from './local-task-error.js';
import type { RetryBookkeeping } from './retry-policy.js';
import { VirtualClock } from './virtual-clock.js';
import { VirtualScheduler } from './virtual-scheduler.js';

/** What one execution runs: the root definition, or a Distributed Map's item processor. */
export interface ExecutionSpec {
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
export interface ExecutionScope extends RetryBookkeeping {
  name: string;
  history: HistoryEventCounter;
  stateContext: { EnteredTime: string };
  eventLog: WorkflowHistoryEvent[];
  historyExceeded: boolean;
  abort: () => void;
}

/**
 * What every execution of one `runWorkflowLocally` call shares: the caller's options, the
 * definition's states, the one virtual clock its executions wait on, what it records, and
 * whether the run (the root execution) has timed out or ended.
 */
export interface LocalRun {
  options: RunWorkflowLocallyOptions;
  /** Every state of the original definition by name, nested ones too (their Retry, Type, ...). */
  states: StateIndex;
  /** The states the root execution runs (Waits and Distributed Maps as local tasks). */
  localStates: Record<string, AslState>;
  /** The rewritten item processors of the Distributed Maps, by Map state name. */
  localProcessors: Map<string, LocalProcessor>;
  clock: VirtualClock;
  scheduler: VirtualScheduler;
  /** The machine's TimeoutSeconds, on the virtual clock. */
  timeoutSeconds: number | undefined;
  executionName: string;
  executionArn: string;
  /** `$$.Task`: each read of `Token` is a new task token. */
  taskContext: { readonly Token: string };
  taskInvocations: LocalTaskInvocation[];
  publishedEvents: LocalPublishedEvent[];
  childExecutions: LocalChildExecution[];
  timedOut: boolean;
  /** The root execution has ended: its children stop. */
  rootStopped: boolean;
  abortRoot: () => void;
  /** Whether an execution's states run on the interpreter, decided once per processor and ItemSelector. */
  interpretableProcessors: WeakMap<object, Map<unknown, boolean>>;
  interpreterCache: InterpreterCache;
  /**
   * Runs one execution on the shared clock (`execution-runner.ts`, given by `runWorkflowLocally`:
   * a Distributed Map runs its children with it, so the Map's code does not import the execution
   * runner that calls it).
   */
  runExecution: (spec: ExecutionSpec) => Promise<LocalChildExecution>;
}

/**
 * The shared state of a run of `definition` (validated by the caller), whose executions run with
 * `runExecution`.
 */
export function createLocalRun(
  options: RunWorkflowLocallyOptions,
  definition: AslDefinition,
  runExecution: (run: LocalRun, spec: ExecutionSpec) => Promise<LocalChildExecution>,
): LocalRun {
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
  let taskTokens = 0;
  const taskContext = {
    get Token(): string {
      taskTokens += 1;
      return `local-task-token-${executionName}-${taskTokens}`;
    },
  };
  // The definition the root execution runs: Waits and Distributed Maps as local tasks, the
  // timeout on our clock.
  const localProcessors = new Map<string, LocalProcessor>();
  const localStates = withLocalStates(definition.States, localProcessors);
  const run: LocalRun = {
    options,
    states,
    localStates,
    localProcessors,
    clock,
    scheduler,
    timeoutSeconds,
    executionName,
    executionArn,
    taskContext,
    taskInvocations: [],
    publishedEvents: [],
    childExecutions: [],
    timedOut: false,
    rootStopped: false,
    abortRoot: () => undefined,
    interpretableProcessors: new WeakMap(),
    interpreterCache: createInterpreterCache(),
    runExecution: (spec) => runExecution(run, spec),
  };
  return run;
}

/**
 * Lets the event-log reader stamp every event dispatched so far before the clock moves. The
 * interpreter's events are stamped as they happen, but its tasks pause here too: the order in
 * which concurrent child executions interleave stays the one the library gives.
 */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The machine's TimeoutSeconds has passed: the clock is put at it and the root execution aborted. */
export function triggerTimeout(run: LocalRun): Error {
  if (run.timeoutSeconds !== undefined) run.clock.setElapsedSeconds(run.timeoutSeconds);
  run.timedOut = true;
  run.abortRoot();
  return taskError('States.Timeout', 'The execution timed out');
}

/** Throws when the run was aborted, timed out or its root ended: no further task may start or end. */
export function checkMachineTimeout(run: LocalRun): void {
  if (run.options.signal?.aborted) throw taskError('States.Runtime', 'The run was aborted');
  if (run.timedOut) throw taskError('States.Timeout', 'The execution timed out');
  if (run.rootStopped) throw taskError('States.Runtime', 'The parent execution ended');
  if (run.timeoutSeconds !== undefined && run.clock.elapsedSeconds() > run.timeoutSeconds)
    throw triggerTimeout(run);
}

/** Step Functions fails an execution whose history passes the quota; no Catch sees it. */
export function checkHistoryQuota(scope: ExecutionScope): void {
  if (!scope.history.exceeded()) return;
  scope.historyExceeded = true;
  scope.abort();
  throw taskError(HISTORY_QUOTA_ERROR, scope.history.cause());
}
