import { ExecutionInputSchema, ExecutionResultSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { AwsRoute53Traffic } from '../gateway/aws/aws-route53-traffic.js';
import { executeOrDeferStep } from '../phases/execution.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the execution phase: `ExecutionInput` → `StepResult`, or a `StepDeferral`. */
export const handler = createLambdaHandler({
  phase: 'execution',
  inputSchema: ExecutionInputSchema,
  outputSchema: ExecutionResultSchema,
  gateway: (region) =>
    new AwsClusterGateway({ eks: new AwsEksApi(region ? { region } : {}), traffic: new AwsRoute53Traffic() }),
  run: executeOrDeferStep,
});
