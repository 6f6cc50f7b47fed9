import type { ExecutionSummary } from '../models/state-machine.js';
import { TimelineStatus, type WorkflowHistoryEvent } from './phase-timeline.js';

/**
 * What happened in a plan step's child execution, in order: `started`, `executed` (what
 * Execution did or started), `deferred` (the step waits for its time), `poll` (a validation while
 * the update runs, with its status and summary), `bake` (a traffic step's bake and its
 * validation), `retry` (a task failed and Step Functions ran it again), `ended`.
 */
export const StepRunEventKind = {
  STARTED: 'started',
  EXECUTED: 'executed',
  DEFERRED: 'deferred',
  POLL: 'poll',
  BAKE: 'bake',
  RETRY: 'retry',
  ENDED: 'ended',
} as const;
export type StepRunEventKind = (typeof StepRunEventKind)[keyof typeof StepRunEventKind];

/** One thing a step's child execution did, with the message `watch` prints for it. */
export interface StepRunEvent {
  at: Date;
  kind: StepRunEventKind;
  message: string;
}

/**
 * One plan step as its child execution ran it (the Distributed Map `Step: Run` runs each step,
 * or each step of a parallel batch, as a child execution with a history of its own).
 */
export interface StepRunDetail {
  /** The child execution's name (and ARN on AWS). */
  name: string;
  executionArn?: string;
  mapRunArn?: string;
  stepId?: string;
  stepKind?: string;
  /** The step's position in the plan. */
  stepIndex?: number;
  /** Failed when the step reported `failed` or `deadline`, even though its child execution succeeded. */
  status: TimelineStatus;
  /** What the step reported: `succeeded`, `failed` or `deadline` (absent while it runs). */
  outcome?: string;
  startedAt: Date;
  endedAt?: Date;
  /** Validations while its update ran (the bake's validation not counted). */
  polls: number;
  /** Task attempts Step Functions retried after a failure. */
  retries: number;
  /** The state the child is in now (the last one entered). */
  currentState?: string;
  error?: string;
  cause?: string;
  events: StepRunEvent[];
}

/** The child execution a history belongs to, as ListExecutions (or the local runner) names it. */
export interface StepRunExecution {
  name: string;
  executionArn?: string;
  mapRunArn?: string;
  /** The execution's own status, when known; its history decides when it shows the end. */
  status?: ExecutionSummary['status'];
  startDate?: Date;
  stopDate?: Date;
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : undefined;
}

function stringAt(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const found = value?.[key];
  return typeof found === 'string' ? found : undefined;
}

/** The history event that ends an execution. */
export const EXECUTION_END = /^Execution(Succeeded|Failed|TimedOut|Aborted)$/;
const TASK_FAILURE = /^(Task|LambdaFunction)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;
const TASK_ATTEMPT =
  /^(TaskScheduled|TaskStarted|TaskSucceeded|LambdaFunctionScheduled|LambdaFunctionStarted|LambdaFunctionSucceeded)$/;

/** At most `length` characters of `text` (a cause can be a whole stack of JSON). */
function short(text: string, length = 200): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The detail of one plan step from its child execution's history (AWS `GetExecutionHistory` or
 * the local runner's `eventLog`, as `WorkflowHistoryEvent`s). It reads the state names of the
 * step's child workflow (`Step: Execute`, `Step: Validate`, `Step: Report success`, ...), so
 * the start, each poll, each retry and the end appear as `events`.
 *
 * @example
 * ```ts
 * const detail = buildStepRunDetail({ name: child.name }, await client.getExecutionHistory(child.executionArn));
 * console.log(detail.stepId, detail.status, detail.polls, detail.events.at(-1)?.message);
 * ```
 */
