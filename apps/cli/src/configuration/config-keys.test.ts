import { createDefaultAgentConfig, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { checkConfigKey, MASK, maskSecrets, setConfigValue } from './config-keys.js';

describe('Function: setConfigValue', () => {
  it('reads numbers, lists and booleans as JSON and text as text', () => {
    // Prepare
    const config = createDefaultAgentConfig();

    // Act & Assess
    expect(setConfigValue(config, 'upgrade.bakeTimeSeconds', '600').upgrade.bakeTimeSeconds).toBe(600);
    expect(
      setConfigValue(config, 'upgrade.trafficShiftIntervals', '[20,100]').upgrade.trafficShiftIntervals,
    ).toEqual([20, 100]);
    expect(setConfigValue(config, 'bedrock.enabled', 'false').bedrock.enabled).toBe(false);
    expect(setConfigValue(config, 'eventBridge.source', 'team-a.upgrades').eventBridge.source).toBe(
      'team-a.upgrades',
    );
    expect(setConfigValue(config, 'parameterStore.kmsKeyId', 'alias/eks').parameterStore.kmsKeyId).toBe(
      'alias/eks',
    );
  });

  it('validates the whole configuration and names the field', () => {
    // Act & Assess
    expect(() =>
      setConfigValue(createDefaultAgentConfig(), 'upgrade.trafficShiftIntervals', '[50,10]'),
    ).toThrow(/upgrade\.trafficShiftIntervals: must be strictly increasing/);
    expect(() => checkConfigKey('upgrade.bake')).toThrow(ValidationError);
  });

  it.each(['agent.name', 'agent.version', 'aws.region', 'aws.accountId'])(
    'refuses the retired key %s like any unknown key',
    (key) => {
      let issues: unknown;
      try {
        checkConfigKey(key);
      } catch (error) {
        issues = ValidationError.isInstance(error) ? error.issues : error;
      }
      expect(issues).toEqual([
        { path: 'KEY', message: expect.stringContaining(`"${key}" is not a configuration key`) },
      ]);
    },
  );
});

describe('Function: maskSecrets', () => {
  it('masks string values under secret-looking keys at any depth, and leaves numbers alone', () => {
    // Act
    const masked = maskSecrets({
      a: { apiKey: 'k-123', nested: [{ password: 'p' }] },
      bedrock: { maxTokens: 4000 },
      name: 'x',
    });

    // Assess
    expect(masked).toEqual({
      a: { apiKey: MASK, nested: [{ password: MASK }] },
      bedrock: { maxTokens: 4000 },
      name: 'x',
    });
  });
});
