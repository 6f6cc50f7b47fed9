import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { UpgradePhase } from '@eks-upgrade/core-models';

/**
 * One execution history event in a form shared by AWS (`GetExecutionHistory`) and the local
 * runner, so the same timeline code serves `watch` and `rehearse`. `type` uses AWS's history
 * event type names (`TaskStateEntered`, `TaskFailed`, `MapIterationStarted`, `ExecutionFailed`, ...).
 */
export interface WorkflowHistoryEvent {
  id: number;
  timestamp: Date;
  type: string;
  /** The state the event belongs to (entered/exited events, and failures of the current state). */
  stateName?: string;
  /** Map iteration index for `MapIteration*` events. */
  mapIndex?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Task events: the integration, e.g. `events` and `putEvents.waitForTaskToken`. */
  resourceType?: string;
  resource?: string;
  /** `TaskScheduled`: the task's effective parameters (with a `.waitForTaskToken` task's token), parsed. */
  parameters?: unknown;
  /** `MapRunStarted` (and redriven): the Map Run of a Distributed Map, whose child executions run its items. */
  mapRunArn?: string;
}

/**
 * Where a phase or step stands in the timeline.
 *
 * @example
 * ```ts
 * timeline.filter((entry) => entry.status === TimelineStatus.FAILED);
 * ```
 */
