import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from './agent-config.js';
import { MaintenanceWindowExpressionSchema, parseMaintenanceWindow } from './maintenance-window.js';

describe('Function: parseMaintenanceWindow', () => {
  it('reads days, local times and the time zone of a window crossing midnight', () => {
    expect(parseMaintenanceWindow('Tue,Thu 22:00-04:00 Europe/Berlin')).toEqual({
      expression: 'Tue,Thu 22:00-04:00 Europe/Berlin',
      days: [2, 4],
      startMinute: 22 * 60,
      endMinute: 4 * 60,
      timeZone: 'Europe/Berlin',
      crossesMidnight: true,
    });
  });

  it('reads ranges, wrapping ranges, Daily and an end of day', () => {
    expect(parseMaintenanceWindow('Mon-Fri 01:00-05:30 UTC').days).toEqual([1, 2, 3, 4, 5]);
    expect(parseMaintenanceWindow('Fri-Mon 01:00-05:00 UTC').days).toEqual([0, 1, 5, 6]);
    expect(parseMaintenanceWindow('daily 01:00-05:00 America/New_York').days).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const weekend = parseMaintenanceWindow('sat,SUN 00:00-24:00 UTC');
    expect(weekend).toMatchObject({ days: [0, 6], startMinute: 0, endMinute: 1440, crossesMidnight: false });
  });

  it.each([
    ['Tue 22:00 Europe/Berlin', 'is not a maintenance window'],
    ['Tus 22:00-04:00 UTC', 'names an unknown day'],
    ['Tue 25:00-04:00 UTC', 'out of range'],
    ['Tue 22:60-04:00 UTC', 'out of range'],
    ['Tue 24:00-04:00 UTC', 'out of range'],
    ['Tue 22:00-22:00 UTC', 'same time'],
    ['Tue 22:00-04:00 Berlin', 'is not an IANA time zone'],
  ])('refuses %s', (expression, why) => {
    expect(() => parseMaintenanceWindow(expression)).toThrow(why);
    expect(MaintenanceWindowExpressionSchema.safeParse(expression).success).toBe(false);
  });

  it('is an upgrade setting, empty by default, refused with its path when wrong', () => {
    expect(AgentConfigSchema.parse({}).upgrade.maintenanceWindows).toEqual([]);
    const result = AgentConfigSchema.safeParse({
      upgrade: { maintenanceWindows: ['Tue 22:00-04:00 Mars/Olympus'] },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['upgrade', 'maintenanceWindows', 0]);
    expect(result.error?.issues[0]?.message).toContain('"Mars/Olympus" is not an IANA time zone');
  });
});
