import {
  buildPhaseTimeline,
  currentStepRun,
  type ExecutionResult,
  findPendingGateInHistory,
  type PhaseTimelineEntry,
  type StepFunctionsClient,
  type StepRunDetail,
  StepRunReader,
  type WorkflowHistoryEvent,
} from '@eks-upgrade/sfn';
import type { ExitCode } from '../cli/exit-codes.js';
import type { CommandRuntime } from '../context/command-context.js';
import { describeNextWindow, type NextWindowView } from './next-window.js';
import { exitCodeOf, outcomeOf, rollbackSucceededIn, type UpgradeOutcome } from './outcome.js';
import { describePendingGate, type PendingGateView, pendingGateView } from './pending-gate.js';
import {
  createProgressPrinter,
  describeRunningStep,
  type StepRunView,
  stepRunViews,
} from './step-runs-view.js';
import { timelineData } from './timeline-view.js';

/** What `watch`, `start --wait` and `status` print as data. */
export interface ExecutionReport {
  executionArn: string;
  name: string;
  status: ExecutionResult['status'];
  outcome: UpgradeOutcome;
  startDate: string;
  stopDate?: string;
  error?: string;
  cause?: string;
  input?: unknown;
  output?: unknown;
  timeline: Array<Record<string, unknown>>;
  /** The approval gate a running execution waits at (what is asked, until when, how to answer). */
  pendingGate?: PendingGateView;
  /** For a running execution: the maintenance window open now or the next to open, when any are configured. */
  nextWindow?: NextWindowView;
  /**
   * Each plan step as its child execution of the Distributed Map `Step: Run` ran it (start,
   * polls, retries, end), in the order they started; absent before the first step runs.
   */
  steps?: StepRunView[];
  /** For a running execution: the step running now (the last started of those running). */
  runningStep?: { stepId: string; kind: string; state?: string; description: string };
}

/** The report of an execution and its timeline. */
export function executionReport(
  result: ExecutionResult,
  timeline: readonly PhaseTimelineEntry[],
  rollbackSucceeded?: boolean,
  pendingGate?: PendingGateView,
  stepRuns: readonly StepRunDetail[] = [],
): ExecutionReport {
  const running = result.status === 'RUNNING' ? currentStepRun(stepRuns) : undefined;
  return {
    executionArn: result.executionArn,
    name: result.name,
    status: result.status,
    outcome: outcomeOf(result.status, timeline, result.error, rollbackSucceeded),
    startDate: result.startDate.toISOString(),
    ...(result.stopDate ? { stopDate: result.stopDate.toISOString() } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.cause !== undefined ? { cause: result.cause } : {}),
    ...(result.input !== undefined ? { input: result.input } : {}),
    ...(result.output !== undefined ? { output: result.output } : {}),
    timeline: timelineData(timeline),
    ...(pendingGate && result.status === 'RUNNING' ? { pendingGate } : {}),
    ...(stepRuns.length > 0 ? { steps: stepRunViews(stepRuns) } : {}),
    ...(running
      ? {
          runningStep: {
            stepId: running.stepId ?? running.name,
            kind: running.stepKind ?? '',
            ...(running.currentState !== undefined ? { state: running.currentState } : {}),
            description: describeRunningStep(running),
          },
        }
      : {}),
  };
}

/** Prints a report: all of it as JSON, one summary line as text, the timeline as a table. */
export function printExecutionReport(context: CommandRuntime, report: ExecutionReport): void {
  const summary = [report.name, report.status, report.outcome, report.error ?? ''].filter(Boolean).join('\t');
  if (report.pendingGate) context.log.warn(describePendingGate(report.pendingGate));
  if (report.nextWindow) context.log.info(describeNextWindow(report.nextWindow));
  if (report.runningStep && !report.pendingGate) context.log.info(report.runningStep.description);
  context.print({
    data: report,
    text: report.pendingGate
      ? `${summary}\n${report.pendingGate.purpose} gate ${report.pendingGate.stepId} pending until ${report.pendingGate.timesOutAt}`
      : report.runningStep
        ? `${summary}\n${report.runningStep.description}`
        : summary,
    table: {
      columns: ['phase', 'step', 'kind', 'status', 'startedAt', 'endedAt', 'error'],
      rows: report.timeline,
    },
  });
}

/**
 * Reads the steps' detail from their child executions, best effort: the detail adds to what
 * the parent's history shows, so a failure to read it (an operator's role without
 * `states:ListMapRuns`, or `states:ListExecutions` / `states:GetExecutionHistory` on the child
 * executions) is said once, with what to grant, and the command goes on without it (it does not
 * ask again on every refresh).
 */
export function stepRunsOf(
  context: CommandRuntime,
  reader: StepRunReader,
): (history: readonly WorkflowHistoryEvent[]) => Promise<StepRunDetail[]> {
  let known: StepRunDetail[] = [];
  let failed = false;
  return async (history) => {
    if (failed) return known;
    try {
      known = await reader.refresh(history);
    } catch (error) {
      failed = true;
      context.log.warn(
        `cannot read the steps' child executions (${error instanceof Error ? error.message : String(error)}); ` +
          "going on without the steps' detail: grant states:ListMapRuns on the execution and states:ListExecutions and states:GetExecutionHistory on its Map Runs and their executions to see each step",
      );
    }
    return known;
  };
}

/**
 * Follows an execution to its end: the phase timeline appears on stderr as it changes, each
 * plan step's progress (start, polls, retries, end, read from its child execution) under its
 * stage, the final report goes to stdout, and the exit code says how the upgrade ended (0, 1 or 3).
 */
export async function followExecution(
  context: CommandRuntime,
  sfn: StepFunctionsClient,
  executionArn: string,
  options: { maxWaitSeconds: number; minDelaySeconds: number },
): Promise<ExitCode> {
  const printProgress = createProgressPrinter((line) => context.log.line(line), context.log.paint);
  // Reads the steps' child executions: again on each refresh only what can have changed.
  const stepRuns = stepRunsOf(context, new StepRunReader(sfn, executionArn));
  context.log.info(`following ${executionArn}`);
  let refreshing: Promise<void> = Promise.resolve();
  // Each gate the execution starts waiting at is said once, with how to answer it.
  let announcedGate: string | undefined;
  const refresh = () => {
    refreshing = refreshing.then(async () => {
      const history = await sfn.getExecutionHistory(executionArn);
      printProgress(buildPhaseTimeline(history), await stepRuns(history));
      const pending = findPendingGateInHistory(history);
      if (pending && pending.taskToken !== announcedGate) {
        announcedGate = pending.taskToken;
        context.log.warn(describePendingGate(pendingGateView(pending)));
      }
    });
  };
  const result = await sfn.waitForExecution(executionArn, {
    maxWaitSeconds: options.maxWaitSeconds,
    minDelaySeconds: options.minDelaySeconds,
    maxDelaySeconds: Math.max(options.minDelaySeconds, 10),
    onProgress: refresh,
  });
  await refreshing;
  const history = await sfn.getExecutionHistory(executionArn);
  const timeline = buildPhaseTimeline(history);
  const steps = await stepRuns(history);
  printProgress(timeline, steps);
  const report = executionReport(result, timeline, rollbackSucceededIn(history), undefined, steps);
  printExecutionReport(context, report);
  const paint = context.log.paint;
  const line = `upgrade ${report.outcome.replaceAll('_', ' ')} (${report.status})`;
  context.log.line(report.outcome === 'succeeded' ? paint('green', line) : paint('red', line));
  return exitCodeOf(report.outcome);
}
