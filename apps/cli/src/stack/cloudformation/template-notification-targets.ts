import type { AgentConfig } from '@eks-upgrade/core-models';
import { MAX_NOTIFY_ARNS } from '../../inputs/arns.js';
import { ROLE_DELIVERY_ACTIONS } from '../iam-policies.js';
import { logsDeliveryPolicy } from '../log-group-targets.js';
import { deliveryStatement } from '../notification-targets.js';
import { stackNames } from '../stack-names.js';
import { type SlottedParameter, slotCondition, slotItem } from './template-parameters.js';

/**
 * The notification targets as a template parameter (`NotificationTargetArns`, a
 * CommaDelimitedList of at most five ARNs, PutTargets' limit per rule), so that one template
 * serves accounts with different targets. What `deploy` does for each `--notify-arn`, the
 * template does for each slot:
 *
 * - both rules deliver to it (targets `notify-<n>` and `rollback-<n>`, as `stackRules` names them);
 * - Step Functions, event bus, Kinesis and Firehose targets through the targets role, whose
 *   statement `DeliverToTarget<n>` grants exactly that target (`eventsRolePolicy`); the role
 *   exists only when a slot needs it;
 * - a Lambda function of the stack's account gets a permission per rule (`AWS::Lambda::Permission`
 *   adds a statement to the function's policy, as deploy's AddPermission does);
 * - a log group of the stack's account gets its own CloudWatch Logs resource policy
 *   (`AWS::Logs::ResourcePolicy`, named `<stack>-notification-target-<n>`, beside the account's
 *   others), with deploy's document (`logsDeliveryPolicy`);
 * - an SQS queue or SNS topic needs a statement in its own policy. CloudFormation's QueuePolicy
 *   and TopicPolicy replace a queue's or topic's whole policy (dropping what other teams put
 *   there), so the template does not write it: `deploy --via cloudformation` merges it next to
 *   the stack, and the output `NotificationTarget<n>PolicyStatement` gives it, ready to add,
 *   to whoever deploys the template otherwise.
 *
 * The service and account of a slot come from its ARN (`Fn::Select` on `Fn::Split` by `:`,
 * padded so an empty slot never selects out of range) inside the conditions: CloudFormation
 * evaluates `Fn::Select`, `Fn::Split` and `Fn::Join` in `Fn::Equals`, as cfn-lint's rule E8003
 * accepts (https://github.com/aws-cloudformation/cfn-lint/issues/881).
 *
 * A rule's `Targets` is chosen by the last slot that holds an item (`Fn::If` from slot 6 down),
 * never a list with `AWS::NoValue` in it: an empty item between two targets (`a,,b`) then
 * gives a target without an ARN, which EventBridge refuses, failing the stack instead of
 * dropping `b`; a sixth item gives a sixth target, which PutTargets refuses (five per rule).
 */
export const NOTIFICATION_TARGETS: SlottedParameter = {
  name: 'NotificationTargetArns',
  slots: MAX_NOTIFY_ARNS,
};

/** An item of the parameter: an ARN of a target kind eks-upgrade delivers to, or the empty item. */
export const NOTIFICATION_TARGET_PATTERN =
  '^(arn:aws[a-zA-Z-]*:(sqs|sns|lambda|logs|states|events|kinesis|firehose):[a-z0-9-]+:[0-9]{12}:[^,]+)?$';

/** The target services a slot's conditions tell apart. */
const SLOT_SERVICES = [...Object.keys(ROLE_DELIVERY_ACTIONS), 'lambda', 'sqs', 'sns', 'logs'] as const;

const pascal = (word: string) => `${word[0]?.toUpperCase()}${word.slice(1)}`;

/** Logical IDs and condition names of the notification slots (n counts from 1, as the target IDs). */
export const NOTIFICATION_IDS = {
  isService: (n: number, service: string) => `NotificationTarget${n}Is${pascal(service)}`,
  needsRole: (n: number) => `NotificationTarget${n}NeedsRole`,
  isLocalFunction: (n: number) => `NotificationTarget${n}IsLocalFunction`,
  isQueueOrTopic: (n: number) => `NotificationTarget${n}IsQueueOrTopic`,
  isLocalLogGroup: (n: number) => `NotificationTarget${n}IsLocalLogGroup`,
  logsPolicy: (n: number) => `NotificationTarget${n}LogsResourcePolicy`,
  anyNeedsRole: 'NotificationTargetsNeedRole',
  permission: (n: number, ruleLogicalId: string) => `NotificationTarget${n}InvokeFrom${ruleLogicalId}`,
  policyOutput: (n: number) => `NotificationTarget${n}PolicyStatement`,
} as const;

