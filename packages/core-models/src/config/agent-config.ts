import { z } from 'zod';
import {
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_FUNCTION_PREFIX,
  DEFAULT_LAMBDA_RUNTIME,
  DEFAULT_PARAMETER_PREFIX,
  DEFAULT_RULE_PREFIX,
  DEFAULT_STATE_MACHINE_NAME,
  DEFAULT_TRAFFIC_SHIFT_INTERVALS,
} from '../constants.js';
import { AwsRegionSchema, EventRuleNameSchema, StepFunctionsNameSchema } from '../names/aws-names.js';
import {
  NodegroupUpdateStrategySchema,
  TrafficShiftIntervalsSchema,
  UpgradeStrategy,
  UpgradeStrategySchema,
} from '../schemas/upgrade-request.js';
import { MaintenanceWindowExpressionSchema } from './maintenance-window.js';
import { PermissionsSettingsSchema } from './permissions-settings.js';

export const LogLevel = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const PositiveSeconds = (max: number) =>
  z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be at least 1 second' })
    .max(max, { error: `must be at most ${max} seconds` });

export const AgentSettingsSchema = z
  .object({
    logLevel: z
      .enum(['DEBUG', 'INFO', 'WARN', 'ERROR'], { error: 'must be DEBUG, INFO, WARN or ERROR' })
      .default('INFO'),
    maxConcurrentUpgrades: z.number().int().min(1, { error: 'must be at least 1' }).max(100).default(1),
  })
  .strict();

/**
 * The reasoning function's timeout (its Lambda `Timeout`, `PHASE_SIZING.reasoning` in
 * @eks-upgrade/lambda-templates, which a test keeps equal to this).
 */
export const REASONING_FUNCTION_TIMEOUT_SECONDS = 300;
/**
 * What the reasoning function keeps of its timeout after giving up on Bedrock: the rules plan
 * is then written and returned (and a cold start may have used some), so Bedrock may wait at
 * most `REASONING_FUNCTION_TIMEOUT_SECONDS - BEDROCK_TIMEOUT_HEADROOM_SECONDS`.
 */
export const BEDROCK_TIMEOUT_HEADROOM_SECONDS = 30;

/**
 * The default Bedrock model: Anthropic Claude Sonnet 4.6 through its global cross-Region
 * inference profile, which every commercial region can call and which routes to any commercial
 * region (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html;
 * model and profile IDs: https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html).
 * Anthropic's Bedrock page lists `anthropic.claude-sonnet-4-6` with a global profile as the newest
 * Sonnet that has a Bedrock model ID reachable through Converse, which the reasoning phase calls
 * (https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy); the
 * later models served only on Bedrock's Messages-API endpoint have no such ID.
 * A geographic profile (`us.`, `eu.`, `apac.`, ...) keeps requests in one geography.
 */
export const DEFAULT_BEDROCK_MODEL_ID = 'global.anthropic.claude-sonnet-4-6';

export const BedrockSettingsSchema = z
  .object({
    /** Ask Bedrock for a narrative risk summary; the rules plan stands alone when off or failing. */
    enabled: z.boolean().default(true),
    /**
     * A foundation model ID (`anthropic.claude-...`), a cross-Region inference profile ID
     * (`global.`, `us.`, `eu.`, `apac.`, ... before the model ID), or an ARN.
     */
    modelId: z.string().min(1).default(DEFAULT_BEDROCK_MODEL_ID),
    maxTokens: z.number().int().min(1).max(200_000).default(4000),
    /**
     * Sampling temperature; sent only when set (Claude 5 models accept only their default:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
     */
    temperature: z.number().min(0).max(1).optional(),
    /**
     * The regions a cross-Region inference profile may route to, where the reasoning role is
     * granted the foundation model. Absent: every region of the profile's geography
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
     */
    destinationRegions: z.array(AwsRegionSchema).min(1).max(30).optional(),
    /**
     * Give up on Bedrock after this long and plan with the rules alone; at most the reasoning
     * function's timeout less `BEDROCK_TIMEOUT_HEADROOM_SECONDS`.
     */
    timeoutSeconds: PositiveSeconds(600)
      .refine((seconds) => seconds <= REASONING_FUNCTION_TIMEOUT_SECONDS - BEDROCK_TIMEOUT_HEADROOM_SECONDS, {
        error: (issue) =>
          `must be at most ${REASONING_FUNCTION_TIMEOUT_SECONDS - BEDROCK_TIMEOUT_HEADROOM_SECONDS} seconds: the reasoning function times out after ${REASONING_FUNCTION_TIMEOUT_SECONDS} s and needs ${BEDROCK_TIMEOUT_HEADROOM_SECONDS} s to plan with the rules alone (got ${String(issue.input)})`,
      })
      .default(30),
  })
  .strict();

