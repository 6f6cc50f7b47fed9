/**
 * The IAM permissions each Route 53 method of the cluster gateway (`AwsRoute53Traffic` in
 * aws-route53-traffic.ts) needs. Actions and resource types are from the Service Authorization
 * Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html
 */
import type { IamGrant, IamResource } from './aws-gateway-iam.js';
import type { TrafficOperations } from './aws-route53-traffic.js';

const HOSTED_ZONE: IamResource = { kind: 'route53-hosted-zone' };

/**
 * The IAM permissions of each `AwsRoute53Traffic` method: the weighted records are read (also
 * before a change) in any hosted zone and changed only in the hosted zones the configuration
 * names (`permissions.hostedZoneIds`); a change's status is read on the change.
 *
 * @example
 * ```ts
 * ROUTE53_OPERATION_GRANTS.setTrafficWeights[0]?.action; // 'route53:ChangeResourceRecordSets'
 * ```
 */
export const ROUTE53_OPERATION_GRANTS = {
  getTrafficWeights: [{ action: 'route53:ListResourceRecordSets', resources: [HOSTED_ZONE] }],
  readTrafficRecords: [{ action: 'route53:ListResourceRecordSets', resources: [HOSTED_ZONE] }],
  // Without a read given, the record sets are read first: the batch DELETEs each as read.
  setTrafficWeights: [
    { action: 'route53:ListResourceRecordSets', resources: [HOSTED_ZONE] },
    { action: 'route53:ChangeResourceRecordSets', resources: [HOSTED_ZONE], scope: 'configured' },
  ],
  getTrafficChangeStatus: [{ action: 'route53:GetChange', resources: [{ kind: 'route53-change' }] }],
} as const satisfies Record<keyof TrafficOperations, readonly IamGrant[]>;
