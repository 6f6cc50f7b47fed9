import { createHash } from 'node:crypto';
import type { CloudWatchLogsClient, ResourcePolicy } from '@aws-sdk/client-cloudwatch-logs';
import {
  type AgentConfig,
  jsonEqual,
  toAWSServiceError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import { serviceOfArn } from './iam-policies.js';

/**
 * CloudWatch Logs notification targets. EventBridge writes to a log group only when a CloudWatch
 * Logs resource policy lets it create log streams and put events there
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions;
 * the console writes one for `/aws/events/*`, PutTargets does not). Those policies belong to the
 * account and region (PutResourcePolicy: at most 10 per region), not to the log group, so each
 * log group target gets its own named policy, added beside any others and never merged into
 * them: `eks-upgrade-<rulePrefix>-logs-<hash of the log group ARN>`, removed when the target is.
 */

/** The prefix of the resource policies this stack owns (rule prefix: one set per stack). */
export function logsPolicyPrefix(config: AgentConfig): string {
  return `eks-upgrade-${config.eventBridge.rulePrefix}-logs-`;
}

/** The resource policy name for one log group target. */
export function logsPolicyName(config: AgentConfig, logGroupArn: string): string {
  return `${logsPolicyPrefix(config)}${createHash('sha256').update(logGroupArn).digest('hex').slice(0, 16)}`;
}

/**
 * The policy EventBridge needs to deliver to the log group: AWS's documented statement
 * (principals `events.amazonaws.com` and `delivery.logs.amazonaws.com`, CreateLogStream and
 * PutLogEvents) on this log group's streams only, not on every `/aws/events/*` group. It carries
 * no source condition: the documented statement has none, and EventBridge delivers to log groups
 * of the rule's own account only.
 *
 * @example
 * ```ts
 * logsDeliveryPolicy('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/upgrades').Statement[0].Resource;
 * // 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/upgrades:*'
 * ```
 */
export function logsDeliveryPolicy(logGroupArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksUpgradeEventsToLogGroup',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logGroupArn}:*`,
      },
    ],
  };
}

/** The log group name of `arn:<partition>:logs:<region>:<account>:log-group:<name>`. */
export function logGroupNameOf(arn: string): string {
  return arn.split(':').slice(6).join(':');
}

/** What a log group target needs (as `TargetPolicyPlan`). */
export interface LogsTargetPlan {
  readonly arn: string;
  readonly action: 'create' | 'update' | 'none' | 'delete';
  readonly details: string;
  readonly apply?: () => Promise<void>;
}

async function resourcePolicies(logs: CloudWatchLogsClient): Promise<ResourcePolicy[]> {
  const { DescribeResourcePoliciesCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const policies: ResourcePolicy[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await logs.send(new DescribeResourcePoliciesCommand({ nextToken: token })).catch((error) => {
      throw toAWSServiceError(error, {
        service: 'CloudWatchLogs',
        operation: 'DescribeResourcePolicies',
        action: 'read the CloudWatch Logs resource policies',
      });
    });
    policies.push(...(page.resourcePolicies ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return policies;
}

async function logGroupExists(logs: CloudWatchLogsClient, name: string): Promise<boolean> {
  const { paginateDescribeLogGroups } = await import('@aws-sdk/client-cloudwatch-logs');
  try {
    for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: name })) {
      if ((page.logGroups ?? []).some((group) => group.logGroupName === name)) return true;
    }
    return false;
  } catch (error) {
    throw toAWSServiceError(error, {
      service: 'CloudWatchLogs',
      operation: 'DescribeLogGroups',
      action: `find log group ${name}`,
    });
  }
}

/**
 * The plans for the log group targets among `targetArns` (of this account and region, checked
 * by the caller): a policy created or updated for each, and this stack's policies of log groups
 * no longer targeted deleted. A log group that does not exist is an issue (nothing is written).
 */
export async function planLogGroupTargets(
  logs: () => Promise<CloudWatchLogsClient>,
  config: AgentConfig,
  targetArns: readonly string[],
): Promise<{ plans: LogsTargetPlan[]; issues: ValidationIssue[] }> {
  const wanted = [...new Set(targetArns.filter((arn) => serviceOfArn(arn) === 'logs'))];
  const client = await logs();
  const { DeleteResourcePolicyCommand, PutResourcePolicyCommand } = await import(
    '@aws-sdk/client-cloudwatch-logs'
  );
  const existing = await resourcePolicies(client);
  const plans: LogsTargetPlan[] = [];
  const issues: ValidationIssue[] = [];
  for (const arn of wanted) {
    const name = logGroupNameOf(arn);
    if (!(await logGroupExists(client, name))) {
      issues.push({ path: '--notify-arn', message: `log group ${name} (${arn}) does not exist` });
      continue;
    }
    const policyName = logsPolicyName(config, arn);
    const document = logsDeliveryPolicy(arn);
    const current = existing.find((policy) => policy.policyName === policyName);
    const action =
      current === undefined
        ? ('create' as const)
        : jsonEqual(JSON.parse(current.policyDocument ?? '{}'), document)
          ? ('none' as const)
          : ('update' as const);
    plans.push({
      arn,
      action,
      details: `CloudWatch Logs resource policy ${policyName}: events.amazonaws.com may create streams and put events in ${name}`,
      ...(action === 'none'
        ? {}
        : {
            apply: async () => {
              await client
                .send(new PutResourcePolicyCommand({ policyName, policyDocument: JSON.stringify(document) }))
                .catch((error: unknown) => {
                  throw toAWSServiceError(error, {
                    service: 'CloudWatchLogs',
                    operation: 'PutResourcePolicy',
                    action: `let EventBridge write to log group ${name}`,
                  });
                });
            },
          }),
    });
  }
  const kept = new Set(wanted.map((arn) => logsPolicyName(config, arn)));
  for (const stale of existing) {
    const policyName = stale.policyName ?? '';
    if (!policyName.startsWith(logsPolicyPrefix(config)) || kept.has(policyName)) continue;
    plans.push({
      arn: policyName,
      action: 'delete',
      details: 'CloudWatch Logs resource policy of a log group no longer a notification target',
      apply: async () => {
        await client.send(new DeleteResourcePolicyCommand({ policyName })).catch((error: unknown) => {
          throw toAWSServiceError(error, {
            service: 'CloudWatchLogs',
            operation: 'DeleteResourcePolicy',
            action: `delete resource policy ${policyName}`,
          });
        });
      },
    });
  }
  return { plans, issues };
}
