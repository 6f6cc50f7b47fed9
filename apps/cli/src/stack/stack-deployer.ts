import {
  createDefaultAgentConfig,
  jsonEqual,
  UPGRADE_PHASES,
  type UpgradePhase,
} from '@eks-upgrade/core-models';
import type { EventRuleInput } from '@eks-upgrade/events';
import { createUpgradeStateMachineDefinition, workflowOptionsFromConfig } from '@eks-upgrade/sfn';
import { AGENT_CONFIG_NAME, readStoredAgentConfig } from '../context/agent-config.js';
import type { CommandRuntime } from '../context/command-context.js';
import { deployRoleArns, preflightDeploy, retryWhileRolePropagates } from './deploy-preflight.js';
import { permissionWarnings } from './iam-policies.js';
import { applyRole } from './iam-roles.js';
import { describeChange, type StackChange } from './stack-changes.js';
import { stackLocation } from './stack-location.js';
import { arnsFor, MANAGED_TAG, stackNames } from './stack-names.js';
import { roleSpecs } from './stack-role-specs.js';
import { stackRules } from './stack-rules.js';
import { planTargetPolicyRemovals } from './target-policy-removal.js';

// Deploy lives here; what it shares with destroy and synth (the change records, the caller's
// location, the role specs) and destroy itself are in modules of their own.
export { describeChange, type StackChange } from './stack-changes.js';
export { destroyStack } from './stack-destroyer.js';
export { stackLocation } from './stack-location.js';
export { eventsRoleSpec, roleSpecs } from './stack-role-specs.js';

/** Options of `deployStack`. */
export interface DeployStackOptions {
  readonly dryRun: boolean;
  readonly parameterPrefix: string;
  readonly zipDirectory: string;
  readonly lambdaRoleArn?: string | undefined;
  readonly stateMachineRoleArn?: string | undefined;
  readonly eventsRoleArn?: string | undefined;
  readonly notifyArns: readonly string[];
}

/** Whether a deployed rule differs from the wanted one (pattern, state, description or targets). */
export function ruleDiffers(
  desired: EventRuleInput,
  existing: { eventPattern?: unknown; state: string; description?: string },
  targets: readonly { id: string; arn: string; roleArn?: string | undefined }[],
): boolean {
  const wantedTargets = (desired.targets ?? []).map((target) => ({
    id: target.id,
    arn: target.arn,
    roleArn: target.roleArn,
  }));
  const currentTargets = targets.map((target) => ({
    id: target.id,
    arn: target.arn,
    roleArn: target.roleArn,
  }));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return (
    !jsonEqual(existing.eventPattern, desired.eventPattern) ||
    existing.state !== (desired.state ?? 'ENABLED') ||
    (existing.description ?? '') !== (desired.description ?? '') ||
    !jsonEqual(currentTargets.sort(byId), wantedTargets.sort(byId))
  );
}

/**
 * Deploys the stack in dependency order and changes only what differs: configuration
 * parameters, IAM roles, the five functions, the state machine, the custom event bus, the rules
 * (targets no longer wanted are removed) and the notification targets' resource policies. Every
 * input is checked first (`preflightDeploy`): a `ValidationError` (exit code 2) means nothing
 * was written. With `dryRun` nothing is written and the changes are reported.
 */
