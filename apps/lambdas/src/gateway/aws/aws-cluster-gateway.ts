import { ConfigurationError } from '@eks-upgrade/core-models';
import { type AbsentPartOperation, composedGatewayClass, type GatewayRoutes } from '../compose-gateway.js';
import type { AlarmOperations } from './aws-cloudwatch-alarms.js';
import type { LaunchTemplateOperations } from './aws-ec2-launch-templates.js';
import type { EksOperations } from './aws-eks-api.js';
import type { PodIdentityOperations } from './aws-eks-pod-identity.js';
import type { EksTaggingOperations } from './aws-eks-tagging.js';
import type { IamIdentityOperations } from './aws-iam-identity.js';
import type { TrafficOperations } from './aws-route53-traffic.js';

/** The parts an `AwsClusterGateway` is made of; a Lambda bundle only carries the SDK clients it passes. */
export interface AwsClusterGatewayParts {
  /** EKS (every phase but reasoning). */
  readonly eks?: EksOperations;
  /** Route 53 weighted records (blue/green traffic). */
  readonly traffic?: TrafficOperations;
  /** CloudWatch alarms (validation). */
  readonly alarms?: AlarmOperations;
  /** EKS Pod Identity associations (blue/green: copied to green). */
  readonly podIdentity?: PodIdentityOperations;
  /** IAM OIDC providers and role trust (blue/green: IRSA on green). */
  readonly iam?: IamIdentityOperations;
  /** EKS tags (blue/green: green loses the green tag once it is production). */
  readonly tagging?: EksTaggingOperations;
  /** EC2 launch templates (blue/green perception: what a node group's template pins of blue). */
  readonly ec2?: LaunchTemplateOperations;
}

/** The service each part calls, as error messages name it. */
const CLIENT_OF_PART: Readonly<Record<keyof AwsClusterGatewayParts, string>> = {
  eks: 'EKS',
  traffic: 'Route 53',
  alarms: 'CloudWatch',
  podIdentity: 'EKS',
  iam: 'IAM',
  tagging: 'EKS',
  ec2: 'EC2',
};

/** Which part answers each gateway operation (checked against the parts' types). */
const AWS_GATEWAY_ROUTES: GatewayRoutes<AwsClusterGatewayParts> = {
  describeCluster: 'eks',
  listNodegroups: 'eks',
  listNodegroupNames: 'eks',
  listFargateProfiles: 'eks',
  listAddons: 'eks',
  describeAddonVersions: 'eks',
  listInsights: 'eks',
  startInsightsRefresh: 'eks',
  describeInsightsRefresh: 'eks',
  describeClusterVersions: 'eks',
  listUpdateIds: 'eks',
  describeUpdate: 'eks',
  updateClusterVersion: 'eks',
  updateAddon: 'eks',
  updateNodegroupVersion: 'eks',
  updateNodegroupConfig: 'eks',
  createCluster: 'eks',
  describeNodegroup: 'eks',
  createNodegroup: 'eks',
  describeAddon: 'eks',
  createAddon: 'eks',
  describeFargateProfile: 'eks',
  createFargateProfile: 'eks',
  deleteFargateProfile: 'eks',
  listAccessEntries: 'eks',
  createAccessEntry: 'eks',
  deleteNodegroup: 'eks',
  deleteCluster: 'eks',
  getTrafficWeights: 'traffic',
  readTrafficRecords: 'traffic',
  setTrafficWeights: 'traffic',
  getTrafficChangeStatus: 'traffic',
  describeAlarms: 'alarms',
  listPodIdentityAssociations: 'podIdentity',
  createPodIdentityAssociation: 'podIdentity',
  findOidcProvider: 'iam',
  createOidcProvider: 'iam',
  deleteOidcProvider: 'iam',
  untagOidcProvider: 'iam',
  untagEksResource: 'tagging',
  getRoleTrust: 'iam',
  updateRoleTrust: 'iam',
  describeLaunchTemplateVersions: 'ec2',
};

const absentAwsPart: AbsentPartOperation<AwsClusterGatewayParts> = (part, operation) => {
  const client = CLIENT_OF_PART[part];
  return async (...args: unknown[]) => {
    // DescribeAlarms for no names asks CloudWatch nothing (AwsCloudWatchAlarms makes no call
    // either), so validation without alarms needs no CloudWatch client.
    if (operation === 'describeAlarms' && Array.isArray(args[0]) && args[0].length === 0) return [];
    throw new ConfigurationError(
      `This cluster gateway has no ${client} client, so it cannot ${operation}; pass one as the '${part}' part of the AwsClusterGateway`,
      { key: client },
    );
  };
};

/**
 * The cluster gateway over AWS: EKS (`AwsEksApi`), Route 53 (`AwsRoute53Traffic`) and
 * CloudWatch (`AwsCloudWatchAlarms`). Built from parts so each Lambda bundle carries only the
 * SDK clients its phase uses; `createAwsClusterGateway()` builds all three. Each operation is
 * the bound method of the part that implements it; calling one whose part was not given
 * rejects with a `ConfigurationError` naming the missing client.
 *
 * @example
 * ```ts
 * const gateway = new AwsClusterGateway({ eks: new AwsEksApi({ region }), traffic: new AwsRoute53Traffic() });
 * const snapshot = await perceiveCluster({ request }, { gateway });
 * ```
 */
export class AwsClusterGateway extends composedGatewayClass<AwsClusterGatewayParts>(
  AWS_GATEWAY_ROUTES,
  absentAwsPart,
) {}
