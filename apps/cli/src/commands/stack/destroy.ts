import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { destroyStack } from '../../stack/stack-deployer.js';
import { printStackChanges } from '../../stack/stack-report.js';

/** `eks-upgrade destroy`: removes what deploy created, in reverse order. */
export async function run(context: CommandContext<'destroy'>): Promise<ExitCode> {
  const { flags } = context;
  const parameterPrefix = parameterPrefixOf(flags);
  context.log.info(flags['dry-run'] ? 'dry run: nothing will be removed' : 'removing the eks-upgrade stack');
  const changes = await destroyStack(context, {
    dryRun: flags['dry-run'],
    parameterPrefix,
    keepConfig: flags['keep-config'],
  });
  printStackChanges(context, changes, flags['dry-run']);
  return ExitCode.SUCCESS;
}
