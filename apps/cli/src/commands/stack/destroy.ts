import { ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { DEFAULT_STACK_NAME } from '../../stack/cloudformation/change-set-deployer.js';
import {
  checkStackName,
  destroyWithCloudFormation,
} from '../../stack/cloudformation/cloudformation-deploy.js';
import { destroyStack } from '../../stack/stack-deployer.js';
import { printStackChanges } from '../../stack/stack-report.js';

/** `eks-upgrade destroy`: removes what deploy created, in reverse order (or deletes the stack). */
export async function run(context: CommandContext<'destroy'>): Promise<ExitCode> {
  const { flags } = context;
  if (flags.via === 'cloudformation') return viaCloudFormation(context);
  if (flags['stack-name'] !== undefined) {
    throw new ValidationError('Flag for --via cloudformation only', [
      { path: '--stack-name', message: 'is used only with --via cloudformation' },
    ]);
  }
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

async function viaCloudFormation(context: CommandContext<'destroy'>): Promise<ExitCode> {
  const { flags } = context;
  if (flags['keep-config']) {
    throw new ValidationError('The stack owns its configuration', [
      {
        path: '--keep-config',
        message:
          'cannot be used with --via cloudformation: deleting the stack deletes its parameters (save them first with eks-upgrade config export)',
      },
    ]);
  }
  const stackName = checkStackName(flags['stack-name'] ?? DEFAULT_STACK_NAME);
  context.log.info(
    flags['dry-run'] ? `dry run: stack ${stackName} is left alone` : `deleting stack ${stackName}`,
  );
  const result = await destroyWithCloudFormation(context, { stackName, dryRun: flags['dry-run'] });
  const verb = flags['dry-run'] ? 'would delete' : 'deleted';
  context.print({
    data: { ...result, dryRun: flags['dry-run'] },
    text:
      result.resources.length === 0 && !result.deleted
        ? `No stack ${stackName}.`
        : [
            `${verb} stack ${stackName}`,
            ...result.resources.map((resource) => `  ${resource}`),
            ...result.targetPolicies.map(
              (policy) =>
                `${flags['dry-run'] ? `would ${policy.action}` : policy.action === 'delete' ? 'removed' : 'skipped'} target policy ${policy.arn} (${policy.details})`,
            ),
          ].join('\n'),
  });
  context.log.success(
    result.resources.length === 0 && !result.deleted
      ? 'no changes'
      : `${verb} ${result.resources.length} resources`,
  );
  return ExitCode.SUCCESS;
}
