import { randomUUID } from 'node:crypto';
import {
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  EventRuleNameSchema,
  ExecutionError,
  parseOrThrow,
  ValidationError,
  type ValidationIssue,
} from '@eks-upgrade/core-models';
import type { PublishEventResult } from '../client/event-bridge-client.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../constants.js';
import { type EventEnvelope, toEventTime } from '../events/envelope.js';
import { parseUpgradeEvents, toUpgradeEventEntries } from '../events/upgrade-event-entry.js';
import { type UpgradeEventInput, UpgradeEventPublisher } from '../events/upgrade-event-publisher.js';
import { type CompiledEventPattern, compileEventPattern } from '../pattern/compile-event-pattern.js';
import {
  type EventRule,
  type EventRuleInput,
  EventRuleSchema,
  type EventTarget,
  type RuleSummary,
} from '../rules/event-rule.js';
import { targetInput } from './target-input.js';

/** Where a matched event goes locally: receives the target's input (the event unless transformed). */
export type LocalTargetHandler = (
  input: unknown,
  context: { event: EventEnvelope; ruleName: string; targetId: string },
) => void | Promise<void>;

/** A callback target of a local rule. */
export interface LocalCallbackTarget {
  id: string;
  handler: LocalTargetHandler;
}

/** A rule for the local bus: the `EventRule` model, whose targets may also be callbacks. */
export type LocalEventRuleInput = Omit<EventRuleInput, 'targets'> & {
  targets?: Array<NonNullable<EventRuleInput['targets']>[number] | LocalCallbackTarget>;
};

/** One delivery of an event to one target. */
export interface LocalDelivery {
  ruleName: string;
  targetId: string;
  /** The target's ARN (absent for callback targets). */
  arn?: string;
  /** `no-handler`: an ARN target with no handler registered for its ARN. */
  status: 'delivered' | 'failed' | 'no-handler';
  input: unknown;
  error?: unknown;
}

/** One event published on the local bus, the rules it matched and where it went. */
export interface LocalEventRecord {
  event: EventEnvelope;
  matchedRules: string[];
  deliveries: LocalDelivery[];
}

/** Options of `LocalEventBus`. */
export interface LocalEventBusOptions {
  busName?: string;
  /** `source` of events published with `publishEvent` (default `eks-upgrade-agent`). */
  source?: string;
  account?: string;
  region?: string;
  /** The bus's clock (virtual time in rehearsals); `Date.now` by default. */
  clock?: () => Date;
  /** Event ids; random UUIDs by default. */
  idGenerator?: () => string;
  /**
   * How deep targets may publish events that reach targets that publish events... before the
   * bus refuses with an `ExecutionError` (a rule that re-triggers itself loops forever on
   * EventBridge too; locally it stops here). Default 32.
   */
  maxNestedPublishes?: number;
}

/** A PutEvents entry as the Step Functions `events:putEvents` integration passes it. */
export interface LocalPutEventsEntry {
  Source: string;
  DetailType: string;
  /** JSON text or an object (Step Functions passes objects). */
  Detail: string | Record<string, unknown>;
  Resources?: string[];
  Time?: Date | string;
  EventBusName?: string;
}

interface StoredRule {
  rule: EventRule;
  arn: string;
  compiled: CompiledEventPattern;
  callbacks: Map<string, LocalTargetHandler>;
}

function isCallbackTarget(target: unknown): target is LocalCallbackTarget {
  return (
    typeof target === 'object' &&
    target !== null &&
    typeof (target as LocalCallbackTarget).handler === 'function'
  );
}

