import type { CloudFormationTemplate, StackTemplateInput } from './stack-template.js';
import { NOTIFICATION_TARGET_PATTERN, NOTIFICATION_TARGETS } from './template-notification-targets.js';
import { LIST_PARAMETERS, PREFIX_PATTERN } from './template-parameters.js';

/** Retention of the functions' log groups unless the `LogRetentionInDays` parameter says otherwise. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/**
 * The template's parameters: where the code is, the configuration's prefix and permissions
 * lists, the notification targets, the opt-in operator policy and the log retention.
 */
export function templateParameters(input: StackTemplateInput): CloudFormationTemplate['Parameters'] {
  return {
    CodeBucket: {
      Type: 'String',
      Description: 'S3 bucket holding the phase function zips (eks-upgrade synth --upload-to uploads them)',
      ...(input.codeBucket ? { Default: input.codeBucket } : {}),
    },
    CodeKeyPrefix: {
      Type: 'String',
      Description: 'Key prefix of the zips in CodeBucket (ends with / unless empty)',
      Default: input.codeKeyPrefix ?? '',
    },
    Prefix: {
      Type: 'String',
      Description:
        'SSM path the configuration is stored below (eks-upgrade --prefix), e.g. /eks-upgrade-agent/: the parameter names, what the functions read and the grant to read it',
      Default: input.parameterPrefix,
      AllowedPattern: PREFIX_PATTERN,
    },
    ...Object.fromEntries(
      LIST_PARAMETERS.map((list) => [
        list.name,
        {
          Type: 'CommaDelimitedList',
          Description: list.description,
          Default: input.config.permissions[list.key].join(','),
          AllowedPattern: list.allowedPattern,
        },
      ]),
    ),
    [NOTIFICATION_TARGETS.name]: {
      Type: 'CommaDelimitedList',
      Description: `Where both rules deliver the upgrade events (eks-upgrade --notify-arn): at most ${NOTIFICATION_TARGETS.slots} ARNs of SQS queues, SNS topics, Lambda functions, CloudWatch Logs groups, Step Functions state machines, event buses, Kinesis streams or Firehose streams, comma-separated. A function or log group (ARN without :*) of this account gets the permissions; a queue or topic needs the statement in its NotificationTarget<n>PolicyStatement output added to its policy.`,
      Default: input.notifyArns.join(','),
      AllowedPattern: NOTIFICATION_TARGET_PATTERN,
    },
    // Not `OperatorPolicy`: parameters and resources share one namespace of logical IDs.
    CreateOperatorPolicy: {
      Type: 'String',
      Description:
        'true: also a managed policy with what operators need for the day-to-day commands (output OperatorPolicyArn; attach it to their roles; eks-upgrade operator-policy prints the same document). IAM allows 6,144 characters in a managed policy, which many clusters and regions may not fit, so it is opt-in.',
      Default: 'false',
      AllowedValues: ['true', 'false'],
    },
    LogRetentionInDays: {
      Type: 'Number',
      Description: 'Days the phase functions keep their logs',
      Default: DEFAULT_LOG_RETENTION_DAYS,
      AllowedValues: [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
        3653,
      ],
    },
  };
}
