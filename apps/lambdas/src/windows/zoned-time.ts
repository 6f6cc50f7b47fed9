/** A calendar date and a wall-clock minute in some time zone. */
export interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `instant` in `timeZone`, as if that reading were UTC (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The time zone's offset from UTC at `instant`, in ms (Europe/Berlin in winter: +3,600,000). */
function offsetMs(instant: number, timeZone: string): number {
  return wallClockMs(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;
}

/**
 * The local calendar date of `instant` in `timeZone`.
 *
 * @example
 * ```ts
 * localDateOf(Date.parse('2026-12-01T23:30:00Z'), 'Europe/Berlin'); // { year: 2026, month: 12, day: 2 }
 * ```
 */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The date `days` after `date` (the calendar's, not 24-hour steps). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The day of the week of a calendar date, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The instant at which the clocks in `timeZone` read `date` at `minute` (minutes after local
 * midnight; 1440 = the next midnight). Around a daylight saving change it resolves as
 * Temporal's `compatible` disambiguation does: a reading the clocks skip (spring forward) is
 * taken with the offset before the change, which lands that many minutes later (02:30 in
 * Europe/Berlin on the last Sunday of March is 03:30 CEST); a reading the clocks show twice (fall
 * back) is the earlier one.
 *
 * @example
 * ```ts
 * new Date(zonedTimeToInstant({ year: 2026, month: 12, day: 1 }, 22 * 60, 'Europe/Berlin')).toISOString();
 * // '2026-12-01T21:00:00.000Z'
 * ```
 */
export function zonedTimeToInstant(date: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * MINUTE_MS;
  // The offsets a day either side bracket any single daylight saving change.
  const offsetBefore = offsetMs(wall - DAY_MS, timeZone);
  const offsetAfter = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallClockMs(instant, timeZone) === wall,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - offsetBefore;
}
