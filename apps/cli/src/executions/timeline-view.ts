import type { Paint } from '../cli/io.js';

/** A timeline row, from AWS history or from a local run. */
export interface TimelineRow {
  readonly phase: string;
  readonly stepId?: string | undefined;
  readonly stepKind?: string | undefined;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly startedAt: Date;
  readonly endedAt?: Date | undefined;
  readonly error?: string | undefined;
}

const MARKS = { running: '…', succeeded: '✓', failed: '✗' } as const;

function duration(row: TimelineRow): string {
  if (!row.endedAt) return '';
  const seconds = Math.max(0, Math.round((row.endedAt.getTime() - row.startedAt.getTime()) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120
    ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * One line of the phase timeline: mark, phase, step, duration and error.
 *
 * @example
 * ```ts
 * formatTimelineRow({ phase: 'execution', stepId: 'cp-1.30', status: 'succeeded', startedAt, endedAt }, paint);
 * // '✓ execution   cp-1.30  (control_plane_upgrade)  4m00s'
 * ```
 */
export function formatTimelineRow(row: TimelineRow, paint: Paint): string {
  const colour = row.status === 'failed' ? 'red' : row.status === 'succeeded' ? 'green' : 'cyan';
  const step = row.stepId ? `  ${row.stepId}${row.stepKind ? `  (${row.stepKind})` : ''}` : '';
  const time = duration(row);
  const error = row.error ? `  ${paint('red', row.error)}` : '';
  return `${paint(colour, MARKS[row.status])} ${row.phase.padEnd(11)}${step}${time ? `  ${paint('dim', time)}` : ''}${error}`;
}

/** Rows as the `--output table|json` data of a timeline. */
export function timelineData(rows: readonly TimelineRow[]): Array<Record<string, unknown>> {
  return rows.map((row) => ({
    phase: row.phase,
    step: row.stepId ?? '',
    kind: row.stepKind ?? '',
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? '',
    error: row.error ?? '',
  }));
}

/**
 * Prints timeline rows as they appear and change: each call prints the rows that are new or
 * whose status changed since the last call.
 */
export function createTimelinePrinter(write: (line: string) => void, paint: Paint) {
  const printed = new Map<number, string>();
  return (rows: readonly TimelineRow[]) => {
    rows.forEach((row, index) => {
      const key = `${row.status}`;
      if (printed.get(index) === key) return;
      if (row.status === 'running' && printed.has(index)) return;
      printed.set(index, key);
      write(formatTimelineRow(row, paint));
    });
  };
}
