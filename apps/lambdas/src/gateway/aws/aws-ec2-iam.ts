/**
 * The IAM permissions the EC2 method of the cluster gateway (`AwsEc2LaunchTemplates` in
 * aws-ec2-launch-templates.ts) needs. EC2's Describe actions support no resource-level
 * permissions and no condition keys but the global ones (Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html, and
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permissions-for-launch-templates.html).
 */

import type { LaunchTemplateOperations } from './aws-ec2-launch-templates.js';
import type { IamGrant } from './aws-gateway-iam.js';

/**
 * The IAM permissions of each `AwsEc2LaunchTemplates` method: a read on every resource (`*`),
 * which is all ec2:DescribeLaunchTemplateVersions can be granted on.
 *
 * @example
 * ```ts
 * EC2_OPERATION_GRANTS.describeLaunchTemplateVersions[0]?.action; // 'ec2:DescribeLaunchTemplateVersions'
 * ```
 */
export const EC2_OPERATION_GRANTS = {
  describeLaunchTemplateVersions: [
    {
      action: 'ec2:DescribeLaunchTemplateVersions',
      resources: [{ kind: 'any', reason: 'EC2 Describe actions support no resource-level permissions' }],
    },
  ],
} as const satisfies Record<keyof LaunchTemplateOperations, readonly IamGrant[]>;
