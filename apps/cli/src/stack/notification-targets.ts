import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  type AgentConfig,
  jsonEqual,
  toAWSServiceError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import type { EventBridgeClient } from '@eks-upgrade/events';
import type { LambdaTemplateManager } from '@eks-upgrade/lambda-templates';
import { serviceOfArn } from './iam-policies.js';
import { planLogGroupTargets } from './log-group-targets.js';
import { arnsFor, type StackLocation, stackNames } from './stack-names.js';

/** The parts of an ARN a target policy needs. */
export interface TargetArn {
  readonly arn: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** The queue, topic, function or bus name (the last part of the ARN). */
  readonly name: string;
}

export function parseTargetArn(arn: string): TargetArn {
  const [, , service = '', region = '', accountId = '', ...rest] = arn.split(':');
  const resource = rest.join(':');
  const name =
    service === 'lambda' ? (resource.split(':')[1] ?? '') : (resource.split('/').pop() ?? resource);
  return { arn, service, region, accountId, name };
}

/** What a notification target needs so that EventBridge may deliver to it, and whether it has it. */
export interface TargetPolicyPlan {
  readonly arn: string;
  readonly action: 'create' | 'update' | 'none' | 'skip' | 'delete';
  readonly details: string;
  /** Writes the policy (absent when nothing is to be written). */
  readonly apply?: () => Promise<void>;
}

/** The SDK clients the target policies are read and written with. */
export interface TargetClients {
  sqs(): Promise<SQSClient>;
  sns(): Promise<SNSClient>;
  logs(): Promise<CloudWatchLogsClient>;
  lambda(): Promise<LambdaTemplateManager>;
  events(options: { busName: string; source: string }): Promise<EventBridgeClient>;
}

