import { ExecutionInputSchema, ExecutionPhaseResultSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { AwsEksPodIdentity } from '../gateway/aws/aws-eks-pod-identity.js';
import { AwsEksTagging } from '../gateway/aws/aws-eks-tagging.js';
import { AwsIamIdentity } from '../gateway/aws/aws-iam-identity.js';
import { AwsRoute53Traffic } from '../gateway/aws/aws-route53-traffic.js';
import { executeOrDeferStepFromParsedInput } from '../phases/execution.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the execution phase: `ExecutionInput` → `StepResult`, or a `StepDeferral`. */
export const handler = createLambdaHandler({
  phase: 'execution',
  inputSchema: ExecutionInputSchema,
  outputSchema: ExecutionPhaseResultSchema,
  gateway: (region) => {
    const eks = new AwsEksApi(region ? { region } : {});
    // Blue/green copies Pod Identity associations (EKS, same client), sets up IRSA on green (IAM)
    // and, at blue's decommission, takes the green tag off green (EKS and IAM).
    return new AwsClusterGateway({
      eks,
      traffic: new AwsRoute53Traffic(),
      podIdentity: new AwsEksPodIdentity({ client: eks.client }),
      iam: new AwsIamIdentity(),
      tagging: new AwsEksTagging({ client: eks.client }),
    });
  },
  // The event is parsed once, here (createLambdaHandler), not again by the phase.
  run: executeOrDeferStepFromParsedInput,
});
