import { ConfigurationError } from '@eks-upgrade/core-models';
import type { AslDefinition, AslState, JsonObject, JsonValue } from './types.js';

/** The error name that matches every error; it must come last in a Retry or Catch list. */
export const STATES_ALL = 'States.ALL';

/** Typed retry options, rendered to an ASL retrier. */
export interface RetryProps {
  errors: readonly string[];
  intervalSeconds?: number;
  maxAttempts?: number;
  backoffRate?: number;
  maxDelaySeconds?: number;
  /**
   * `FULL` waits a random time between 0 and the backoff interval, so callers throttled together
   * do not retry together; default `NONE`.
   */
  jitterStrategy?: 'FULL' | 'NONE';
}

/** Typed catch options, rendered to an ASL catcher. */
export interface CatchProps {
  errors?: readonly string[];
  /** Where the error output (`{ Error, Cause }`) goes in the state's input; default `$`. */
  resultPath?: string | null;
}

/** Input/output processing shared by the states that have it. */
export interface IoProps {
  inputPath?: string;
  parameters?: JsonObject;
  resultSelector?: JsonObject;
  resultPath?: string | null;
  outputPath?: string;
}

/** The ways a state can hand over to others; used to walk the graph. */
interface Transitions {
  next: State[];
}

/**
 * A state of the graph. It knows its name, renders itself to ASL and lists the states it can
 * go to, so a definition is built from small pieces and checked as a whole (CDK style).
 *
 * @example
 * ```ts
 * const start = new PassState('Start');
 * start.next(new SucceedState('Done'));
 * renderDefinition(start); // { QueryLanguage: 'JSONPath', StartAt: 'Start', States: { ... } }
 * ```
 */
export abstract class State {
  readonly name: string;
  readonly comment: string | undefined;

  protected constructor(name: string, comment?: string) {
    if (name.length < 1 || name.length > 80) {
      throw new ConfigurationError(`State name "${name}" must be 1-80 characters`);
    }
    this.name = name;
    this.comment = comment;
  }

  /** The ASL object of this state. */
  abstract render(): AslState;
  /** States this one can move to (next, choices, catches). */
  abstract transitions(): Transitions;

  protected base(type: string): AslState {
    return { Type: type, ...(this.comment ? { Comment: this.comment } : {}) };
  }
}

function renderIo(io: IoProps): JsonObject {
  const rendered: JsonObject = {};
  if (io.inputPath !== undefined) rendered.InputPath = io.inputPath;
  if (io.parameters !== undefined) rendered.Parameters = io.parameters;
  if (io.resultSelector !== undefined) rendered.ResultSelector = io.resultSelector;
  if (io.resultPath !== undefined) rendered.ResultPath = io.resultPath;
  if (io.outputPath !== undefined) rendered.OutputPath = io.outputPath;
  return rendered;
}

/**
 * A state that moves on to one next state, or ends its (sub-)workflow.
 *
 * @example
 * ```ts
 * const a = new PassState('A');
 * a.next(new PassState('B')).end();
 * ```
 */
export abstract class NextableState extends State {
  private nextState: State | undefined;
  private ends = false;

  /** Sets the state that follows; refuses to be set twice. Returns `next` for chaining. */
  next<T extends State>(next: T): T {
    if (this.nextState || this.ends) {
      throw new ConfigurationError(`State "${this.name}" already has a next state`);
    }
    this.nextState = next;
    return next;
  }

  /** Makes this the last state of its (sub-)workflow. */
  end(): this {
    if (this.nextState) throw new ConfigurationError(`State "${this.name}" already has a next state`);
    this.ends = true;
    return this;
  }

  protected renderNext(): JsonObject {
    if (this.nextState) return { Next: this.nextState.name };
    if (this.ends) return { End: true };
    throw new ConfigurationError(`State "${this.name}" has neither a next state nor an end`);
  }

  transitions(): Transitions {
    return { next: this.nextState ? [this.nextState] : [] };
  }
}

/**
 * A state with Retry and Catch (Task, Map, Parallel).
 *
 * @example
 * ```ts
 * task.addRetry({ errors: ['Lambda.ServiceException'], maxAttempts: 3 }).addCatch(rollback, { resultPath: '$.failure' });
 * ```
 */
export abstract class RetryableState extends NextableState {
  private readonly retries: RetryProps[] = [];
  private readonly catches: { handler: State; props: CatchProps }[] = [];

  /** Adds a retrier; `States.ALL` must be the last one. */
  addRetry(props: RetryProps): this {
    assertAllLast(
      this.name,
      'Retry',
      this.retries.map((retry) => retry.errors),
      props.errors,
    );
    this.retries.push(props);
    return this;
  }

