import type { RehearsalReport } from './run-rehearsal.js';

/** `2026-12-01T21:00:00.000Z` → `2026-12-01 21:00:00`, the `dateFormat` the chart declares. */
function chartTime(iso: string | number): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** Mermaid reads `:` and `;` in a task name as syntax, and `#` starts an entity. */
function taskName(text: string): string {
  return text.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();
}

const GATE_EVENTS: Readonly<Record<string, string>> = {
  'gate.pending': 'gate pending',
  'gate.approved': 'gate approved',
  'gate.rejected': 'gate rejected',
  'gate.timed_out': 'gate timed out',
};

/**
 * The rehearsal as a Mermaid Gantt chart in virtual time (UTC): the maintenance windows' openings,
 * each step from its start to its validation's verdict (a failed one marked critical), the time a
 * step waited for its window before it, and the gates as milestones
 * (https://mermaid.js.org/syntax/gantt.html). Empty when no step ran.
 *
 * @example
 * ```ts
 * renderGanttChart(report).join('\n'); // '```mermaid\ngantt\n  title …'
 * ```
 */
export function renderGanttChart(report: RehearsalReport): string[] {
  const ran = report.steps.filter((step) => step.startedAt !== undefined);
  if (ran.length === 0) return [];
  const lines = [
    '```mermaid',
    'gantt',
    `  title ${taskName(report.scenario.clusterName)} in virtual time (UTC)`,
    '  dateFormat YYYY-MM-DD HH:mm:ss',
    '  axisFormat %m-%d %H:%M',
  ];
  if (report.windowOpenings && report.windowOpenings.length > 0) {
    lines.push('  section Maintenance windows');
    report.windowOpenings.forEach((opening, index) => {
      lines.push(
        `  ${taskName(opening.windows.join(' + '))} :active, window${index}, ${chartTime(opening.opensAt)}, ${chartTime(opening.closesAt)}`,
      );
    });
  }
  lines.push('  section Steps');
  let previousEnd = new Date(report.startedAt).getTime();
  ran.forEach((step, index) => {
    const start = new Date(step.startedAt as string).getTime();
    if (step.deferredUntil !== undefined && start > previousEnd) {
      lines.push(
        `  ${taskName(step.id)} waits for its window :done, wait${index}, ${chartTime(previousEnd)}, ${chartTime(start)}`,
      );
    }
    // Mermaid draws nothing for a task that ends where it starts.
    const end = Math.max(new Date(step.endedAt ?? (step.startedAt as string)).getTime(), start + 1000);
    const tag = step.status === 'failed' ? 'crit, ' : '';
    lines.push(`  ${taskName(step.id)} :${tag}step${index}, ${chartTime(start)}, ${chartTime(end)}`);
    previousEnd = Math.max(previousEnd, end);
  });
  const started = new Date(report.startedAt).getTime();
  const gates = report.events.filter((event) => GATE_EVENTS[event.type] !== undefined);
  if (gates.length > 0) {
    lines.push('  section Gates');
    gates.forEach((event, index) => {
      lines.push(
        `  ${GATE_EVENTS[event.type]} :milestone, gate${index}, ${chartTime(started + event.atSeconds * 1000)}, 0s`,
      );
    });
  }
  lines.push('```');
  return lines;
}
