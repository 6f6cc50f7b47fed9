import { RollbackInputSchema, RollbackResultSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { AwsEksPodIdentity } from '../gateway/aws/aws-eks-pod-identity.js';
import { AwsIamIdentity } from '../gateway/aws/aws-iam-identity.js';
import { AwsRoute53Traffic } from '../gateway/aws/aws-route53-traffic.js';
import { rollbackUpgradeFromParsedInput } from '../phases/rollback.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the rollback phase: `RollbackInput` → `RollbackResult`. */
export const handler = createLambdaHandler({
  phase: 'rollback',
  inputSchema: RollbackInputSchema,
  outputSchema: RollbackResultSchema,
  gateway: (region) => {
    const eks = new AwsEksApi(region ? { region } : {});
    // Blue/green copies Pod Identity associations (EKS, same client) and sets up IRSA on green (IAM).
    return new AwsClusterGateway({
      eks,
      traffic: new AwsRoute53Traffic(),
      podIdentity: new AwsEksPodIdentity({ client: eks.client }),
      iam: new AwsIamIdentity(),
    });
  },
  run: rollbackUpgradeFromParsedInput,
});
