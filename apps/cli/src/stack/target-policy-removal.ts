import { type AgentConfig, toAWSServiceError } from '@eks-upgrade/core-models';
import { serviceOfArn } from './iam-policies.js';
import { planLogGroupTargets } from './log-group-targets.js';
import {
  isMissing,
  parseTargetArn,
  type ResourcePolicy,
  readQueuePolicy,
  type TargetClients,
  type TargetPolicyPlan,
  targetStatementId,
} from './notification-targets.js';
import type { StackLocation } from './stack-names.js';
import { stackNames } from './stack-names.js';

/** The policy without eks-upgrade's statement, and whether it had one. */
function withoutStatement(current: string | undefined, sid: string) {
  const policy: ResourcePolicy = current ? (JSON.parse(current) as ResourcePolicy) : {};
  const statements = policy.Statement ?? [];
  const others = statements.filter((statement) => statement.Sid !== sid);
  return {
    had: others.length < statements.length,
    others,
    document: JSON.stringify({ ...policy, Statement: others }),
  };
}

async function queueRemoval(clients: TargetClients, config: AgentConfig, arn: string) {
  const sqs = await clients.sqs();
  const { SetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const read = await readQueuePolicy(sqs, parseTargetArn(arn));
  if (!read) return undefined;
  const { queueUrl, policy: current } = read;
  const { had, others, document } = withoutStatement(current, targetStatementId(config));
  if (!had) return undefined;
  return {
    arn,
    action: 'delete' as const,
    details: 'queue policy: the rules’ sqs:SendMessage statement',
    apply: async () => {
      // A queue policy with no statement left is removed (an empty Policy attribute).
      const Policy = others.length > 0 ? document : '';
      await sqs
        .send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy } }))
        .catch((error: unknown) => {
          throw toAWSServiceError(error, {
            service: 'SQS',
            operation: 'SetQueueAttributes',
            action: `remove eks-upgrade's statement from the policy of queue ${arn}`,
          });
        });
    },
  };
}

async function topicRemoval(clients: TargetClients, config: AgentConfig, arn: string) {
  const sns = await clients.sns();
  const { GetTopicAttributesCommand, SetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
  let current: string | undefined;
  try {
    current = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.Policy;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw toAWSServiceError(error, {
      service: 'SNS',
      operation: 'GetTopicAttributes',
      action: `read the policy of topic ${arn}`,
    });
  }
  const { had, others, document } = withoutStatement(current, targetStatementId(config));
  if (!had) return undefined;
  if (others.length === 0) {
    // A topic always has a policy, and one without a statement is not one: left to its owner.
    return {
      arn,
      action: 'skip' as const,
      details:
        'topic policy: the rules’ statement is its only one, left in place (a topic policy cannot be empty)',
    };
  }
  return {
    arn,
    action: 'delete' as const,
    details: 'topic policy: the rules’ sns:Publish statement',
    apply: async () => {
      await sns
        .send(
          new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'Policy', AttributeValue: document }),
        )
        .catch((error: unknown) => {
          throw toAWSServiceError(error, {
            service: 'SNS',
            operation: 'SetTopicAttributes',
            action: `remove eks-upgrade's statement from the policy of topic ${arn}`,
          });
        });
    },
  };
}

async function functionRemoval(clients: TargetClients, config: AgentConfig, arn: string) {
  const lambda = await clients.lambda();
  const names = stackNames(config);
  const ids = [names.monitoringRule, names.rollbackTriggerRule].map((rule) => `eks-upgrade-${rule}`);
  const present = await lambda.revokeInvoke(arn, ids, { dryRun: true });
  if (present.length === 0) return undefined;
  return {
    arn,
    action: 'delete' as const,
    details: `Lambda permission: ${present.join(', ')}`,
    apply: async () => {
      await lambda.revokeInvoke(arn, present);
    },
  };
}

/**
 * What `destroy` takes back from the notification targets (read now, written after the rules
 * are gone): eks-upgrade's statement in a queue's or topic's policy, its permissions on a
 * function (`allowInvoke`'s statement IDs), and this stack's CloudWatch Logs resource policies.
 * `targetArns` are the rules' targets as they were; only this account's and region's resources
 * are touched (another account's owner granted them).
 *
 * @example
 * ```ts
 * for (const plan of await planTargetPolicyRemovals(context.services, config, location, targets)) await plan.apply?.();
 * ```
 */
export async function planTargetPolicyRemovals(
  clients: TargetClients,
  config: AgentConfig,
  location: StackLocation,
  targetArns: readonly string[],
  options: { logGroups: boolean } = { logGroups: true },
): Promise<TargetPolicyPlan[]> {
  const plans: TargetPolicyPlan[] = [];
  for (const arn of [...new Set(targetArns)]) {
    const target = parseTargetArn(arn);
    if (target.accountId !== location.accountId || target.region !== location.region) continue;
    const service = serviceOfArn(arn);
    const plan =
      service === 'sqs'
        ? await queueRemoval(clients, config, arn)
        : service === 'sns'
          ? await topicRemoval(clients, config, arn)
          : service === 'lambda'
            ? await functionRemoval(clients, config, arn)
            : undefined;
    if (plan) plans.push(plan);
  }
  if (options.logGroups) plans.push(...(await planLogGroupTargets(() => clients.logs(), config, [])).plans);
  return plans;
}
