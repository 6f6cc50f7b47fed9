import { ValidationError } from '@eks-upgrade/core-models';
import { zonedTimeToInstant } from '@eks-upgrade/lambdas';

/** When a scheduled start runs, as EventBridge Scheduler's one-time schedule wants it. */
export interface StartAt {
  /** `at(yyyy-mm-ddThh:mm:ss)`, a wall-clock time in `timeZone`. */
  scheduleExpression: string;
  /** The IANA time zone the expression is read in (`ScheduleExpressionTimezone`). */
  timeZone: string;
  /** The instant it names. */
  instant: Date;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `2026-12-01T21:00:00` of an instant in UTC (what `at()` takes, without the offset). */
function utcWallClock(instant: Date): string {
  return `${instant.getUTCFullYear()}-${pad(instant.getUTCMonth() + 1)}-${pad(instant.getUTCDate())}T${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}:${pad(instant.getUTCSeconds())}`;
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError(`Invalid ${path}`, [{ path, message }]);
}

/**
 * Reads `--at TIME` (and `--time-zone ZONE`) into a one-time schedule expression. TIME is an ISO
 * 8601 date-time: with an offset or `Z` it names an instant (and the schedule is written in UTC);
 * without one it is a wall-clock time in ZONE (an IANA name, default UTC), which Scheduler reads
 * in that zone, daylight saving included
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#one-time).
 * A time that is not in the future is refused: Scheduler would never run it.
 *
 * @throws ValidationError naming `--at` or `--time-zone` and what is expected.
 * @example
 * ```ts
 * parseStartAt({ at: '2026-12-01T22:00', timeZone: 'Europe/Berlin' }, new Date('2026-12-01T12:00:00Z'));
 * // { scheduleExpression: 'at(2026-12-01T22:00:00)', timeZone: 'Europe/Berlin', instant: 2026-12-01T21:00:00.000Z }
 * ```
 */
export function parseStartAt(flags: { at: string; timeZone?: string | undefined }, now: Date): StartAt {
  const text = flags.at.trim();
  let start: StartAt;
  if (WITH_OFFSET.test(text)) {
    if (flags.timeZone !== undefined) {
      throw invalid(
        '--time-zone',
        `--at ${text} already names its offset; leave out --time-zone or the offset`,
      );
    }
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime()))
      throw invalid('--at', `${JSON.stringify(text)} is not a valid date-time`);
    const whole = new Date(Math.ceil(instant.getTime() / 1000) * 1000);
    start = { scheduleExpression: `at(${utcWallClock(whole)})`, timeZone: 'UTC', instant: whole };
  } else {
    const match = LOCAL_TIME.exec(text);
    if (!match) {
      throw invalid(
        '--at',
        `${JSON.stringify(text)} is not a time: use ISO 8601, e.g. 2026-12-01T22:00 (with --time-zone Europe/Berlin) or 2026-12-01T21:00:00Z`,
      );
    }
    const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const timeZone = flags.timeZone ?? 'UTC';
    if (!isKnownTimeZone(timeZone)) {
      throw invalid(
        '--time-zone',
        `${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/Berlin, UTC)`,
      );
    }
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (
      probe.getUTCMonth() !== month - 1 ||
      probe.getUTCDate() !== day ||
      hour > 23 ||
      minute > 59 ||
      second > 59
    ) {
      throw invalid('--at', `${JSON.stringify(text)} is not a valid date-time`);
    }
    const instant = new Date(
      zonedTimeToInstant({ year, month, day }, hour * 60 + minute, timeZone) + second * 1000,
    );
    start = {
      scheduleExpression: `at(${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)})`,
      timeZone,
      instant,
    };
  }
  if (start.instant.getTime() <= now.getTime()) {
    throw invalid(
      '--at',
      `${text}${start.timeZone === 'UTC' ? '' : ` (${start.timeZone})`} is ${start.instant.toISOString()}, not in the future (now ${now.toISOString()}); to start now leave out --at`,
    );
  }
  return start;
}
