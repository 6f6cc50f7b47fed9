import { ArnSchema, ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { isSupportedTarget } from '../../stack/iam-policies.js';
import { resolveZipDirectory } from '../../stack/lambda-zips.js';
import { deployStack } from '../../stack/stack-deployer.js';
import { printStackChanges } from '../../stack/stack-report.js';

function optionalArn(value: string | undefined, flag: string): string | undefined {
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

/** `eks-upgrade deploy`: deploys or updates the whole stack; a second run changes nothing. */
export async function run(context: CommandContext<'deploy'>): Promise<ExitCode> {
  const { flags } = context;
  const parameterPrefix = parameterPrefixOf(flags);
  const options = {
    dryRun: flags['dry-run'],
    parameterPrefix,
    lambdaRoleArn: optionalArn(flags['lambda-role-arn'], '--lambda-role-arn'),
    stateMachineRoleArn: optionalArn(flags['state-machine-role-arn'], '--state-machine-role-arn'),
    eventsRoleArn: optionalArn(flags['events-role-arn'], '--events-role-arn'),
    notifyArns: checkNotifyArns(flags['notify-arn']),
    zipDirectory: await resolveZipDirectory(flags['zip-dir'], context.resolvePath),
  };
  context.log.info(options.dryRun ? 'dry run: nothing will be changed' : 'deploying the eks-upgrade stack');
  const changes = await deployStack(context, options);
  printStackChanges(context, changes, options.dryRun);
  return ExitCode.SUCCESS;
}