  /** Sends the errors to `handler`; `States.ALL` must be the last catcher. */
  addCatch(handler: State, props: CatchProps = {}): this {
    const errors = props.errors ?? [STATES_ALL];
    assertAllLast(
      this.name,
      'Catch',
      this.catches.map((c) => c.props.errors ?? [STATES_ALL]),
      errors,
    );
    this.catches.push({ handler, props: { ...props, errors } });
    return this;
  }

  protected renderErrorHandling(): JsonObject {
    const rendered: JsonObject = {};
    if (this.retries.length > 0) {
      rendered.Retry = this.retries.map((retry) => ({
        ErrorEquals: [...retry.errors],
        ...(retry.intervalSeconds !== undefined ? { IntervalSeconds: retry.intervalSeconds } : {}),
        ...(retry.maxAttempts !== undefined ? { MaxAttempts: retry.maxAttempts } : {}),
        ...(retry.backoffRate !== undefined ? { BackoffRate: retry.backoffRate } : {}),
        ...(retry.maxDelaySeconds !== undefined ? { MaxDelaySeconds: retry.maxDelaySeconds } : {}),
        ...(retry.jitterStrategy !== undefined ? { JitterStrategy: retry.jitterStrategy } : {}),
      }));
    }
    if (this.catches.length > 0) {
      rendered.Catch = this.catches.map(({ handler, props }) => ({
        ErrorEquals: [...(props.errors ?? [STATES_ALL])],
        ...(props.resultPath !== undefined ? { ResultPath: props.resultPath } : {}),
        Next: handler.name,
      }));
    }
    return rendered;
  }

  override transitions(): Transitions {
    return { next: [...super.transitions().next, ...this.catches.map((c) => c.handler)] };
  }
}

function assertAllLast(
  stateName: string,
  field: string,
  existing: readonly (readonly string[])[],
  errors: readonly string[],
): void {
  if (errors.length === 0) throw new ConfigurationError(`State "${stateName}": a ${field} needs errors`);
  const allBefore = existing.some((list) => list.includes(STATES_ALL));
  const allNotAlone = errors.includes(STATES_ALL) && errors.length > 1;
  if (allBefore || allNotAlone) {
    throw new ConfigurationError(
      `State "${stateName}": ${STATES_ALL} must be alone in the last ${field} entry`,
    );
  }
}

/** Options of a Task state. */
export interface TaskProps extends IoProps {
  resource: string;
  timeoutSeconds?: number;
  /** Reads the timeout from the state's input instead (e.g. an approval gate's own timeout). */
  timeoutSecondsPath?: string;
  comment?: string;
}

/**
 * A Task state (a service integration such as `lambda:invoke` or `events:putEvents`).
 *
 * @example
 * ```ts
 * const invoke = new TaskState('Perception: Collect cluster state', {
 *   resource: 'arn:aws:states:::lambda:invoke',
 *   parameters: { FunctionName: 'eks-upgrade-agent-perception', Payload: { 'request.$': '$.request' } },
 *   resultSelector: { 'snapshot.$': '$.Payload' },
 *   resultPath: '$.perception',
 *   timeoutSeconds: 300,
 * }).addRetry({ errors: ['Lambda.ServiceException'], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 });
 * ```
 */
export class TaskState extends RetryableState {
  constructor(
    name: string,
    readonly props: TaskProps,
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    return {
      ...this.base('Task'),
      Resource: this.props.resource,
      ...renderIo(this.props),
      ...(this.props.timeoutSeconds !== undefined ? { TimeoutSeconds: this.props.timeoutSeconds } : {}),
      ...(this.props.timeoutSecondsPath !== undefined
        ? { TimeoutSecondsPath: this.props.timeoutSecondsPath }
        : {}),
      ...this.renderErrorHandling(),
      ...this.renderNext(),
    };
  }
}

/**
 * A Pass state: reshapes data.
 *
 * @example
 * ```ts
 * new PassState('Start polling', { result: { count: 0 }, resultPath: '$.poll' });
 * ```
 */
export class PassState extends NextableState {
  constructor(
    name: string,
    readonly props: IoProps & { result?: JsonValue; comment?: string } = {},
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const { result, ...io } = this.props;
    return {
      ...this.base('Pass'),
      ...renderIo(io),
      ...(result !== undefined ? { Result: result } : {}),
      ...this.renderNext(),
    };
  }
}

/**
 * A Wait state: a fixed number of seconds or a number read from the input.
 *
 * @example
 * ```ts
 * new WaitState('Bake', { seconds: 300 });
 * new WaitState('Wait for update', { secondsPath: '$.execution.stepResult.pollAfterSeconds' });
 * new WaitState('Wait until deferred', { timestampPath: '$.execution.stepResult.deferredUntil' });
 * ```
 */