const slotNumbers = Array.from({ length: NOTIFICATION_TARGETS.slots }, (_, index) => index + 1);

/** Part `index` of slot n's ARN (2: service, 4: account), "" for an empty slot. */
function arnPart(n: number, index: number): unknown {
  const padded = { 'Fn::Join': ['', [slotItem(NOTIFICATION_TARGETS, n - 1), ':::::']] };
  return { 'Fn::Select': [index, { 'Fn::Split': [':', padded] }] };
}

const condition = (name: string) => ({ Condition: name });

/** The template's Conditions for the notification slots. */
export function notificationConditions(): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  // Slot 6 as well: the item past the five, which makes the sixth target PutTargets refuses.
  for (let index = 0; index <= NOTIFICATION_TARGETS.slots; index += 1) {
    conditions[slotCondition(NOTIFICATION_TARGETS, index)] = {
      'Fn::Not': [{ 'Fn::Equals': [slotItem(NOTIFICATION_TARGETS, index), ''] }],
    };
  }
  for (const n of slotNumbers) {
    for (const service of SLOT_SERVICES) {
      conditions[NOTIFICATION_IDS.isService(n, service)] = { 'Fn::Equals': [arnPart(n, 2), service] };
    }
    conditions[NOTIFICATION_IDS.needsRole(n)] = {
      'Fn::Or': Object.keys(ROLE_DELIVERY_ACTIONS).map((service) =>
        condition(NOTIFICATION_IDS.isService(n, service)),
      ),
    };
    conditions[NOTIFICATION_IDS.isLocalFunction(n)] = {
      'Fn::And': [
        condition(NOTIFICATION_IDS.isService(n, 'lambda')),
        { 'Fn::Equals': [arnPart(n, 4), { Ref: 'AWS::AccountId' }] },
      ],
    };
    conditions[NOTIFICATION_IDS.isLocalLogGroup(n)] = {
      'Fn::And': [
        condition(NOTIFICATION_IDS.isService(n, 'logs')),
        { 'Fn::Equals': [arnPart(n, 4), { Ref: 'AWS::AccountId' }] },
      ],
    };
    conditions[NOTIFICATION_IDS.isQueueOrTopic(n)] = {
      'Fn::Or': [
        condition(NOTIFICATION_IDS.isService(n, 'sqs')),
        condition(NOTIFICATION_IDS.isService(n, 'sns')),
      ],
    };
  }
  conditions[NOTIFICATION_IDS.anyNeedsRole] = {
    'Fn::Or': slotNumbers.map((n) => condition(NOTIFICATION_IDS.needsRole(n))),
  };
  return conditions;
}

/** `Fn::If` down the services that need the role: the action slot n's target is delivered with. */
function deliveryAction(n: number): unknown {
  const entries = Object.entries(ROLE_DELIVERY_ACTIONS);
  const [, last] = entries.at(-1)!;
  return entries.slice(0, -1).reduceRight<unknown>(
    (otherwise, [service, action]) => ({
      'Fn::If': [NOTIFICATION_IDS.isService(n, service), action, otherwise],
    }),
    last,
  );
}

/** The targets role's policy: `DeliverToTarget<n>` for each slot whose target needs the role. */
export function eventsRoleSlotPolicy(): unknown {
  return {
    Version: '2012-10-17',
    Statement: slotNumbers.map((n) => ({
      'Fn::If': [
        NOTIFICATION_IDS.needsRole(n),
        {
          Sid: `DeliverToTarget${n}`,
          Effect: 'Allow',
          Action: [deliveryAction(n)],
          Resource: [slotItem(NOTIFICATION_TARGETS, n - 1)],
        },
        { Ref: 'AWS::NoValue' },
      ],
    })),
  };
}

/**
 * A rule's `Targets`: one per slot up to the last that holds an item (`<idPrefix>-<n>`), the
 * targets role on those that need it; no property at all when the parameter is empty.
 */
