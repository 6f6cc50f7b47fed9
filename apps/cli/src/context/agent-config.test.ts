import { AGENT_CONFIG_NAME, createDefaultAgentConfig, ValidationError } from '@eks-upgrade/core-models';
import { LocalParameterStore, type SSMClient } from '@eks-upgrade/params';
import { describe, expect, it, vi } from 'vitest';
import { loadAgentConfig, parameterPrefixOf, readStoredAgentConfig } from './agent-config.js';
import type { CommandRuntime } from './command-context.js';

/** A command runtime whose Parameter Store is `store` and whose warnings are recorded. */
function runtimeWith(store: LocalParameterStore) {
  const warn = vi.fn();
  const parameters = vi.fn(async () => store as unknown as SSMClient);
  const context = { services: { parameters }, log: { warn } } as unknown as CommandRuntime;
  return { context, warn, parameters };
}

describe('Function: loadAgentConfig (CLI)', () => {
  it('reads the configuration under <prefix>config/, the name the functions read', async () => {
    // Prepare
    const store = new LocalParameterStore({ parameterPrefix: '/team-a/' });
    await store.putConfiguration({ upgrade: { bakeTimeSeconds: 900 } }, AGENT_CONFIG_NAME);
    const { context, warn, parameters } = runtimeWith(store);

    // Act
    const config = await loadAgentConfig(context, { prefix: '/team-a/' });

    // Assess
    expect(config.upgrade.bakeTimeSeconds).toBe(900);
    expect(parameters).toHaveBeenCalledExactlyOnceWith({ parameterPrefix: '/team-a/' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('uses the defaults with a warning that says where nothing was found', async () => {
    const { context, warn } = runtimeWith(new LocalParameterStore());

    const config = await loadAgentConfig(context, {});

    expect(config).toEqual(createDefaultAgentConfig());
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      'no configuration stored under /eks-upgrade-agent/config/; using the defaults (eks-upgrade config init stores them)',
    );
  });

  it('reads a configuration an earlier version stored, warning about the keys it retired', async () => {
    // Prepare: what `config init` of an earlier version wrote
    const store = new LocalParameterStore();
    await store.putConfiguration(
      { agent: { name: 'eks-upgrade-agent', version: '1.0.0' }, aws: { region: 'us-east-1' } },
      AGENT_CONFIG_NAME,
    );
    const { context, warn } = runtimeWith(store);

    // Act
    const config = await loadAgentConfig(context, {});
    const stored = await readStoredAgentConfig(store as unknown as SSMClient);

    // Assess
    expect(config).toEqual(createDefaultAgentConfig());
    expect(stored).toEqual(createDefaultAgentConfig());
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      'the stored configuration has keys this version no longer uses (agent.name, agent.version, aws.region); they are ignored, and eks-upgrade config set or import removes them',
    );
  });
});

describe('Function: parameterPrefixOf', () => {
  it('takes --prefix when it is a path and refuses one that is not', () => {
    expect(parameterPrefixOf({})).toBe('/eks-upgrade-agent/');
    expect(parameterPrefixOf({ prefix: '/team-a/' })).toBe('/team-a/');
    expect(() => parameterPrefixOf({ prefix: 'team-a' })).toThrow(ValidationError);
  });
});