export class WaitState extends NextableState {
  constructor(
    name: string,
    readonly props: ({ seconds: number } | { secondsPath: string } | { timestampPath: string }) & {
      comment?: string;
    },
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const props = this.props;
    return {
      ...this.base('Wait'),
      ...('seconds' in props
        ? { Seconds: props.seconds }
        : 'secondsPath' in props
          ? { SecondsPath: props.secondsPath }
          : { TimestampPath: props.timestampPath }),
      ...this.renderNext(),
    };
  }
}

/**
 * A Succeed state.
 *
 * @example
 * ```ts
 * const done = new SucceedState('Upgrade: Succeeded');
 * ```
 */
export class SucceedState extends State {
  constructor(name: string, comment?: string) {
    super(name, comment);
  }
  render(): AslState {
    return this.base('Succeed');
  }
  transitions(): Transitions {
    return { next: [] };
  }
}

/** Options of a Fail state: a fixed or a computed error and cause. */
export interface FailProps {
  error?: string;
  errorPath?: string;
  cause?: string;
  causePath?: string;
  comment?: string;
}

/**
 * A Fail state with a fixed or a computed error and cause.
 *
 * @example
 * ```ts
 * new FailState('Upgrade: Rolled back', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
 * ```
 */
export class FailState extends State {
  constructor(
    name: string,
    readonly props: FailProps,
  ) {
    super(name, props.comment);
    if (props.error !== undefined && props.errorPath !== undefined) {
      throw new ConfigurationError(`Fail state "${name}" takes error or errorPath, not both`);
    }
    if (props.cause !== undefined && props.causePath !== undefined) {
      throw new ConfigurationError(`Fail state "${name}" takes cause or causePath, not both`);
    }
  }
  render(): AslState {
    const { error, errorPath, cause, causePath } = this.props;
    return {
      ...this.base('Fail'),
      ...(error !== undefined ? { Error: error } : {}),
      ...(errorPath !== undefined ? { ErrorPath: errorPath } : {}),
      ...(cause !== undefined ? { Cause: cause } : {}),
      ...(causePath !== undefined ? { CausePath: causePath } : {}),
    };
  }
  transitions(): Transitions {
    return { next: [] };
  }
}

/** A Choice rule without `Next` (a JSONPath comparison or an And/Or/Not of rules). */
export type Condition = JsonObject;

/**
 * Builders of Choice conditions (JSONPath comparisons).
 *
 * @example
 * ```ts
 * Condition.and(Condition.stringEquals('$.status', 'in_progress'), Condition.numericLessThan('$.poll.count', 10));
 * ```
 */
export const Condition = {
  stringEquals: (variable: string, value: string): Condition => ({ Variable: variable, StringEquals: value }),
  booleanEquals: (variable: string, value: boolean): Condition => ({
    Variable: variable,
    BooleanEquals: value,
  }),
  numericLessThan: (variable: string, value: number): Condition => ({
    Variable: variable,
    NumericLessThan: value,
  }),
  numericGreaterThanEquals: (variable: string, value: number): Condition => ({
    Variable: variable,
    NumericGreaterThanEquals: value,
  }),
  numericLessThanPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    NumericLessThanPath: path,
  }),
  stringEqualsPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    StringEqualsPath: path,
  }),
  timestampGreaterThanPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    TimestampGreaterThanPath: path,
  }),
  timestampGreaterThanEqualsPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    TimestampGreaterThanEqualsPath: path,
  }),
  isPresent: (variable: string, value = true): Condition => ({ Variable: variable, IsPresent: value }),
  and: (...conditions: Condition[]): Condition => ({ And: conditions }),
  or: (...conditions: Condition[]): Condition => ({ Or: conditions }),
  not: (condition: Condition): Condition => ({ Not: condition }),
} as const;

/**
 * A Choice state: the first matching rule decides, else the default.
 *
 * @example
 * ```ts
 * new ChoiceState('Blocked?').when(Condition.booleanEquals('$.plan.blocked', true), stop).otherwise(go);
 * ```
 */
export class ChoiceState extends State {
  private readonly rules: { condition: Condition; next: State }[] = [];
  private defaultState: State | undefined;

  constructor(name: string, comment?: string) {
    super(name, comment);
  }

  /** Adds a rule; rules are tried in the order added. */
  when(condition: Condition, next: State): this {
    this.rules.push({ condition, next });
    return this;
  }

  /** Sets the default; refuses to be set twice. */
  otherwise(next: State): this {
    if (this.defaultState) throw new ConfigurationError(`Choice "${this.name}" already has a default`);
    this.defaultState = next;
    return this;
  }

