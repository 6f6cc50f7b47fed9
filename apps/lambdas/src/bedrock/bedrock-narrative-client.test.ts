import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockNarrativeClient } from './bedrock-narrative-client.js';

const client = new BedrockRuntimeClient({ region: 'eu-west-1' });
const bedrock = mockClient(client);

afterEach(() => bedrock.reset());

const REQUEST = {
  modelId: 'eu.anthropic.claude-sonnet-4-6',
  maxTokens: 500,
  system: 'You review plans.',
  prompt: '{"cluster":"prod"}',
};

describe('Class: BedrockNarrativeClient', () => {
  it('sends no temperature unless one is configured, and joins the text blocks only', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves({
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'thinking' } } },
            { text: 'Low risk. ' },
            { text: 'One hop.' },
          ],
        },
      },
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      metrics: { latencyMs: 1 },
    });
    const narrative = new BedrockNarrativeClient({ client });

    // Act
    const text = await narrative.summarize(REQUEST, { abortSignal: new AbortController().signal });
    await narrative.summarize(
      { ...REQUEST, temperature: 0.2 },
      { abortSignal: new AbortController().signal },
    );

    // Assess
    expect(text).toBe('Low risk. One hop.');
    expect(bedrock.commandCalls(ConverseCommand).map((call) => call.args[0].input)).toEqual([
      {
        modelId: 'eu.anthropic.claude-sonnet-4-6',
        system: [{ text: 'You review plans.' }],
        messages: [{ role: 'user', content: [{ text: '{"cluster":"prod"}' }] }],
        inferenceConfig: { maxTokens: 500 },
      },
      {
        modelId: 'eu.anthropic.claude-sonnet-4-6',
        system: [{ text: 'You review plans.' }],
        messages: [{ role: 'user', content: [{ text: '{"cluster":"prod"}' }] }],
        inferenceConfig: { maxTokens: 500, temperature: 0.2 },
      },
    ]);
  });

  it('turns a refusal into an AWSServiceError naming the model', async () => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error('The provided model identifier is invalid.'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const narrative = new BedrockNarrativeClient({ client });

    // Act
    const error = await narrative
      .summarize(REQUEST, { abortSignal: new AbortController().signal })
      .catch((caught: unknown) => caught);

    // Assess
    expect(AWSServiceError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('eu.anthropic.claude-sonnet-4-6');
    expect((error as Error).cause).toBeDefined();
  });
});
