import type { MaintenanceWindow } from '@eks-upgrade/core-models';
import { addDays, localDateOf, weekdayOf, zonedTimeToInstant } from './zoned-time.js';

/** One opening of the maintenance windows: from `opensAt` to `closesAt` (ms since the epoch). */
export interface WindowOpening {
  opensAt: number;
  closesAt: number;
  /** The expressions of the windows this opening comes from (several when they touch or overlap). */
  windows: string[];
}

/**
 * How far ahead openings are looked for: a weekly window recurs within 7 days, and a step that
 * fits none of two weeks' openings fits none at all.
 */
export const OPENING_HORIZON_DAYS = 15;

function openingsOf(window: MaintenanceWindow, from: number, days: number): WindowOpening[] {
  // A window that opened yesterday may still be open (it crosses midnight).
  const firstDate = addDays(localDateOf(from, window.timeZone), -1);
  const openings: WindowOpening[] = [];
  for (let offset = 0; offset <= days + 1; offset += 1) {
    const date = addDays(firstDate, offset);
    if (!window.days.includes(weekdayOf(date))) continue;
    const opensAt = zonedTimeToInstant(date, window.startMinute, window.timeZone);
    const closesAt = window.crossesMidnight
      ? zonedTimeToInstant(addDays(date, 1), window.endMinute, window.timeZone)
      : zonedTimeToInstant(date, window.endMinute, window.timeZone);
    if (closesAt > from) openings.push({ opensAt, closesAt, windows: [window.expression] });
  }
  return openings;
}

/**
 * The openings of `windows` that have not closed by `from`, in order, for the next
 * `OPENING_HORIZON_DAYS` days; openings that touch or overlap (e.g. `Sat 00:00-24:00` and
 * `Sun 00:00-24:00`) are one opening, so a long step may span them. Local times are read in each
 * window's own time zone, daylight saving included.
 *
 * @example
 * ```ts
 * windowOpenings([parseMaintenanceWindow('Tue 22:00-04:00 Europe/Berlin')], Date.parse('2026-12-01T12:00:00Z'))[0];
 * // { opensAt: Date.parse('2026-12-01T21:00:00Z'), closesAt: Date.parse('2026-12-02T03:00:00Z'), windows: [...] }
 * ```
 */
export function windowOpenings(
  windows: readonly MaintenanceWindow[],
  from: number,
  days = OPENING_HORIZON_DAYS,
): WindowOpening[] {
  const sorted = windows
    .flatMap((window) => openingsOf(window, from, days))
    .sort((a, b) => a.opensAt - b.opensAt || a.closesAt - b.closesAt);
  const merged: WindowOpening[] = [];
  for (const opening of sorted) {
    const last = merged[merged.length - 1];
    if (last && opening.opensAt <= last.closesAt) {
      last.closesAt = Math.max(last.closesAt, opening.closesAt);
      for (const expression of opening.windows) {
        if (!last.windows.includes(expression)) last.windows.push(expression);
      }
    } else {
      merged.push({ ...opening, windows: [...opening.windows] });
    }
  }
  return merged;
}
