import { AwsCloudWatchAlarms } from './aws-cloudwatch-alarms.js';
import { AwsClusterGateway } from './aws-cluster-gateway.js';
import { AwsEksApi } from './aws-eks-api.js';
import { AwsRoute53Traffic } from './aws-route53-traffic.js';

/** Options shared by the three SDK clients (region, credentials, endpoint, retries...). */
export interface CreateAwsClusterGatewayOptions {
  region?: string;
  /** Passed to each SDK client (e.g. `{ credentials, endpoint }`). */
  clientConfig?: Record<string, unknown>;
}

/**
 * An `AwsClusterGateway` with all three parts (EKS, Route 53, CloudWatch), for the CLI and
 * library users; the Lambda handlers build only the parts their phase needs.
 *
 * @example
 * ```ts
 * const gateway = createAwsClusterGateway({ region: 'eu-west-1' });
 * const snapshot = await perceiveCluster({ request }, { gateway });
 * ```
 */
export function createAwsClusterGateway(options: CreateAwsClusterGatewayOptions = {}): AwsClusterGateway {
  const shared = {
    ...(options.region ? { region: options.region } : {}),
    clientConfig: options.clientConfig ?? {},
  };
  return new AwsClusterGateway({
    eks: new AwsEksApi(shared),
    traffic: new AwsRoute53Traffic({
      ...shared,
      // Route 53 is global: keep its region at us-east-1 unless the caller pins an endpoint.
      region: 'us-east-1',
    }),
    alarms: new AwsCloudWatchAlarms(shared),
  });
}
