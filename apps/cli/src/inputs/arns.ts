import { ArnSchema, ValidationError } from '@eks-upgrade/core-models';
import { isSupportedTarget } from '../stack/iam-policies.js';

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

/** Checks `--notify-arn` values: ARNs of a target kind EventBridge can deliver to. */
export function checkNotifyArns(values: readonly string[]): string[] {
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
    return value;
  });
}
