import { ArnSchema, EventRuleNameSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import { MAX_TARGETS_PER_RULE } from '../constants.js';
import { compileEventPattern, type EventPattern } from '../pattern/compile-event-pattern.js';

const TARGET_ID_RULE = 'must be 1-64 characters: letters, digits, dots, hyphens and underscores';

/**
 * How EventBridge rewrites the event before handing it to the target.
 *
 * @example
 * ```ts
 * InputTransformerSchema.parse({ inputPathsMap: { c: '$.detail.clusterName' }, inputTemplate: '{"cluster": <c>}' });
 * ```
 */
export const InputTransformerSchema = z.object({
  /** Variables taken from the event with JSON paths, e.g. `{ cluster: '$.detail.clusterName' }`. */
  inputPathsMap: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'must be letters, digits, - or _' }), z.string())
    .refine((map) => Object.keys(map).length <= 100, { error: 'must have at most 100 entries' })
    .optional(),
  /** The text sent to the target, with `<variable>` placeholders. */
  inputTemplate: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(8192, { error: 'must be at most 8192 characters' }),
});

/**
 * Retry behaviour for a target.
 *
 * @example
 * ```ts
 * RetryPolicySchema.parse({ maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
 * ```
 */
export const RetryPolicySchema = z.object({
  maximumRetryAttempts: z.number().int().min(0).max(185).optional(),
  maximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
});

/**
 * One target of a rule: where matching events go, and how.
 *
 * @example
 * ```ts
 * EventTargetSchema.parse({ id: 'ops', arn: 'arn:aws:sqs:us-east-1:123456789012:ops', input: { alert: true } });
 * ```
 */
export const EventTargetSchema = z
  .object({
    id: z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/, { error: TARGET_ID_RULE }),
    arn: ArnSchema,
    /** Role EventBridge assumes to reach the target (Kinesis, ECS, Step Functions...). */
    roleArn: ArnSchema.optional(),
    /** A constant JSON input instead of the event (objects are serialised). */
    input: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .transform((value, context) => {
        if (typeof value !== 'string') return JSON.stringify(value);
        try {
          JSON.parse(value);
        } catch {
          context.addIssue({ code: 'custom', message: 'must be valid JSON text' });
          return z.NEVER;
        }
        return value;
      })
      .optional(),
    /** A JSON path selecting the part of the event to send, e.g. `$.detail`. */
    inputPath: z.string().startsWith('$', { error: 'must be a JSON path starting with $' }).optional(),
    inputTransformer: InputTransformerSchema.optional(),
    /** SQS queue ARN receiving the events EventBridge could not deliver. */
    deadLetterQueueArn: ArnSchema.optional(),
    retryPolicy: RetryPolicySchema.optional(),
    /** Message group id for SQS FIFO queue targets. */
    sqsMessageGroupId: z.string().min(1).optional(),
  })
  .refine(
    (target) =>
      [target.input, target.inputPath, target.inputTransformer].filter((value) => value !== undefined)
        .length <= 1,
    { error: 'set at most one of input, inputPath and inputTransformer', path: ['input'] },
  );

/**
 * An event pattern, checked with EventBridge's rules (see `validateEventPattern`).
 *
 * @example
 * ```ts
 * EventPatternSchema.parse({ source: ['eks-upgrade-agent'] });
 * ```
 */
export const EventPatternSchema = z.custom<EventPattern>().superRefine((pattern, context) => {
  try {
    compileEventPattern(pattern);
  } catch (error) {
    const issues = (error as { issues?: { path: string; message: string }[] }).issues ?? [];
    for (const issue of issues) {
      context.addIssue({
        code: 'custom',
        message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
      });
    }
  }
});

/**
 * Rule states.
 *
 * @example
 * ```ts
 * await events.createRule({ name: 'r', eventPattern, state: RuleState.DISABLED });
 * ```
 */
export const RuleState = { ENABLED: 'ENABLED', DISABLED: 'DISABLED' } as const;
export type RuleState = (typeof RuleState)[keyof typeof RuleState];

/**
 * An EventBridge rule with its targets: the model `createRule` and `LocalEventBus.putRule` take.
 *
 * @example
 * ```ts
 * const rule = parseOrThrow(EventRuleSchema, {
 *   name: 'eks-upgrade-alerts',
 *   eventPattern: { 'detail-type': ['upgrade.failed'] },
 *   targets: [{ id: 'q', arn: 'arn:aws:sqs:us-east-1:123456789012:alerts' }],
 * }, 'event rule');
 * ```
 */
export const EventRuleSchema = z.object({
  name: EventRuleNameSchema,
  eventPattern: EventPatternSchema,
  description: z.string().max(512, { error: 'must be at most 512 characters' }).optional(),
  state: z
    .enum([RuleState.ENABLED, RuleState.DISABLED], { error: 'must be ENABLED or DISABLED' })
    .default('ENABLED'),
  /** Role EventBridge uses for the rule itself (cross-account or API destinations). */
  roleArn: ArnSchema.optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  targets: z
    .array(EventTargetSchema)
    .max(MAX_TARGETS_PER_RULE, { error: `must list at most ${MAX_TARGETS_PER_RULE} targets` })
    .default([])
    .refine((targets) => new Set(targets.map((target) => target.id)).size === targets.length, {
      error: 'target ids must be unique',
    }),
});

/** A rule target (validated). */
export type EventTarget = z.output<typeof EventTargetSchema>;
/** A rule target as callers write it. */
export type EventTargetInput = z.input<typeof EventTargetSchema>;
/** A rule (validated, defaults applied). */
export type EventRule = z.output<typeof EventRuleSchema>;
/** A rule as callers write it. */
export type EventRuleInput = z.input<typeof EventRuleSchema>;

/** A rule as `listRules` reports it. */
export interface RuleSummary {
  name: string;
  arn: string;
  eventBusName: string;
  state: string;
  description?: string;
  /** The parsed event pattern, when the rule has one. */
  eventPattern?: EventPattern;
  scheduleExpression?: string;
}
