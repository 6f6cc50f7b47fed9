import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  DisableRuleCommand,
  EnableRuleCommand,
  type EventBridgeClientConfig,
  ListRulesCommand,
  type ListRulesCommandOutput,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  type ListTargetsByRuleCommandOutput,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  EventBridgeClient as SdkEventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  AWSServiceError,
  type AwsSdkV3Client,
  backoffDelay,
  chunk,
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  DEFAULT_RETRY_OPTIONS,
  DEFAULT_RULE_PREFIX,
  EventRuleNameSchema,
  followPageTokens,
  parseOrThrow,
  sleep,
  toAWSServiceError,
} from '@eks-upgrade/core-models';
import { z } from 'zod';
import { EVENTBRIDGE_SERVICE, MAX_PUT_TARGETS_ENTRIES, MAX_REMOVE_TARGETS_IDS } from '../constants.js';
import { packBatches } from '../events/batching.js';
import { parseUpgradeEvents, toUpgradeEventEntries } from '../events/upgrade-event-entry.js';
import { type UpgradeEventInput, UpgradeEventPublisher } from '../events/upgrade-event-publisher.js';
import type { EventPattern } from '../pattern/compile-event-pattern.js';
import {
  type EventRule,
  type EventRuleInput,
  EventRuleSchema,
  type EventTarget,
  type EventTargetInput,
  type RuleSummary,
} from '../rules/event-rule.js';
import {
  buildRollbackTriggerPattern,
  buildUpgradeMonitoringPattern,
  rollbackTriggerRuleName,
  upgradeMonitoringRuleName,
} from '../rules/prebuilt-patterns.js';
import { isRetryableEntryError, type RetryOptions } from './retry.js';

interface EventBridgeClientCommonOptions {
  /** AWS region (defaults to the SDK's resolution: AWS_REGION, profile...). */
  region?: string;
  /** Event bus name or ARN (default `default`). */
  busName?: string;
  /** `Source` of published events (default `eks-upgrade-agent`). */
  source?: string;
  /** Resending of failed PutEvents entries. */
  retry?: RetryOptions;
}

/**
 * Options of `EventBridgeClient`: an injected SDK client, or a configuration for a new one. The
 * injected client may come from the application's own copy or release of
 * `@aws-sdk/client-eventbridge` (v3).
 */
export type EventBridgeClientOptions = EventBridgeClientCommonOptions &
  (
    | {
        /** An SDK v3 client to use as is. */ client?: SdkEventBridgeClient | AwsSdkV3Client;
        clientConfig?: never;
      }
    | {
        client?: never /** Configuration for the SDK client this class creates. */;
        clientConfig?: EventBridgeClientConfig;
      }
  );

const OptionsSchema = z.object({
  busName: z
    .string()
    .regex(
      /^([/.\-_A-Za-z0-9]{1,256}|arn:aws[\w-]*:events:[\w-]+:\d{12}:event-bus\/[/.\-_A-Za-z0-9]{1,256})$/,
      {
        error: 'must be an event bus name (1-256 of letters, digits, / . - _) or an event bus ARN',
      },
    ),
  source: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(256, { error: 'must be at most 256 characters' })
    .refine((source) => !source.startsWith('aws.'), {
      error: 'must not start with aws. (reserved for AWS services)',
    }),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      baseDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
    })
    .optional(),
});

/** What happened to one event of `publishEvents`, at the event's index in the request. */
export type PublishEventResult =
  | {
      status: 'published';
      index: number;
      eventId: string;
      /** PutEvents calls this event took part in. */
      attempts: number;
    }
  | {
      status: 'failed';
      index: number;
      /** EventBridge's `ErrorCode` for the entry, or the code of the call's failure. */
      errorCode: string;
      errorMessage: string;
      attempts: number;
      /** The failure in the error taxonomy (the SDK error, when there was one, is its `cause`). */
      error: AWSServiceError;
    };

