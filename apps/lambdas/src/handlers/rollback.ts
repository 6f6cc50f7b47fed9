import { RollbackInputSchema, RollbackResultSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { AwsRoute53Traffic } from '../gateway/aws/aws-route53-traffic.js';
import { rollbackUpgrade } from '../phases/rollback.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the rollback phase: `RollbackInput` → `RollbackResult`. */
export const handler = createLambdaHandler({
  phase: 'rollback',
  inputSchema: RollbackInputSchema,
  outputSchema: RollbackResultSchema,
  gateway: (region) =>
    new AwsClusterGateway({ eks: new AwsEksApi(region ? { region } : {}), traffic: new AwsRoute53Traffic() }),
  run: rollbackUpgrade,
});