export const StepFunctionsSettingsSchema = z
  .object({
    stateMachineName: StepFunctionsNameSchema.default(DEFAULT_STATE_MACHINE_NAME),
    /** Whole-execution timeout (the state machine's TimeoutSeconds). */
    executionTimeoutSeconds: PositiveSeconds(31_536_000).default(DEFAULT_EXECUTION_TIMEOUT_SECONDS),
    /** TimeoutSeconds of each phase task (Lambda's own limit is 900 s). */
    taskTimeoutSeconds: PositiveSeconds(900).default(300),
  })
  .strict();

export const EventBridgeSettingsSchema = z
  .object({
    busName: z.string().min(1).max(256).default(DEFAULT_EVENT_BUS_NAME),
    source: z.string().min(1).max(256).default(DEFAULT_EVENT_SOURCE),
    rulePrefix: EventRuleNameSchema.default(DEFAULT_RULE_PREFIX),
  })
  .strict();

/**
 * Where the workflow waits for a person (or a pipeline) to approve, each an `approval_gate` step
 * the planner inserts: answered with `eks-upgrade approve` / `reject`, or by whatever acts on the
 * `gate.pending` event; a rejection or the timeout rolls back.
 *
 * @example
 * ```ts
 * ApprovalSettingsSchema.parse({ plan: true, controlPlaneHops: true, trafficAbovePercent: 50 });
 * // the plan, each control-plane hop, and each traffic step above 50 % wait for approval
 * ```
 */
export const ApprovalSettingsSchema = z
  .object({
    /**
     * Approve the plan before anything changes: the plan's first step is a `plan` gate whose
     * approval must name the plan's id (`eks-upgrade start --approve-plan` asks for it per upgrade).
     */
    plan: z.boolean().default(false),
    /**
     * Blue/green: wait between "green ready" (its add-ons installed) and the first traffic shift,
     * so workloads can be deployed to green; the approval may supply the green traffic target. Off,
     * the request must name the green target, and traffic moves as soon as green is ready.
     */
    workload: z.boolean().default(true),
    /** In place: wait before each control-plane minor-version update. */
    controlPlaneHops: z.boolean().default(false),
    /**
     * Blue/green: wait before each traffic shift that takes green above this percentage (100, the
     * default: no traffic gate; 0: before every shift).
     */
    trafficAbovePercent: z
      .number()
      .int({ error: 'must be a whole percentage' })
      .min(0, { error: 'must be from 0 to 100' })
      .max(100, { error: 'must be from 0 to 100' })
      .default(100),
    /**
     * Blue/green: how the blue cluster's removal is decided, once green carries all traffic:
     * `approval` (the default) waits at a `decommission` gate; `automatic` removes it without one.
     */
    decommission: z
      .enum(['approval', 'automatic'], { error: 'must be approval or automatic' })
      .default('approval'),
    /**
     * How long each gate waits for an answer before the upgrade rolls back (60 s to 7 days).
     * Waiting counts against `stepFunctions.executionTimeoutSeconds`.
     */
    timeoutSeconds: z
      .number()
      .int({ error: 'must be a whole number of seconds' })
      .min(60, { error: 'must be at least 60 seconds' })
      .max(604_800, { error: 'must be at most 604800 seconds (7 days)' })
      .default(3600),
  })
  .strict();
export type ApprovalSettings = z.infer<typeof ApprovalSettingsSchema>;

