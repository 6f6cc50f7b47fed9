import type { Paint } from '../cli/io.js';
import { countOf } from '../cli/plural.js';
import { stepRunSummaryLines } from '../executions/step-runs-view.js';
import { formatTimelineRow, timelineData } from '../executions/timeline-view.js';
import { renderGanttChart } from './rehearsal-gantt.js';
import { describeGateAnswer } from './rehearsal-gates.js';
import type { RehearsalReport, RehearsedStep } from './run-rehearsal.js';

const OUTCOME_TEXT = {
  succeeded: 'SUCCEEDED: the cluster reached the target version',
  rolled_back: 'ROLLED BACK: the upgrade failed and was undone',
  partially_rolled_back:
    'PARTIALLY ROLLED BACK: the upgrade failed; the rollback left some changes (see cause)',
  failed: 'FAILED',
  running: 'RUNNING',
} as const;

function hms(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours}h${String(minutes).padStart(2, '0')}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/** The error a workflow fails with when the plan has blockers (sfn's `WorkflowError.PLAN_BLOCKED`). */
const PLAN_BLOCKED_ERROR = 'Upgrade.PlanBlocked';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeCauseItem(item: unknown): string {
  if (!isRecord(item)) return typeof item === 'string' ? item : JSON.stringify(item);
  const code = item.code ?? item.errorType ?? item.name;
  const message = item.message ?? item.errorMessage;
  if (typeof message !== 'string') return JSON.stringify(item);
  const resource = typeof item.resource === 'string' ? ` (${item.resource})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${message}${resource}`;
}

/**
 * The cause of a failed execution as readable lines, never cut: Step Functions causes are JSON
 * (the planner's blockers, or a Lambda error `{errorType, errorMessage, trace}`) or text.
 *
 * @example
 * ```ts
 * describeCause('[{"code":"DOWNGRADE","message":"cannot downgrade"}]'); // ['DOWNGRADE: cannot downgrade']
 * ```
 */
/**
 * `history: 1,204 of the 25,000 events Step Functions allows an execution (5 %). Each of the 14
 * step executions has a history of its own, the largest 242 events (cp-1.31)` (the quota no Catch sees).
 */
function historyLine(report: RehearsalReport): string {
  const { count, quota } = report.historyEvents;
  const figure = (value: number) => value.toLocaleString('en-US');
  const steps = report.stepHistoryEvents;
  const largest =
    steps && steps.executions > 0
      ? `. Each of the ${figure(steps.executions)} step executions has a history of its own, the largest ${figure(steps.largest)} events${steps.largestStepId ? ` (${steps.largestStepId})` : ''}`
      : '';
  return `history: ${figure(count)} of the ${figure(quota)} events Step Functions allows an execution (${Math.round((count / quota) * 100)} %)${largest}`;
}

export function describeCause(cause: string | undefined): string[] {
  if (cause === undefined || cause.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    // Text is kept whole (it may embed JSON, which must not be cut); a combined cause
    // (`Upgrade failed with ... | Rollback failed with ...`) reads best one part per line.
    return cause
      .split(' | ')
      .map((part) => part.replace(/\s+/g, ' ').trim())
      .filter((part) => part !== '');
  }
  if (Array.isArray(parsed)) return parsed.map(describeCauseItem);
  if (isRecord(parsed)) return [describeCauseItem(parsed)];
  return [String(parsed)];
}

/**
 * The cause of the report's error as lines; none for a blocked plan, whose blockers the report
 * lists from the plan itself (the cause repeats them as JSON).
 */
function causeLines(report: RehearsalReport): string[] {
  if (report.error === PLAN_BLOCKED_ERROR && (report.plan?.blockers.length ?? 0) > 0) return [];
  return describeCause(report.cause);
}

/**
 * The lines that say how a rehearsal ended: outcome, error and its cause, and the plan's
 * blockers. The text report and the table output both start with them.
 */
