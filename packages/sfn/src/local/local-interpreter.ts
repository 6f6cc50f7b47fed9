import type { AslState } from '../workflow/asl/types.js';
import {
  applyResultPath,
  applyTemplate,
  booleanConstraint,
  cloneJson,
  isRfc3339Timestamp,
  isSupportedReferencePath,
  isSupportedResultPath,
  isSupportedTemplate,
  LocalRuntimeError,
  numberConstraint,
  type PathConstraint,
  queryPath,
  stringConstraint,
  type TemplateCache,
  timestampConstraint,
} from './local-json-path.js';

/**
 * An interpreter for the executions a local run spends nearly all its time in: state machines
 * of Pass, Task, Choice, Succeed and Fail states over plain paths and a few intrinsic functions
 * — the upgrade workflow's step executions (each poll of an EKS update is four state
 * transitions) and, once the runner has made its Waits and its Distributed Map into Tasks, the
 * upgrade's own execution. It does what aws-local-stepfunctions 3 does for those states (same
 * results, same errors and causes, same events in the same order; retry intervals and timeouts
 * are the runner's), but shares the unchanged parts of the state's data between states instead
 * of copying the whole of it at every state, and reads each path directly instead of through a
 * general JSONPath engine: a long rehearsal's polls cost a fraction of what they cost on the
 * library. A definition using anything else (Map, Parallel or Wait states, paths other than
 * `.name`, `[n]`, `[*]` and `[?(@.name == 'text')]`, other intrinsic functions, StringMatches)
 * runs on the library, as before (`canInterpretLocally` decides).
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

type ChoiceRule = Record<string, unknown>;

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

/** Comparison operators of Choice rules, in the order the library tests them. */
type Comparison = (a: unknown, b: unknown) => boolean;
const equal: Comparison = (a, b) => a === b;
const less: Comparison = (a, b) => (a as number) < (b as number);
const greater: Comparison = (a, b) => (a as number) > (b as number);
const lessOrEqual: Comparison = (a, b) => (a as number) <= (b as number);
const greaterOrEqual: Comparison = (a, b) => (a as number) >= (b as number);
const timestampEqual: Comparison = (a, b) => (a as Date).getTime() === (b as Date).getTime();

interface Operator {
  key: string;
  compare: Comparison;
  /** The operand is a path (checked with this constraint) rather than a literal. */
  path?: PathConstraint;
  timestamp?: boolean;
}

const OPERATORS: Operator[] = [
  ...(
    [
      ['String', stringConstraint, false],
      ['Numeric', numberConstraint, false],
    ] as const
  ).flatMap(([prefix, constraint]) =>
    (
      [
        ['Equals', equal],
        ['LessThan', less],
        ['GreaterThan', greater],
        ['LessThanEquals', lessOrEqual],
        ['GreaterThanEquals', greaterOrEqual],
      ] as const
    ).flatMap(([name, compare]) => [
      { key: `${prefix}${name}`, compare },
      { key: `${prefix}${name}Path`, compare, path: constraint },
    ]),
  ),
  { key: 'BooleanEquals', compare: equal },
  { key: 'BooleanEqualsPath', compare: equal, path: booleanConstraint },
  ...(
    [
      ['Equals', timestampEqual],
      ['LessThan', less],
      ['GreaterThan', greater],
      ['LessThanEquals', lessOrEqual],
      ['GreaterThanEquals', greaterOrEqual],
    ] as const
  ).flatMap(([name, compare]) => [
    { key: `Timestamp${name}`, compare, timestamp: true },
    { key: `Timestamp${name}Path`, compare, path: timestampConstraint, timestamp: true },
  ]),
];

/**
 * The library tests StringMatches between the string comparisons and the numeric ones; a rule
 * using it is not interpreted here (its definition runs on the library).
 */
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