export const UpgradeSettingsSchema = z
  .object({
    defaultStrategy: UpgradeStrategySchema.default(UpgradeStrategy.BLUE_GREEN),
    trafficShiftIntervals: TrafficShiftIntervalsSchema.default([...DEFAULT_TRAFFIC_SHIFT_INTERVALS]),
    /** Time a traffic step bakes before its validation. */
    bakeTimeSeconds: PositiveSeconds(86_400).default(300),
    /** How long Validation may take to see an update finish and the cluster healthy. */
    validationTimeoutSeconds: PositiveSeconds(86_400).default(300),
    rollbackTimeoutSeconds: PositiveSeconds(86_400).default(600),
    /**
     * How long an EKS operation a step started may stay in flight before the step counts as
     * failed: a control-plane update takes 10-25 minutes, a node group roll or a cluster
     * creation or deletion can take longer. `validationTimeoutSeconds` then bounds how long
     * health may take to settle once the operation finished.
     */
    operationTimeoutSeconds: PositiveSeconds(86_400).default(5400),
    /**
     * How long EKS waits for a native control-plane rollback before cancelling it
     * (UpdateClusterVersion `rollbackConfig.timeoutMinutes`: "the length of time in minutes to
     * wait before cancelling the update", a lower bound; EKS accepts 120-10080, default 720,
     * https://docs.aws.amazon.com/eks/latest/APIReference/API_RollbackConfig.html). It is not
     * the window in which a rollback may be asked for: that is EKS's own 7 days after the
     * in-place upgrade completed, which no setting changes
     * (https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html).
     *
     * @example
     * ```ts
     * UpgradeSettingsSchema.parse({ nativeRollbackTimeoutMinutes: 240 }); // EKS cancels a rollback still running after 4 hours
     * ```
     */
    nativeRollbackTimeoutMinutes: z
      .number()
      .int({ error: 'must be a whole number of minutes' })
      .min(120, { error: 'must be at least 120 minutes (EKS minimum)' })
      .max(10_080, { error: 'must be at most 10080 minutes (EKS maximum)' })
      .default(720),
    /** Seconds between polls of an in-flight update. */
    pollIntervalSeconds: PositiveSeconds(3600).default(30),
    /**
     * How many times the workflow runs the rollback again, a poll interval apart, while undos it
     * started are still running (the green cluster's deletion, node group and control-plane
     * rollbacks); on the last pass what still runs counts as not undone. Default 60 (30 minutes
     * at the default poll interval).
     */
    rollbackPolls: z
      .number()
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(10_000, { error: 'must be at most 10000' })
      .default(60),
    /**
     * How many node groups of a hop roll at the same time (steps the planner puts in one
     * `parallelGroup`). 1 (the default) rolls them one after another. A failure while others
     * roll waits for those, then rolls back.
     *
     * @example
     * ```ts
     * UpgradeSettingsSchema.parse({ nodegroupParallelism: 4 }); // four node groups roll at once
     * ```
     */
    nodegroupParallelism: z
      .number()
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(30, { error: 'must be at most 30 (the default node group quota of a cluster)' })
      .default(1),
    /**
     * What the workflow does when a step fails: `rollback` (the default) rolls back at once;
     * `hold` waits at a gate ("roll back or resume", `failureHoldTimeoutSeconds`): an approval
     * with `{ "resume": true }` runs the failed step again, a rejection or the timeout rolls back.
     */
    failurePolicy: z.enum(['rollback', 'hold'], { error: 'must be rollback or hold' }).default('rollback'),
    /** How long a failure held by `failurePolicy: hold` waits for an answer before it rolls back. */
    failureHoldTimeoutSeconds: PositiveSeconds(604_800).default(86_400),
    /** Approval gates: the plan, workloads on green, control-plane hops, traffic, decommission. */
    approval: ApprovalSettingsSchema.default(() => ApprovalSettingsSchema.parse({})),
    /** CloudWatch alarms that must not be in ALARM for the cluster to count as healthy. */
    alarmNames: z.array(z.string().min(1).max(255)).max(100).default([]),
    /**
     * When disruptive steps (control-plane hop, node group roll, traffic shift, decommission) may
     * start: each `DAYS HH:MM-HH:MM TIME_ZONE` (see `parseMaintenanceWindow`). A step waits for a
     * window and starts only if its typical duration fits before the window closes. Empty (the
     * default): no windows, every step starts at once.
     *
     * @example
     * ```ts
     * UpgradeSettingsSchema.parse({ maintenanceWindows: ['Tue,Thu 22:00-04:00 Europe/Berlin'] });
     * ```
     */
    maintenanceWindows: z.array(MaintenanceWindowExpressionSchema).max(20).default([]),
    /**
     * How a gate reads an alarm in INSUFFICIENT_DATA (its metric has too few data points, e.g.
     * right after traffic moved): `wait` holds the gate until the alarm is OK or ALARM, within
     * `validationTimeoutSeconds`; `healthy` passes it; `unhealthy` fails it.
     */
    insufficientDataIs: z
      .enum(['wait', 'healthy', 'unhealthy'], { error: 'must be wait, healthy or unhealthy' })
      .default('wait'),
    /**
     * In place: UpdateNodegroupVersion `force`, so a node group rolls even when a
     * PodDisruptionBudget keeps a pod from being evicted (EKS otherwise fails the update with
     * PodEvictionFailure, https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
     * A request's `nodegroupUpdates.force` overrides it.
     */
    nodegroupForceUpdate: z.boolean().default(false),
    /**
     * In place: the rolling strategy every node group rolls with (`updateConfig.updateStrategy`,
     * DEFAULT or MINIMAL); a group on another one is put on it (UpdateNodegroupConfig) before its
     * first version update, and back on its own on rollback. Absent (the default): each group
     * rolls with its own. A request's `nodegroupUpdates.updateStrategy` overrides it.
     */
    nodegroupUpdateStrategy: NodegroupUpdateStrategySchema.optional(),
    /**
     * Blue/green: add the green cluster's OIDC issuer to the trust policy of each IRSA role the
     * plan lists (blue's add-ons' service-account roles, whose trust names blue's issuer only),
     * next to blue's, so the add-on copies get credentials on green. Off (the default): the plan
     * lists those roles and the add-on copies wait at an `irsa_trust` gate until an operator has
     * updated them and approves
     * (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
     */
    trustGreenIssuer: z.boolean().default(false),
    /**
     * Blue/green: how long the blue cluster is kept once green carries all traffic, before its
     * decommission (and the decommission gate): clients and resolvers may still send traffic to
     * blue for the records' TTL, and blue is the quickest way back. At least the records' TTL
     * (the planner takes the larger); an hour by default, at most 7 days. The wait counts against
     * `stepFunctions.executionTimeoutSeconds` (the plan's duration estimate includes it).
     */
    blueRetentionSeconds: z
      .number()
      .int({ error: 'must be a whole number of seconds' })
      .min(0, { error: 'must be at least 0 seconds' })
      .max(604_800, { error: 'must be at most 604800 seconds (7 days)' })
      .default(3600),
  })
  .strict();

