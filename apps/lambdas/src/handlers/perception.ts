import { ClusterSnapshotSchema, PerceptionInputSchema } from '@eks-upgrade/core-models';
import { AwsClusterGateway } from '../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../gateway/aws/aws-eks-api.js';
import { perceiveCluster } from '../phases/perception.js';
import { createLambdaHandler } from './lambda-runtime.js';

/** Lambda entry point of the perception phase: `PerceptionInput` → `ClusterSnapshot`. */
export const handler = createLambdaHandler({
  phase: 'perception',
  inputSchema: PerceptionInputSchema,
  outputSchema: ClusterSnapshotSchema,
  gateway: (region) => new AwsClusterGateway({ eks: new AwsEksApi(region ? { region } : {}) }),
  run: perceiveCluster,
});
