import {
  parseOrThrow,
  type UpgradeEvent,
  UpgradeEventDetailSchemas,
  UpgradeEventTypeSchema,
} from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { readJsonArgument } from '../../inputs/json-input.js';

/** `eks-upgrade events publish --type TYPE --detail JSON|@FILE`: publishes one validated upgrade event. */
export async function run(context: CommandContext<'events publish'>): Promise<ExitCode> {
  const type = parseOrThrow(UpgradeEventTypeSchema, context.flags.type, 'event type (--type)');
  const rawDetail = await readJsonArgument(context.flags.detail, '--detail', context.resolvePath);
  const detail = parseOrThrow(UpgradeEventDetailSchemas[type], rawDetail, `${type} detail (--detail)`);
  parameterPrefixOf(context.flags);
  const config = await loadAgentConfig(context, context.flags);
  const events = await context.services.events({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
  });
  const eventId = await events.publishEvent({ type, detail } as UpgradeEvent);
  context.log.success(`published ${type} to bus ${config.eventBridge.busName}`);
  context.print({ data: { eventId, type }, text: eventId });
  return ExitCode.SUCCESS;
}
