import { ConfigurationError } from '@eks-upgrade/core-models';
import type { AslState, JsonObject } from './types.js';

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
export interface Transitions {
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

/** The InputPath, Parameters, ResultSelector, ResultPath and OutputPath fields that are set. */
export function renderIo(io: IoProps): JsonObject {
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
