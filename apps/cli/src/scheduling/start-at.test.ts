import { describe, expect, it } from 'vitest';
import { parseStartAt } from './start-at.js';

const NOW = new Date('2026-12-01T12:00:00Z');

describe('Function: parseStartAt', () => {
  it('reads a local time in its IANA time zone, kept as the wall-clock time Scheduler reads there', () => {
    expect(parseStartAt({ at: '2026-12-01T22:00', timeZone: 'Europe/Berlin' }, NOW)).toEqual({
      scheduleExpression: 'at(2026-12-01T22:00:00)',
      timeZone: 'Europe/Berlin',
      instant: new Date('2026-12-01T21:00:00Z'),
    });
    // Summer time: 22:00 CEST is 20:00 UTC.
    expect(parseStartAt({ at: '2027-07-01 22:00:30', timeZone: 'Europe/Berlin' }, NOW).instant).toEqual(
      new Date('2027-07-01T20:00:30Z'),
    );
  });

  it('reads a time with an offset as an instant, written in UTC', () => {
    expect(parseStartAt({ at: '2026-12-01T22:00:00+01:00' }, NOW)).toEqual({
      scheduleExpression: 'at(2026-12-01T21:00:00)',
      timeZone: 'UTC',
      instant: new Date('2026-12-01T21:00:00Z'),
    });
    expect(parseStartAt({ at: '2026-12-01T13:00Z' }, NOW).scheduleExpression).toBe('at(2026-12-01T13:00:00)');
  });

  it('reads a time without offset or zone as UTC', () => {
    expect(parseStartAt({ at: '2026-12-01T13:15' }, NOW)).toMatchObject({
      scheduleExpression: 'at(2026-12-01T13:15:00)',
      timeZone: 'UTC',
    });
  });

  it.each([
    [
      { at: '2026-12-01T11:59:59Z' },
      '--at',
      'is 2026-12-01T11:59:59.000Z, not in the future (now 2026-12-01T12:00:00.000Z)',
    ],
    [
      { at: '2026-12-01T12:30', timeZone: 'Europe/Berlin' },
      '--at',
      '(Europe/Berlin) is 2026-12-01T11:30:00.000Z, not in the future',
    ],
    [{ at: 'tomorrow' }, '--at', 'is not a time: use ISO 8601'],
    [{ at: '2026-02-30T10:00' }, '--at', 'is not a valid date-time'],
    [{ at: '2026-12-01T24:00' }, '--at', 'is not a valid date-time'],
    [{ at: '2026-12-02T10:00', timeZone: 'Berlin' }, '--time-zone', '"Berlin" is not an IANA time zone'],
    [{ at: '2026-12-02T10:00Z', timeZone: 'UTC' }, '--time-zone', 'already names its offset'],
  ])('refuses %o before any call', (flags, path, message) => {
    const error = (() => {
      try {
        parseStartAt(flags, NOW);
      } catch (caught) {
        return caught as { name: string; issues: { path: string; message: string }[] };
      }
      return undefined;
    })();
    expect(error?.name).toBe('ValidationError');
    expect(error?.issues[0]?.path).toBe(path);
    expect(error?.issues[0]?.message).toContain(message);
  });
});
