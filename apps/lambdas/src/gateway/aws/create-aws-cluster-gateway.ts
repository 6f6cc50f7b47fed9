import { AwsCloudWatchAlarms } from './aws-cloudwatch-alarms.js';
import { AwsClusterGateway } from './aws-cluster-gateway.js';
import { AwsEc2LaunchTemplates } from './aws-ec2-launch-templates.js';
import { AwsEksApi } from './aws-eks-api.js';
import { AwsEksPodIdentity } from './aws-eks-pod-identity.js';
import { AwsEksTagging } from './aws-eks-tagging.js';
import { AwsIamIdentity } from './aws-iam-identity.js';
import { AwsRoute53Traffic } from './aws-route53-traffic.js';

/** Options shared by the three SDK clients (region, credentials, endpoint, retries...). */
export interface CreateAwsClusterGatewayOptions {
  region?: string;
  /** Passed to each SDK client (e.g. `{ credentials, endpoint }`). */
  clientConfig?: Record<string, unknown>;
}

/**
 * An `AwsClusterGateway` with all its parts (EKS, EKS Pod Identity, EKS tags, IAM, Route 53, CloudWatch), for the CLI and
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
  const eks = new AwsEksApi(shared);
  return new AwsClusterGateway({
    eks,
    podIdentity: new AwsEksPodIdentity({ client: eks.client }),
    tagging: new AwsEksTagging({ client: eks.client }),
    iam: new AwsIamIdentity({ clientConfig: options.clientConfig ?? {} }),
    traffic: new AwsRoute53Traffic({
      ...shared,
      // Route 53 is global: keep its region at us-east-1 unless the caller pins an endpoint.
      region: 'us-east-1',
    }),
    alarms: new AwsCloudWatchAlarms(shared),
    // EC2 over its Query API, signed with the EKS client's region and default credential chain.
    ec2: new AwsEc2LaunchTemplates({
      region: eks.client.config.region,
      credentials: eks.client.config.credentials,
      ...(typeof options.clientConfig?.endpoint === 'string'
        ? { endpoint: options.clientConfig.endpoint }
        : {}),
    }),
  });
}
