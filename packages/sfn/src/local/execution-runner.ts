import type { StateMachineDefinition as LocalDefinition } from 'aws-local-stepfunctions';
import type { AslState } from '../workflow/asl/types.js';
import { eventRecorder, readEventLog } from './execution-event-log.js';
import { HISTORY_QUOTA_ERROR, HistoryEventCounter } from './history-quota.js';
import { canInterpretLocally, interpretLocally } from './local-interpreter.js';
import type { ExecutionScope, ExecutionSpec, LocalRun } from './local-run-context.js';
import type { LocalChildExecution, LocalRunResult } from './local-run-result.js';
import { ITEM_SELECTOR_STATE } from './local-state-rewrite.js';
import { runTask } from './task-runner.js';

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

/** The library's retry intervals, all zero: the runner waits them on the virtual clock (task-runner.ts). */
const zero = new Proxy({}, { get: () => 0 });

/**
 * Whether an execution's states run on the interpreter, decided once per processor (every child
 * of a Distributed Map runs the same states).
 */
function interpretable(
  run: LocalRun,
  spec: ExecutionSpec,
  machineDefinition: { StartAt: string; States: Record<string, AslState> },
  handlers: Record<string, unknown>,
): boolean {
  const bySelector = run.interpretableProcessors.get(spec.states) ?? new Map<unknown, boolean>();
  run.interpretableProcessors.set(spec.states, bySelector);
  let known = bySelector.get(spec.itemSelector);
  if (known === undefined) {
    known = canInterpretLocally(machineDefinition, handlers);
    bySelector.set(spec.itemSelector, known);
  }
  return known;
}

/** Runs one execution (the root, or a Distributed Map's child) on the shared clock. */
export async function runExecution(run: LocalRun, spec: ExecutionSpec): Promise<LocalChildExecution> {
  const history = new HistoryEventCounter(run.options.historyEventQuota);
  const scope: ExecutionScope = {
    name: spec.name,
    history,
    attempts: new Map(),
    retryCounts: new Map(),
    // `$$.State.EnteredTime` on the virtual clock (the library has no State context). Time
    // moves only inside Task states here, so the time a task ended is the time every state
    // entered before the next task (Pass, Choice, the next Task's Parameters) sees, as on AWS.
    stateContext: { EnteredTime: run.clock.now().toISOString() },
    eventLog: [],
    historyExceeded: false,
    abort: () => undefined,
  };
  const startedAtSeconds = run.clock.elapsedSeconds();
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of Object.entries(spec.states)) {
    if (state.Type !== 'Task') continue;
    handlers[name] = (input) => {
      const running = runTask(run, scope, name, input);
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
      Id: spec.parent
        ? `${run.executionArn}/${spec.parent.mapStateName}/${spec.parent.index}`
        : run.executionArn,
      Name: spec.name,
      StartTime: run.clock.now().toISOString(),
    },
    StateMachine: { Id: 'arn:aws:states:local:000000000000:stateMachine:local', Name: 'local' },
    State: scope.stateContext,
    Task: run.taskContext,
    ...(spec.item ? { Map: { Item: spec.item } } : {}),
  };
  const recordEvent = eventRecorder(scope.eventLog, run.states, run.clock, history);
  // The step executions (Pass, Task and Choice states over plain paths) run on the local
  // interpreter, which follows AWS's rules at a fraction of the library's cost per state; any
  // other definition runs on the library.
  let execution: { abort: () => void; result: Promise<unknown> };
  let reading: Promise<void> = Promise.resolve();
  if (interpretable(run, spec, machineDefinition, handlers)) {
    execution = interpretLocally(machineDefinition, machineInput, {
      taskHandlers: handlers,
      context,
      onEvent: recordEvent,
      cache: run.interpreterCache,
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
  if (!spec.parent) run.abortRoot = execution.abort;
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    execution.abort();
  };
  if (!spec.parent) {
    if (run.options.signal?.aborted) onAbort();
    else run.options.signal?.addEventListener('abort', onAbort, { once: true });
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
    } else if (aborted && !run.timedOut) {
      status = 'ABORTED';
      error = 'Execution.Aborted';
      cause = 'The run was aborted';
    } else if (run.timedOut || (caught instanceof Error && caught.name === 'ExecutionAbortedError')) {
      status = 'TIMED_OUT';
      error = 'States.Timeout';
      cause = `The execution ran longer than its TimeoutSeconds (${run.timeoutSeconds ?? '?'} s)`;
    } else {
      status = 'FAILED';
    }
  }
  if (!spec.parent) run.options.signal?.removeEventListener('abort', onAbort);
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
        timestamp: run.clock.now(),
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
      timestamp: run.clock.now(),
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
    endedAtSeconds: run.clock.elapsedSeconds(),
  };
  if (spec.parent) run.childExecutions.push(result);
  else run.rootStopped = true;
  return result;
}
