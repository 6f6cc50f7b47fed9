import type { StepRunDetail, StepRunEvent } from '@eks-upgrade/sfn';
import type { Paint } from '../cli/io.js';
import { formatTimelineRow, type TimelineRow } from './timeline-view.js';

/** A plan step as `watch` and `status` report it (JSON data): its child execution's detail. */
export interface StepRunView {
  stepId: string;
  kind: string;
  index?: number;
  status: StepRunDetail['status'];
  outcome?: string;
  startedAt: string;
  endedAt?: string;
  polls: number;
  retries: number;
  /** The state a running step is in. */
  state?: string;
  error?: string;
  cause?: string;
  /** The child execution that ran it (its ARN on AWS, its name locally). */
  execution: string;
  events: Array<{ at: string; kind: StepRunEvent['kind']; message: string }>;
}

/** The report data of each step run. */
export function stepRunViews(details: readonly StepRunDetail[]): StepRunView[] {
  return details.map((detail) => ({
    stepId: detail.stepId ?? '',
    kind: detail.stepKind ?? '',
    ...(detail.stepIndex !== undefined ? { index: detail.stepIndex } : {}),
    status: detail.status,
    ...(detail.outcome !== undefined ? { outcome: detail.outcome } : {}),
    startedAt: detail.startedAt.toISOString(),
    ...(detail.endedAt ? { endedAt: detail.endedAt.toISOString() } : {}),
    polls: detail.polls,
    retries: detail.retries,
    ...(detail.currentState !== undefined ? { state: detail.currentState } : {}),
    ...(detail.error !== undefined ? { error: detail.error } : {}),
    ...(detail.cause !== undefined ? { cause: detail.cause } : {}),
    execution: detail.executionArn ?? detail.name,
    events: detail.events.map((event) => ({
      at: event.at.toISOString(),
      kind: event.kind,
      message: event.message,
    })),
  }));
}

/**
 * One line of a step's progress, indented under its stage of the timeline.
 *
 * @example
 * ```ts
 * formatStepRunEvent(detail, { at, kind: 'poll', message: 'poll 2: in_progress: prod: waiting' }, paint);
 * // '    ↳ cp-1.31  poll 2: in_progress: prod: waiting'
 * ```
 */
export function formatStepRunEvent(detail: StepRunDetail, event: StepRunEvent, paint: Paint): string {
  const colour =
    event.kind === 'retry'
      ? 'yellow'
      : event.kind === 'ended'
        ? detail.status === 'failed'
          ? 'red'
          : 'green'
        : 'dim';
  return `    ↳ ${detail.stepId ?? detail.name}  ${paint(colour, event.message)}`;
}

/** The step runs that ran in a stage of the execution phase (they started while it ran). */
function inStage(row: TimelineRow, details: readonly StepRunDetail[]): StepRunDetail[] {
  if (row.phase !== 'execution') return [];
  const from = row.startedAt.getTime();
  const to = row.endedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return details.filter((detail) => detail.startedAt.getTime() >= from && detail.startedAt.getTime() <= to);
}

/**
 * Prints the timeline and each step's progress as they appear and change: a row when it is new
 * or its status changed (as `createTimelinePrinter` does), and under an execution stage the
 * events of its steps' child executions not printed yet, before the line that says the stage ended.
 */
export function createProgressPrinter(write: (line: string) => void, paint: Paint) {
  const printedRows = new Map<number, string>();
  const printedEvents = new Map<string, number>();
  const printEvents = (details: readonly StepRunDetail[]) => {
    for (const detail of details) {
      const key = detail.executionArn ?? detail.name;
      const done = printedEvents.get(key) ?? 0;
      for (const event of detail.events.slice(done)) write(formatStepRunEvent(detail, event, paint));
      printedEvents.set(key, detail.events.length);
    }
  };
  const printRow = (row: TimelineRow, index: number) => {
    if (printedRows.get(index) === row.status) return;
    if (row.status === 'running' && printedRows.has(index)) return;
    printedRows.set(index, row.status);
    write(formatTimelineRow(row, paint));
  };
  return (rows: readonly TimelineRow[], details: readonly StepRunDetail[]) => {
    rows.forEach((row, index) => {
      const steps = inStage(row, details);
      if (row.status === 'running') {
        printRow(row, index);
        printEvents(steps);
      } else {
        printEvents(steps);
        printRow(row, index);
      }
    });
    // Steps no stage of the timeline covers (its history not read that far yet).
    printEvents(details);
  };
}

/**
 * What a running step is doing, in one line.
 *
 * @example
 * ```ts
 * describeRunningStep(detail); // 'running step cp-1.31 (control_plane_upgrade), in Step: Validate: poll 2: in_progress: prod: waiting'
 * ```
 */
export function describeRunningStep(detail: StepRunDetail): string {
  const kind = detail.stepKind ? ` (${detail.stepKind})` : '';
  const state = detail.currentState ? `, in ${detail.currentState}` : '';
  const last = detail.events.at(-1);
  return `running step ${detail.stepId ?? detail.name}${kind}${state}${last ? `: ${last.message}` : ''}`;
}

/**
 * One line per step that ran in an execution stage of the timeline (it started while the stage
 * ran): its outcome, polls, retries and last message, for reports that show every stage at once.
 *
 * @example
 * ```ts
 * stepRunSummaryLines(row, report.stepRuns, paint);
 * // ['  ↳ cp-1.30  succeeded  2 polls  succeeded']
 * ```
 */
export function stepRunSummaryLines(row: TimelineRow, steps: readonly StepRunView[], paint: Paint): string[] {
  if (row.phase !== 'execution') return [];
  const from = row.startedAt.getTime();
  const to = row.endedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return steps
    .filter((step) => Date.parse(step.startedAt) >= from && Date.parse(step.startedAt) <= to)
    .map((step) => {
      const colour = step.status === 'failed' ? 'red' : step.status === 'succeeded' ? 'green' : 'cyan';
      const counts = [
        `${step.polls} ${step.polls === 1 ? 'poll' : 'polls'}`,
        ...(step.retries > 0 ? [`${step.retries} ${step.retries === 1 ? 'retry' : 'retries'}`] : []),
      ].join(', ');
      const last = step.events.at(-1)?.message;
      return `  ↳ ${step.stepId || step.execution}  ${paint(colour, step.status)}  ${paint('dim', counts)}${last && last !== step.status ? `  ${last}` : ''}`;
    });
}
