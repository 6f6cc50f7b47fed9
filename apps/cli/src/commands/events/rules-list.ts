import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';

/** `eks-upgrade events rules list`: the rules whose names start with the configured rule prefix. */
export async function run(context: CommandContext<'events rules list'>): Promise<ExitCode> {
  parameterPrefixOf(context.flags);
  const config = await loadAgentConfig(context, context.flags);
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const rules = await events.listRules(config.eventBridge.rulePrefix);
  const rows = rules.map((rule) => ({
    name: rule.name,
    state: rule.state,
    eventPattern: rule.eventPattern ?? null,
    description: rule.description ?? '',
  }));
  context.print({ data: rows, table: { columns: ['name', 'state', 'description'], rows } });
  return ExitCode.SUCCESS;
}
