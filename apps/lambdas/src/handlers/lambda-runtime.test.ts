import {
  AWSServiceError,
  ConfigurationError,
  createDefaultAgentConfig,
  PerceptionInputSchema,
  toAWSServiceError,
} from '@eks-upgrade/core-models';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { CONFIG_MAX_AGE_MS, createLambdaHandler } from './lambda-runtime.js';

const loadAgentConfig = vi.hoisted(() => vi.fn());
vi.mock('../config/load-agent-config.js', () => ({ loadAgentConfig }));

const OutputSchema = z.object({ clusterName: z.string(), addons: z.number() });

function makeHandler(
  run = vi.fn(async (_input: unknown, _dependencies: unknown) => ({ clusterName: 'demo', addons: 3 })),
) {
  const gateway = vi.fn(() => new SimulatedClusterGateway(DEMO_SCENARIO));
  const handler = createLambdaHandler({
    phase: 'perception',
    inputSchema: PerceptionInputSchema,
    outputSchema: OutputSchema,
    gateway,
    run,
  });
  return { handler, gateway, run };
}

describe('Function: createLambdaHandler', () => {
  beforeEach(() => {
    loadAgentConfig.mockReset();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.EKS_UPGRADE_CONFIG_PATH = '/team-a/';
  });

  it('builds dependencies once per container and reuses them across invocations', async () => {
    // Prepare
    loadAgentConfig.mockResolvedValue(createDefaultAgentConfig());
    const { handler, gateway, run } = makeHandler();

    // Act
    const first = await handler({ request: { clusterName: 'demo', targetVersion: '1.31' } });
    await handler({ request: { clusterName: 'demo', targetVersion: '1.31' } });

    // Assess
    expect(first).toEqual({ clusterName: 'demo', addons: 3 });
    expect(loadAgentConfig).toHaveBeenCalledTimes(1);
    expect(loadAgentConfig).toHaveBeenCalledWith(expect.objectContaining({ parameterPrefix: '/team-a/' }));
    expect(gateway).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run.mock.calls[0]?.[0]).toEqual({
      request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
    });
  });

  describe('configuration age', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reads the configuration again once it is older than CONFIG_MAX_AGE_MS', async () => {
      // Prepare: a warm container, then an operator changes the bake time.
      vi.useFakeTimers({ now: 0, toFake: ['Date'] });
      const changed = createDefaultAgentConfig();
      changed.upgrade.bakeTimeSeconds = 900;
      loadAgentConfig.mockResolvedValueOnce(createDefaultAgentConfig()).mockResolvedValueOnce(changed);
      const { handler, run } = makeHandler();
      const payload = { request: { clusterName: 'demo', targetVersion: '1.31' } };

      // Act
      await handler(payload);
      vi.setSystemTime(CONFIG_MAX_AGE_MS);
      await handler(payload);
      vi.setSystemTime(CONFIG_MAX_AGE_MS + 1);
      await handler(payload);

      // Assess: the second call is within the age and reuses; the third reads the new value.
      expect(loadAgentConfig).toHaveBeenCalledTimes(2);
      const bakeTimes = run.mock.calls.map(
        (call) =>
          (call[1] as { config: { upgrade: { bakeTimeSeconds: number } } }).config.upgrade.bakeTimeSeconds,
      );
      expect(bakeTimes).toEqual([300, 300, 900]);
    });
  });

  it('rejects a bad payload with a ValidationError before loading anything', async () => {
    // Prepare
    const { handler, run } = makeHandler();

    // Act
    const error = await handler({ request: { clusterName: 'demo' } }).catch((caught) => caught);

    // Assess
    expect(error.name).toBe('ValidationError');
    expect(loadAgentConfig).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();
  });

  it('retries the configuration on the next invocation after it failed to load', async () => {
    // Prepare
    loadAgentConfig
      .mockRejectedValueOnce(
        new ConfigurationError('Configuration "config" cannot be read: parameter x is not JSON'),
      )
      .mockResolvedValueOnce(createDefaultAgentConfig());
    const { handler } = makeHandler();
    const payload = { request: { clusterName: 'demo', targetVersion: '1.31' } };

    // Act
    const error = await handler(payload).catch((caught) => caught);
    const second = await handler(payload);

    // Assess
    expect(error.name).toBe('ConfigurationError');
    expect(second).toEqual({ clusterName: 'demo', addons: 3 });
    expect(loadAgentConfig).toHaveBeenCalledTimes(2);
  });

  it('validates the output and keeps the error name of the phase', async () => {
    // Prepare
    loadAgentConfig.mockResolvedValue(createDefaultAgentConfig());
    const { handler } = makeHandler(vi.fn(async () => ({ clusterName: 'demo' }) as never));

    // Act
    const error = await handler({ request: { clusterName: 'demo', targetVersion: '1.31' } }).catch(
      (caught) => caught,
    );

    // Assess
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/perception output: addons/);
  });

  it('reports a retryable AWS failure as AWSServiceError.Retryable and a non-retryable one as AWSServiceError', async () => {
    // Prepare
    loadAgentConfig.mockResolvedValue(createDefaultAgentConfig());
    const context = { service: 'EKS', operation: 'DescribeCluster' };
    const throttled = toAWSServiceError({ name: 'ThrottlingException', message: 'Rate exceeded' }, context);
    const denied = toAWSServiceError({ name: 'AccessDeniedException', message: 'no' }, context);
    const { handler } = makeHandler(
      vi.fn().mockRejectedValueOnce(throttled).mockRejectedValueOnce(denied) as never,
    );
    const request = { request: { clusterName: 'demo', targetVersion: '1.31' } };

    // Act
    const first = await handler(request).catch((caught) => caught);
    const second = await handler(request).catch((caught) => caught);

    // Assess: the workflow's Retry matches the first name; the Catch sees the second as before
    expect(first).toBe(throttled);
    expect(first.name).toBe('AWSServiceError.Retryable');
    expect(AWSServiceError.isInstance(first)).toBe(true);
    expect(second).toBe(denied);
    expect(second.name).toBe('AWSServiceError');
  });
});
