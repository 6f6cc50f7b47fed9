import type { PolicyDocument } from './iam-policies.js';

// How EventBridge reaches the rules' notification targets: through the targets role (its
// policy here) or the target's own resource policy.

/**
 * The action EventBridge needs, through the targets role, to deliver to a target of each
 * service. SQS, SNS, Lambda and CloudWatch Logs targets are authorised by their own resource
 * policies instead (which must allow events.amazonaws.com), so they need no role. The template
 * reads the same table to build its per-slot statements.
 */
export const ROLE_DELIVERY_ACTIONS: Readonly<Record<string, string>> = {
  states: 'states:StartExecution',
  events: 'events:PutEvents',
  kinesis: 'kinesis:PutRecord',
  firehose: 'firehose:PutRecordBatch',
};

/** Target services EventBridge reaches through resource policies. */
const RESOURCE_POLICY_TARGETS = new Set(['sqs', 'sns', 'lambda', 'logs']);

/** The service of an ARN, e.g. `sqs` for `arn:aws:sqs:...`. */
export function serviceOfArn(arn: string): string {
  return arn.split(':')[2] ?? '';
}

/** Whether EventBridge reaches this target through the targets role. */
export function targetNeedsRole(arn: string): boolean {
  return serviceOfArn(arn) in ROLE_DELIVERY_ACTIONS;
}

/** Whether eks-upgrade can deliver rule events to this kind of target at all. */
export function isSupportedTarget(arn: string): boolean {
  return targetNeedsRole(arn) || RESOURCE_POLICY_TARGETS.has(serviceOfArn(arn));
}

/**
 * The EventBridge targets role: deliver the rules' events to the notification targets, nothing
 * else. One statement per target that needs the role, `DeliverToTarget<n>` for the n-th of
 * `targetArns` (the `--notify-arn` order), which is what the template's `NotificationTargetArns`
 * slot n grants, so the two paths give the same document.
 *
 * @example
 * ```ts
 * eventsRolePolicy([queueArn, machineArn]).Statement; // [{ Sid: 'DeliverToTarget2', Action: ['states:StartExecution'], ... }]
 * ```
 */
export function eventsRolePolicy(targetArns: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: targetArns.flatMap((arn, index) => {
      const action = ROLE_DELIVERY_ACTIONS[serviceOfArn(arn)];
      return action
        ? [
            {
              Sid: `DeliverToTarget${index + 1}`,
              Effect: 'Allow' as const,
              Action: [action],
              Resource: [arn],
            },
          ]
        : [];
    }),
  };
}
