import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { checkConfigKey, setConfigValue } from './config-keys.js';

describe('Configuration key: upgrade.maintenanceWindows', () => {
  it('is a key whose value, a JSON list of windows, is checked as a whole before it is written', () => {
    expect(checkConfigKey('upgrade.maintenanceWindows')).toEqual(['upgrade', 'maintenanceWindows']);
    const config = setConfigValue(
      createDefaultAgentConfig(),
      'upgrade.maintenanceWindows',
      '["Tue,Thu 22:00-04:00 Europe/Berlin"]',
    );
    expect(config.upgrade.maintenanceWindows).toEqual(['Tue,Thu 22:00-04:00 Europe/Berlin']);
    expect(() =>
      setConfigValue(createDefaultAgentConfig(), 'upgrade.maintenanceWindows', '["Tue 22:00-04:00 Berlin"]'),
    ).toThrow('"Berlin" is not an IANA time zone');
  });
});
