import { createInterface } from 'node:readline/promises';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import {
  type AgentConfig,
  createDefaultAgentConfig,
  toAWSServiceError,
  ValidationError,
} from '@eks-upgrade/core-models';
import { AGENT_CONFIG_NAME, readStoredAgentConfig } from '../../context/agent-config.js';
import type { CommandRuntime } from '../../context/command-context.js';
import { permissionWarnings, serviceOfArn } from '../iam-policies.js';
import { planTargetPolicies } from '../notification-targets.js';
import { stackLocation } from '../stack-deployer.js';
import { stackNames } from '../stack-names.js';
import { planTargetPolicyRemovals } from '../target-policy-removal.js';
import {
  type ChangeSetRow,
  deleteStack,
  describeStackEvent,
  discardChangeSet,
  executeChangeSet,
  prepareChangeSet,
  stackParameterValues,
  stackStatus,
} from './change-set-deployer.js';
import { type S3Location, uploadPhaseZips, uploadTemplateBody } from './code-upload.js';
import { CLOUDFORMATION_MANAGED_TAG, templateParameterValues } from './stack-template.js';
import { synthesizeStack } from './template-inputs.js';
import { renderTemplate, templateDelivery } from './template-output.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (StackName)
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Checks `--stack-name`; makes no call. */
export function checkStackName(name: string): string {
  if (!STACK_NAME.test(name)) {
    throw new ValidationError('Invalid stack name', [
      {
        path: '--stack-name',
        message: `must start with a letter and hold only letters, digits and hyphens, at most 128 characters (got ${name})`,
      },
    ]);
  }
  return name;
}

/** How the change set is confirmed: `--yes`, a question on the terminal, or not at all (refused). */
export type Confirmation = 'yes' | 'ask' | 'refuse';

/** `--yes` confirms; without it a terminal is asked; otherwise the deploy is refused before any write. */
export function confirmationMode(yes: boolean, stdinIsTTY = process.stdin.isTTY === true): Confirmation {
  if (yes) return 'yes';
  return stdinIsTTY ? 'ask' : 'refuse';
}

/** The refusal of a deploy that nobody can confirm (exit 2, nothing changed). */
export function confirmationRequired(): ValidationError {
  return new ValidationError('Confirmation needed', [
    {
      path: '--yes',
      message:
        'deploy --via cloudformation executes a change set only when confirmed: pass --yes (pipelines) or run it in a terminal; --dry-run prints the change set without executing it',
    },
  ]);
}

