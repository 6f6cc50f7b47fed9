import { ClusterSnapshotSchema, PerceptionInputSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEc2LaunchTemplates } from '../gateway/aws/aws-ec2-launch-templates.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { perceiveClusterFromParsedInput } from '../phases/perception.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the perception phase: `PerceptionInput` → `ClusterSnapshot`. */
export const handler = createLambdaHandler({
  phase: 'perception',
  inputSchema: PerceptionInputSchema,
  outputSchema: ClusterSnapshotSchema,
  gateway: (region) => {
    const eks = new AwsEksApi(region ? { region } : {});
    // Blue/green reads node groups' launch templates: EC2 in the request's region, signed with
    // the EKS client's default credential chain (the function's role).
    const ec2 = new AwsEc2LaunchTemplates({
      region: eks.client.config.region,
      credentials: eks.client.config.credentials,
    });
    return new AwsClusterGateway({ eks, ec2 });
  },
  // The event is parsed once, here (createLambdaHandler), not again by the phase.
  run: perceiveClusterFromParsedInput,
});
