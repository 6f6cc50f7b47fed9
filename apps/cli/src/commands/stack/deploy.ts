import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkNotifyArns, optionalArn } from '../../inputs/arns.js';
import { resolveZipDirectory } from '../../stack/lambda-zips.js';
import { deployStack } from '../../stack/stack-deployer.js';
import { printStackChanges } from '../../stack/stack-report.js';

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
