import { ArnSchema, StepFunctionsNameSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';

/** Step Functions workflow types. Upgrades are long-running, so STANDARD is the default. */
export const StateMachineType = { STANDARD: 'STANDARD', EXPRESS: 'EXPRESS' } as const;
export type StateMachineType = (typeof StateMachineType)[keyof typeof StateMachineType];

/**
 * Execution statuses Step Functions reports.
 *
 * @example
 * ```ts
 * await client.listExecutions(stateMachineArn, { statusFilter: ExecutionStatus.RUNNING });
 * ```
 */
export const ExecutionStatus = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  ABORTED: 'ABORTED',
  PENDING_REDRIVE: 'PENDING_REDRIVE',
} as const;
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** Statuses after which an execution will not change any more (PENDING_REDRIVE may resume). */
export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = Object.freeze([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);

/**
 * True when an execution in `status` will not change any more.
 *
 * @example
 * ```ts
 * isTerminalExecutionStatus('TIMED_OUT'); // true
 * ```
 */
export function isTerminalExecutionStatus(status: string): boolean {
  return (TERMINAL_EXECUTION_STATUSES as readonly string[]).includes(status);
}

const JsonObjectSchema = z.record(z.string(), z.unknown());
const DEFINITION_RULE = 'must be a JSON object (Amazon States Language) or its JSON text';

/**
 * Where Step Functions sends execution logs (CloudWatch Logs log group ARN ending in `:*`).
 *
 * @example
 * ```ts
 * { level: 'ERROR', includeExecutionData: false, logGroupArns: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/states/eks-upgrade:*'] }
 * ```
 */
export const LoggingConfigurationSchema = z
  .object({
    level: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']).default('OFF'),
    includeExecutionData: z.boolean().default(false),
    logGroupArns: z
      .array(ArnSchema)
      .max(1, { error: 'Step Functions accepts one log destination' })
      .default([]),
  })
  .strict();
export type LoggingConfiguration = z.infer<typeof LoggingConfigurationSchema>;

/**
 * A state machine to create or update: name, Amazon States Language definition (object or JSON
 * text), execution role, type, logging, X-Ray tracing and tags.
 *
 * @example
 * ```ts
 * const machine = parseOrThrow(StateMachineDefinitionSchema, {
 *   name: 'eks-upgrade-workflow',
 *   definition: createUpgradeStateMachineDefinition(),
 *   roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow',
 * }, 'state machine definition');
 * ```
 */
export const StateMachineDefinitionSchema = z
  .object({
    name: StepFunctionsNameSchema,
    definition: z.union(
      [
        JsonObjectSchema,
        z.string().transform((text, context) => {
          try {
            const parsed: unknown = JSON.parse(text);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
              return parsed as Record<string, unknown>;
            }
          } catch {
            // reported below
          }
          context.addIssue({ code: 'custom', message: DEFINITION_RULE });
          return z.NEVER;
        }),
      ],
      { error: DEFINITION_RULE },
    ),
    roleArn: ArnSchema,
    type: z.enum(['STANDARD', 'EXPRESS']).default('STANDARD'),
    logging: LoggingConfigurationSchema.optional(),
    tracingEnabled: z.boolean().default(false),
    tags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .refine((tags) => Object.keys(tags).length <= 50, { error: 'must have at most 50 tags' })
      .default({}),
  })
  .strict();
export type StateMachineDefinition = z.infer<typeof StateMachineDefinitionSchema>;
export type StateMachineDefinitionInput = z.input<typeof StateMachineDefinitionSchema>;

/** A deployed state machine as DescribeStateMachine reports it. */
export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: string | undefined;
  /** The parsed ASL definition. */
  definition: Record<string, unknown>;
  roleArn: string;
  type: StateMachineType;
  logging: LoggingConfiguration | undefined;
  tracingEnabled: boolean;
  creationDate: Date | undefined;
}

/**
 * One execution as `getExecutionStatus` and `waitForExecution` return it. `input` and `output`
 * are parsed JSON when they are JSON.
 *
 * @example
 * ```ts
 * const result = await client.getExecutionStatus(executionArn);
 * if (result.status === 'FAILED') console.error(result.error, result.cause);
 * ```
 */
export const ExecutionResultSchema = z.object({
  executionArn: ArnSchema,
  stateMachineArn: ArnSchema,
  name: z.string(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
  startDate: z.date(),
  stopDate: z.date().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  /** Whether RedriveExecution may restart it: `REDRIVABLE`, `NOT_REDRIVABLE`, `REDRIVABLE_BY_MAP_RUN`. */
  redriveStatus: z.string().optional(),
  /** Why it cannot be redriven, in Step Functions' words (e.g. `Execution redrivable period exceeded`). */
  redriveStatusReason: z.string().optional(),
  /** How often it was redriven. */
  redriveCount: z.number().int().optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResultSchema>;

/** One row of ListExecutions. */
export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate: Date | undefined;
}
