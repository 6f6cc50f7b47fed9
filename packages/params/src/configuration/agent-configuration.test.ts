import {
  AGENT_CONFIG_NAME,
  ConfigurationError,
  createDefaultAgentConfig,
  ValidationError,
} from '@eks-upgrade/core-models';
import { describe, expect, it, vi } from 'vitest';
import { LocalParameterStore } from '../local/local-parameter-store.js';
import { loadAgentConfig, readAgentConfig } from './agent-configuration.js';

const PREFIX = '/eks-upgrade-agent/';

describe('Function: readAgentConfig', () => {
  it('reads the configuration stored under <prefix>config/ with the defaults filled in', async () => {
    // Prepare
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    await store.putConfiguration({ upgrade: { bakeTimeSeconds: 600 } }, AGENT_CONFIG_NAME);

    // Act
    const config = await readAgentConfig(store);

    // Assess
    expect(config).toEqual({
      ...createDefaultAgentConfig(),
      upgrade: { ...createDefaultAgentConfig().upgrade, bakeTimeSeconds: 600 },
    });
  });

  it('is undefined when nothing is stored', async () => {
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    expect(await readAgentConfig(store)).toBeUndefined();
    expect(await readAgentConfig(store, { configName: 'other' })).toBeUndefined();
  });

  it('reads a configuration an earlier version stored, without the keys it retired', async () => {
    // Prepare: what `config init` of an earlier version wrote
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    await store.putConfiguration(
      {
        agent: { name: 'eks-upgrade-agent', version: '1.0.0', logLevel: 'WARN' },
        aws: { region: 'us-east-1' },
      },
      AGENT_CONFIG_NAME,
    );
    const onRetiredKeys = vi.fn();

    // Act
    const config = await readAgentConfig(store, { onRetiredKeys });
    await store.putConfiguration(config!, AGENT_CONFIG_NAME);

    // Assess
    expect(config?.agent).toEqual({ logLevel: 'WARN', maxConcurrentUpgrades: 1 });
    expect(onRetiredKeys).toHaveBeenCalledExactlyOnceWith(
      ['agent.name', 'agent.version', 'aws.region'],
      AGENT_CONFIG_NAME,
    );
    const names = (await store.listParameters(`${PREFIX}${AGENT_CONFIG_NAME}/`)).map((p) => p.name);
    expect(names).not.toContain(`${PREFIX}config/agent/name`);
    expect(names).not.toContain(`${PREFIX}config/aws/region`);
    expect(names).toContain(`${PREFIX}config/agent/logLevel`);
  });

  it('throws a ValidationError naming an invalid stored value', async () => {
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    await store.putConfiguration({ upgrade: { bakeTimeSeconds: 0 } }, AGENT_CONFIG_NAME);

    const error = await readAgentConfig(store).catch((caught: unknown) => caught);

    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('configuration "config"');
    expect((error as Error).message).toContain('upgrade.bakeTimeSeconds: must be at least 1 second');
  });

  it('passes on a failure other than "not found"', async () => {
    const failure = new ConfigurationError('Configuration "config" cannot be read: parameter x is bad', {
      key: '/eks-upgrade-agent/config/x',
    });
    const store = { getConfiguration: vi.fn(async () => Promise.reject(failure)) };

    await expect(readAgentConfig(store)).rejects.toBe(failure);
  });
});

describe('Function: loadAgentConfig', () => {
  it('uses the defaults and says so when nothing is stored', async () => {
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    const onDefaults = vi.fn();

    const config = await loadAgentConfig(store, { onDefaults });

    expect(config).toEqual(createDefaultAgentConfig());
    expect(onDefaults).toHaveBeenCalledExactlyOnceWith(AGENT_CONFIG_NAME);
  });

  it('returns the stored configuration without calling onDefaults', async () => {
    const store = new LocalParameterStore({ parameterPrefix: PREFIX });
    await store.putConfiguration({ agent: { logLevel: 'DEBUG' } }, 'team-a');
    const onDefaults = vi.fn();

    const config = await loadAgentConfig(store, { configName: 'team-a', onDefaults });

    expect(config.agent.logLevel).toBe('DEBUG');
    expect(onDefaults).not.toHaveBeenCalled();
  });
});