export function rehearsalSummaryLines(report: RehearsalReport): string[] {
  const lines = [headline(report), `outcome: ${OUTCOME_TEXT[report.outcome]}`];
  if (report.error) lines.push(`error: ${report.error}`, ...causeLines(report).map((line) => `  ${line}`));
  for (const blocker of report.plan?.blockers ?? [])
    lines.push(`blocker ${blocker.code}: ${blocker.message}`);
  return lines;
}

function headline(report: RehearsalReport): string {
  const { scenario } = report;
  return `${scenario.name}: ${scenario.strategy} upgrade of ${scenario.clusterName} ${scenario.fromVersion} → ${scenario.targetVersion}`;
}

/**
 * The rehearsal report as text: outcome, plan, steps, phases, events and the rules they matched.
 *
 * @example
 * ```ts
 * io.stdout.write(renderRehearsalText(report, createPaint(false)));
 * ```
 */
export function renderRehearsalText(report: RehearsalReport, paint: Paint): string {
  const lines: string[] = [headline(report)];
  if (report.scenario.failures.length > 0)
    lines.push(`injected failures: ${report.scenario.failures.join(', ')}`);
  const colour =
    report.outcome === 'succeeded'
      ? 'green'
      : report.outcome === 'rolled_back' || report.outcome === 'partially_rolled_back'
        ? 'yellow'
        : 'red';
  lines.push(paint(colour, `outcome: ${OUTCOME_TEXT[report.outcome]}`));
  if (report.error) lines.push(`error: ${report.error}`, ...causeLines(report).map((line) => `  ${line}`));
  if (report.plan) {
    lines.push(
      '',
      `plan (${report.plan.source}): hops ${report.plan.hops.join(', ') || '-'}${estimate(report.plan.estimatedDurationSeconds)}`,
    );
    for (const blocker of report.plan.blockers) lines.push(`  blocker ${blocker.code}: ${blocker.message}`);
    for (const warning of report.plan.warnings) lines.push(`  warning ${warning.code}: ${warning.message}`);
  }
  if (report.steps.length > 0) {
    lines.push('', 'steps:');
    for (const step of report.steps)
      lines.push(`  ${step.status.padEnd(11)} ${step.id.padEnd(28)} ${step.description}${stepWhen(step)}`);
  }
  if (report.gates.length > 0) {
    lines.push('', 'gates:');
    for (const gate of report.gates)
      lines.push(
        `  ${gate.decision.padEnd(11)} ${gate.stepId.padEnd(28)} ${gate.purpose}: ${describeGateAnswer(gate)}`,
      );
  }
  lines.push('', 'phases:');
  for (const row of report.phases) {
    lines.push(`  ${formatTimelineRow(row, paint)}`);
    for (const line of stepRunSummaryLines(row, report.stepRuns, paint)) lines.push(`  ${line}`);
  }
  lines.push('', `events published: ${report.events.length}`);
  for (const [rule, count] of Object.entries(report.rulesMatched))
    lines.push(`  rule ${rule} matched ${countOf(count, 'event')}`);
  if (report.rollback) {
    lines.push(
      '',
      `rollback: ${report.rollback.success ? 'succeeded' : 'FAILED'}: ${report.rollback.summary}`,
    );
    for (const action of report.rollback.actions)
      lines.push(`  ${action.status.padEnd(12)} ${action.target}: ${action.message}`);
    for (const item of report.rollback.notUndone) lines.push(`  not undone: ${item}`);
  }
  lines.push(
    '',
    historyLine(report),
    `simulated ${hms(report.durations.virtualSeconds)} in ${Math.round(report.durations.wallMilliseconds)} ms`,
  );
  return `${lines.join('\n')}\n`;
}

/** ` [2026-12-01 21:00 → 21:20 UTC, waited for its window]`: when a step ran, in virtual time. */
function stepWhen(step: RehearsedStep): string {
  if (step.startedAt === undefined) {
    return step.deferredUntil ? ` [waiting for its window until ${step.deferredUntil}]` : '';
  }
  const start = step.startedAt.slice(0, 16).replace('T', ' ');
  const end = step.endedAt ? ` → ${step.endedAt.slice(11, 16)}` : '';
  return ` [${start}${end} UTC${step.deferredUntil ? ', after waiting for its window' : ''}]`;
}

