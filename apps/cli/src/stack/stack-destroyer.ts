import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { AGENT_CONFIG_NAME, readStoredAgentConfig } from '../context/agent-config.js';
import type { CommandRuntime } from '../context/command-context.js';
import { removeRole, schedulerRoleName } from './iam-roles.js';
import { describeChange, type StackChange } from './stack-changes.js';
import { stackLocation } from './stack-location.js';
import { MANAGED_TAG, stackNames } from './stack-names.js';
import { planTargetPolicyRemovals } from './target-policy-removal.js';

/** Removes the stack in reverse order: rules, the custom bus deploy created, state machine, functions, roles, configuration. */
export async function destroyStack(
  context: CommandRuntime,
  options: { dryRun: boolean; parameterPrefix: string; keepConfig: boolean },
): Promise<StackChange[]> {
  const changes: StackChange[] = [];
  const record = (change: StackChange) => {
    changes.push(change);
    // The changes are the command's result on stdout; on stderr only with --verbose, or a
    // terminal would show each one twice.
    if (change.action !== 'none') context.log.debug(describeChange(change, options.dryRun));
  };
  const store = await context.services.parameters({ parameterPrefix: options.parameterPrefix });
  const stored = await readStoredAgentConfig(store);
  const config = stored ?? createDefaultAgentConfig();
  const names = stackNames(config);

  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const customBus = config.eventBridge.busName !== 'default';
  const busExists = customBus && (await events.describeEventBus()) !== undefined;
  const existingRules = !customBus || busExists ? await events.listRules(config.eventBridge.rulePrefix) : [];
  // The rules' targets as they are, to take back what deploy granted on them once the rules are gone.
  const targetArns: string[] = [];
  for (const name of [names.rollbackTriggerRule, names.monitoringRule]) {
    const exists = existingRules.some((rule) => rule.name === name);
    if (exists) targetArns.push(...(await events.listTargets(name)).map((target) => target.arn));
    if (exists && !options.dryRun) await events.deleteRule(name);
    record({ kind: 'rule', name, action: exists ? 'delete' : 'none' });
  }
  const location = await stackLocation(context);
  for (const plan of await planTargetPolicyRemovals(context.services, config, location, targetArns)) {
    if (plan.apply && !options.dryRun) await plan.apply();
    record({ kind: 'target-policy', name: plan.arn, action: plan.action, details: plan.details });
  }
  // The custom bus goes only when deploy created it (it carries the managed tag) and nothing else is on it.
  if (busExists) {
    const tags = await events.eventBusTags();
    const created = tags[MANAGED_TAG.Key] === MANAGED_TAG.Value;
    const others = (await events.listRules()).filter(
      (rule) => rule.name !== names.rollbackTriggerRule && rule.name !== names.monitoringRule,
    );
    if (created && others.length === 0 && !options.dryRun) await events.deleteEventBus();
    record({
      kind: 'event-bus',
      name: config.eventBridge.busName,
      action: created && others.length === 0 ? 'delete' : 'skip',
      ...(!created
        ? { details: 'not created by eks-upgrade deploy; left in place' }
        : others.length > 0
          ? {
              details: `other rules are on it (${others.map((rule) => rule.name).join(', ')}); left in place`,
            }
          : {}),
    });
  }

  const sfn = await context.services.stepFunctions();
  const machineArn = await sfn.findStateMachineByName(names.stateMachine);
  if (machineArn && !options.dryRun) await sfn.deleteStateMachine(machineArn);
  record({ kind: 'state-machine', name: names.stateMachine, action: machineArn ? 'delete' : 'none' });

  const lambda = await context.services.lambda();
  const deployed = new Set(
    (await lambda.listFunctions({ namePrefix: `${config.lambda.functionPrefix}-` })).map(
      (fn) => fn.functionName,
    ),
  );
  for (const phase of UPGRADE_PHASES) {
    const name = names.functions[phase];
    const exists = deployed.has(name);
    if (exists && !options.dryRun) await lambda.deleteFunction(name);
    record({ kind: 'function', name, action: exists ? 'delete' : 'none' });
  }

  const iam = await context.services.iam();
  for (const name of [
    ...UPGRADE_PHASES.map((phase) => names.functionRoles[phase]),
    names.stateMachineRole,
    schedulerRoleName(config),
    names.eventsRole,
  ]) {
    const result = await removeRole(iam, name, { dryRun: options.dryRun });
    record({
      kind: 'role',
      name,
      action: result === 'delete' ? 'delete' : result === 'not-managed' ? 'skip' : 'none',
      ...(result === 'not-managed' ? { details: 'not created by eks-upgrade deploy; left in place' } : {}),
    });
  }

  if (options.keepConfig) {
    record({
      kind: 'configuration',
      name: `${options.parameterPrefix}${AGENT_CONFIG_NAME}/`,
      action: 'skip',
      details: '--keep-config',
    });
  } else {
    if (stored && !options.dryRun) await store.deleteConfiguration(AGENT_CONFIG_NAME);
    record({
      kind: 'configuration',
      name: `${options.parameterPrefix}${AGENT_CONFIG_NAME}/`,
      action: stored ? 'delete' : 'none',
    });
  }
  return changes;
}