/**
 * An in-process EventBridge bus for local runs: the same rule model and pattern semantics as
 * EventBridge, the same event envelope, delivery to callbacks (or to handlers registered per
 * target ARN), and a record of every event and the rules it matched.
 *
 * @example
 * ```ts
 * const bus = new LocalEventBus();
 * bus.putRule({
 *   name: 'rollback-trigger',
 *   eventPattern: buildRollbackTriggerPattern(),
 *   targets: [{ id: 'rollback', handler: (event) => startRollback(event) }],
 * });
 * await bus.publishValidationResult('prod', false, { errorRate: 0.3 });
 * bus.records[0]?.matchedRules; // ['rollback-trigger']
 * ```
 */
export class LocalEventBus extends UpgradeEventPublisher {
  readonly busName: string;
  readonly source: string;
  readonly account: string;
  readonly region: string;
  private readonly clock: () => Date;
  private readonly idGenerator: () => string;
  private readonly rules = new Map<string, StoredRule>();
  private readonly arnHandlers = new Map<string, LocalTargetHandler>();
  private readonly eventRecords: LocalEventRecord[] = [];
  private readonly maxNestedPublishes: number;
  private depth = 0;

  constructor(options: LocalEventBusOptions = {}) {
    super();
    this.busName = options.busName ?? DEFAULT_EVENT_BUS_NAME;
    this.source = options.source ?? DEFAULT_EVENT_SOURCE;
    this.account = options.account ?? LOCAL_ACCOUNT_ID;
    this.region = options.region ?? LOCAL_REGION;
    this.clock = options.clock ?? (() => new Date());
    this.idGenerator = options.idGenerator ?? randomUUID;
    this.maxNestedPublishes = options.maxNestedPublishes ?? 32;
  }

  /**
   * Every event published so far, in order, with the rules it matched and its deliveries.
   *
   * @example
   * ```ts
   * bus.records.filter((record) => record.matchedRules.includes('rollback-trigger'));
   * ```
   */
  get records(): readonly LocalEventRecord[] {
    return this.eventRecords;
  }

  /**
   * The envelopes of every event published so far.
   *
   * @example
   * ```ts
   * bus.events.map((event) => event['detail-type']); // ['upgrade.started', 'phase.started', ...]
   * ```
   */
  get events(): EventEnvelope[] {
    return this.eventRecords.map((record) => record.event);
  }

  /**
   * Forgets the record of published events (rules stay).
   *
   * @example
   * ```ts
   * bus.clearRecords();
   * ```
   */
  clearRecords(): void {
    this.eventRecords.length = 0;
  }

  /**
   * Creates or replaces a rule; returns its ARN. Validated like `EventBridgeClient.createRule`.
   *
   * @example
   * ```ts
   * bus.putRule({ name: 'all-failures', eventPattern: { 'detail-type': [{ suffix: '.failed' }] }, targets: [{ id: 'log', handler: console.log }] });
   * ```
   */
  putRule(rule: LocalEventRuleInput): string {
    const callbacks = (rule.targets ?? []).filter(isCallbackTarget);
    const arnTargets = (rule.targets ?? []).filter((target) => !isCallbackTarget(target));
    const parsed = parseOrThrow(
      EventRuleSchema,
      {
        ...rule,
        targets: [...arnTargets, ...callbacks.map(({ id }) => ({ id, arn: 'arn:aws:local:::callback' }))],
      },
      'event rule',
    );
    parsed.targets = parsed.targets.slice(0, arnTargets.length);
    const arn = `arn:aws:events:${this.region}:${this.account}:rule/${this.busName === 'default' ? '' : `${this.busName}/`}${parsed.name}`;
    this.rules.set(parsed.name, {
      rule: parsed,
      arn,
      compiled: compileEventPattern(parsed.eventPattern),
      callbacks: new Map(callbacks.map((target) => [target.id, target.handler])),
    });
    return arn;
  }

  /**
   * Delivers what rules send to `arn` (e.g. a Lambda or queue ARN used by deployed rules) to
   * `handler`, so the same rule definitions route locally.
   *
   * @example
   * ```ts
   * bus.registerTarget('arn:aws:lambda:us-east-1:123456789012:function:eks-upgrade-agent-rollback', onRollback);
   * ```
   */
  registerTarget(arn: string, handler: LocalTargetHandler): void {
    this.arnHandlers.set(arn, handler);
  }