export const ParameterStoreSettingsSchema = z
  .object({
    parameterPrefix: z
      .string()
      .regex(/^\/([a-zA-Z0-9_.-]+\/)*$/, { error: 'must be a path such as /eks-upgrade-agent/' })
      .default(DEFAULT_PARAMETER_PREFIX),
    /** KMS key for SecureString parameters; the account's default `alias/aws/ssm` when absent. */
    kmsKeyId: z.string().min(1).optional(),
  })
  .strict();

export const LambdaSettingsSchema = z
  .object({
    functionPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1-40 letters, digits, hyphens or underscores' })
      .default(DEFAULT_FUNCTION_PREFIX),
    runtime: z.string().default(DEFAULT_LAMBDA_RUNTIME),
    architecture: z.enum(['arm64', 'x86_64']).default('arm64'),
  })
  .strict();

/**
 * The configuration name the agent configuration is stored under, below the parameter prefix:
 * the CLI writes it and the Lambda functions read it at `<prefix>config/`
 * (e.g. `/eks-upgrade-agent/config/upgrade/bakeTimeSeconds`).
 *
 * @example
 * ```ts
 * await store.getConfiguration(AGENT_CONFIG_NAME, { schema: AgentConfigSchema });
 * ```
 */
export const AGENT_CONFIG_NAME = 'config';

/**
 * Keys earlier versions stored that nothing ever read: `agent.name`, `agent.version` and the
 * `aws` section (`aws.region`: the region is the one the configuration is read in, so it cannot
 * choose it; `aws.accountId`: never filled, the account comes from the caller's credentials).
 * A configuration FILE that still has them is refused like any unknown key
 * (`AgentConfigSchema` is strict); a configuration STORED by an earlier version is read without
 * them (`withoutRetiredAgentConfigKeys`), and the next write removes them.
 */
export const RETIRED_AGENT_CONFIG_KEYS: readonly string[] = Object.freeze([
  'agent.name',
  'agent.version',
  'aws',
]);

/**
 * A stored configuration without the keys of `RETIRED_AGENT_CONFIG_KEYS`, and the dotted keys it
 * dropped (leaves, e.g. `aws.region`), so a reader can say so. The input is not changed.
 *
 * @example
 * ```ts
 * withoutRetiredAgentConfigKeys({ agent: { name: 'x', logLevel: 'INFO' } });
 * // { config: { agent: { logLevel: 'INFO' } }, retiredKeys: ['agent.name'] }
 * ```
 */