/** The Sid eks-upgrade's statement carries in a queue or topic policy (one per stack, by its rule prefix). */
export function targetStatementId(config: AgentConfig): string {
  return `eks-upgrade-${config.eventBridge.rulePrefix}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** A policy document as a queue or topic holds it. */
export interface ResourcePolicy {
  Version?: string;
  Id?: string;
  Statement?: Array<Record<string, unknown> & { Sid?: string }>;
}

function withStatement(current: string | undefined, statement: Record<string, unknown> & { Sid: string }) {
  const policy: ResourcePolicy = current
    ? (JSON.parse(current) as ResourcePolicy)
    : { Version: '2012-10-17' };
  const others = (policy.Statement ?? []).filter((existing) => existing.Sid !== statement.Sid);
  const mine = (policy.Statement ?? []).find((existing) => existing.Sid === statement.Sid);
  return {
    action:
      mine === undefined
        ? ('create' as const)
        : jsonEqual(mine, statement)
          ? ('none' as const)
          : ('update' as const),
    document: JSON.stringify({
      ...policy,
      Version: policy.Version ?? '2012-10-17',
      Statement: [...others, statement],
    }),
  };
}

/**
 * The statement letting EventBridge deliver the stack's rules to a queue or topic, only for
 * those rules (`aws:SourceArn`), as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 * shows for SQS and SNS.
 */
export function deliveryStatement(
  config: AgentConfig,
  action: string,
  resource: string,
  ruleArns: readonly string[],
) {
  return {
    Sid: targetStatementId(config),
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: action,
    Resource: resource,
    Condition: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
  };
}

export function isMissing(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return (
    name === 'QueueDoesNotExist' ||
    name === 'AWS.SimpleQueueService.NonExistentQueue' ||
    name === 'NotFoundException' ||
    name === 'NotFound' ||
    name === 'ResourceNotFoundException'
  );
}

/**
 * A queue's URL and policy (GetQueueUrl, then GetQueueAttributes), or `undefined` when the queue
 * does not exist.
 */
export async function readQueuePolicy(
  sqs: SQSClient,
  target: TargetArn,
): Promise<{ queueUrl: string | undefined; policy: string | undefined } | undefined> {
  const { GetQueueAttributesCommand, GetQueueUrlCommand } = await import('@aws-sdk/client-sqs');
  try {
    const queueUrl = (
      await sqs.send(
        new GetQueueUrlCommand({ QueueName: target.name, QueueOwnerAWSAccountId: target.accountId }),
      )
    ).QueueUrl;
    const policy = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }))
    ).Attributes?.Policy;
    return { queueUrl, policy };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw toAWSServiceError(error, {
      service: 'SQS',
      operation: 'GetQueueAttributes',
      action: `read the policy of queue ${target.arn}`,
    });
  }
}

async function planQueue(
  clients: TargetClients,
  config: AgentConfig,
  target: TargetArn,
  ruleArns: readonly string[],
): Promise<TargetPolicyPlan | ValidationIssue> {
  const sqs = await clients.sqs();
  const { SetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const read = await readQueuePolicy(sqs, target);
  if (!read) return { path: '--notify-arn', message: `queue ${target.arn} does not exist` };
  const { queueUrl, policy: current } = read;
  const { action, document } = withStatement(
    current,
    deliveryStatement(config, 'sqs:SendMessage', target.arn, ruleArns),
  );
  return {
    arn: target.arn,
    action,
    details: 'queue policy: sqs:SendMessage from the rules',
    ...(action === 'none'
      ? {}
      : {
          apply: async () => {
            await sqs
              .send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: document } }))
              .catch((error: unknown) => {
                throw toAWSServiceError(error, {
                  service: 'SQS',
                  operation: 'SetQueueAttributes',
                  action: `set the policy of queue ${target.arn}`,
                });
              });
          },
        }),
  };
}

async function planTopic(
  clients: TargetClients,
  config: AgentConfig,
  target: TargetArn,
  ruleArns: readonly string[],
): Promise<TargetPolicyPlan | ValidationIssue> {
  const sns = await clients.sns();
  const { GetTopicAttributesCommand, SetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
  let current: string | undefined;
  try {
    current = (await sns.send(new GetTopicAttributesCommand({ TopicArn: target.arn }))).Attributes?.Policy;
  } catch (error) {
    if (isMissing(error)) return { path: '--notify-arn', message: `topic ${target.arn} does not exist` };
    throw toAWSServiceError(error, {
      service: 'SNS',
      operation: 'GetTopicAttributes',
      action: `read the policy of topic ${target.arn}`,
    });
  }
  const { action, document } = withStatement(
    current,
    deliveryStatement(config, 'sns:Publish', target.arn, ruleArns),
  );
  return {
    arn: target.arn,
    action,
    details: 'topic policy: sns:Publish from the rules',
    ...(action === 'none'
      ? {}
      : {
          apply: async () => {
            await sns
              .send(
                new SetTopicAttributesCommand({
                  TopicArn: target.arn,
                  AttributeName: 'Policy',
                  AttributeValue: document,
                }),
              )
              .catch((error: unknown) => {
                throw toAWSServiceError(error, {
                  service: 'SNS',
                  operation: 'SetTopicAttributes',
                  action: `set the policy of topic ${target.arn}`,
                });
              });
          },
        }),
  };
}

async function planFunction(
  clients: TargetClients,
  config: AgentConfig,
  target: TargetArn,
  ruleArns: readonly string[],
): Promise<TargetPolicyPlan | ValidationIssue> {
  const lambda = await clients.lambda();
  if (!(await lambda.getFunction(target.arn))) {
    return { path: '--notify-arn', message: `function ${target.arn} does not exist` };
  }
  const names = stackNames(config);
  const grants = [names.monitoringRule, names.rollbackTriggerRule].map((rule, index) => ({
    statementId: `eks-upgrade-${rule}`,
    principal: 'events.amazonaws.com',
    sourceArn: ruleArns[index] ?? '',
    sourceAccount: target.accountId,
  }));
  const missing: typeof grants = [];
  for (const grant of grants) {
    if ((await lambda.allowInvoke(target.arn, grant, { dryRun: true })) === 'added') missing.push(grant);
  }
  return {
    arn: target.arn,
    action: missing.length === 0 ? 'none' : missing.length === grants.length ? 'create' : 'update',
    details: 'Lambda permission: lambda:InvokeFunction from each rule',
    ...(missing.length === 0
      ? {}
      : {
          apply: async () => {
            for (const grant of missing) await lambda.allowInvoke(target.arn, grant);
          },
        }),
  };
}

async function planBus(
  clients: TargetClients,
  config: AgentConfig,
  target: TargetArn,
): Promise<TargetPolicyPlan | ValidationIssue> {
  const bus = await clients.events({ busName: target.arn, source: config.eventBridge.source });
  if (!(await bus.describeEventBus()))
    return { path: '--notify-arn', message: `event bus ${target.arn} does not exist` };
  // EventBridge delivers to a bus of the same account through the targets role (events:PutEvents).
  return {
    arn: target.arn,
    action: 'none',
    details: 'delivered through the targets role (events:PutEvents)',
  };
}

/**
 * What each notification target needs so that the stack's rules can deliver to it, read (not
 * written) now so that deploy can refuse a missing target before it changes anything:
 *
 * - an SQS queue or SNS topic of this account: a statement in its policy allowing
 *   events.amazonaws.com to send or publish for the two rules only;
 * - a Lambda function of this account: a permission per rule (AddPermission with SourceArn);
 * - a CloudWatch Logs log group of this account: a named CloudWatch Logs resource policy
 *   (`log-group-targets.ts`); this stack's policies of log groups no longer targeted are deleted;
 * - Step Functions, Kinesis, Firehose and event bus targets are reached through the targets
 *   role (`eventsRolePolicy`); a bus of another account must also allow this account in its own
 *   policy, which only its owner can write (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html);
 * - a queue, topic or function of another account: only its owner can write its policy.
 *
 * Returns the plans, and the problems (a target that does not exist, or in another region than
 * the rules, which EventBridge refuses for everything but a bus) as validation issues.
 *
 * @example
 * ```ts
 * const { plans, issues } = await planTargetPolicies(context.services, config, location, ['arn:aws:sqs:eu-west-1:123456789012:ops']);
 * for (const plan of plans) await plan.apply?.();
 * ```
 */
export async function planTargetPolicies(
  clients: TargetClients,
  config: AgentConfig,
  location: StackLocation,
  notifyArns: readonly string[],
): Promise<{ plans: TargetPolicyPlan[]; issues: ValidationIssue[] }> {
  const names = stackNames(config);
  const arns = arnsFor(location);
  const ruleArns = [names.monitoringRule, names.rollbackTriggerRule].map((rule) =>
    arns.rule(config.eventBridge.busName, rule),
  );
  const plans: TargetPolicyPlan[] = [];
  const issues: ValidationIssue[] = [];
  const logGroups: string[] = [];
  for (const arn of [...new Set(notifyArns)]) {
    const target = parseTargetArn(arn);
    const service = serviceOfArn(arn);
    if (service !== 'events' && target.region !== location.region) {
      issues.push({
        path: '--notify-arn',
        message: `${arn} is in ${target.region}, the rules in ${location.region}: EventBridge delivers across regions only to another event bus`,
      });
      continue;
    }
    if (service === 'events' && target.region !== location.region) {
      plans.push({
        arn,
        action: 'none',
        details: 'a bus of another region: delivered through the targets role',
      });
      continue;
    }
    const ownAccount = target.accountId === location.accountId;
    if (!ownAccount) {
      plans.push({
        arn,
        action: 'skip',
        details: `account ${target.accountId} must allow events.amazonaws.com (rules ${ruleArns.join(', ')}) in its own policy`,
      });
      continue;
    }
    if (service === 'logs') {
      logGroups.push(arn);
      continue;
    }
    const planned =
      service === 'sqs'
        ? await planQueue(clients, config, target, ruleArns)
        : service === 'sns'
          ? await planTopic(clients, config, target, ruleArns)
          : service === 'lambda'
            ? await planFunction(clients, config, target, ruleArns)
            : service === 'events'
              ? await planBus(clients, config, target)
              : undefined;
    if (planned && 'path' in planned) issues.push(planned);
    else if (planned) plans.push(planned);
  }
  // Log groups of this account and region: their named resource policies, and the deletion of
  // this stack's policies for log groups no longer targeted (listed on every deploy for that).
  const logs = await planLogGroupTargets(() => clients.logs(), config, logGroups);
  return { plans: [...plans, ...logs.plans], issues: [...issues, ...logs.issues] };
}
