import { ReasoningInputSchema, UpgradePlanSchema } from '@eks-upgrade/core-models';
import { BedrockNarrativeClient } from '../bedrock/bedrock-narrative-client.js';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { planUpgradeFromParsedInput } from '../phases/reasoning.js';
import { withExecutionDeadline } from './execution-deadline.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the reasoning phase: `ReasoningInput` → `UpgradePlan`. */
export const handler = createLambdaHandler({
  phase: 'reasoning',
  inputSchema: ReasoningInputSchema,
  outputSchema: UpgradePlanSchema,
  // Reasoning plans from the snapshot alone: no SDK client but Bedrock's in its bundle.
  gateway: () => new AwsClusterGateway({}),
  narrative: (region) => new BedrockNarrativeClient(region ? { region } : {}),
  // The event is parsed once, here (createLambdaHandler), not again by the phase.
  run: async (input, dependencies) =>
    withExecutionDeadline(await planUpgradeFromParsedInput(input, dependencies), input.deadline),
});
