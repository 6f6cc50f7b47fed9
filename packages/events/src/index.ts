/**
 * @packageDocumentation
 * EventBridge for eks-upgrade: `EventBridgeClient` (validated upgrade events published in as few
 * PutEvents calls as AWS's limits allow, failed entries resent and reported; rules with their
 * targets; pre-built monitoring and rollback-trigger rules), `matchesEventPattern()` with
 * EventBridge's pattern semantics, and `LocalEventBus`, an in-process bus for local runs.
 * `@eks-upgrade/events/local` exports the same without `EventBridgeClient` (no AWS SDK load).
 */
export {
  EventBridgeClient,
  type EventBridgeClientOptions,
  type PrebuiltRuleOptions,
} from './client/event-bridge-client.js';
export type { RetryOptions } from './client/retry.js';
export * from './local.js';