export function withoutRetiredAgentConfigKeys(stored: unknown): {
  config: unknown;
  retiredKeys: string[];
} {
  if (!isPlainObject(stored)) return { config: stored, retiredKeys: [] };
  const retiredKeys: string[] = [];
  const config = structuredClone(stored);
  for (const key of RETIRED_AGENT_CONFIG_KEYS) {
    const path = key.split('.');
    const leaf = path.pop() as string;
    let parent: unknown = config;
    for (const segment of path) parent = isPlainObject(parent) ? parent[segment] : undefined;
    if (!isPlainObject(parent) || !Object.hasOwn(parent, leaf)) continue;
    retiredKeys.push(...leafKeys(parent[leaf], key));
    delete parent[leaf];
  }
  return { config, retiredKeys };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The dotted keys of the leaves below `value` (`key` itself when it is a leaf). */
function leafKeys(value: unknown, key: string): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [key];
  return Object.entries(value).flatMap(([child, nested]) => leafKeys(nested, `${key}.${child}`));
}

/**
 * The agent configuration: stored in SSM under the parameter prefix, read by the CLI and the
 * Lambda functions. Every field has a default, so `{}` is a valid configuration.
 *
 * @example
 * ```ts
 * const config = parseOrThrow(AgentConfigSchema, { upgrade: { bakeTimeSeconds: 600 } }, 'agent configuration');
 * config.stepFunctions.stateMachineName; // 'eks-upgrade-workflow'
 * ```
 */
export const AgentConfigSchema = z
  .object({
    agent: AgentSettingsSchema.default(() => AgentSettingsSchema.parse({})),
    bedrock: BedrockSettingsSchema.default(() => BedrockSettingsSchema.parse({})),
    stepFunctions: StepFunctionsSettingsSchema.default(() => StepFunctionsSettingsSchema.parse({})),
    eventBridge: EventBridgeSettingsSchema.default(() => EventBridgeSettingsSchema.parse({})),
    upgrade: UpgradeSettingsSchema.default(() => UpgradeSettingsSchema.parse({})),
    parameterStore: ParameterStoreSettingsSchema.default(() => ParameterStoreSettingsSchema.parse({})),
    lambda: LambdaSettingsSchema.default(() => LambdaSettingsSchema.parse({})),
    permissions: PermissionsSettingsSchema.default(() => PermissionsSettingsSchema.parse({})),
  })
  .strict()
  .superRefine((config, context) => {
    // The reasoning task's own timeout ends the function as surely as Lambda's.
    const bound = config.stepFunctions.taskTimeoutSeconds - BEDROCK_TIMEOUT_HEADROOM_SECONDS;
    if (config.bedrock.timeoutSeconds > bound) {
      context.addIssue({
        code: 'custom',
        path: ['bedrock', 'timeoutSeconds'],
        message: `must be at most ${bound} seconds: stepFunctions.taskTimeoutSeconds (${config.stepFunctions.taskTimeoutSeconds} s) ends the reasoning task and ${BEDROCK_TIMEOUT_HEADROOM_SECONDS} s are needed to plan with the rules alone (got ${config.bedrock.timeoutSeconds})`,
      });
    }
  });
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

/**
 * The default agent configuration (the original system's values): INFO logging with one
 * concurrent upgrade; Bedrock `DEFAULT_BEDROCK_MODEL_ID` with 4000 max
 * tokens at the model's own temperature; state machine `eks-upgrade-workflow` with a 4 h timeout (the original's 3600 s cannot fit
 * a real upgrade; see `DEFAULT_EXECUTION_TIMEOUT_SECONDS`); bus
 * `default` and rule prefix `eks-upgrade`; blue/green with traffic steps 10/25/50/75/100 %,
 * 300 s validation and 600 s rollback timeouts.
 *
 * @example
 * ```ts
 * const config = createDefaultAgentConfig();
 * config.upgrade.trafficShiftIntervals; // [10, 25, 50, 75, 100]
 * ```
 */
export function createDefaultAgentConfig(): AgentConfig {
  return AgentConfigSchema.parse({});
}

/** Words that mark a configuration key as naming a secret. */
const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'credential',
  'credentials',
]);
/** Adjacent word pairs that do the same (`apiKey`, `private_key`, `access-key`). */
const SENSITIVE_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'signing key']);

/** Splits `dbPassword`, `api_key`, `API-KEY` and `privateKey` into lower-case words. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * True when a configuration key names a secret: password, secret, token, API key, private key,
 * credential — matched by whole words of the key (camelCase, snake_case or kebab-case), so
 * `githubToken` is a secret and `maxTokens` is not.
 *
 * @example
 * ```ts
 * isSensitiveKey('dbPassword'); // true
 * isSensitiveKey('maxTokens'); // false
 * ```
 */
export function isSensitiveKey(key: string): boolean {
  const words = keyWords(key);
  return words.some(
    (word, index) =>
      SENSITIVE_WORDS.has(word) || (index > 0 && SENSITIVE_PAIRS.has(`${words[index - 1]} ${word}`)),
  );
}
