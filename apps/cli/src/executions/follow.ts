import {
  buildPhaseTimeline,
  type ExecutionResult,
  findPendingGateInHistory,
  type PhaseTimelineEntry,
  type StepFunctionsClient,
} from '@eks-upgrade/sfn';
import type { ExitCode } from '../cli/exit-codes.js';
import type { CommandRuntime } from '../context/command-context.js';
import { describeNextWindow, type NextWindowView } from './next-window.js';
import { exitCodeOf, outcomeOf, rollbackSucceededIn, type UpgradeOutcome } from './outcome.js';
import { describePendingGate, type PendingGateView, pendingGateView } from './pending-gate.js';
import { createTimelinePrinter, timelineData } from './timeline-view.js';

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
}

/** The report of an execution and its timeline. */
export function executionReport(
  result: ExecutionResult,
  timeline: readonly PhaseTimelineEntry[],
  rollbackSucceeded?: boolean,
  pendingGate?: PendingGateView,
): ExecutionReport {
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
  };
}

/** Prints a report: all of it as JSON, one summary line as text, the timeline as a table. */
export function printExecutionReport(context: CommandRuntime, report: ExecutionReport): void {
  const summary = [report.name, report.status, report.outcome, report.error ?? ''].filter(Boolean).join('\t');
  if (report.pendingGate) context.log.warn(describePendingGate(report.pendingGate));
  if (report.nextWindow) context.log.info(describeNextWindow(report.nextWindow));
  context.print({
    data: report,
    text: report.pendingGate
      ? `${summary}\n${report.pendingGate.purpose} gate ${report.pendingGate.stepId} pending until ${report.pendingGate.timesOutAt}`
      : summary,
    table: {
      columns: ['phase', 'step', 'kind', 'status', 'startedAt', 'endedAt', 'error'],
      rows: report.timeline,
    },
  });
}

/**
 * Follows an execution to its end: the phase timeline appears on stderr as it changes, the
 * final report goes to stdout, and the exit code says how the upgrade ended (0, 1 or 3).
 */
export async function followExecution(
  context: CommandRuntime,
  sfn: StepFunctionsClient,
  executionArn: string,
  options: { maxWaitSeconds: number; minDelaySeconds: number },
): Promise<ExitCode> {
  const printTimeline = createTimelinePrinter((line) => context.log.line(line), context.log.paint);
  context.log.info(`following ${executionArn}`);
  let refreshing: Promise<void> = Promise.resolve();
  // Each gate the execution starts waiting at is said once, with how to answer it.
  let announcedGate: string | undefined;
  const refresh = () => {
    refreshing = refreshing.then(async () => {
      const history = await sfn.getExecutionHistory(executionArn);
      printTimeline(buildPhaseTimeline(history));
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
  printTimeline(timeline);
  const report = executionReport(result, timeline, rollbackSucceededIn(history));
  printExecutionReport(context, report);
  const paint = context.log.paint;
  const line = `upgrade ${report.outcome.replaceAll('_', ' ')} (${report.status})`;
  context.log.line(report.outcome === 'succeeded' ? paint('green', line) : paint('red', line));
  return exitCodeOf(report.outcome);
}