/** `; typically 1h24m00s on EKS` for a plan's estimate. */
function estimate(seconds: number | undefined): string {
  return seconds === undefined ? '' : `; typically ${hms(seconds)} on EKS`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The rehearsal report as Markdown (`--report FILE`). */
export function renderRehearsalMarkdown(report: RehearsalReport): string {
  const lines = [`# Rehearsal: ${headline(report)}`, ''];
  if (report.scenario.description) lines.push(report.scenario.description, '');
  lines.push(`**Outcome:** ${OUTCOME_TEXT[report.outcome]} (execution ${report.status})`, '');
  if (report.error) {
    lines.push(`**Error:** \`${report.error}\``, '');
    const cause = causeLines(report);
    if (cause.length > 0) lines.push(...cause.map((line) => `- ${line}`), '');
  }
  if (report.scenario.failures.length > 0)
    lines.push(`**Injected failures:** ${report.scenario.failures.join(', ')}`, '');
  if (report.plan) {
    lines.push(
      '## Plan',
      '',
      `Source: ${report.plan.source}; hops: ${report.plan.hops.join(', ') || '-'}${estimate(report.plan.estimatedDurationSeconds)}`,
      '',
    );
    for (const blocker of report.plan.blockers)
      lines.push(`- **Blocker** \`${blocker.code}\`: ${blocker.message}`);
    for (const warning of report.plan.warnings)
      lines.push(`- Warning \`${warning.code}\`: ${warning.message}`);
    lines.push('');
  }
  lines.push(
    '## Steps',
    '',
    '| Step | Kind | Status | Started | Ended | Description |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const step of report.steps)
    lines.push(
      `| ${step.id} | ${step.kind} | ${step.status} | ${step.startedAt ?? ''} | ${step.endedAt ?? ''} | ${escapeCell(step.description)}${step.deferredReason ? ` (waited: ${escapeCell(step.deferredReason)})` : ''} |`,
    );
  if (report.gates.length > 0) {
    lines.push(
      '',
      '## Gates',
      '',
      '| Gate | Purpose | Answer | Waiting since | Answered | Detail |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const gate of report.gates)
      lines.push(
        `| ${gate.stepId} | ${gate.purpose} | ${gate.decision} | ${gate.pendingAt} | ${gate.answeredAt} | ${escapeCell(describeGateAnswer(gate))} |`,
      );
  }
  const gantt = renderGanttChart(report);
  if (gantt.length > 0) lines.push('', '## Timeline', '', ...gantt);
  if (report.maintenanceWindows)
    lines.push('', `Maintenance windows: ${report.maintenanceWindows.join('; ')}.`);
  lines.push(
    '',
    '## Phases',
    '',
    '| Phase | Step | Status | Started | Ended | Error |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const row of timelineData(report.phases)) {
    lines.push(
      `| ${row.phase} | ${row.step} | ${row.status} | ${row.startedAt} | ${row.endedAt} | ${escapeCell(String(row.error))} |`,
    );
  }
  lines.push('', '## Events', '', '| Time (s) | Type | Rules matched |', '| --- | --- | --- |');
  for (const event of report.events)
    lines.push(`| ${event.atSeconds} | ${event.type} | ${event.matchedRules.join(', ')} |`);
  if (report.rollback) {
    lines.push(
      '',
      '## Rollback',
      '',
      `${report.rollback.success ? 'Succeeded' : '**Failed**'}: ${report.rollback.summary}`,
      '',
    );
    for (const action of report.rollback.actions)
      lines.push(`- ${action.status}: ${action.target}: ${action.message}`);
    for (const item of report.rollback.notUndone) lines.push(`- Not undone: ${item}`);
  }
  lines.push(
    '',
    `${historyLine(report)}.`,
    '',
    `Simulated ${hms(report.durations.virtualSeconds)} in ${Math.round(report.durations.wallMilliseconds)} ms.`,
    '',
  );
  return lines.join('\n');
}