/** Options of `deployWithCloudFormation` (all checked by the command first). */
export interface CloudFormationDeployOptions {
  readonly stackName: string;
  readonly parameterPrefix: string;
  readonly notifyArns: readonly string[];
  readonly zipDirectory: string;
  readonly codeLocation: S3Location;
  readonly configFromFile: AgentConfig | undefined;
  readonly dryRun: boolean;
  readonly confirmation: Confirmation;
  /** Asks the operator; tests pass a fake. */
  readonly ask?: (question: string) => Promise<boolean>;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** What happened. */
export interface CloudFormationDeployResult {
  readonly stackName: string;
  readonly changeSetName?: string;
  readonly changeSetType?: 'CREATE' | 'UPDATE';
  readonly changes: readonly ChangeSetRow[];
  readonly outcome: 'no-changes' | 'dry-run' | 'declined' | 'executed';
  readonly stackStatus?: string;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

/** `Modify AWS::Lambda::Function PerceptionFunction (replacement: False)`. */
export function describeChangeSetRow(row: ChangeSetRow): string {
  const replacement = row.action === 'Modify' && row.replacement ? ` (replacement: ${row.replacement})` : '';
  return `${row.action} ${row.resourceType} ${row.logicalId}${replacement}`;
}

/**
 * `deploy --via cloudformation`: synthesizes the template from the stored configuration (or
 * `--config FILE`, or the defaults), creates a change set (CREATE or UPDATE), prints its diff,
 * and on confirmation uploads the zips, executes it and waits, reporting each stack event on
 * stderr. A failure names each failing resource with CloudFormation's reason.
 */
export async function deployWithCloudFormation(
  context: CommandRuntime,
  options: CloudFormationDeployOptions,
  print: (result: CloudFormationDeployResult) => void,
): Promise<CloudFormationDeployResult> {
  const cloudFormation = await context.services.cloudFormation();
  const store = await context.services.parameters({ parameterPrefix: options.parameterPrefix });
  const stored = await readStoredAgentConfig(store);
  const status = await stackStatus(cloudFormation, options.stackName);
  if ((status === undefined || status === 'REVIEW_IN_PROGRESS') && stored) {
    // CloudFormation cannot create a parameter that already exists, and would fail half-way.
    throw new ValidationError('The configuration already exists outside CloudFormation', [
      {
        path: '--via',
        message: `parameters under ${options.parameterPrefix}${AGENT_CONFIG_NAME}/ exist (config init, or a deploy without --via cloudformation), and stack ${options.stackName} would create them: save them (eks-upgrade config export > agent-config.json), remove the direct deployment (eks-upgrade destroy), then run deploy --via cloudformation --config agent-config.json`,
      },
    ]);
  }
  const config = options.configFromFile ?? stored;
  if (!config) context.log.warn('no configuration stored and no --config: the stack gets the defaults');
  const {
    template,
    zips,
    config: stackConfig,
  } = await synthesizeStack({
    config,
    parameterPrefix: options.parameterPrefix,
    notifyArns: options.notifyArns,
    zipDirectory: options.zipDirectory,
    codeLocation: options.codeLocation,
  });
  // What each notification target needs to accept the rules' events (the same plan as deploy's,
  // which also refuses a target that does not exist before anything is written). A function's
  // permissions and a log group's resource policy are the stack's (AWS::Lambda::Permission and
  // AWS::Logs::ResourcePolicy add beside what is there); a queue or topic policy is merged
  // statement by statement, which CloudFormation cannot do (its QueuePolicy and TopicPolicy
  // replace the whole policy), so only those are written next to the stack.
  for (const warning of permissionWarnings(stackConfig)) context.log.warn(warning);
  const location = await stackLocation(context);
  const targets = await planTargetPolicies(context.services, stackConfig, location, options.notifyArns);
  if (targets.issues.length > 0) throw new ValidationError('Invalid notification target', targets.issues);
  const policiesNextToStack = targets.plans.filter((plan) => ['sqs', 'sns'].includes(serviceOfArn(plan.arn)));
  const body = renderTemplate(template, 'json', { minified: true });
  const delivery = templateDelivery(body);
  if (delivery === 'too-large') {
    throw new ValidationError('The template is too large for CloudFormation', [
      { path: '', message: `is ${Buffer.byteLength(body)} bytes; CloudFormation reads at most 1 MB from S3` },
    ]);
  }
  const s3 = await context.services.s3();
  const templateSource =
    delivery === 'inline'
      ? { body }
      : {
          url: await uploadTemplateBody(
            s3,
            options.codeLocation,
            body,
            await (await context.services.sts()).config.region(),
          ),
        };

  const prepared = await prepareChangeSet(cloudFormation, {
    stackName: options.stackName,
    template: templateSource,
    parameters: {
      CodeBucket: options.codeLocation.bucket,
      CodeKeyPrefix: options.codeLocation.keyPrefix,
      // The configuration decides the per-account parameters, not what a console user left on the stack.
      ...templateParameterValues({
        config: stackConfig,
        parameterPrefix: options.parameterPrefix,
        notifyArns: options.notifyArns,
      }),
    },
    tags: { [CLOUDFORMATION_MANAGED_TAG.Key]: CLOUDFORMATION_MANAGED_TAG.Value },
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const base = {
    stackName: options.stackName,
    changeSetName: prepared.changeSetName,
    changeSetType: prepared.changeSetType,
    changes: prepared.rows,
  };
  if (prepared.empty) {
    const result = { ...base, outcome: 'no-changes' as const };
    print(result);
    return result;
  }
  print({ ...base, outcome: options.dryRun ? 'dry-run' : 'executed' });
  if (options.dryRun) {
    await discardChangeSet(cloudFormation, prepared);
    return { ...base, outcome: 'dry-run' };
  }
  if (options.confirmation === 'refuse') {
    await discardChangeSet(cloudFormation, prepared);
    throw confirmationRequired();
  }
  if (options.confirmation === 'ask') {
    const ask = options.ask ?? askOnTerminal;
    const confirmed = await ask(
      `Execute change set ${prepared.changeSetName} on stack ${options.stackName}? [y/N] `,
    );
    if (!confirmed) {
      await discardChangeSet(cloudFormation, prepared);
      context.log.warn(`change set ${prepared.changeSetName} discarded; nothing changed`);
      return { ...base, outcome: 'declined' };
    }
  }
  const uploaded = await uploadPhaseZips(s3, options.codeLocation, zips);
  if (uploaded.length > 0)
    context.log.info(
      `uploaded ${uploaded.length} function zips to s3://${options.codeLocation.bucket}/${options.codeLocation.keyPrefix}`,
    );
  const finalStatus = await executeChangeSet(cloudFormation, prepared, {
    onEvent: (event: StackEvent) => context.log.info(describeStackEvent(event)),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  context.log.success(`stack ${options.stackName}: ${finalStatus}`);
  for (const plan of policiesNextToStack) {
    if (plan.apply) await plan.apply();
    if (plan.action !== 'none')
      context.log.info(`${plan.action} target policy ${plan.arn} (${plan.details})`);
  }
  return { ...base, outcome: 'executed', stackStatus: finalStatus };
}

/**
 * `destroy --via cloudformation`: deletes the stack and waits, reporting each event; then takes
 * eks-upgrade's statement out of the policies of the queues and topics its rules delivered to
 * (written next to the stack by `deploy --via cloudformation`; a
 * function's permissions and a log group's policy were the stack's, and went with it).
 */
export async function destroyWithCloudFormation(
  context: CommandRuntime,
  options: { stackName: string; dryRun: boolean; sleep?: (milliseconds: number) => Promise<void> },
): Promise<{
  stackName: string;
  deleted: boolean;
  resources: string[];
  targetPolicies: Array<{ arn: string; action: string; details: string }>;
}> {
  const cloudFormation = await context.services.cloudFormation();
  const { ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const status = await stackStatus(cloudFormation, options.stackName);
  if (status === undefined)
    return { stackName: options.stackName, deleted: false, resources: [], targetPolicies: [] };
  // Read before the stack (its configuration and rules) is gone: the rules' targets as they are.
  const parameters = await stackParameterValues(cloudFormation, options.stackName);
  const config =
    (await readStoredAgentConfig(
      await context.services.parameters({ parameterPrefix: parameters.Prefix ?? '/eks-upgrade-agent/' }),
    )) ?? createDefaultAgentConfig();
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const names = stackNames(config);
  const existingRules = new Set(
    (await events.listRules(config.eventBridge.rulePrefix)).map((rule) => rule.name),
  );
  const targetArns: string[] = [];
  for (const rule of [names.monitoringRule, names.rollbackTriggerRule]) {
    if (existingRules.has(rule))
      targetArns.push(...(await events.listTargets(rule)).map((target) => target.arn));
  }
  const queuesAndTopics = targetArns.filter((arn) => ['sqs', 'sns'].includes(serviceOfArn(arn)));
  const removals =
    queuesAndTopics.length === 0
      ? []
      : await planTargetPolicyRemovals(
          context.services,
          config,
          await stackLocation(context),
          queuesAndTopics,
          {
            logGroups: false,
          },
        );
  const targetPolicies = removals.map(({ arn, action, details }) => ({ arn, action, details }));
  const resources: string[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await cloudFormation
      .send(new ListStackResourcesCommand({ StackName: options.stackName, NextToken: token }))
      .catch((error: unknown) => {
        throw toAWSServiceError(error, {
          service: 'CloudFormation',
          operation: 'ListStackResources',
          action: `list the resources of stack ${options.stackName}`,
        });
      });
    resources.push(
      ...(page.StackResourceSummaries ?? []).map(
        (resource) => `${resource.ResourceType} ${resource.LogicalResourceId}`,
      ),
    );
    nextToken = page.NextToken;
  } while (nextToken);
  if (options.dryRun) return { stackName: options.stackName, deleted: false, resources, targetPolicies };
  await deleteStack(cloudFormation, options.stackName, {
    onEvent: (event) => context.log.info(describeStackEvent(event)),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  for (const removal of removals) {
    await removal.apply?.();
    if (removal.action === 'delete')
      context.log.info(`removed from target policy ${removal.arn} (${removal.details})`);
  }
  return { stackName: options.stackName, deleted: true, resources, targetPolicies };
}
