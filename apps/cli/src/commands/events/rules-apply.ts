import { ArnSchema, parseOrThrow } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { stackRules } from '../../stack/stack-rules.js';
import { checkNotifyArns } from '../stack/deploy.js';

/** `eks-upgrade events rules apply`: creates or updates the monitoring and rollback-trigger rules. */
export async function run(context: CommandContext<'events rules apply'>): Promise<ExitCode> {
  const { flags } = context;
  parameterPrefixOf(flags);
  const notifyArns = checkNotifyArns(flags['notify-arn']);
  const eventsRoleArn =
    flags['events-role-arn'] === undefined
      ? undefined
      : parseOrThrow(ArnSchema, flags['events-role-arn'], 'events role (--events-role-arn)');
  const config = await loadAgentConfig(context, flags);
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const rules = stackRules(config, { notifyArns, eventsRoleArn });
  for (const rule of rules) {
    if (flags['dry-run']) context.log.info(`would apply rule ${rule.name}`);
    else await events.createRule(rule);
  }
  if (!flags['dry-run']) context.log.success(`applied ${rules.length} rules`);
  context.print({
    data: rules,
    table: { columns: ['name', 'state', 'description'], rows: rules.map((rule) => ({ ...rule })) },
  });
  return ExitCode.SUCCESS;
}