/** Options of the pre-built rules. */
export interface PrebuiltRuleOptions {
  /** Rule name (default derived from `eks-upgrade` and the cluster). */
  name?: string;
  description?: string;
  state?: 'ENABLED' | 'DISABLED';
}

function toSdkTarget(target: EventTarget): Target {
  return {
    Id: target.id,
    Arn: target.arn,
    ...(target.roleArn === undefined ? {} : { RoleArn: target.roleArn }),
    ...(target.input === undefined ? {} : { Input: target.input }),
    ...(target.inputPath === undefined ? {} : { InputPath: target.inputPath }),
    ...(target.inputTransformer === undefined
      ? {}
      : {
          InputTransformer: {
            InputTemplate: target.inputTransformer.inputTemplate,
            ...(target.inputTransformer.inputPathsMap === undefined
              ? {}
              : { InputPathsMap: target.inputTransformer.inputPathsMap }),
          },
        }),
    ...(target.deadLetterQueueArn === undefined
      ? {}
      : { DeadLetterConfig: { Arn: target.deadLetterQueueArn } }),
    ...(target.retryPolicy === undefined
      ? {}
      : {
          RetryPolicy: {
            ...(target.retryPolicy.maximumRetryAttempts === undefined
              ? {}
              : { MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts }),
            ...(target.retryPolicy.maximumEventAgeInSeconds === undefined
              ? {}
              : { MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeInSeconds }),
          },
        }),
    ...(target.sqsMessageGroupId === undefined
      ? {}
      : { SqsParameters: { MessageGroupId: target.sqsMessageGroupId } }),
  };
}

function fromSdkTarget(target: Target): EventTarget {
  return {
    id: target.Id ?? '',
    arn: target.Arn ?? '',
    ...(target.RoleArn ? { roleArn: target.RoleArn } : {}),
    ...(target.Input ? { input: target.Input } : {}),
    ...(target.InputPath ? { inputPath: target.InputPath } : {}),
    ...(target.InputTransformer?.InputTemplate
      ? {
          inputTransformer: {
            inputTemplate: target.InputTransformer.InputTemplate,
            ...(target.InputTransformer.InputPathsMap
              ? { inputPathsMap: target.InputTransformer.InputPathsMap }
              : {}),
          },
        }
      : {}),
    ...(target.DeadLetterConfig?.Arn ? { deadLetterQueueArn: target.DeadLetterConfig.Arn } : {}),
    ...(target.RetryPolicy
      ? {
          retryPolicy: {
            ...(target.RetryPolicy.MaximumRetryAttempts === undefined
              ? {}
              : { maximumRetryAttempts: target.RetryPolicy.MaximumRetryAttempts }),
            ...(target.RetryPolicy.MaximumEventAgeInSeconds === undefined
              ? {}
              : { maximumEventAgeInSeconds: target.RetryPolicy.MaximumEventAgeInSeconds }),
          },
        }
      : {}),
    ...(target.SqsParameters?.MessageGroupId
      ? { sqsMessageGroupId: target.SqsParameters.MessageGroupId }
      : {}),
  };
}

function parsePattern(text: string | undefined): EventPattern | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as EventPattern) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * EventBridge for eks-upgrade: publishes validated upgrade events (batched to AWS's limits,
 * failed entries resent, every failure reported), manages rules and their targets, and
 * creates the pre-built monitoring and rollback-trigger rules.
 *
 * @example
 * ```ts
 * const events = new EventBridgeClient({ region: 'eu-west-1' });
 * const eventId = await events.publishUpgradeStarted('prod', '1.31', 'blue_green');
 * ```
 */
export class EventBridgeClient extends UpgradeEventPublisher {
  /** The SDK client in use (injected or created). */
  readonly client: SdkEventBridgeClient;
  readonly busName: string;
  readonly source: string;
  private readonly retry: Required<RetryOptions>;

