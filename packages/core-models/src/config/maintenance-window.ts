import { z } from 'zod';

/** Days of the week as `Date.getUTCDay()` numbers them: 0 = Sunday … 6 = Saturday. */
const DAY_NUMBERS: Readonly<Record<string, number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * A maintenance window read from its expression: on `days` (0 = Sunday … 6 = Saturday, the day
 * the window OPENS), from `startMinute` to `endMinute` (minutes after local midnight) in the IANA
 * time zone `timeZone`. `endMinute <= startMinute` means the window closes the next day.
 */
export interface MaintenanceWindow {
  /** The expression as configured, e.g. `Tue,Thu 22:00-04:00 Europe/Berlin`. */
  expression: string;
  days: readonly number[];
  startMinute: number;
  endMinute: number;
  timeZone: string;
  /** Whether the window closes on the day after it opens. */
  crossesMidnight: boolean;
}

const EXPRESSION = /^\s*(\S+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)\s*$/;

/** Whether `timeZone` is an IANA time zone this runtime knows (Intl throws a RangeError otherwise). */
function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function dayNumber(name: string): number | undefined {
  return DAY_NUMBERS[name.toLowerCase()];
}

/** `Mon-Fri` → [1..5], `Fri-Mon` → [5, 6, 0, 1], `Tue` → [2]; undefined when a name is unknown. */
function daysOf(part: string): number[] | undefined {
  const [from, to, ...rest] = part.split('-');
  if (rest.length > 0 || from === undefined) return undefined;
  const first = dayNumber(from);
  if (first === undefined) return undefined;
  if (to === undefined) return [first];
  const last = dayNumber(to);
  if (last === undefined) return undefined;
  const days = [first];
  for (let day = first; day !== last; ) {
    day = (day + 1) % 7;
    days.push(day);
  }
  return days;
}

/** `22:00` → 1320; `24:00` (end only) → 1440; undefined when out of range. */
function minuteOf(hours: string, minutes: string, allowEndOfDay: boolean): number | undefined {
  const hour = Number(hours);
  const minute = Number(minutes);
  if (minute > 59) return undefined;
  if (hour === 24 && minute === 0 && allowEndOfDay) return 1440;
  return hour <= 23 ? hour * 60 + minute : undefined;
}

/**
 * Reads a maintenance window expression, `DAYS HH:MM-HH:MM TIME_ZONE`: DAYS is `Daily` or a comma
 * list of three-letter day names and ranges (`Mon-Fri`, `Tue,Thu`, `Sat-Sun`), the day the window opens; the
 * times are local wall-clock times in TIME_ZONE (an IANA name such as `Europe/Berlin` or `UTC`);
 * an end at or before the start closes the window the next day, `24:00` is the end of the day.
 *
 * @throws Error naming what is wrong and the expected form (the schema turns it into a field issue).
 * @example
 * ```ts
 * parseMaintenanceWindow('Tue,Thu 22:00-04:00 Europe/Berlin');
 * // { days: [2, 4], startMinute: 1320, endMinute: 240, timeZone: 'Europe/Berlin', crossesMidnight: true, ... }
 * ```
 */
export function parseMaintenanceWindow(expression: string): MaintenanceWindow {
  const form =
    'expected "DAYS HH:MM-HH:MM TIME_ZONE", e.g. "Tue,Thu 22:00-04:00 Europe/Berlin" or "Daily 01:00-05:00 UTC"';
  const match = EXPRESSION.exec(expression);
  if (!match) throw new Error(`${JSON.stringify(expression)} is not a maintenance window: ${form}`);
  const [
    ,
    dayPart = '',
    startHour = '',
    startMinuteText = '',
    endHour = '',
    endMinuteText = '',
    timeZone = '',
  ] = match;
  const days = /^(daily|\*)$/i.test(dayPart) ? [0, 1, 2, 3, 4, 5, 6] : dayPart.split(',').map(daysOf);
  if (days.some((entry) => entry === undefined)) {
    throw new Error(
      `${JSON.stringify(dayPart)} names an unknown day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges such as Mon-Fri, or Daily (${form})`,
    );
  }
  const startMinute = minuteOf(startHour, startMinuteText, false);
  const endMinute = minuteOf(endHour, endMinuteText, true);
  if (startMinute === undefined || endMinute === undefined) {
    throw new Error(
      `${JSON.stringify(expression)} has a time out of range: times run 00:00-23:59 (24:00 as an end)`,
    );
  }
  if (startMinute === endMinute) {
    throw new Error(
      `${JSON.stringify(expression)} opens and closes at the same time: for a whole day use 00:00-24:00`,
    );
  }
  if (!isKnownTimeZone(timeZone)) {
    throw new Error(
      `${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`,
    );
  }
  const uniqueDays = [...new Set((days as number[][]).flat())].sort((a, b) => a - b);
  return {
    expression: expression.trim(),
    days: uniqueDays,
    startMinute,
    endMinute,
    timeZone,
    crossesMidnight: endMinute <= startMinute,
  };
}

/** `[2, 4]` → `Tue,Thu`: for messages. */
export function formatWindowDays(days: readonly number[]): string {
  return days.length === 7 ? 'Daily' : days.map((day) => DAY_NAMES[day]).join(',');
}

/**
 * One maintenance window in the configuration (`upgrade.maintenanceWindows`), kept as its
 * expression so it reads the same in `config show` and Parameter Store; validated by
 * `parseMaintenanceWindow`.
 *
 * @example
 * ```ts
 * MaintenanceWindowExpressionSchema.parse('Sat-Sun 00:00-24:00 UTC'); // 'Sat-Sun 00:00-24:00 UTC'
 * MaintenanceWindowExpressionSchema.safeParse('Tue 22:00 Berlin').success; // false
 * ```
 */
export const MaintenanceWindowExpressionSchema = z.string().superRefine((expression, context) => {
  try {
    parseMaintenanceWindow(expression);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});