export function buildStepRunDetail(
  execution: StepRunExecution,
  history: readonly WorkflowHistoryEvent[],
): StepRunDetail {
  const detail: StepRunDetail = {
    name: execution.name,
    ...(execution.executionArn !== undefined ? { executionArn: execution.executionArn } : {}),
    ...(execution.mapRunArn !== undefined ? { mapRunArn: execution.mapRunArn } : {}),
    status: TimelineStatus.RUNNING,
    startedAt: execution.startDate ?? history[0]?.timestamp ?? new Date(0),
    polls: 0,
    retries: 0,
    events: [],
  };
  const add = (at: Date, kind: StepRunEventKind, message: string) =>
    detail.events.push({ at, kind, message });
  // A task failure waits to see whether Step Functions runs the task again (a retry) or a Catch
  // takes the failure elsewhere.
  let pendingFailure: { stateName: string; error: string; cause?: string } | undefined;
  let lastEntered: string | undefined;
  let ended = false;

  const learnStep = (input: unknown) => {
    const step = objectAt(input, 'step');
    const steps = objectAt(input, 'steps');
    if (detail.stepId === undefined && stringAt(step, 'id') !== undefined)
      detail.stepId = stringAt(step, 'id');
    if (detail.stepKind === undefined && stringAt(step, 'kind') !== undefined)
      detail.stepKind = stringAt(step, 'kind');
    if (detail.stepIndex === undefined && typeof steps?.index === 'number') detail.stepIndex = steps.index;
  };

  for (const event of history) {
    if (event.type === 'ExecutionStarted') {
      learnStep(event.input);
      detail.startedAt = event.timestamp;
      add(event.timestamp, StepRunEventKind.STARTED, 'started');
      continue;
    }
    if (event.type.endsWith('StateEntered') && event.stateName) {
      learnStep(event.input);
      if (pendingFailure && pendingFailure.stateName !== event.stateName) pendingFailure = undefined;
      lastEntered = event.stateName;
      detail.currentState = event.stateName;
      if (event.stateName === 'Step: Bake') add(event.timestamp, StepRunEventKind.BAKE, 'baking');
      continue;
    }
    if (TASK_FAILURE.test(event.type)) {
      if (pendingFailure) {
        detail.retries += 1;
        add(event.timestamp, StepRunEventKind.RETRY, retryMessage(pendingFailure));
      }
      pendingFailure = {
        stateName: event.stateName ?? lastEntered ?? '',
        error: event.error ?? event.type,
        ...(event.cause !== undefined ? { cause: event.cause } : {}),
      };
      continue;
    }
    if (TASK_ATTEMPT.test(event.type) && pendingFailure && pendingFailure.stateName === lastEntered) {
      // The failed task runs again: the failure was retried.
      detail.retries += 1;
      add(event.timestamp, StepRunEventKind.RETRY, retryMessage(pendingFailure));
      pendingFailure = undefined;
      continue;
    }
    if (event.type.endsWith('StateExited') && event.stateName) {
      if (pendingFailure && pendingFailure.stateName === event.stateName) {
        // The state ended normally after a failure of its task: a retry succeeded.
        detail.retries += 1;
        add(event.timestamp, StepRunEventKind.RETRY, retryMessage(pendingFailure));
      }
      pendingFailure = undefined;
      stateExited(detail, event, add);
      continue;
    }
    if (EXECUTION_END.test(event.type)) {
      ended = true;
      detail.endedAt = event.timestamp;
      if (event.type !== 'ExecutionSucceeded') {
        detail.status = TimelineStatus.FAILED;
        detail.error ??= event.error ?? event.type;
        if (event.cause !== undefined) detail.cause ??= event.cause;
        add(
          event.timestamp,
          StepRunEventKind.ENDED,
          `${event.type.replace('Execution', '').toLowerCase()}: ${detail.error}`,
        );
      } else if (detail.outcome === undefined || detail.outcome === 'succeeded') {
        detail.status = TimelineStatus.SUCCEEDED;
        if (!detail.events.some((logged) => logged.kind === StepRunEventKind.ENDED))
          add(event.timestamp, StepRunEventKind.ENDED, 'succeeded');
      } else {
        detail.status = TimelineStatus.FAILED;
      }
      delete detail.currentState;
    }
  }
  if (!ended && execution.status !== undefined && execution.status !== 'RUNNING') {
    // The listing saw the end before the history was read to it.
    detail.status = execution.status === 'SUCCEEDED' ? TimelineStatus.SUCCEEDED : TimelineStatus.FAILED;
    if (execution.stopDate) detail.endedAt = execution.stopDate;
  }
  return detail;
}