  constructor(options: EventBridgeClientOptions = {}) {
    super();
    const parsed = parseOrThrow(
      OptionsSchema,
      {
        busName: options.busName ?? DEFAULT_EVENT_BUS_NAME,
        source: options.source ?? DEFAULT_EVENT_SOURCE,
        retry: options.retry,
      },
      'EventBridgeClient options',
    );
    this.busName = parsed.busName;
    this.source = parsed.source;
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...parsed.retry };
    // An injected client from another copy of the SDK is used through `send` alone (with this
    // package's commands), which works across SDK v3 releases; nothing checks its class.
    this.client =
      (options.client as SdkEventBridgeClient | undefined) ??
      new SdkEventBridgeClient({
        ...options.clientConfig,
        ...(options.region === undefined ? {} : { region: options.region }),
      });
  }

  private async call<Output>(operation: string, action: string, run: () => Promise<Output>): Promise<Output> {
    try {
      return await run();
    } catch (error) {
      throw toAWSServiceError(error, { service: EVENTBRIDGE_SERVICE, operation, action });
    }
  }

  /**
   * Validates and publishes one upgrade event; returns its EventBridge event id. A failed entry
   * (after the retries) throws an `AWSServiceError` with EventBridge's error code.
   *
   * @example
   * ```ts
   * const id = await events.publishEvent({
   *   type: 'traffic.shifted',
   *   detail: { clusterName: 'prod', blueClusterName: 'prod-blue', greenClusterName: 'prod-green', weight: 25 },
   * });
   * ```
   */
  async publishEvent(event: UpgradeEventInput): Promise<string> {
    const [result] = await this.publishEvents([event]);
    if (result?.status !== 'published') throw result!.error;
    return result.eventId;
  }

  /**
   * Validates and publishes upgrade events with as few PutEvents calls as the limits allow
   * (≤ 10 entries and ≤ 256 KB by AWS's entry-size rules a call). Entries that fail with a
   * retryable error (throttling, internal failure) are resent, alone, with backoff. Returns one
   * result per event in request order; nothing is dropped silently. Invalid or oversized events
   * throw a `ValidationError` before anything is sent.
   *
   * @example
   * ```ts
   * const results = await events.publishEvents([
   *   { type: 'phase.started', detail: { clusterName: 'prod', phase: 'validation' } },
   *   { type: 'validation.success', detail: { clusterName: 'prod', metrics: { nodesReady: 3 } } },
   * ]);
   * const failed = results.filter((result) => result.status === 'failed');
   * ```
   */
  async publishEvents(events: readonly UpgradeEventInput[]): Promise<PublishEventResult[]> {
    const parsed = parseUpgradeEvents(events);
    const { entries, sizes } = toUpgradeEventEntries(parsed, { source: this.source, busName: this.busName });
    const results: PublishEventResult[] = new Array(entries.length);
    const fail = (
      index: number,
      attempts: number,
      error: AWSServiceError,
      errorMessage = error.message,
    ): void => {
      results[index] = {
        status: 'failed',
        index,
        errorCode: error.code,
        errorMessage,
        attempts,
        error,
      };
    };
    let pending = entries.map((_, index) => index);

    for (let attempt = 1; pending.length > 0; attempt++) {
      const lastAttempt = attempt >= this.retry.maxAttempts;
      let retryLater: number[] = [];
      const batches = packBatches(pending.map((index) => sizes[index]!)).map((batch) =>
        batch.map((position) => pending[position]!),
      );
      for (const [batchNumber, batch] of batches.entries()) {
        let responseEntries: PutEventsResultEntry[];
        try {
          const response = await this.client.send(
            new PutEventsCommand({ Entries: batch.map((index) => entries[index] as PutEventsRequestEntry) }),
          );
          responseEntries = response.Entries ?? [];
        } catch (sdkError) {
          const error = toAWSServiceError(sdkError, {
            service: EVENTBRIDGE_SERVICE,
            operation: 'PutEvents',
            action: `publish ${batch.length} event(s) to bus ${this.busName}`,
          });
          if (error.retryable && !lastAttempt) {
            retryLater.push(...batch);
          } else if (error.retryable) {
            for (const index of batch) fail(index, attempt, error);
          } else {
            // A call that cannot succeed (access denied, unknown bus...) fails everything not yet published.
            for (const index of [...batches.slice(batchNumber).flat(), ...retryLater])
              fail(index, attempt, error);
            retryLater = [];
            break;
          }
          continue;
        }
        batch.forEach((index, position) => {
          const entry = responseEntries[position];
          if (entry?.EventId && !entry.ErrorCode) {
            results[index] = { status: 'published', index, eventId: entry.EventId, attempts: attempt };
            return;
          }
          const errorCode = entry?.ErrorCode ?? 'MissingResultEntry';
          const errorMessage = entry?.ErrorMessage ?? 'PutEvents returned no result for this entry';
          const retryable = isRetryableEntryError(errorCode);
          if (retryable && !lastAttempt) {
            retryLater.push(index);
            return;
          }
          const after = retryable ? ` (still failing after ${attempt} attempts)` : '';
          fail(
            index,
            attempt,
            new AWSServiceError(
              `Could not publish event ${index} (${entries[index]!.DetailType}) to bus ${this.busName}: ${errorCode}: ${errorMessage}${after}`,
              { service: EVENTBRIDGE_SERVICE, operation: 'PutEvents', code: errorCode, retryable },
              { cause: entry },
            ),
            errorMessage,
          );
        });
      }
      if (retryLater.length === 0) break;
      pending = retryLater.sort((left, right) => left - right);
      await sleep(backoffDelay(attempt, this.retry));
    }
    return results;
  }

  /**
   * Creates or updates a rule and puts its targets (PutRule, then PutTargets ≤ 10 a call);
   * returns the rule ARN. The whole rule is validated first (name, pattern by EventBridge's
   * rules, targets). Targets EventBridge refuses are reported in one `AWSServiceError`.
   * PutTargets adds and updates targets but never removes any: with `removeOtherTargets`, targets
   * of an existing rule that are not in `rule.targets` are removed too, so re-running converges.
   *
   * @example
   * ```ts
   * const arn = await events.createRule({
   *   name: 'eks-upgrade-alerts',
   *   eventPattern: { source: ['eks-upgrade-agent'], 'detail-type': ['upgrade.failed'] },
   *   targets: [{ id: 'alerts', arn: 'arn:aws:sqs:us-east-1:123456789012:alerts' }],
   * });
   * ```
   */
  async createRule(rule: EventRuleInput, options: { removeOtherTargets?: boolean } = {}): Promise<string> {
    const parsed: EventRule = parseOrThrow(EventRuleSchema, rule, 'event rule');
    const output = await this.call('PutRule', `create rule ${parsed.name}`, () =>
      this.client.send(
        new PutRuleCommand({
          Name: parsed.name,
          EventBusName: this.busName,
          EventPattern: JSON.stringify(parsed.eventPattern),
          State: parsed.state,
          ...(parsed.description === undefined ? {} : { Description: parsed.description }),
          ...(parsed.roleArn === undefined ? {} : { RoleArn: parsed.roleArn }),
          ...(parsed.tags === undefined
            ? {}
            : { Tags: Object.entries(parsed.tags).map(([Key, Value]) => ({ Key, Value })) }),
        }),
      ),
    );
    for (const targets of chunk(parsed.targets, MAX_PUT_TARGETS_ENTRIES)) {
      const response = await this.call('PutTargets', `put targets on rule ${parsed.name}`, () =>
        this.client.send(
          new PutTargetsCommand({
            Rule: parsed.name,
            EventBusName: this.busName,
            Targets: targets.map(toSdkTarget),
          }),
        ),
      );
      const failed = response.FailedEntries ?? [];
      if ((response.FailedEntryCount ?? failed.length) > 0) {
        const listed = failed.map((entry) => `${entry.TargetId}: ${entry.ErrorCode}: ${entry.ErrorMessage}`);
        throw new AWSServiceError(
          `Rule ${parsed.name} was created but EventBridge refused ${failed.length} target(s): ${listed.join('; ')}`,
          {
            service: EVENTBRIDGE_SERVICE,
            operation: 'PutTargets',
            code: failed[0]?.ErrorCode ?? 'FailedEntries',
            retryable: false,
          },
          { cause: response },
        );
      }
    }
    if (options.removeOtherTargets) {
      const wanted = new Set(parsed.targets.map((target) => target.id));
      const stale = (await this.listTargets(parsed.name)).filter((target) => !wanted.has(target.id));
      await this.removeTargets(
        parsed.name,
        stale.map((target) => target.id),
      );
    }
    return output.RuleArn ?? '';
  }

  /**
   * The rule named `ruleName` with its targets, in the `EventRule` model, or `undefined` when it
   * does not exist — what a deploy compares against before changing anything.
   *
   * @example
   * ```ts
   * const current = await events.getRule('eks-upgrade-monitor-prod');
   * if (current?.state === 'DISABLED') await events.enableRule(current.name);
   * ```
   */
  async getRule(ruleName: string): Promise<(EventRule & { arn: string }) | undefined> {
    const name = parseOrThrow(EventRuleNameSchema, ruleName, 'rule name');
    let described: DescribeRuleCommandOutput;
    try {
      described = await this.call('DescribeRule', `describe rule ${name}`, () =>
        this.client.send(new DescribeRuleCommand({ Name: name, EventBusName: this.busName })),
      );
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.isNotFound) return undefined;
      throw error;
    }
    const targets = await this.listTargets(name);
    return {
      name,
      arn: described.Arn ?? '',
      eventPattern: parsePattern(described.EventPattern) ?? {},
      state: described.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      ...(described.Description ? { description: described.Description } : {}),
      ...(described.RoleArn ? { roleArn: described.RoleArn } : {}),
      targets,
    };
  }

  private async removeTargets(name: string, ids: readonly string[]): Promise<void> {
    for (const batch of chunk(ids, MAX_REMOVE_TARGETS_IDS)) {
      const response = await this.call('RemoveTargets', `remove targets from rule ${name}`, () =>
        this.client.send(new RemoveTargetsCommand({ Rule: name, EventBusName: this.busName, Ids: batch })),
      );
      const failed = response.FailedEntries ?? [];
      if ((response.FailedEntryCount ?? failed.length) > 0) {
        const listed = failed.map((entry) => `${entry.TargetId}: ${entry.ErrorCode}: ${entry.ErrorMessage}`);
        throw new AWSServiceError(
          `Could not remove ${failed.length} target(s) from rule ${name}: ${listed.join('; ')}`,
          {
            service: EVENTBRIDGE_SERVICE,
            operation: 'RemoveTargets',
            code: failed[0]?.ErrorCode ?? 'FailedEntries',
            retryable: false,
          },
          { cause: response },
        );
      }
    }
  }

  /**
   * Lists the targets of a rule (all pages).
   *
   * @example
   * ```ts
   * const targets = await events.listTargets('eks-upgrade-monitor-prod');
   * ```
   */
  async listTargets(ruleName: string): Promise<EventTarget[]> {
    const name = parseOrThrow(EventRuleNameSchema, ruleName, 'rule name');
    // Pages are followed by hand (the SDK has no paginator for ListTargetsByRule, and its
    // paginators reject a client from another copy of the SDK).
    const targets: Target[] = [];
    for await (const page of followPageTokens(
      (token): Promise<ListTargetsByRuleCommandOutput> =>
        this.call('ListTargetsByRule', `list the targets of rule ${name}`, () =>
          this.client.send(
            new ListTargetsByRuleCommand({
              Rule: name,
              EventBusName: this.busName,
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          ),
        ),
      (page) => page.NextToken,
    )) {
      targets.push(...(page.Targets ?? []));
    }
    return targets.map(fromSdkTarget);
  }

  /**
   * Deletes a rule: removes all its targets first (every page, ≤ 10 ids a RemoveTargets call),
   * then the rule. Returns the ids of the removed targets.
   *
   * @example
   * ```ts
   * const { removedTargetIds } = await events.deleteRule('eks-upgrade-monitor-prod');
   * ```
   */
  async deleteRule(ruleName: string): Promise<{ removedTargetIds: string[] }> {
    const name = parseOrThrow(EventRuleNameSchema, ruleName, 'rule name');
    const ids = (await this.listTargets(name)).map((target) => target.id);
    // A failed removal throws before DeleteRule, so the rule is never left half-deleted.
    await this.removeTargets(name, ids);
    await this.call('DeleteRule', `delete rule ${name}`, () =>
      this.client.send(new DeleteRuleCommand({ Name: name, EventBusName: this.busName })),
    );
    return { removedTargetIds: ids };
  }

  /**
   * Lists the rules of the bus whose names start with `namePrefix` (all pages).
   *
   * @example
   * ```ts
   * const rules = await events.listRules('eks-upgrade');
   * ```
   */
  async listRules(namePrefix?: string): Promise<RuleSummary[]> {
    const rules: RuleSummary[] = [];
    // Pages are followed by hand (the SDK has no paginator for ListRules).
    for await (const page of followPageTokens(
      (token): Promise<ListRulesCommandOutput> =>
        this.call('ListRules', `list rules on bus ${this.busName}`, () =>
          this.client.send(
            new ListRulesCommand({
              EventBusName: this.busName,
              ...(namePrefix ? { NamePrefix: namePrefix } : {}),
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          ),
        ),
      (page) => page.NextToken,
    )) {
      for (const rule of page.Rules ?? []) {
        const eventPattern = parsePattern(rule.EventPattern);
        rules.push({
          name: rule.Name ?? '',
          arn: rule.Arn ?? '',
          eventBusName: rule.EventBusName ?? this.busName,
          state: rule.State ?? 'ENABLED',
          ...(rule.Description ? { description: rule.Description } : {}),
          ...(eventPattern ? { eventPattern } : {}),
          ...(rule.ScheduleExpression ? { scheduleExpression: rule.ScheduleExpression } : {}),
        });
      }
    }
    return rules;
  }

  /**
   * The client's event bus (`busName`) as EventBridge describes it: its ARN and resource
   * policy, or `undefined` when it does not exist (the `default` bus always does).
   *
   * @example
   * ```ts
   * const bus = await new EventBridgeClient({ busName: 'upgrades' }).describeEventBus();
   * if (!bus) await events.createEventBus({ 'eks-upgrade:managed-by': 'eks-upgrade-cli' });
   * ```
   */
  async describeEventBus(): Promise<{ name: string; arn: string; policy?: string } | undefined> {
    try {
      const described = await this.call('DescribeEventBus', `describe event bus ${this.busName}`, () =>
        this.client.send(new DescribeEventBusCommand({ Name: this.busName })),
      );
      return {
        name: described.Name ?? this.busName,
        arn: described.Arn ?? '',
        ...(described.Policy ? { policy: described.Policy } : {}),
      };
    } catch (error) {
      if (AWSServiceError.isInstance(error) && error.isNotFound) return undefined;
      throw error;
    }
  }

  /**
   * Creates the client's event bus (`busName`, a custom bus: the `default` bus cannot be
   * created) with `tags`; returns its ARN.
   *
   * @example
   * ```ts
   * const arn = await new EventBridgeClient({ busName: 'upgrades' }).createEventBus({ team: 'platform' });
   * ```
   */
  async createEventBus(tags: Readonly<Record<string, string>> = {}): Promise<string> {
    const name = this.busName;
    const entries = Object.entries(tags);
    const output = await this.call('CreateEventBus', `create event bus ${name}`, () =>
      this.client.send(
        new CreateEventBusCommand({
          Name: name,
          ...(entries.length === 0 ? {} : { Tags: entries.map(([Key, Value]) => ({ Key, Value })) }),
        }),
      ),
    );
    return output.EventBusArn ?? '';
  }

  /**
   * The tags of the client's event bus (`busName`), e.g. to tell a bus a tool created from one
   * it was given.
   *
   * @example
   * ```ts
   * const tags = await new EventBridgeClient({ busName: 'upgrades' }).eventBusTags();
   * ```
   */
  async eventBusTags(): Promise<Record<string, string>> {
    const bus = await this.describeEventBus();
    if (!bus) return {};
    const output = await this.call('ListTagsForResource', `list the tags of event bus ${this.busName}`, () =>
      this.client.send(new ListTagsForResourceCommand({ ResourceARN: bus.arn })),
    );
    return Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  }

  /**
   * Deletes the client's event bus (`busName`); its rules must be gone first.
   *
   * @example
   * ```ts
   * await new EventBridgeClient({ busName: 'upgrades' }).deleteEventBus();
   * ```
   */
  async deleteEventBus(): Promise<void> {
    const name = this.busName;
    await this.call('DeleteEventBus', `delete event bus ${name}`, () =>
      this.client.send(new DeleteEventBusCommand({ Name: name })),
    );
  }

  /**
   * Enables a rule.
   *
   * @example
   * ```ts
   * await events.enableRule('eks-upgrade-rollback-trigger');
   * ```
   */
  async enableRule(ruleName: string): Promise<void> {
    const name = parseOrThrow(EventRuleNameSchema, ruleName, 'rule name');
    await this.call('EnableRule', `enable rule ${name}`, () =>
      this.client.send(new EnableRuleCommand({ Name: name, EventBusName: this.busName })),
    );
  }

  /**
   * Disables a rule (its targets stay in place).
   *
   * @example
   * ```ts
   * await events.disableRule('eks-upgrade-rollback-trigger');
   * ```
   */
  async disableRule(ruleName: string): Promise<void> {
    const name = parseOrThrow(EventRuleNameSchema, ruleName, 'rule name');
    await this.call('DisableRule', `disable rule ${name}`, () =>
      this.client.send(new DisableRuleCommand({ Name: name, EventBusName: this.busName })),
    );
  }

  /**
   * Creates the rule that sends every upgrade event of one cluster (our source,
   * `detail.clusterName`) to `targets`; returns its ARN. Default name `eks-upgrade-monitor-<cluster>`.
   *
   * @example
   * ```ts
   * await events.createUpgradeMonitoringRule('prod', [{ id: 'ops', arn: 'arn:aws:sqs:us-east-1:123456789012:ops' }]);
   * ```
   */
  createUpgradeMonitoringRule(
    clusterName: string,
    targets: EventTargetInput[],
    options: PrebuiltRuleOptions = {},
  ): Promise<string> {
    return this.createRule({
      name: options.name ?? upgradeMonitoringRuleName(clusterName, DEFAULT_RULE_PREFIX),
      description: options.description ?? `Every eks-upgrade event of cluster ${clusterName}`,
      eventPattern: buildUpgradeMonitoringPattern(clusterName, { source: this.source }),
      ...(options.state === undefined ? {} : { state: options.state }),
      targets,
    });
  }

  /**
   * Creates the rule that sends `validation.failure` and `phase.failed` events (optionally of one
   * cluster) to `targets` — typically what starts a rollback; returns its ARN.
   *
   * @example
   * ```ts
   * await events.createRollbackTriggerRule([{ id: 'rollback', arn: queueArn }], { clusterName: 'prod' });
   * ```
   */
  createRollbackTriggerRule(
    targets: EventTargetInput[],
    options: PrebuiltRuleOptions & { clusterName?: string } = {},
  ): Promise<string> {
    return this.createRule({
      name: options.name ?? rollbackTriggerRuleName(options.clusterName, DEFAULT_RULE_PREFIX),
      description:
        options.description ??
        `Failures that trigger an eks-upgrade rollback${options.clusterName ? ` of cluster ${options.clusterName}` : ''}`,
      eventPattern: buildRollbackTriggerPattern({
        source: this.source,
        ...(options.clusterName === undefined ? {} : { clusterName: options.clusterName }),
      }),
      ...(options.state === undefined ? {} : { state: options.state }),
      targets,
    });
  }
}