export const TimelineStatus = { RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed' } as const;
export type TimelineStatus = (typeof TimelineStatus)[keyof typeof TimelineStatus];

/** One phase of the upgrade, or one plan step of the execution phase, as it ran. */
export interface PhaseTimelineEntry {
  phase: UpgradePhase;
  /** Plan step id, kind and position, for the steps of the execution phase. */
  stepId?: string;
  stepKind?: string;
  stepIndex?: number;
  status: TimelineStatus;
  startedAt: Date;
  endedAt?: Date;
  error?: string;
  cause?: string;
}

const PHASE_BY_PREFIX: Record<string, UpgradePhase> = {
  Perception: UpgradePhase.PERCEPTION,
  Reasoning: UpgradePhase.REASONING,
  Step: UpgradePhase.EXECUTION,
  Validation: UpgradePhase.VALIDATION,
  Rollback: UpgradePhase.ROLLBACK,
};

/**
 * The phase a workflow state belongs to, read from its name (`<Phase>: <what>`). States of the
 * upgrade's own bookkeeping (`Upgrade: ...`) belong to no phase.
 *
 * @example
 * ```ts
 * phaseOfState('Step: Execute'); // 'execution'
 * phaseOfState('Upgrade: Prepare'); // undefined
 * ```
 */
export function phaseOfState(stateName: string): UpgradePhase | undefined {
  const prefix = stateName.split(':', 1)[0]?.trim() ?? '';
  return PHASE_BY_PREFIX[prefix];
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Converts AWS history events (GetExecutionHistory) into `WorkflowHistoryEvent`s.
 *
 * @example
 * ```ts
 * const events = fromAwsHistoryEvents(page.events ?? []);
 * ```
 */
export function fromAwsHistoryEvents(events: readonly HistoryEvent[]): WorkflowHistoryEvent[] {
  return events.map((event) => {
    const normalized: WorkflowHistoryEvent = {
      id: event.id ?? 0,
      timestamp: event.timestamp ?? new Date(0),
      type: String(event.type ?? 'Unknown'),
    };
    for (const [key, value] of Object.entries(event)) {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
      const details = value as Record<string, unknown>;
      if (typeof details.name === 'string') normalized.stateName = details.name;
      if (typeof details.index === 'number') normalized.mapIndex = details.index;
      if (typeof details.input === 'string') normalized.input = parseJson(details.input);
      if (typeof details.output === 'string') normalized.output = parseJson(details.output);
      if (typeof details.error === 'string') normalized.error = details.error;
      if (typeof details.cause === 'string') normalized.cause = details.cause;
      if (typeof details.resourceType === 'string') normalized.resourceType = details.resourceType;
      if (typeof details.resource === 'string') normalized.resource = details.resource;
      if (typeof details.parameters === 'string') normalized.parameters = parseJson(details.parameters);
      if (typeof details.mapRunArn === 'string') normalized.mapRunArn = details.mapRunArn;
    }
    return normalized;
  });
}

interface OpenSegment {
  entry: PhaseTimelineEntry;
  /** A failure not (yet) undone by a successful retry; `stateName` is the state that failed. */
  pendingFailure?: { error?: string; cause?: string; stateName?: string };
  lastEntered?: string;
}

function stepOf(input: unknown): { id?: string; kind?: string; index?: number } {
  if (typeof input !== 'object' || input === null) return {};
  const { step, steps } = input as { step?: unknown; steps?: unknown };
  const index = (steps as { index?: unknown } | undefined)?.index;
  const found: { id?: string; kind?: string; index?: number } = typeof index === 'number' ? { index } : {};
  if (typeof step !== 'object' || step === null) return found;
  const { id, kind } = step as { id?: unknown; kind?: unknown };
  if (typeof id === 'string') found.id = id;
  if (typeof kind === 'string') found.kind = kind;
  return found;
}

/**
 * Where the workflow records failures in its data: `failure` (the upgrade's, set by a Catch or a
 * Pass state) and `rollbackFailure` (the rollback's: it threw, or reported `success: false`).
 */
const FAILURE_FIELDS = ['failure', 'rollbackFailure'] as const;
type FailureField = (typeof FAILURE_FIELDS)[number];

/** The `{ Error, Cause }` a state's input carries in `field` once a Catch or the workflow recorded one. */
function failureOf(input: unknown, field: FailureField): { error?: string; cause?: string } | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const failure = (input as Record<string, unknown>)[field];
  if (typeof failure !== 'object' || failure === null) return undefined;
  const { Error: error, Cause: cause } = failure as { Error?: unknown; Cause?: unknown };
  if (typeof error !== 'string') return undefined;
  return { error, ...(typeof cause === 'string' ? { cause } : {}) };
}

const FAILURE_TYPES = /Failed$|TimedOut$|Aborted$/;
const SUCCESS_TYPES = /^(TaskSucceeded|LambdaFunctionSucceeded|ActivitySucceeded)$/;

/**
 * Turns execution history into the upgrade's timeline: each phase, and each plan step of the
 * execution phase, with start, end, status and error. It reads state names (`Perception: ...`,
 * `Step: ...`, `Rollback: ...`), so it works for any definition that follows that convention.
 *
 * @example
 * ```ts
 * const timeline = buildPhaseTimeline(await client.getExecutionHistory(executionArn));
 * for (const entry of timeline) console.log(entry.phase, entry.stepId ?? '', entry.status);
 * ```
 */
export function buildPhaseTimeline(events: readonly WorkflowHistoryEvent[]): PhaseTimelineEntry[] {
  const timeline: PhaseTimelineEntry[] = [];
  let current: OpenSegment | undefined;
  let mapIndex: number | undefined;
  let executionEnded: WorkflowHistoryEvent | undefined;
  const knownFailures = new Map<FailureField, string>();

  const close = (segment: OpenSegment | undefined, at: Date) => {
    if (!segment) return;
    segment.entry.endedAt = at;
    if (segment.pendingFailure) {
      segment.entry.status = TimelineStatus.FAILED;
      delete segment.pendingFailure.stateName;
      if (segment.pendingFailure.error !== undefined) segment.entry.error = segment.pendingFailure.error;
      if (segment.pendingFailure.cause !== undefined) segment.entry.cause = segment.pendingFailure.cause;
    } else {
      segment.entry.status = TimelineStatus.SUCCEEDED;
    }
  };

  for (const event of events) {
    if (event.type === 'MapIterationStarted') mapIndex = event.mapIndex;
    if (event.type.endsWith('StateEntered') && event.stateName) {
      const phase = phaseOfState(event.stateName);
      const step = phase === UpgradePhase.EXECUTION ? stepOf(event.input) : {};
      const stepIndex = phase === UpgradePhase.EXECUTION ? (step.index ?? mapIndex) : undefined;
      const sameSegment =
        current !== undefined &&
        phase !== undefined &&
        current.entry.phase === phase &&
        current.entry.stepIndex === stepIndex &&
        (step.id === undefined || current.entry.stepId === undefined || current.entry.stepId === step.id);
      // A failure recorded in the data belongs to the segment that was running when it appeared.
      for (const field of FAILURE_FIELDS) {
        const failure = failureOf(event.input, field);
        const failureKey = failure ? JSON.stringify(failure) : undefined;
        if (failure && failureKey !== knownFailures.get(field)) {
          knownFailures.set(field, failureKey as string);
          if (current) current.pendingFailure = failure;
        }
      }
      if (!sameSegment) {
        // A segment left after a failure of its own is failed; otherwise it succeeded.
        close(current, event.timestamp);
        current = undefined;
        if (phase !== undefined) {
          const entry: PhaseTimelineEntry = {
            phase,
            status: TimelineStatus.RUNNING,
            startedAt: event.timestamp,
            ...(step.id !== undefined ? { stepId: step.id } : {}),
            ...(step.kind !== undefined ? { stepKind: step.kind } : {}),
            ...(stepIndex !== undefined ? { stepIndex } : {}),
          };
          timeline.push(entry);
          current = { entry };
        }
      }
      if (current && sameSegment && current.entry.stepId === undefined && step.id !== undefined) {
        current.entry.stepId = step.id;
        if (step.kind !== undefined) current.entry.stepKind = step.kind;
      }
      if (current) current.lastEntered = event.stateName;
      if (current && event.type === 'FailStateEntered') current.pendingFailure = { error: event.stateName };
      continue;
    }
    if (event.type.startsWith('Execution') && FAILURE_TYPES.test(event.type)) {
      executionEnded = event;
      if (current) {
        current.pendingFailure = {
          error: event.error ?? current.pendingFailure?.error ?? event.type,
          ...(event.cause !== undefined ? { cause: event.cause } : {}),
        };
      }
      close(current, event.timestamp);
      current = undefined;
      continue;
    }
    if (event.type === 'ExecutionSucceeded') {
      executionEnded = event;
      close(current, event.timestamp);
      current = undefined;
      continue;
    }
    if (!current) continue;
    if (FAILURE_TYPES.test(event.type) && (event.error !== undefined || !event.type.startsWith('Map'))) {
      const stateName = event.stateName ?? current.lastEntered;
      current.pendingFailure = {
        ...(event.error !== undefined ? { error: event.error } : {}),
        ...(event.cause !== undefined ? { cause: event.cause } : {}),
        ...(stateName !== undefined ? { stateName } : {}),
      };
    } else if (current.pendingFailure?.stateName !== undefined) {
      // A retried task that finally succeeded (a caught failure has no StateExited event).
      const succeeded =
        (SUCCESS_TYPES.test(event.type) && current.lastEntered === current.pendingFailure.stateName) ||
        (event.type === 'TaskStateExited' && event.stateName === current.pendingFailure.stateName);
      if (succeeded) current.pendingFailure = undefined;
    }
  }
  if (current && executionEnded) close(current, executionEnded.timestamp);
  return timeline;
}