  /**
   * Deletes a rule; true when it existed.
   *
   * @example
   * ```ts
   * bus.deleteRule('all-failures');
   * ```
   */
  deleteRule(name: string): boolean {
    return this.rules.delete(parseOrThrow(EventRuleNameSchema, name, 'rule name'));
  }

  /**
   * Enables a rule.
   *
   * @example
   * ```ts
   * bus.enableRule('all-failures');
   * ```
   */
  enableRule(name: string): void {
    this.storedRule(name).rule.state = 'ENABLED';
  }

  /**
   * Disables a rule: it stops matching until enabled again.
   *
   * @example
   * ```ts
   * bus.disableRule('all-failures');
   * ```
   */
  disableRule(name: string): void {
    this.storedRule(name).rule.state = 'DISABLED';
  }

  /**
   * Lists rules whose names start with `namePrefix`, like `EventBridgeClient.listRules`.
   *
   * @example
   * ```ts
   * bus.listRules('eks-upgrade');
   * ```
   */
  listRules(namePrefix = ''): RuleSummary[] {
    return [...this.rules.values()]
      .filter(({ rule }) => rule.name.startsWith(namePrefix))
      .map(({ rule, arn }) => ({
        name: rule.name,
        arn,
        eventBusName: this.busName,
        state: rule.state,
        eventPattern: rule.eventPattern,
        ...(rule.description === undefined ? {} : { description: rule.description }),
      }));
  }

  /**
   * The rule named `name` with its targets (ARN targets only), or `undefined`.
   *
   * @example
   * ```ts
   * bus.getRule('all-failures')?.eventPattern;
   * ```
   */
  getRule(name: string): EventRule | undefined {
    return this.rules.get(name)?.rule;
  }

  private storedRule(name: string): StoredRule {
    const stored = this.rules.get(name);
    if (!stored)
      throw new ValidationError(`Unknown rule ${name}`, [{ path: 'name', message: 'no such rule' }]);
    return stored;
  }

  /**
   * Validates and publishes one upgrade event; returns its id once every matching target ran.
   *
   * @example
   * ```ts
   * await bus.publishEvent({ type: 'phase.started', detail: { clusterName: 'prod', phase: 'execution' } });
   * ```
   */
  async publishEvent(event: UpgradeEventInput): Promise<string> {
    const [result] = await this.publishEvents([event]);
    return (result as Extract<PublishEventResult, { status: 'published' }>).eventId;
  }

  /**
   * Validates and publishes upgrade events (same validation and size limits as EventBridge);
   * one result per event, in order.
   *
   * @example
   * ```ts
   * await bus.publishEvents([{ type: 'upgrade.started', detail: { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' } }]);
   * ```
   */
  async publishEvents(events: readonly UpgradeEventInput[]): Promise<PublishEventResult[]> {
    const parsed = parseUpgradeEvents(events);
    const { entries } = toUpgradeEventEntries(parsed, { source: this.source, busName: this.busName });
    const results: PublishEventResult[] = [];
    for (const [index, entry] of entries.entries()) {
      const envelope = this.envelope(
        entry.Source,
        entry.DetailType,
        JSON.parse(entry.Detail),
        entry.Time,
        entry.Resources,
      );
      await this.dispatch(envelope);
      results.push({ status: 'published', index, eventId: envelope.id, attempts: 1 });
    }
    return results;
  }

