import { type MaintenanceWindow, parseMaintenanceWindow } from '@eks-upgrade/core-models';
import { OPENING_HORIZON_DAYS, type WindowOpening, windowOpenings } from './window-openings.js';

/**
 * When a disruptive step may start, given the maintenance windows:
 * - `now`: no windows are configured, or one is open and the estimate fits before it closes;
 * - `later`: at `startsAt`, the opening of the first window the estimate fits in; `because`
 *   says whether no window is open now (`closed`) or the open one closes too soon (`overrun`);
 * - `never`: no opening in the next `OPENING_HORIZON_DAYS` days is long enough.
 */
export type StepStart =
  | { when: 'now'; opening?: WindowOpening }
  | {
      when: 'later';
      startsAt: number;
      opening: WindowOpening;
      because: 'closed' | 'overrun';
      current?: WindowOpening;
    }
  | { when: 'never'; longestOpeningSeconds: number };

/**
 * Decides when a step typically taking `estimateSeconds` may start at `now` (ms since the epoch):
 * now if a window is open and the step fits before it closes, else at the first later opening it
 * fits in, so a step never starts when it would typically run past a window's close.
 *
 * @example
 * ```ts
 * const windows = [parseMaintenanceWindow('Tue,Thu 22:00-04:00 Europe/Berlin')];
 * whenStepMayStart(windows, Date.parse('2026-12-01T12:00:00Z'), 1200);
 * // { when: 'later', startsAt: Date.parse('2026-12-01T21:00:00Z'), because: 'closed', ... }
 * ```
 */
export function whenStepMayStart(
  windows: readonly MaintenanceWindow[],
  now: number,
  estimateSeconds: number,
): StepStart {
  if (windows.length === 0) return { when: 'now' };
  const openings = windowOpenings(windows, now);
  const current = openings.find((opening) => opening.opensAt <= now && now < opening.closesAt);
  const estimateMs = estimateSeconds * 1000;
  for (const opening of openings) {
    const startsAt = Math.max(now, opening.opensAt);
    if (startsAt + estimateMs > opening.closesAt) continue;
    if (startsAt === now) return { when: 'now', opening };
    return current
      ? { when: 'later', startsAt, opening, because: 'overrun', current }
      : { when: 'later', startsAt, opening, because: 'closed' };
  }
  const longest = Math.max(0, ...openings.map((opening) => opening.closesAt - opening.opensAt));
  return { when: 'never', longestOpeningSeconds: Math.floor(longest / 1000) };
}

/**
 * The window open at `now`, or the next one to open (undefined without windows): what `watch`
 * and `status` show.
 *
 * @example
 * ```ts
 * nextWindowOpening(['Tue 22:00-04:00 Europe/Berlin'], new Date('2026-12-01T12:00:00Z'));
 * // { opensAt: '2026-12-01T21:00:00.000Z', closesAt: '2026-12-02T03:00:00.000Z', open: false, windows: [...] }
 * ```
 */
export function nextWindowOpening(
  expressions: readonly string[],
  now: Date,
): { opensAt: string; closesAt: string; open: boolean; windows: string[] } | undefined {
  if (expressions.length === 0) return undefined;
  const at = now.getTime();
  const opening = windowOpenings(expressions.map(parseMaintenanceWindow), at, OPENING_HORIZON_DAYS)[0];
  if (!opening) return undefined;
  return {
    opensAt: new Date(opening.opensAt).toISOString(),
    closesAt: new Date(opening.closesAt).toISOString(),
    open: opening.opensAt <= at,
    windows: opening.windows,
  };
}
