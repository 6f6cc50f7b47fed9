import type { AslState } from '../workflow/asl/types.js';
import { type ChoiceRule, isSupportedRule, type RuleTest, ruleTest } from './local-choice-rules.js';
import {
  applyResultPath,
  cloneJson,
  isSupportedReferencePath,
  isSupportedResultPath,
  LocalRuntimeError,
  queryPath,
  stringConstraint,
} from './local-json-path.js';
import { applyTemplate, isSupportedTemplate, type TemplateCache } from './local-payload-template.js';

/**
 * An interpreter for the executions a local run spends nearly all its time in: state machines
 * of Pass, Task, Choice, Succeed and Fail states over plain paths and a few intrinsic functions
 * — the upgrade workflow's step executions and, once the runner has made its Waits and its
 * Distributed Map into Tasks, the upgrade's own execution. Its rules are AWS Step Functions'
 * (each names its AWS page, here and in `local-json-path.ts`, `local-intrinsic-functions.ts` and
 * `local-choice-rules.ts`), not aws-local-stepfunctions': where that library differs from AWS (it
 * strips backslashes from an intrinsic function's string, ignores a falsy Pass Result, coerces
 * types in Choice rules) this does what AWS does. Its events are the library's, in the same
 * order; retry intervals and timeouts are the runner's. It shares the unchanged parts of the
 * state's data between states instead of copying it at every state, and reads each path
 * directly: a long rehearsal's polls cost a fraction of what they cost on the library. A
 * definition using anything else (Map, Parallel or Wait states, paths other than `.name`, `[n]`,
 * `[*]` and `[?(@.name == 'text')]`, other intrinsic functions, StringMatches) runs on the
 * library (`canInterpretLocally` decides).
 */

/** A library-shaped log event (what the runner's history reader takes). */
export interface InterpreterEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
}

/** What an interpreted execution needs. */
export interface LocalInterpreterOptions {
  /**
   * A handler for every Task state, by state name (the runner's). The interpreter shares data
   * between states where the library copied it, so a handler must neither change what it gets
   * nor change what it returned later: the runner copies at its boundary with the caller's
   * handlers (Lambda handlers, task overrides, `onPutEvents`, `resolveGate`).
   */
  taskHandlers: Record<string, (input: unknown) => Promise<unknown>>;
  /** The context object (`$$`); `Execution.Input` and `Execution.StartTime` are set here, as the library sets them. */
  context: Record<string, unknown>;
  /** Told about each event as it happens. */
  onEvent: (event: InterpreterEvent) => void;
  /** Compiled templates and Choice rules, shared by the executions of one run (`createInterpreterCache`). */
  cache?: InterpreterCache;
}

/** What the interpreter compiles once per definition object: its payload templates and Choice rules. */
export interface InterpreterCache {
  templates: TemplateCache;
  rules: WeakMap<ChoiceRule, RuleTest>;
}

/**
 * A cache for one run: a definition does not change during a run, but a caller may change it
 * between runs, so each run compiles its own.
 */
export function createInterpreterCache(): InterpreterCache {
  return { templates: new WeakMap(), rules: new WeakMap() };
}

/** An execution in progress. */
export interface InterpretedExecution {
  /** Stops it as the library's abort does: the result rejects with `ExecutionAbortedError`, no further event is told. */
  abort: () => void;
  /** The output; rejects with `ExecutionError` (its cause the state's error) when the execution fails. */
  result: Promise<unknown>;
}

interface InterpretedDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** What the library's `result` rejects with when the execution is aborted. */
class ExecutionAbortedError extends Error {
  constructor() {
    super('Execution aborted');
    this.name = 'ExecutionAbortedError';
  }
}

/** What the library's `result` rejects with when the execution fails: the state's error is the cause. */
class ExecutionError extends Error {
  constructor(caught: Error) {
    super(`Execution has failed with the following error: ${caught.message}`, { cause: caught });
    this.name = 'ExecutionError';
  }
}

/** The library's Task timeout error (not matched by `States.TaskFailed`). */
class LocalStatesTimeoutError extends LocalRuntimeError {
  constructor() {
    super('States.Timeout');
    this.name = 'States.Timeout';
  }
}

class LocalFailStateError extends LocalRuntimeError {
  constructor(name = 'FailStateError', message = 'Execution failed because of a Fail state') {
    super(message);
    this.name = name;
  }
}

class LocalNoChoiceMatchedError extends LocalRuntimeError {
  constructor() {
    super('States.NoChoiceMatched');
    this.name = 'States.NoChoiceMatched';
  }
}

const DEFAULT_TASK_TIMEOUT_SECONDS = 60;
const DEFAULT_MAX_ATTEMPTS = 3;

function isSupportedPathField(value: unknown): boolean {
  return value === undefined || value === null || isSupportedReferencePath(value);
}

