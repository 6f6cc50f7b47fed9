import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { BedrockNarrativeClient } from '../bedrock/bedrock-narrative-client.js';
import { config, request, snapshot } from './__fixtures__/snapshots.js';
import { planUpgrade } from './reasoning.js';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('Function: planUpgrade', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  beforeEach(() => {
    bedrock.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds the Bedrock narrative when Bedrock is on', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves({
      output: {
        message: { role: 'assistant', content: [{ text: 'Moderate risk: two hops; watch CoreDNS.' }] },
      },
      stopReason: 'end_turn',
      usage: { inputTokens: 812, outputTokens: 14, totalTokens: 826 },
      metrics: { latencyMs: 950 },
    });
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true }), narrative, clock: { now: () => NOW } },
    );

    // Assess
    expect(plan.source).toBe('rules+bedrock');
    expect(plan.narrative).toBe('Moderate risk: two hops; watch CoreDNS.');
    expect(plan.narrativeUnavailableReason).toBeUndefined();
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, {
      // The default model through its global inference profile; no temperature unless configured.
      modelId: 'global.anthropic.claude-sonnet-4-6',
      inferenceConfig: { maxTokens: 4000 },
    });
  });

  it("blocks a plan that does not fit the budget the workflow's deadline leaves the steps", async () => {
    // Act: the in-place fixture plan typically takes 7,680 s.
    const fits = await planUpgrade(
      {
        request: request(),
        snapshot: snapshot(),
        deadline: { startedAt: NOW.toISOString(), budgetSeconds: 7680 },
      },
      { config: config(), clock: { now: () => NOW } },
    );
    const tooLong = await planUpgrade(
      {
        request: request(),
        snapshot: snapshot(),
        deadline: { startedAt: NOW.toISOString(), budgetSeconds: 7679 },
      },
      { config: config(), clock: { now: () => NOW } },
    );

    // Assess
    expect(fits.estimatedDurationSeconds).toBe(7680);
    expect(fits.blocked).toBe(false);
    expect(tooLong.blocked).toBe(true);
    expect(tooLong.blockers.map((blocker) => blocker.code)).toEqual(['EXECUTION_TIMEOUT_TOO_SHORT']);
    expect(tooLong.blockers[0]?.message).toContain(
      'longer than the 2 h 8 min (7679 s) the workflow gives the steps',
    );
  });

  it('plans with the rules alone when Bedrock is off, without calling it', async () => {
    // Prepare
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config(), narrative },
    );

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrativeUnavailableReason).toMatch(/disabled/);
    expect(bedrock).not.toHaveReceivedCommand(ConverseCommand);
    expect(plan.steps).toHaveLength(12);
  });

  it('plans with the rules alone when Bedrock fails, saying why', async () => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error("You don't have access to the model with the specified model ID."), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403, requestId: 'req-1' },
      }),
    );
    const narrative = new BedrockNarrativeClient({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    });

    // Act
    const plan = await planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true }), narrative },
    );

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrative).toBeUndefined();
    expect(plan.narrativeUnavailableReason).toMatch(/^Bedrock failed: .*AccessDeniedException/);
    expect(plan.steps).toHaveLength(12);
  });

  it('plans with the rules alone when Bedrock is slower than the timeout, and aborts the call', async () => {
    // Prepare
    vi.useFakeTimers();
    let aborted = false;
    const narrative = {
      summarize: (_request: unknown, options: { abortSignal: AbortSignal }) =>
        new Promise<string>((_resolve, reject) => {
          options.abortSignal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };

    // Act
    const pending = planUpgrade(
      { request: request(), snapshot: snapshot() },
      { config: config({ bedrockEnabled: true, timeoutSeconds: 5 }), narrative },
    );
    await vi.advanceTimersByTimeAsync(5000);
    const plan = await pending;

    // Assess
    expect(plan.source).toBe('rules');
    expect(plan.narrativeUnavailableReason).toBe('Bedrock did not answer within 5s');
    expect(aborted).toBe(true);
  });

  it('rejects an input that breaks the contract', async () => {
    // Act & Assess
    await expect(
      planUpgrade({ request: { clusterName: 'prod' }, snapshot: snapshot() } as never, { config: config() }),
    ).rejects.toThrow(/request\.targetVersion/);
  });
});
