/**
 * @packageDocumentation
 * `@eks-upgrade/events/local`: everything but `EventBridgeClient` — the pattern matcher, the rule
 * model and pre-built patterns, the PutEvents size rules and `LocalEventBus` — without loading
 * the AWS SDK, for local runs that must start fast (`eks-upgrade rehearse`).
 */
export type { PublishEventResult } from './client/event-bridge-client.js';
export {
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_REQUEST_BYTES,
  MAX_PUT_TARGETS_ENTRIES,
  MAX_REMOVE_TARGETS_IDS,
  MAX_TARGETS_PER_RULE,
  TIME_ENTRY_BYTES,
} from './constants.js';
export { minimumBatchCount, packBatches } from './events/batching.js';
export { type EventEnvelope, toEventTime } from './events/envelope.js';
export { putEventsEntrySize, type UpgradeEventEntry } from './events/upgrade-event-entry.js';
export {
  type DetailExtras,
  type UpgradeEventInput,
  UpgradeEventPublisher,
} from './events/upgrade-event-publisher.js';
export {
  type LocalCallbackTarget,
  type LocalDelivery,
  LocalEventBus,
  type LocalEventBusOptions,
  type LocalEventRecord,
  type LocalEventRuleInput,
  type LocalPutEventsEntry,
  type LocalTargetHandler,
} from './local-bus/local-event-bus.js';
export {
  type CompiledEventPattern,
  compileEventPattern,
  type EventPattern,
  matchesEventPattern,
  validateEventPattern,
} from './pattern/compile-event-pattern.js';
export {
  EventPatternSchema,
  type EventRule,
  type EventRuleInput,
  EventRuleSchema,
  type EventTarget,
  type EventTargetInput,
  EventTargetSchema,
  InputTransformerSchema,
  RetryPolicySchema,
  RuleState,
  type RuleSummary,
} from './rules/event-rule.js';
export {
  buildRollbackTriggerPattern,
  buildUpgradeMonitoringPattern,
  ROLLBACK_TRIGGER_EVENT_TYPES,
  rollbackTriggerRuleName,
  toRuleName,
  upgradeMonitoringRuleName,
} from './rules/prebuilt-patterns.js';
