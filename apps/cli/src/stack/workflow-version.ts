import { AWSServiceError, type UpgradeRequestInput } from '@eks-upgrade/core-models';
import {
  DEFAULT_KEPT_VERSIONS,
  pruneStateMachineVersions,
  type StartExecutionOptions,
  StateMachineVersionsClient,
  type StepFunctionsClient,
  type VersionRelease,
  versionNumberOf,
  WORKFLOW_ALIAS_NAME,
} from '@eks-upgrade/sfn';
import type { CommandRuntime } from '../context/command-context.js';
import { CLI_VERSION } from '../main.js';
import type { StackChange } from './stack-deployer.js';

/**
 * After `deploy` (direct API path) brought the state machine up to date: publishes a version
 * and routes the `live` alias 100 % to it when the machine was created or changed, or when the
 * alias is missing or stale; otherwise only reads. Executions already running stay on the
 * version they started with; `start` starts new ones through the alias. After publishing, the
 * versions beyond the newest `DEFAULT_KEPT_VERSIONS` are deleted, oldest first, except those the
 * alias routes to and those executions still run on (`pruneStateMachineVersions`): Step
 * Functions allows 1000 versions per state machine and deletes none itself.
 *
 * @example
 * ```ts
 * changes.push(await releaseWorkflowVersion(context, machineChange, { dryRun: false }));
 * ```
 */
export async function releaseWorkflowVersion(
  context: CommandRuntime,
  machine: StackChange,
  options: { dryRun: boolean },
): Promise<StackChange> {
  const name = `${machine.name}:${WORKFLOW_ALIAS_NAME}`;
  const sfn = await context.services.stepFunctions();
  const stateMachineArn = await sfn.findStateMachineByName(machine.name);
  if (!stateMachineArn) {
    // Only on a dry run: the machine would be created first.
    return {
      kind: 'state-machine',
      name,
      action: 'create',
      details: 'publish version 1, route the alias to it',
    };
  }
  const current = await sfn.describeStateMachine(stateMachineArn);
  const versions = new StateMachineVersionsClient(sfn.client);
  const release = await versions.releaseVersion(stateMachineArn, {
    definition: current.definition,
    roleArn: current.roleArn,
    changed: machine.action !== 'none',
    dryRun: options.dryRun,
    description: `eks-upgrade ${CLI_VERSION}`,
  });
  if (release.action === 'unchanged') return { kind: 'state-machine', name, action: 'none' };
  const version = release.versionArn?.split(':').at(-1);
  const pruned = await pruneOldVersions(context, versions, stateMachineArn, release, options.dryRun);
  return {
    kind: 'state-machine',
    name,
    action: machine.action === 'create' ? 'create' : 'update',
    details: `${
      options.dryRun
        ? `publish a version, route the alias to it: ${release.reason}`
        : `published version ${version}, alias routes 100 % to it`
    }${pruned}`,
  };
}

async function routedVersions(versions: StateMachineVersionsClient, aliasArn: string): Promise<string[]> {
  return ((await versions.describeAlias(aliasArn))?.routing ?? []).map((route) => route.versionArn);
}

const numbers = (arns: readonly string[]) => arns.map((arn) => versionNumberOf(arn)).join(', ');

/**
 * Deletes (with `dryRun`: names) the versions beyond the newest kept ones once a version was
 * published, and says so for the deploy's report. Nothing is listed while the newest version's
 * number is within the kept number: numbers only grow, so there cannot be more versions than
 * that. A failure here leaves the deploy complete, so it is a warning saying how to clean up.
 */
async function pruneOldVersions(
  context: CommandRuntime,
  versions: StateMachineVersionsClient,
  stateMachineArn: string,
  release: VersionRelease,
  dryRun: boolean,
): Promise<string> {
  try {
    // Published: its number. On a dry run it is not published yet; it will follow the alias's.
    const routedNow = release.versionArn ? [] : await routedVersions(versions, release.aliasArn);
    const newest = release.versionArn
      ? versionNumberOf(release.versionArn)
      : Math.max(0, ...routedNow.map((arn) => versionNumberOf(arn))) + 1;
    if (newest <= DEFAULT_KEPT_VERSIONS) return '';
    const routed = release.versionArn ? await routedVersions(versions, release.aliasArn) : routedNow;
    const pruned = await pruneStateMachineVersions(versions.client, stateMachineArn, {
      keep: release.versionArn ? DEFAULT_KEPT_VERSIONS : DEFAULT_KEPT_VERSIONS - 1,
      protectedVersionArns: [...routed, ...(release.versionArn ? [release.versionArn] : [])],
      dryRun,
    });
    return [
      pruned.deleted.length > 0
        ? `; ${dryRun ? 'delete' : 'deleted'} old versions ${numbers(pruned.deleted)} (keeping the newest ${DEFAULT_KEPT_VERSIONS})`
        : '',
      pruned.running.length > 0
        ? `; kept old versions ${numbers(pruned.running)} (executions still run on them)`
        : '',
    ].join('');
  } catch (error) {
    context.log.warn(
      `${dryRun ? 'the dry run could not list' : 'the deploy is complete, but could not delete'} old workflow versions (${(error as Error).message}); Step Functions keeps at most 1000 versions per state machine: delete unused ones with aws stepfunctions delete-state-machine-version`,
    );
    return '';
  }
}

/**
 * Starts an upgrade through the `live` alias when the state machine has one (so it runs the
 * version the last deploy published, and keeps it), else on the state machine itself (a stack
 * deployed before aliases, or a CloudFormation stack on an emulator without alias resources).
 * The running executions counted against `maxConcurrentUpgrades` are the whole machine's.
 */
export async function startUpgradeExecution(
  context: CommandRuntime,
  sfn: StepFunctionsClient,
  stateMachineArn: string,
  request: UpgradeRequestInput,
  options: StartExecutionOptions,
): Promise<string> {
  const versions = new StateMachineVersionsClient(sfn.client);
  const alias = await versions.describeAlias(versions.aliasArn(stateMachineArn));
  if (!alias) {
    context.log.debug(
      `no alias ${WORKFLOW_ALIAS_NAME} on ${stateMachineArn}: starting on its latest revision`,
    );
    return sfn.startExecution(stateMachineArn, request, options);
  }
  try {
    return await sfn.startExecution(stateMachineArn, request, { ...options, startOn: alias.aliasArn });
  } catch (error) {
    // The alias was just described, so "does not exist" here means an endpoint that keeps aliases
    // but cannot start through one (moto 5.2.1), not a missing machine.
    if (AWSServiceError.isInstance(error) && error.code === 'StateMachineDoesNotExist') {
      context.log.warn(
        `this endpoint does not start executions through alias ${alias.aliasArn}; started on the state machine's latest revision`,
      );
      return sfn.startExecution(stateMachineArn, request, options);
    }
    throw error;
  }
}
