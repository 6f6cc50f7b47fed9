import { ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkNotifyArns, optionalArn } from '../../inputs/arns.js';
import { DEFAULT_STACK_NAME } from '../../stack/cloudformation/change-set-deployer.js';
import {
  type CloudFormationDeployResult,
  checkStackName,
  confirmationMode,
  confirmationRequired,
  deployWithCloudFormation,
  describeChangeSetRow,
} from '../../stack/cloudformation/cloudformation-deploy.js';
import { parseS3Location } from '../../stack/cloudformation/code-upload.js';
import { configFromFile } from '../../stack/cloudformation/template-inputs.js';
import { resolveZipDirectory } from '../../stack/lambda-zips.js';
import { deployStack } from '../../stack/stack-deployer.js';
import { printStackChanges } from '../../stack/stack-report.js';
import { releaseWorkflowVersion } from '../../stack/workflow-version.js';

const API_ONLY_FLAGS = ['lambda-role-arn', 'state-machine-role-arn', 'events-role-arn'] as const;
const CLOUDFORMATION_ONLY_FLAGS = ['yes', 'stack-name', 'upload-to', 'config'] as const;

/**
 * `eks-upgrade deploy`: deploys or updates the whole stack; a second run changes nothing. By
 * default through the service APIs (the quick start: no bucket, no stack); with
 * `--via cloudformation` as a CloudFormation stack, through a change set that is shown first.
 */
export async function run(context: CommandContext<'deploy'>): Promise<ExitCode> {
  return context.flags.via === 'cloudformation' ? viaCloudFormation(context) : viaApi(context);
}

async function viaApi(context: CommandContext<'deploy'>): Promise<ExitCode> {
  const { flags } = context;
  const misplaced = CLOUDFORMATION_ONLY_FLAGS.filter(
    (flag) => flags[flag] !== undefined && flags[flag] !== false,
  );
  if (misplaced.length > 0) {
    throw new ValidationError('Flags for --via cloudformation only', [
      ...misplaced.map((flag) => ({ path: `--${flag}`, message: 'is used only with --via cloudformation' })),
    ]);
  }
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
  const machine = changes.find((change) => change.kind === 'state-machine');
  if (machine) changes.push(await releaseWorkflowVersion(context, machine, options));
  printStackChanges(context, changes, options.dryRun);
  return ExitCode.SUCCESS;
}

async function viaCloudFormation(context: CommandContext<'deploy'>): Promise<ExitCode> {
  const { flags } = context;
  // Everything is checked before the first AWS call; exit 2 means nothing was changed.
  const misplaced = API_ONLY_FLAGS.filter((flag) => flags[flag] !== undefined);
  if (misplaced.length > 0) {
    throw new ValidationError('Flags the CloudFormation stack does not take', [
      ...misplaced.map((flag) => ({
        path: `--${flag}`,
        message: 'is not used with --via cloudformation: the stack creates and owns its roles',
      })),
    ]);
  }
  if (flags['upload-to'] === undefined) {
    throw new ValidationError('Missing code location', [
      {
        path: '--upload-to',
        message:
          'is required with --via cloudformation: s3://BUCKET/PREFIX, where the function zips are uploaded for the stack',
      },
    ]);
  }
  const codeLocation = parseS3Location(flags['upload-to'], '--upload-to');
  const stackName = checkStackName(flags['stack-name'] ?? DEFAULT_STACK_NAME);
  const parameterPrefix = parameterPrefixOf(flags);
  const notifyArns = checkNotifyArns(flags['notify-arn']);
  const zipDirectory = await resolveZipDirectory(flags['zip-dir'], context.resolvePath);
  const config = await configFromFile(context, flags.config);
  const confirmation = confirmationMode(flags.yes);
  if (!flags['dry-run'] && confirmation === 'refuse') throw confirmationRequired();

  context.log.info(
    flags['dry-run']
      ? `dry run: the change set of stack ${stackName} is shown, then discarded`
      : `deploying stack ${stackName} through a CloudFormation change set`,
  );
  const result = await deployWithCloudFormation(
    context,
    {
      stackName,
      parameterPrefix,
      notifyArns,
      zipDirectory,
      codeLocation,
      configFromFile: config,
      dryRun: flags['dry-run'],
      confirmation,
    },
    (prepared) => printChangeSet(context, prepared),
  );
  return result.outcome === 'declined' ? ExitCode.USAGE : ExitCode.SUCCESS;
}

function printChangeSet(context: CommandContext<'deploy'>, result: CloudFormationDeployResult): void {
  context.print({
    data: {
      stackName: result.stackName,
      changeSetName: result.changeSetName,
      changeSetType: result.changeSetType,
      dryRun: result.outcome === 'dry-run',
      changed: result.changes.length > 0,
      changes: result.changes,
    },
    table: {
      columns: ['action', 'logicalId', 'resourceType', 'replacement', 'physicalId'],
      rows: result.changes.map((row) => ({ ...row, physicalId: row.physicalId ?? '' })),
    },
    text: result.changes.length === 0 ? 'No changes.' : result.changes.map(describeChangeSetRow).join('\n'),
  });
}
