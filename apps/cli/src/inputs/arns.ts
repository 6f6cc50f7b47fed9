import { ArnSchema, ValidationError } from '@eks-upgrade/core-models';
import { isSupportedTarget, serviceOfArn } from '../stack/iam-policies.js';

/** Checks an optional ARN flag, naming the flag in the error. */
export function optionalArn(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!ArnSchema.safeParse(value).success) {
    throw new ValidationError('Invalid ARN', [
      {
        path: flag,
        message: `must be an ARN such as arn:aws:iam::123456789012:role/name (got ${JSON.stringify(value)})`,
      },
    ]);
  }
  return value;
}

/**
 * The targets one EventBridge rule may have: each rule delivers to every `--notify-arn`
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html: "Each rule
 * can have up to five (5) targets associated with it at one time").
 */
export const MAX_NOTIFY_ARNS = 5;

/** Checks `--notify-arn` values: at most five ARNs of a target kind EventBridge can deliver to. */
export function checkNotifyArns(values: readonly string[]): string[] {
  if (values.length > MAX_NOTIFY_ARNS) {
    throw new ValidationError('Too many notification targets', [
      {
        path: '--notify-arn',
        message: `is given ${values.length} times; an EventBridge rule has at most ${MAX_NOTIFY_ARNS} targets: fan out through one SNS topic or event bus instead`,
      },
    ]);
  }
  return values.map((value) => {
    optionalArn(value, '--notify-arn');
    if (!isSupportedTarget(value)) {
      throw new ValidationError('Invalid notification target', [
        {
          path: '--notify-arn',
          message: `must be an SQS, SNS, Lambda, CloudWatch Logs, Step Functions, Kinesis, Firehose or event bus ARN (got ${value})`,
        },
      ]);
    }
    if (serviceOfArn(value) === 'logs' && (value.endsWith(':*') || !value.includes(':log-group:'))) {
      throw new ValidationError('Invalid notification target', [
        {
          path: '--notify-arn',
          message: `a CloudWatch Logs target is a log group ARN without the :* suffix, arn:aws:logs:REGION:ACCOUNT:log-group:NAME (got ${value})`,
        },
      ]);
    }
    return value;
  });
}
