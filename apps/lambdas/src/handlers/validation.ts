import { ValidationInputSchema, ValidationResultSchema } from '@eks-upgrade/core-models';
import { AwsCloudWatchAlarms } from '../gateway/aws/aws-cloudwatch-alarms.js';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { AwsRoute53Traffic } from '../gateway/aws/aws-route53-traffic.js';
import { validateUpgradeFromParsedInput } from '../phases/validation.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the validation phase: `ValidationInput` → `ValidationResult`. */
export const handler = createLambdaHandler({
  phase: 'validation',
  inputSchema: ValidationInputSchema,
  outputSchema: ValidationResultSchema,
  gateway: (region) =>
    new AwsClusterGateway({
      eks: new AwsEksApi(region ? { region } : {}),
      traffic: new AwsRoute53Traffic(),
      alarms: new AwsCloudWatchAlarms(region ? { region } : {}),
    }),
  // The event is parsed once, here (createLambdaHandler), not again by the phase.
  run: validateUpgradeFromParsedInput,
});