  render(): AslState {
    if (this.rules.length === 0) throw new ConfigurationError(`Choice "${this.name}" has no rules`);
    return {
      ...this.base('Choice'),
      Choices: this.rules.map(({ condition, next }) => ({ ...condition, Next: next.name })),
      ...(this.defaultState ? { Default: this.defaultState.name } : {}),
    };
  }

  transitions(): Transitions {
    return {
      next: [...this.rules.map((rule) => rule.next), ...(this.defaultState ? [this.defaultState] : [])],
    };
  }
}

/** Options of a Map state. */
export interface MapProps extends Omit<IoProps, 'parameters'> {
  itemsPath: string;
  itemSelector?: JsonObject;
  maxConcurrency?: number;
  /**
   * `INLINE` (default) runs the iterations inside this execution's history; `DISTRIBUTED` runs
   * each item as a child workflow execution (Standard) with a history of its own
   * (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
   */
  mode?: 'INLINE' | 'DISTRIBUTED';
  /** The first state of the work done for each item. */
  iterator: State;
  comment?: string;
}

/**
 * A Map state: runs a sub-workflow for each item (inline, or as child executions).
 *
 * @example
 * ```ts
 * const work = new PassState('Work on item');
 * work.end();
 * new MapState('Each step', { itemsPath: '$.plan.steps', maxConcurrency: 1, iterator: work });
 * ```
 */
export class MapState extends RetryableState {
  constructor(
    name: string,
    readonly props: MapProps,
  ) {
    super(name, props.comment);
  }

  render(): AslState {
    const { itemsPath, itemSelector, maxConcurrency, mode, iterator, comment: _comment, ...io } = this.props;
    const processor = renderGraph(iterator);
    return {
      ...this.base('Map'),
      ItemsPath: itemsPath,
      ...(itemSelector ? { ItemSelector: itemSelector } : {}),
      ...(maxConcurrency !== undefined ? { MaxConcurrency: maxConcurrency } : {}),
      ItemProcessor: {
        ProcessorConfig:
          mode === 'DISTRIBUTED' ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
        StartAt: processor.StartAt,
        States: processor.States,
      } as JsonObject,
      ...renderIo(io),
      ...this.renderErrorHandling(),
      ...this.renderNext(),
    };
  }

  /** Only the states after the Map; the iterator's states live in their own scope. */
  override transitions(): Transitions {
    return super.transitions();
  }
}

/**
 * Renders every state reachable from `start` into `{ StartAt, States }`, refusing two
 * different states with the same name.
 *
 * @example
 * ```ts
 * const { StartAt, States } = renderGraph(firstState);
 * ```
 */
export function renderGraph(start: State): { StartAt: string; States: Record<string, AslState> } {
  const byName = new Map<string, State>();
  const queue: State[] = [start];
  while (queue.length > 0) {
    const state = queue.shift() as State;
    const known = byName.get(state.name);
    if (known) {
      if (known !== state) throw new ConfigurationError(`Duplicate state name "${state.name}"`);
      continue;
    }
    byName.set(state.name, state);
    queue.push(...state.transitions().next);
  }
  const states: Record<string, AslState> = {};
  for (const [name, state] of byName) states[name] = state.render();
  return { StartAt: start.name, States: states };
}

/** Options of a whole definition. */
export interface DefinitionProps {
  comment?: string;
  timeoutSeconds?: number;
}

/**
 * Renders a complete ASL document (JSONPath query language) from its first state.
 *
 * @example
 * ```ts
 * const hello = new PassState('Hello');
 * hello.next(new SucceedState('Done'));
 * const asl = renderDefinition(hello, { timeoutSeconds: 60 });
 * ```
 */
export function renderDefinition(start: State, props: DefinitionProps = {}): AslDefinition {
  const graph = renderGraph(start);
  assertUniqueNames(graph.States, new Set());
  return {
    ...(props.comment ? { Comment: props.comment } : {}),
    QueryLanguage: 'JSONPath',
    StartAt: graph.StartAt,
    ...(props.timeoutSeconds !== undefined ? { TimeoutSeconds: props.timeoutSeconds } : {}),
    States: graph.States,
  };
}

/** Step Functions wants state names unique across the whole machine, iterators included. */
function assertUniqueNames(states: Record<string, AslState>, seen: Set<string>): void {
  for (const [name, state] of Object.entries(states)) {
    if (seen.has(name)) throw new ConfigurationError(`Duplicate state name "${name}"`);
    seen.add(name);
    const processor = state.ItemProcessor as { States?: Record<string, AslState> } | undefined;
    if (processor?.States) assertUniqueNames(processor.States, seen);
  }
}
