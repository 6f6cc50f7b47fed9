import { AGENT_CONFIG_NAME, createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { LocalParameterStore } from '@eks-upgrade/params';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAgentConfig } from './load-agent-config.js';

/** The store the mocked SSMClient reads, and the options it was built with. */
const ssm = vi.hoisted(() => ({ store: undefined as unknown, built: [] as unknown[] }));
vi.mock('@eks-upgrade/params', async (importOriginal) => {
  const original = await importOriginal<typeof import('@eks-upgrade/params')>();
  return {
    ...original,
    SSMClient: class {
      constructor(options: unknown) {
        ssm.built.push(options);
      }
      getConfiguration(...args: Parameters<LocalParameterStore['getConfiguration']>) {
        return (ssm.store as LocalParameterStore).getConfiguration(...args);
      }
    },
  };
});

describe('Function: loadAgentConfig (Lambda functions)', () => {
  beforeEach(() => {
    ssm.built = [];
  });

  it('reads <prefix>config/, the name the CLI writes, from SSM in the given region', async () => {
    // Prepare
    const store = new LocalParameterStore({ parameterPrefix: '/team-a/' });
    await store.putConfiguration({ upgrade: { bakeTimeSeconds: 900 } }, AGENT_CONFIG_NAME);
    ssm.store = store;
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

    // Act
    const config = await loadAgentConfig({ parameterPrefix: '/team-a/', region: 'eu-west-1', logger });

    // Assess
    expect(config.upgrade.bakeTimeSeconds).toBe(900);
    expect(ssm.built).toEqual([{ parameterPrefix: '/team-a/', region: 'eu-west-1' }]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('uses the defaults with a warning when nothing is stored, and names retired keys it ignores', async () => {
    // Prepare
    const empty = new LocalParameterStore();
    const old = new LocalParameterStore();
    await old.putConfiguration({ agent: { name: 'eks-upgrade-agent' } }, AGENT_CONFIG_NAME);
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

    // Act
    ssm.store = empty;
    const defaults = await loadAgentConfig({ logger });
    ssm.store = old;
    const fromOld = await loadAgentConfig({ logger });

    // Assess
    expect(defaults).toEqual(createDefaultAgentConfig());
    expect(fromOld).toEqual(createDefaultAgentConfig());
    expect(ssm.built).toEqual([
      { parameterPrefix: '/eks-upgrade-agent/' },
      { parameterPrefix: '/eks-upgrade-agent/' },
    ]);
    expect(logger.warn.mock.calls).toEqual([
      [
        'No stored configuration; using the defaults',
        { parameterPrefix: '/eks-upgrade-agent/', configName: AGENT_CONFIG_NAME },
      ],
      [
        'The stored configuration has keys this version no longer uses; ignoring them',
        {
          parameterPrefix: '/eks-upgrade-agent/',
          configName: AGENT_CONFIG_NAME,
          retiredKeys: ['agent.name'],
        },
      ],
    ]);
  });
});