/**
 * True when every state of the definition is one the interpreter runs (Pass, Task with a
 * handler, Choice, Succeed, Fail; the paths of `local-json-path.ts`; the intrinsic functions of
 * `local-intrinsic-functions.ts`).
 */
export function canInterpretLocally(
  definition: InterpretedDefinition,
  taskHandlers: Record<string, unknown>,
): boolean {
  return Object.entries(definition.States).every(([name, state]) => {
    if (!['Pass', 'Task', 'Choice', 'Succeed', 'Fail'].includes(state.Type)) return false;
    if (state.Type === 'Task' && (!taskHandlers[name] || state.TimeoutSecondsPath !== undefined))
      return false;
    if (!isSupportedPathField(state.InputPath) || !isSupportedPathField(state.OutputPath)) return false;
    if (!isSupportedTemplate(state.Parameters) || !isSupportedTemplate(state.ResultSelector)) return false;
    if (!isSupportedResultPath(state.ResultPath)) return false;
    const catchers = (state.Catch ?? []) as Array<{ ResultPath?: unknown }>;
    if (!catchers.every((catcher) => isSupportedResultPath(catcher.ResultPath))) return false;
    if (state.Type === 'Fail')
      return isSupportedPathField(state.ErrorPath) && isSupportedPathField(state.CausePath);
    if (state.Type === 'Choice') return ((state.Choices ?? []) as ChoiceRule[]).every(isSupportedRule);
    return true;
  });
}

interface StateOutcome {
  result: unknown;
  next: string;
  end: boolean;
}

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}

interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

type StateError = Error & { isRetryable?: boolean; isCatchable?: boolean };

/**
 * Whether a Retry or Catch error name matches ("Handling errors in Step Functions workflows",
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html): the name
 * itself, `States.ALL`, or `States.TaskFailed` for any error of a Task but `States.Timeout`.
 * States.Runtime "isn't retriable, and will always cause the execution to fail", whatever threw it.
 */
function matchesError(name: string, state: AslState, error: StateError): boolean {
  if (error.name === 'States.Runtime') return false;
  return (
    name === error.name ||
    name === 'States.ALL' ||
    (name === 'States.TaskFailed' && state.Type === 'Task' && error.name !== 'States.Timeout')
  );
}

function processInput(state: AslState, input: unknown, context: unknown, templates: TemplateCache): unknown {
  let processed = input;
  if ('InputPath' in state) {
    const path = state.InputPath;
    processed =
      path === undefined ? processed : path === null ? {} : queryPath(path as string, processed, context);
  }
  if ('Parameters' in state) processed = applyTemplate(state.Parameters, processed, context, templates);
  return processed;
}

function processResult(
  state: AslState,
  result: unknown,
  input: unknown,
  context: unknown,
  templates: TemplateCache,
): unknown {
  let processed = result;
  if ('ResultSelector' in state)
    processed = applyTemplate(state.ResultSelector, processed, context, templates);
  if ('ResultPath' in state) processed = applyResultPath(state.ResultPath, input, processed);
  if ('OutputPath' in state) {
    const path = state.OutputPath;
    processed =
      path === undefined ? processed : path === null ? {} : queryPath(path as string, processed, context);
  }
  return processed;
}

function ending(state: AslState, result: unknown): StateOutcome {
  return {
    result,
    next: 'Next' in state ? (state.Next as string) : '',
    end: 'End' in state ? (state.End as boolean) : false,
  };
}

/**
 * Runs a definition `canInterpretLocally` accepts (see `LocalInterpreterOptions.taskHandlers`).
 *
 * @example
 * ```ts
 * const execution = interpretLocally(
 *   { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
 *   { request: { clusterName: 'prod' } },
 *   { taskHandlers: { Call: async (input) => ({ Payload: input }) }, context: {}, onEvent: (event) => log.push(event) },
 * );
 * await execution.result; // { Payload: { request: { clusterName: 'prod' } } }
 * ```
 */
