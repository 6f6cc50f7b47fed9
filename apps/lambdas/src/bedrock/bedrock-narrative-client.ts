import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { toAWSServiceError } from '@eks-upgrade/core-models';
import type { NarrativeClient, NarrativeRequest } from '../phases/dependencies.js';

/** Options of `BedrockNarrativeClient`: an injected client or a client configuration, not both. */
export type BedrockNarrativeClientOptions =
  | { region?: string; client?: BedrockRuntimeClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: BedrockRuntimeClientConfig };

/**
 * Writes the plan's narrative with the Bedrock Runtime Converse API. Failures become
 * `AWSServiceError`s (the planner then plans with the rules alone).
 *
 * @example
 * ```ts
 * const narrative = new BedrockNarrativeClient({ region: 'us-east-1' });
 * const plan = await planUpgrade({ request, snapshot }, { config, narrative });
 * ```
 */
export class BedrockNarrativeClient implements NarrativeClient {
  private readonly client: BedrockRuntimeClient;

  constructor(options: BedrockNarrativeClientOptions = {}) {
    this.client =
      options.client ??
      new BedrockRuntimeClient({
        ...(options.region ? { region: options.region } : {}),
        ...options.clientConfig,
      });
  }

  async summarize(request: NarrativeRequest, options: { abortSignal: AbortSignal }): Promise<string> {
    try {
      const response = await this.client.send(
        new ConverseCommand({
          modelId: request.modelId,
          system: [{ text: request.system }],
          messages: [{ role: 'user', content: [{ text: request.prompt }] }],
          // A temperature is sent only when configured: Claude 5 models refuse any but their own
          // default (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
          inferenceConfig: {
            maxTokens: request.maxTokens,
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
        }),
        { abortSignal: options.abortSignal },
      );
      const content = response.output?.message?.content ?? [];
      return content
        .map((block) => ('text' in block && typeof block.text === 'string' ? block.text : ''))
        .join('')
        .trim();
    } catch (error) {
      throw toAWSServiceError(error, {
        service: 'BedrockRuntime',
        operation: 'Converse',
        action: `ask Bedrock model ${request.modelId} for the plan narrative`,
      });
    }
  }
}