  /**
   * Publishes raw entries in the shape of PutEvents (and of the Step Functions `events:putEvents`
   * integration), answering like the service: `{ FailedEntryCount, Entries: [{ EventId }] }`.
   *
   * @example
   * ```ts
   * await bus.putEvents([{ Source: 'eks-upgrade-agent', DetailType: 'phase.failed', Detail: { clusterName: 'prod', phase: 'execution', error: 'x' } }]);
   * ```
   */
  async putEvents(entries: readonly LocalPutEventsEntry[]): Promise<{
    FailedEntryCount: number;
    Entries: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
  }> {
    const issues: ValidationIssue[] = [];
    if (entries.length < 1 || entries.length > 10)
      issues.push({ path: 'Entries', message: 'must have 1-10 entries' });
    const parsed = entries.map((entry, index) => {
      if (!entry.Source) issues.push({ path: `Entries[${index}].Source`, message: 'is required' });
      if (!entry.DetailType) issues.push({ path: `Entries[${index}].DetailType`, message: 'is required' });
      let detail: unknown = entry.Detail;
      if (typeof detail === 'string') {
        try {
          detail = JSON.parse(detail);
        } catch {
          detail = undefined;
        }
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        issues.push({ path: `Entries[${index}].Detail`, message: 'must be a JSON object' });
      }
      return detail as Record<string, unknown>;
    });
    if (issues.length > 0) throw new ValidationError('Invalid PutEvents entries', issues);
    const answer: Array<{ EventId: string }> = [];
    for (const [index, entry] of entries.entries()) {
      const time = entry.Time === undefined ? undefined : new Date(entry.Time);
      const envelope = this.envelope(entry.Source, entry.DetailType, parsed[index]!, time, entry.Resources);
      await this.dispatch(envelope);
      answer.push({ EventId: envelope.id });
    }
    return { FailedEntryCount: 0, Entries: answer };
  }

  private envelope(
    source: string,
    detailType: string,
    detail: Record<string, unknown>,
    time: Date | undefined,
    resources: readonly string[] | undefined,
  ): EventEnvelope {
    return {
      version: '0',
      id: this.idGenerator(),
      'detail-type': detailType,
      source,
      account: this.account,
      time: toEventTime(time ?? this.clock()),
      region: this.region,
      resources: [...(resources ?? [])],
      detail,
    };
  }

  private async dispatch(event: EventEnvelope): Promise<void> {
    if (this.depth >= this.maxNestedPublishes) {
      throw new ExecutionError(
        `Event loop: ${event['detail-type']} published ${this.depth} levels deep from targets of this bus; a rule probably re-triggers itself`,
        { errorType: 'EventLoop' },
      );
    }
    this.depth++;
    try {
      await this.deliver(event);
    } finally {
      this.depth--;
    }
  }

  private async deliver(event: EventEnvelope): Promise<void> {
    const record: LocalEventRecord = { event, matchedRules: [], deliveries: [] };
    this.eventRecords.push(record);
    for (const stored of [...this.rules.values()]) {
      if (stored.rule.state !== 'ENABLED' || !stored.compiled.matches(event)) continue;
      record.matchedRules.push(stored.rule.name);
      const targets: Array<{ id: string; target?: EventTarget; handler?: LocalTargetHandler }> = [
        ...stored.rule.targets.map((target) => ({
          id: target.id,
          target,
          handler: this.arnHandlers.get(target.arn),
        })),
        ...[...stored.callbacks].map(([id, handler]) => ({ id, handler })),
      ];
      for (const { id, target, handler } of targets) {
        const input = targetInput(target, event, stored.rule.name);
        const delivery: LocalDelivery = {
          ruleName: stored.rule.name,
          targetId: id,
          ...(target ? { arn: target.arn } : {}),
          status: 'delivered',
          input,
        };
        record.deliveries.push(delivery);
        if (!handler) {
          delivery.status = 'no-handler';
          continue;
        }
        try {
          await handler(input, { event, ruleName: stored.rule.name, targetId: id });
        } catch (error) {
          // EventBridge does not fail PutEvents when a target fails: record it, as a DLQ would.
          delivery.status = 'failed';
          delivery.error = error;
        }
      }
    }
  }
}
