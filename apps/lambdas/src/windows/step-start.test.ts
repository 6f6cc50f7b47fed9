import { parseMaintenanceWindow } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { nextWindowOpening, whenStepMayStart } from './step-start.js';
import { windowOpenings } from './window-openings.js';
import { zonedTimeToInstant } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const MINUTES = 60;
// 2026-12-01 is a Tuesday; Europe/Berlin is on CET (UTC+1) in December.
const BERLIN_TUE_THU = [parseMaintenanceWindow('Tue,Thu 22:00-04:00 Europe/Berlin')];

describe('Function: whenStepMayStart', () => {
  it('starts at once without windows', () => {
    expect(whenStepMayStart([], at('2026-12-01T12:00:00Z'), 20 * MINUTES)).toEqual({ when: 'now' });
  });

  it('waits for a window that has not opened yet', () => {
    const start = whenStepMayStart(BERLIN_TUE_THU, at('2026-12-01T12:00:00Z'), 20 * MINUTES);
    expect(start).toMatchObject({ when: 'later', because: 'closed' });
    expect(start.when === 'later' && iso(start.startsAt)).toBe('2026-12-01T21:00:00.000Z');
  });

  it('starts at once inside a window that crossed midnight, when the step fits before its close', () => {
    // 00:30 local on Wednesday: Tuesday's window is open until 04:00 local (03:00 UTC).
    const start = whenStepMayStart(BERLIN_TUE_THU, at('2026-12-01T23:30:00Z'), 20 * MINUTES);
    expect(start.when).toBe('now');
    expect(start.when === 'now' && start.opening && iso(start.opening.closesAt)).toBe(
      '2026-12-02T03:00:00.000Z',
    );
  });

  it('does not start a step that would overrun the open window: it waits for the next one', () => {
    // 03:45 local on Wednesday: 15 minutes left, the node group roll typically takes 20.
    const start = whenStepMayStart(BERLIN_TUE_THU, at('2026-12-02T02:45:00Z'), 20 * MINUTES);
    expect(start).toMatchObject({ when: 'later', because: 'overrun' });
    expect(start.when === 'later' && iso(start.startsAt)).toBe('2026-12-03T21:00:00.000Z');
    expect(start.when === 'later' && start.current && iso(start.current.closesAt)).toBe(
      '2026-12-02T03:00:00.000Z',
    );
    // With exactly the estimate left it starts.
    expect(whenStepMayStart(BERLIN_TUE_THU, at('2026-12-02T02:40:00Z'), 20 * MINUTES).when).toBe('now');
  });

  it('reads local times across daylight saving: a window shortened by spring forward is skipped by a step that fits the longer ones', () => {
    const saturday = [parseMaintenanceWindow('Sat 22:00-04:00 Europe/Berlin')];
    // 2026-03-28 22:00 CET = 21:00Z; Sunday 29 March the clocks go 02:00 → 03:00, so 04:00 CEST = 02:00Z: 5 h.
    const march = windowOpenings(saturday, at('2026-03-28T12:00:00Z'))[0];
    expect(march && [iso(march.opensAt), iso(march.closesAt)]).toEqual([
      '2026-03-28T21:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
    const start = whenStepMayStart(saturday, at('2026-03-28T12:00:00Z'), 5.5 * 60 * MINUTES);
    // The next Saturday is on CEST: 22:00 = 20:00Z until 04:00 = 02:00Z, 6 h.
    expect(start.when === 'later' && iso(start.startsAt)).toBe('2026-04-04T20:00:00.000Z');
    // Fall back (Sunday 25 October 2026, 03:00 → 02:00): 22:00 CEST = 20:00Z until 04:00 CET = 03:00Z, 7 h.
    const october = windowOpenings(saturday, at('2026-10-24T12:00:00Z'))[0];
    expect(october && [iso(october.opensAt), iso(october.closesAt)]).toEqual([
      '2026-10-24T20:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('treats touching windows as one opening, so a long step may span them', () => {
    const weekend = ['Sat 00:00-24:00 UTC', 'Sun 00:00-24:00 UTC'].map(parseMaintenanceWindow);
    const start = whenStepMayStart(weekend, at('2026-12-04T12:00:00Z'), 30 * 60 * MINUTES);
    expect(start.when === 'later' && iso(start.startsAt)).toBe('2026-12-05T00:00:00.000Z');
    expect(start.when === 'later' && iso(start.opening.closesAt)).toBe('2026-12-07T00:00:00.000Z');
  });

  it('says never when no opening is long enough, with the longest one', () => {
    const start = whenStepMayStart(BERLIN_TUE_THU, at('2026-12-01T12:00:00Z'), 7 * 60 * MINUTES);
    expect(start).toEqual({ when: 'never', longestOpeningSeconds: 6 * 3600 });
  });
});

describe('Function: zonedTimeToInstant', () => {
  it('resolves a skipped reading later and a repeated reading to the earlier instant', () => {
    // 02:30 does not exist in Berlin on 2026-03-29: it is 03:30 CEST.
    expect(iso(zonedTimeToInstant({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Berlin'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 2026-10-25: first on CEST.
    expect(iso(zonedTimeToInstant({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Berlin'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // New York springs forward on 2026-03-08: 01:00 EST to 03:00 EDT is one hour.
    const newYork = [parseMaintenanceWindow('Sun 01:00-03:00 America/New_York')];
    const opening = windowOpenings(newYork, at('2026-03-08T00:00:00Z'))[0];
    expect(opening && (opening.closesAt - opening.opensAt) / 1000).toBe(3600);
  });
});

describe('Function: nextWindowOpening', () => {
  it('names the window open now or the next to open', () => {
    expect(nextWindowOpening([], new Date('2026-12-01T12:00:00Z'))).toBeUndefined();
    expect(
      nextWindowOpening(['Tue,Thu 22:00-04:00 Europe/Berlin'], new Date('2026-12-01T12:00:00Z')),
    ).toEqual({
      opensAt: '2026-12-01T21:00:00.000Z',
      closesAt: '2026-12-02T03:00:00.000Z',
      open: false,
      windows: ['Tue,Thu 22:00-04:00 Europe/Berlin'],
    });
    expect(
      nextWindowOpening(['Tue,Thu 22:00-04:00 Europe/Berlin'], new Date('2026-12-01T22:00:00Z'))?.open,
    ).toBe(true);
  });
});