export function ruleTargets(idPrefix: string, eventsRoleLogicalId: string): unknown {
  const target = (n: number) => ({
    Id: `${idPrefix}-${n}`,
    Arn: slotItem(NOTIFICATION_TARGETS, n - 1),
    ...(n <= NOTIFICATION_TARGETS.slots
      ? {
          RoleArn: {
            'Fn::If': [
              NOTIFICATION_IDS.needsRole(n),
              { 'Fn::GetAtt': [eventsRoleLogicalId, 'Arn'] },
              { Ref: 'AWS::NoValue' },
            ],
          },
        }
      : {}),
  });
  let chosen: unknown = { Ref: 'AWS::NoValue' };
  for (let count = 1; count <= NOTIFICATION_TARGETS.slots + 1; count += 1) {
    chosen = {
      'Fn::If': [
        slotCondition(NOTIFICATION_TARGETS, count - 1),
        Array.from({ length: count }, (_, index) => target(index + 1)),
        chosen,
      ],
    };
  }
  return chosen;
}

/** The permission per rule that lets EventBridge invoke slot n's function (one of this account). */
export function functionPermissions(
  ruleLogicalIds: readonly string[],
): Record<string, { Type: string; Condition: string; Properties: Record<string, unknown> }> {
  const resources: Record<string, { Type: string; Condition: string; Properties: Record<string, unknown> }> =
    {};
  for (const n of slotNumbers) {
    for (const rule of ruleLogicalIds) {
      resources[NOTIFICATION_IDS.permission(n, rule)] = {
        Type: 'AWS::Lambda::Permission',
        Condition: NOTIFICATION_IDS.isLocalFunction(n),
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: slotItem(NOTIFICATION_TARGETS, n - 1),
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
          SourceAccount: { Ref: 'AWS::AccountId' },
        },
      };
    }
  }
  return resources;
}

/**
 * The outputs giving, for each queue or topic slot, the statement its owner adds to its policy:
 * deploy's own statement (`deliveryStatement`) with the slot's ARN and the rules' ARNs.
 */
export function policyStatementOutputs(
  config: AgentConfig,
  ruleLogicalIds: readonly string[],
): Record<string, Record<string, unknown>> {
  const names = stackNames(config);
  // `${Rule.Arn}`: Fn::Sub's reference to each rule's ARN.
  const ruleVariables = ruleLogicalIds.map((rule) => `\${${rule}.Arn}`);
  const statement = JSON.stringify(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    deliveryStatement(config, '${Action}', '${TargetArn}', ruleVariables),
  );
  return Object.fromEntries(
    slotNumbers.map((n) => [
      NOTIFICATION_IDS.policyOutput(n),
      {
        Condition: NOTIFICATION_IDS.isQueueOrTopic(n),
        Description: `Add this statement to the policy of notification target ${n} (the queue or topic): EventBridge may then deliver the ${names.monitoringRule} and ${names.rollbackTriggerRule} rules' events to it`,
        Value: {
          'Fn::Sub': [
            statement,
            {
              TargetArn: slotItem(NOTIFICATION_TARGETS, n - 1),
              Action: { 'Fn::If': [NOTIFICATION_IDS.isService(n, 'sqs'), 'sqs:SendMessage', 'sns:Publish'] },
            },
          ],
        },
      },
    ]),
  );
}

/** A CloudWatch Logs resource policy for each slot holding a log group of this account. */
export function logGroupPolicies(): Record<
  string,
  { Type: string; Condition: string; Properties: Record<string, unknown> }
> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub variable for the slot's ARN
  const document = JSON.stringify(logsDeliveryPolicy('${TargetArn}'));
  return Object.fromEntries(
    slotNumbers.map((n) => [
      NOTIFICATION_IDS.logsPolicy(n),
      {
        Type: 'AWS::Logs::ResourcePolicy',
        Condition: NOTIFICATION_IDS.isLocalLogGroup(n),
        Properties: {
          PolicyName: { 'Fn::Sub': `\${AWS::StackName}-notification-target-${n}` },
          PolicyDocument: { 'Fn::Sub': [document, { TargetArn: slotItem(NOTIFICATION_TARGETS, n - 1) }] },
        },
      },
    ]),
  );
}
