import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkNotifyArns, optionalArn } from '../../inputs/arns.js';
import { describeChange, ruleDiffers, type StackChange } from '../../stack/stack-deployer.js';
import { stackRules } from '../../stack/stack-rules.js';

/** `eks-upgrade events rules apply`: creates or updates the monitoring and rollback-trigger rules. */
export async function run(context: CommandContext<'events rules apply'>): Promise<ExitCode> {
  const { flags } = context;
  parameterPrefixOf(flags);
  const notifyArns = checkNotifyArns(flags['notify-arn']);
  const eventsRoleArn = optionalArn(flags['events-role-arn'], '--events-role-arn');
  const config = await loadAgentConfig(context, flags);
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const rules = stackRules(config, { notifyArns, eventsRoleArn });
  const existing = await events.listRules(config.eventBridge.rulePrefix);
  const changes: StackChange[] = [];
  for (const rule of rules) {
    const current = existing.find((item) => item.name === rule.name);
    const targets = current ? await events.listTargets(rule.name) : [];
    const action = !current ? 'create' : ruleDiffers(rule, current, targets) ? 'update' : 'none';
    // Targets no longer given are removed, so the rules hold exactly the --notify-arn targets.
    if (action !== 'none' && !flags['dry-run']) await events.createRule(rule, { removeOtherTargets: true });
    const change: StackChange = { kind: 'rule', name: rule.name, action };
    // On stdout below; on stderr only with --verbose, so a terminal shows each change once.
    if (action !== 'none') context.log.debug(describeChange(change, flags['dry-run']));
    changes.push(change);
  }
  context.print({
    data: { dryRun: flags['dry-run'], changes, rules },
    table: { columns: ['kind', 'name', 'action'], rows: changes.map((change) => ({ ...change })) },
    text: changes.every((change) => change.action === 'none')
      ? 'No changes.'
      : changes
          .filter((change) => change.action !== 'none')
          .map((change) => describeChange(change, flags['dry-run']))
          .join('\n'),
  });
  return ExitCode.SUCCESS;
}