function retryMessage(failure: { stateName: string; error: string; cause?: string }): string {
  return `${failure.stateName} failed with ${failure.error}${failure.cause ? ` (${short(failure.cause, 120)})` : ''}: retried`;
}

/** What the states of a step's child workflow say when they exit. */
function stateExited(
  detail: StepRunDetail,
  event: WorkflowHistoryEvent,
  add: (at: Date, kind: StepRunEventKind, message: string) => void,
): void {
  const output = event.output;
  switch (event.stateName) {
    case 'Step: Execute': {
      const result = objectAt(output, 'execution', 'stepResult');
      const deferredUntil = stringAt(result, 'deferredUntil');
      const message = stringAt(result, 'message') ?? stringAt(result, 'status') ?? 'executed';
      if (deferredUntil !== undefined) {
        add(event.timestamp, StepRunEventKind.DEFERRED, `deferred until ${deferredUntil}: ${short(message)}`);
      } else {
        add(event.timestamp, StepRunEventKind.EXECUTED, short(message));
      }
      return;
    }
    case 'Step: Validate': {
      detail.polls += 1;
      const validation = objectAt(output, 'check', 'validation');
      const status = stringAt(validation, 'status') ?? 'unknown';
      const summary = stringAt(validation, 'summary');
      add(
        event.timestamp,
        StepRunEventKind.POLL,
        `poll ${detail.polls}: ${status}${summary ? `: ${short(summary)}` : ''}`,
      );
      return;
    }
    case 'Step: Validate after bake': {
      const validation = objectAt(output, 'bake', 'validation');
      const status = stringAt(validation, 'status') ?? 'unknown';
      const summary = stringAt(validation, 'summary');
      add(
        event.timestamp,
        StepRunEventKind.BAKE,
        `after the bake: ${status}${summary ? `: ${short(summary)}` : ''}`,
      );
      return;
    }
    case 'Step: Report success':
    case 'Step: Report failure':
    case 'Step: Report deadline': {
      const report = objectAt(output);
      const outcome = stringAt(report, 'outcome');
      if (outcome === undefined) return;
      detail.outcome = outcome;
      const failure = objectAt(report, 'failure');
      const error =
        stringAt(failure, 'Error') ?? (outcome === 'deadline' ? 'Upgrade.DeadlineReached' : undefined);
      const cause = stringAt(failure, 'Cause');
      if (outcome !== 'succeeded') {
        detail.status = TimelineStatus.FAILED;
        if (error !== undefined) detail.error = error;
        if (cause !== undefined) detail.cause = cause;
      }
      add(
        event.timestamp,
        StepRunEventKind.ENDED,
        outcome === 'succeeded'
          ? 'succeeded'
          : `${outcome}${error ? `: ${error}` : ''}${cause ? `: ${short(cause)}` : ''}`,
      );
      return;
    }
    default:
      return;
  }
}

/**
 * The step running now: the last started of the steps still running (a parallel batch runs
 * several; the one started last is named).
 *
 * @example
 * ```ts
 * const running = currentStepRun(await reader.refresh());
 * if (running) console.log(`running ${running.stepId}: ${running.events.at(-1)?.message}`);
 * ```
 */
export function currentStepRun(details: readonly StepRunDetail[]): StepRunDetail | undefined {
  return details.filter((detail) => detail.status === TimelineStatus.RUNNING).at(-1);
}