export async function deployStack(
  context: CommandRuntime,
  options: DeployStackOptions,
): Promise<StackChange[]> {
  const changes: StackChange[] = [];
  const record = (change: StackChange) => {
    changes.push(change);
    // The changes are the command's result on stdout; on stderr only with --verbose, or a
    // terminal would show each one twice.
    if (change.action !== 'none') context.log.debug(describeChange(change, options.dryRun));
  };

  // 0. Read and check everything before the first write.
  const store = await context.services.parameters({ parameterPrefix: options.parameterPrefix });
  const stored = await readStoredAgentConfig(store);
  const config = stored ?? createDefaultAgentConfig();
  const location = await stackLocation(context);
  const names = stackNames(config);
  const arns = arnsFor(location);
  const specs = roleSpecs(config, location, options.notifyArns);
  const preflight = await preflightDeploy(context, config, location, {
    zipDirectory: options.zipDirectory,
    roles: deployRoleArns(config, location, options),
    notifyArns: options.notifyArns,
  });

  for (const warning of permissionWarnings(config)) context.log.warn(warning);

  // 1. Configuration: the stored one wins; the defaults are stored when there is none.
  if (!stored && !options.dryRun) await store.putConfiguration(config, AGENT_CONFIG_NAME);
  record({
    kind: 'configuration',
    name: `${options.parameterPrefix}${AGENT_CONFIG_NAME}/`,
    action: stored ? 'none' : 'create',
  });

  // 2. Roles (or the ones passed in).
  const iam = await context.services.iam();
  const functionRoleArns = {} as Record<UpgradePhase, string>;
  for (const phase of UPGRADE_PHASES) {
    if (options.lambdaRoleArn) {
      functionRoleArns[phase] = options.lambdaRoleArn;
      continue;
    }
    const spec = specs.functions[phase];
    const result = await applyRole(iam, spec, { dryRun: options.dryRun, roleArn: arns.role(spec.name) });
    functionRoleArns[phase] = result.arn;
    record({
      kind: 'role',
      name: spec.name,
      action: result.action,
      details: result.details.join(', ') || undefined,
    });
  }
  let stateMachineRoleArn = options.stateMachineRoleArn;
  if (!stateMachineRoleArn) {
    const result = await applyRole(iam, specs.stateMachine, {
      dryRun: options.dryRun,
      roleArn: arns.role(specs.stateMachine.name),
    });
    stateMachineRoleArn = result.arn;
    record({
      kind: 'role',
      name: specs.stateMachine.name,
      action: result.action,
      details: result.details.join(', ') || undefined,
    });
  }
  const scheduler = await applyRole(iam, specs.scheduler, {
    dryRun: options.dryRun,
    roleArn: arns.role(specs.scheduler.name),
  });
  record({
    kind: 'role',
    name: specs.scheduler.name,
    action: scheduler.action,
    details: scheduler.details.join(', ') || undefined,
  });
  let eventsRoleArn = options.eventsRoleArn;
  if (!eventsRoleArn && specs.events) {
    const result = await applyRole(iam, specs.events, {
      dryRun: options.dryRun,
      roleArn: arns.role(specs.events.name),
    });
    eventsRoleArn = result.arn;
    record({
      kind: 'role',
      name: specs.events.name,
      action: result.action,
      details: result.details.join(', ') || undefined,
    });
  }

  // 3. Functions from the apps/lambdas zips (checked by the preflight).
  const lambda = await context.services.lambda();
  for (const phase of UPGRADE_PHASES) {
    const template = { ...preflight.functions[phase], role: functionRoleArns[phase] };
    const plan = await lambda.planDeployment(template);
    const details = [
      ...plan.codeChangeReasons.map((reason) => `code: ${reason}`),
      ...plan.configurationChanges,
    ].join(', ');
    if (plan.action !== 'none' && !options.dryRun) await lambda.deployFunction(template);
    record({ kind: 'function', name: template.name, action: plan.action, details: details || undefined });
  }

  // 4. The state machine (the same definition the rehearsal runs).
  const sfn = await context.services.stepFunctions();
  const machine = {
    name: names.stateMachine,
    definition: createUpgradeStateMachineDefinition(workflowOptionsFromConfig(config)) as unknown as Record<
      string,
      unknown
    >,
    roleArn: stateMachineRoleArn,
    tags: { [MANAGED_TAG.Key]: MANAGED_TAG.Value },
  };
  if (options.dryRun) {
    const existingArn = await sfn.findStateMachineByName(machine.name);
    const current = existingArn ? await sfn.describeStateMachine(existingArn) : undefined;
    const same =
      current && jsonEqual(current.definition, machine.definition) && current.roleArn === machine.roleArn;
    record({
      kind: 'state-machine',
      name: machine.name,
      action: !current ? 'create' : same ? 'none' : 'update',
    });
  } else {
    // A role created moments ago may not be assumable by Step Functions yet.
    const { action } = await retryWhileRolePropagates(() => sfn.upsertStateMachine(machine));
    record({
      kind: 'state-machine',
      name: machine.name,
      action: action === 'created' ? 'create' : action === 'updated' ? 'update' : 'none',
    });
  }

  // 5. The custom event bus, then the rules on it: a target no longer in the options is removed.
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  if (config.eventBridge.busName !== 'default') {
    if (preflight.createBus && !options.dryRun)
      await events.createEventBus({ [MANAGED_TAG.Key]: MANAGED_TAG.Value });
    record({
      kind: 'event-bus',
      name: config.eventBridge.busName,
      action: preflight.createBus ? 'create' : 'none',
    });
  }
  const existingRules = preflight.createBus ? [] : await events.listRules(config.eventBridge.rulePrefix);
  const previousTargets = new Set<string>();
  for (const rule of stackRules(config, { notifyArns: options.notifyArns, eventsRoleArn })) {
    const existing = existingRules.find((item) => item.name === rule.name);
    const targets = existing ? await events.listTargets(rule.name) : [];
    for (const target of targets) previousTargets.add(target.arn);
    const action = !existing ? 'create' : ruleDiffers(rule, existing, targets) ? 'update' : 'none';
    if (action !== 'none' && !options.dryRun) await events.createRule(rule, { removeOtherTargets: true });
    record({ kind: 'rule', name: rule.name, action });
  }

  // 6. What each notification target needs to accept the rules' events (planned by the preflight),
  // and what deploy had granted on a target no longer given, taken back (log groups: above).
  const dropped = [...previousTargets].filter((arn) => !options.notifyArns.includes(arn));
  const removals = await planTargetPolicyRemovals(context.services, config, location, dropped, {
    logGroups: false,
  });
  for (const plan of [...preflight.targetPolicies, ...removals]) {
    if (plan.apply && !options.dryRun) await plan.apply();
    record({ kind: 'target-policy', name: plan.arn, action: plan.action, details: plan.details });
  }
  return changes;
}