export function interpretLocally(
  definition: InterpretedDefinition,
  input: unknown,
  options: LocalInterpreterOptions,
): InterpretedExecution {
  const cache = options.cache ?? createInterpreterCache();
  let closed = false;
  let aborted = false;
  const emit = (event: InterpreterEvent) => {
    if (!closed) options.onEvent(event);
  };
  const baseContext = options.context as { Execution?: Record<string, unknown> };
  const context = {
    ...options.context,
    Execution: { ...baseContext.Execution, Input: input, StartTime: new Date().toISOString() },
  };

  const runTask = async (name: string, state: AslState, parameters: unknown): Promise<unknown> => {
    const handler = options.taskHandlers[name] as (input: unknown) => Promise<unknown>;
    const running = handler(parameters);
    const seconds = state.TimeoutSeconds ? (state.TimeoutSeconds as number) : DEFAULT_TASK_TIMEOUT_SECONDS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LocalStatesTimeoutError()), seconds * 1000);
    });
    try {
      return await Promise.race([running, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** One visit of a state, with its retries and catchers. */
  const executeState = async (name: string, state: AslState, input: unknown): Promise<StateOutcome> => {
    const attempts = ((state.Retry ?? []) as unknown as Retrier[]).map(() => 0);
    for (;;) {
      try {
        const processed = processInput(state, input, context, cache.templates);
        let outcome: StateOutcome;
        switch (state.Type) {
          case 'Task':
            outcome = ending(state, await runTask(name, state, processed));
            break;
          case 'Pass':
            // A Pass state's Result, when it has one, is its result: 0, false, '' and null too
            // (https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html).
            outcome = ending(state, 'Result' in state ? state.Result : processed);
            break;
          case 'Choice': {
            const choice = ((state.Choices ?? []) as ChoiceRule[]).find((rule) =>
              ruleTest(rule, cache.rules)(processed, context),
            );
            if (choice) outcome = { result: processed, next: choice.Next as string, end: false };
            else if (state.Default)
              outcome = { result: processed, next: state.Default as string, end: false };
            else throw new LocalNoChoiceMatchedError();
            break;
          }
          case 'Succeed':
            outcome = { result: processed, next: '', end: true };
            break;
          default: {
            const error = state.ErrorPath
              ? (queryPath(state.ErrorPath as string, processed, context, stringConstraint) as string)
              : (state.Error as string | undefined);
            const cause = state.CausePath
              ? (queryPath(state.CausePath as string, processed, context, stringConstraint) as string)
              : (state.Cause as string | undefined);
            throw new LocalFailStateError(error, cause);
          }
        }
        return { ...outcome, result: processResult(state, outcome.result, input, context, cache.templates) };
      } catch (caught) {
        const error = caught as StateError;
        emit({
          type: 'StateFailed',
          state: { name, type: state.Type, input },
          Error: error.name,
          Cause: error.cause ?? error.message,
        });
        const retriers = (state.Retry ?? []) as unknown as Retrier[];
        let retry = false;
        search: for (const [index, retrier] of retriers.entries()) {
          for (const errorName of retrier.ErrorEquals) {
            if ((error.isRetryable ?? true) && matchesError(errorName, state, error)) {
              if ((attempts[index] as number) < (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
                attempts[index] = (attempts[index] as number) + 1;
                retry = true;
              }
              break search;
            }
          }
        }
        if (retry) {
          emit({ type: 'StateRetried', state: { name, type: state.Type, input } });
          continue;
        }
        // The first catcher that matches decides (one without Next catches nothing).
        const catcher = ((state.Catch ?? []) as unknown as Catcher[]).find(
          (candidate) =>
            (error.isCatchable ?? true) &&
            candidate.ErrorEquals.some((errorName) => matchesError(errorName, state, error)),
        );
        if (catcher?.Next) {
          emit({ type: 'StateCaught', state: { name, type: state.Type, input } });
          return {
            result: applyResultPath(catcher.ResultPath, input, { Error: error.name, Cause: error.message }),
            next: catcher.Next,
            end: false,
          };
        }
        throw error;
      }
    }
  };

  const run = async (): Promise<unknown> => {
    emit({ type: 'ExecutionStarted', input });
    let name = definition.StartAt;
    let state = definition.States[name] as AslState;
    let current = cloneJson(input);
    let result: unknown = null;
    try {
      let end = false;
      do {
        emit({ type: 'StateEntered', state: { name, type: state.Type, input: current } });
        const outcome = await executeState(name, state, current);
        result = outcome.result;
        emit({ type: 'StateExited', state: { name, type: state.Type, input: current, output: result } });
        current = result;
        end = outcome.end;
        name = outcome.next;
        state = definition.States[name] as AslState;
      } while (!end && !aborted);
    } catch (caught) {
      const error = caught as Error;
      emit({ type: 'ExecutionFailed', Error: error.name, Cause: error.cause ?? error.message });
      closed = true;
      throw new ExecutionError(error);
    }
    emit({ type: 'ExecutionSucceeded', output: result });
    closed = true;
    return result;
  };

  let rejectOnAbort: (error: Error) => void = () => undefined;
  const onAbort = new Promise<never>((_, reject) => {
    rejectOnAbort = reject;
  });
  const result = Promise.race([run(), onAbort]);
  return {
    abort: () => {
      if (aborted) return;
      aborted = true;
      emit({ type: 'ExecutionAborted' });
      closed = true;
      rejectOnAbort(new ExecutionAbortedError());
    },
    result,
  };
}
