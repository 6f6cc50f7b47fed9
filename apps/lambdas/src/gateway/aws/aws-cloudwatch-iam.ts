/**
 * The IAM permissions each CloudWatch method of the cluster gateway (`AwsCloudWatchAlarms` in
 * aws-cloudwatch-alarms.ts) needs. Actions are from the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 */
import type { AlarmOperations } from './aws-cloudwatch-alarms.js';
import type { IamGrant } from './aws-gateway-iam.js';

/**
 * The IAM permissions of each `AwsCloudWatchAlarms` method.
 *
 * @example
 * ```ts
 * CLOUDWATCH_OPERATION_GRANTS.describeAlarms[0]?.resources; // [{ kind: 'any', reason: '…' }]
 * ```
 */
export const CLOUDWATCH_OPERATION_GRANTS = {
  describeAlarms: [
    {
      action: 'cloudwatch:DescribeAlarms',
      resources: [
        {
          kind: 'any',
          reason:
            'validation reads composite alarms too, which DescribeAlarms returns only to a permission scoped to * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html)',
        },
      ],
    },
  ],
} as const satisfies Record<keyof AlarmOperations, readonly IamGrant[]>;
