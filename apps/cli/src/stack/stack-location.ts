import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { toAWSServiceError } from '@eks-upgrade/core-models';
import type { CommandRuntime } from '../context/command-context.js';
import type { StackLocation } from './stack-names.js';

/** Account, partition and region of the caller (STS GetCallerIdentity and the client's region). */
export async function stackLocation(context: CommandRuntime): Promise<StackLocation> {
  const sts = await context.services.sts();
  const identity = await sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
    throw toAWSServiceError(error, {
      service: 'STS',
      operation: 'GetCallerIdentity',
      action: 'identify the AWS account',
    });
  });
  const region = await sts.config.region();
  return {
    accountId: identity.Account ?? '',
    partition: identity.Arn?.split(':')[1] ?? 'aws',
    region,
  };
}