function isSupportedRule(rule: ChoiceRule): boolean {
  if ('And' in rule) return Array.isArray(rule.And) && (rule.And as ChoiceRule[]).every(isSupportedRule);
  if ('Or' in rule) return Array.isArray(rule.Or) && (rule.Or as ChoiceRule[]).every(isSupportedRule);
  if ('Not' in rule) return typeof rule.Not === 'object' && isSupportedRule(rule.Not as ChoiceRule);
  if ('StringMatches' in rule) return false;
  const operator = OPERATORS.find(({ key }) => key in rule);
  if (operator) {
    if (!isSupportedReferencePath(rule.Variable)) return false;
    return !operator.path || isSupportedReferencePath(rule[operator.key]);
  }
  if (TYPE_TESTS.some((test) => test in rule)) return isSupportedReferencePath(rule.Variable);
  return true;
}

function isSupportedPathField(value: unknown): boolean {
  return value === undefined || value === null || isSupportedReferencePath(value);
}

/**
 * True when every state of the definition is one the interpreter runs as the library would
 * (Pass, Task with a handler, Choice, Succeed, Fail; reference paths; the intrinsic functions of
 * `local-json-path.ts`).
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

type RuleTest = (input: unknown, context: unknown) => boolean;

/** A Choice rule as a function, made once per rule object and run. */
function ruleTest(rule: ChoiceRule, cache: WeakMap<ChoiceRule, RuleTest>): RuleTest {
  let test = cache.get(rule);
  if (!test) {
    test = compileRule(rule, cache);
    cache.set(rule, test);
  }
  return test;
}

function compileRule(rule: ChoiceRule, cache: WeakMap<ChoiceRule, RuleTest>): RuleTest {
  if ('And' in rule) {
    const inner = (rule.And as ChoiceRule[]).map((item) => ruleTest(item, cache));
    return (input, context) => inner.every((test) => test(input, context));
  }
  if ('Or' in rule) {
    const inner = (rule.Or as ChoiceRule[]).map((item) => ruleTest(item, cache));
    return (input, context) => inner.some((test) => test(input, context));
  }
  if ('Not' in rule) {
    const inner = ruleTest(rule.Not as ChoiceRule, cache);
    return (input, context) => !inner(input, context);
  }
  const variable = rule.Variable as string;
  const operator = OPERATORS.find(({ key }) => key in rule);
  if (operator) {
    const { compare, path, timestamp } = operator;
    const literal = rule[operator.key];
    return (input, context) => {
      const found = queryPath(variable, input, context);
      const operand = path ? queryPath(literal as string, input, context, path) : literal;
      return timestamp
        ? compare(new Date(found as string), new Date(operand as string))
        : compare(found, operand);
    };
  }
  // The library reads the variable before it looks at the test's own value.
  if ('IsNull' in rule)
    return (input, context) => queryPath(variable, input, context) === null && !!rule.IsNull;
  if ('IsPresent' in rule)
    return (input, context) =>
      queryPath(variable, input, context, undefined, true) !== undefined && !!rule.IsPresent;
  if ('IsNumeric' in rule)
    return (input, context) => typeof queryPath(variable, input, context) === 'number' && !!rule.IsNumeric;
  if ('IsString' in rule)
    return (input, context) => typeof queryPath(variable, input, context) === 'string' && !!rule.IsString;
  if ('IsBoolean' in rule)
    return (input, context) => typeof queryPath(variable, input, context) === 'boolean' && !!rule.IsBoolean;
  if ('IsTimestamp' in rule)
    return (input, context) => isRfc3339Timestamp(queryPath(variable, input, context)) && !!rule.IsTimestamp;
  return () => false;
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

function matchesError(name: string, state: AslState, error: StateError): boolean {
  return (
    name === error.name ||
    name === 'States.ALL' ||
    (name === 'States.TaskFailed' && state.Type === 'Task' && !(error instanceof LocalStatesTimeoutError))
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
            outcome = ending(state, state.Result ? state.Result : processed);
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
