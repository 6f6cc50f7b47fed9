/**
 * An event as EventBridge delivers it to targets and matches it against patterns.
 */
export interface EventEnvelope<Detail = Record<string, unknown>> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 in UTC without fractional seconds, e.g. `2025-01-01T12:00:00Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: Detail;
}

/**
 * Formats a date the way EventBridge writes `time` in events: UTC, no fractional seconds.
 *
 * @example
 * ```ts
 * toEventTime(new Date('2025-01-01T12:00:00.123Z')); // '2025-01-01T12:00:00Z'
 * ```
 */
export function toEventTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
