import {
  type AgentConfig,
  AgentSettingsSchema,
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_FUNCTION_PREFIX,
  DEFAULT_LAMBDA_RUNTIME,
  DEFAULT_PARAMETER_PREFIX,
  type LogLevel,
  parseOrThrow,
  phaseFunctionName,
  UPGRADE_PHASES,
  UpgradePhase,
} from '@eks-upgrade/core-models';
import { z } from 'zod';
import {
  LambdaArchitecture,
  type LambdaCode,
  LambdaCodeSchema,
  type LambdaFunction,
  LambdaFunctionSchema,
  LambdaVpcConfigSchema,
  parseLambdaFunction,
} from '../function/lambda-function.js';

/**
 * Memory (MB) and timeout (s) of each phase function, and why.
 *
 * Memory also buys CPU (Lambda allocates CPU in proportion), which shortens cold starts of the
 * bundled AWS SDK; 256 MB is the floor for every phase for that reason alone.
 */
export const PHASE_SIZING: Readonly<Record<UpgradePhase, { memorySize: number; timeout: number }>> =
  Object.freeze({
    /** Many paginated Describe and List calls (node groups, add-ons, add-on versions, insights): up to 2 minutes. */
    perception: { memorySize: 256, timeout: 120 },
    /**
     * Waits on Bedrock Converse (up to 4000 output tokens can take a minute or more) and builds
     * the plan: the longest timeout and more memory for the prompt, response and plan objects.
     * The planner falls back to the rules plan well within this limit.
     */
    reasoning: { memorySize: 512, timeout: 300 },
    /** One EKS/Route 53 call per invocation that returns at once with what to poll: short. */
    execution: { memorySize: 256, timeout: 60 },
    /** DescribeUpdate, health of cluster, node groups and add-ons, CloudWatch alarms. */
    validation: { memorySize: 256, timeout: 120 },
    /** Several calls in reverse order (traffic back, control-plane rollback) plus the report. */
    rollback: { memorySize: 256, timeout: 180 },
  });

const TemplateCodeSchema = z.object({ code: LambdaCodeSchema });

const TemplateCommonSchema = z
  .object({
    role: LambdaFunctionSchema.shape.role,
    functionPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1-40 letters, digits, hyphens or underscores' })
      .default(DEFAULT_FUNCTION_PREFIX),
    parameterPrefix: z
      .string()
      .regex(/^\/([a-zA-Z0-9_.-]+\/)*$/, { error: 'must be a path such as /eks-upgrade-agent/' })
      .default(DEFAULT_PARAMETER_PREFIX),
    eventBusName: z.string().min(1).max(256).default(DEFAULT_EVENT_BUS_NAME),
    // The agent configuration's own log-level schema: the same levels, message and default (INFO).
    logLevel: AgentSettingsSchema.shape.logLevel,
    runtime: LambdaFunctionSchema.shape.runtime.default(DEFAULT_LAMBDA_RUNTIME),
    architecture: z
      .enum([LambdaArchitecture.ARM64, LambdaArchitecture.X86_64], { error: 'must be arm64 or x86_64' })
      .default(LambdaArchitecture.ARM64),
    environment: z.record(z.string(), z.string()).default({}),
    tags: z.record(z.string(), z.string()).default({}),
    vpcConfig: LambdaVpcConfigSchema.optional(),
    layers: z.array(z.string()).default([]),
    deadLetterTargetArn: z.string().optional(),
    kmsKeyArn: z.string().optional(),
    memorySize: z.number().optional(),
    timeout: z.number().optional(),
    publish: z.boolean().default(false),
  })
  .strict();

/**
 * Options of the `create<Phase>Lambda` templates. Only `role` and `code` are required.
 *
 * - `code`: the phase's zip — `{ zipPath: 'apps/lambdas/dist/zips/<phase>.zip' }` or `{ zipFile }`.
 * - `functionPrefix` (default `eks-upgrade-agent`): the function is `<prefix>-<phase>`.
 * - `parameterPrefix` (default `/eks-upgrade-agent/`) → `EKS_UPGRADE_CONFIG_PATH`.
 * - `eventBusName` (default `default`) → `EKS_UPGRADE_EVENT_BUS`.
 * - `logLevel` (default `INFO`) → `LOG_LEVEL` and `POWERTOOLS_LOG_LEVEL`.
 * - `architecture` (default `arm64`, as `createDefaultAgentConfig()`), `runtime` (`nodejs24.x`).
 * - `memorySize`/`timeout` override {@link PHASE_SIZING}; `environment` adds variables (it
 *   cannot replace the ones above); `tags` are merged over the defaults.
 */
export type PhaseTemplateOptions = z.input<typeof TemplateCommonSchema> & { code: LambdaCode };

/** Options of {@link getAllLambdaTemplates}: the code of each phase, or a function giving it. */
export type AllTemplatesOptions = z.input<typeof TemplateCommonSchema> & {
  code: Readonly<Record<UpgradePhase, LambdaCode>> | ((phase: UpgradePhase) => LambdaCode);
};

/** The environment variables every phase function receives. */
export const PHASE_ENVIRONMENT_KEYS = [
  'EKS_UPGRADE_CONFIG_PATH',
  'EKS_UPGRADE_EVENT_BUS',
  'EKS_UPGRADE_PHASE',
  'LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
] as const;

function createPhaseLambda(phase: UpgradePhase, options: PhaseTemplateOptions): LambdaFunction {
  const { code, ...rest } = options ?? ({} as PhaseTemplateOptions);
  const common = parseOrThrow(TemplateCommonSchema, rest, `${phase} template options`);
  const parsedCode = parseOrThrow(TemplateCodeSchema, { code }, `${phase} template options`).code;
  const name = phaseFunctionName(phase, common.functionPrefix);
  const sizing = PHASE_SIZING[phase];
  const environment: Record<string, string> = {
    ...common.environment,
    EKS_UPGRADE_CONFIG_PATH: common.parameterPrefix,
    EKS_UPGRADE_EVENT_BUS: common.eventBusName,
    EKS_UPGRADE_PHASE: phase,
    LOG_LEVEL: common.logLevel,
    POWERTOOLS_SERVICE_NAME: name,
    POWERTOOLS_LOG_LEVEL: common.logLevel,
    // Stack traces point at the TypeScript sources through the bundled source maps.
    NODE_OPTIONS: '--enable-source-maps',
  };
  return parseLambdaFunction({
    name,
    runtime: common.runtime,
    handler: 'index.handler',
    role: common.role,
    code: parsedCode,
    memorySize: common.memorySize ?? sizing.memorySize,
    timeout: common.timeout ?? sizing.timeout,
    environment,
    ...(common.vpcConfig ? { vpcConfig: common.vpcConfig } : {}),
    layers: common.layers,
    ...(common.deadLetterTargetArn ? { deadLetterTargetArn: common.deadLetterTargetArn } : {}),
    ...(common.kmsKeyArn ? { kmsKeyArn: common.kmsKeyArn } : {}),
    architecture: common.architecture,
    tags: { 'eks-upgrade:component': 'agent', 'eks-upgrade:phase': phase, ...common.tags },
    description: `eks-upgrade ${phase} phase`,
    publish: common.publish,
  });
}

/**
 * The perception function: collects the cluster snapshot. 256 MB, 120 s (many paginated
 * Describe/List calls).
 *
 * @example
 * ```ts
 * const fn = createPerceptionLambda({
 *   role: 'arn:aws:iam::123456789012:role/eks-upgrade-agent',
 *   code: { zipPath: 'apps/lambdas/dist/zips/perception.zip' },
 * });
 * fn.name; // 'eks-upgrade-agent-perception'
 * ```
 */
export function createPerceptionLambda(options: PhaseTemplateOptions): LambdaFunction {
  return createPhaseLambda(UpgradePhase.PERCEPTION, options);
}

/**
 * The reasoning function: plans the upgrade, optionally with Bedrock. 512 MB, 300 s (it waits on
 * Bedrock Converse, then falls back to the rules plan).
 *
 * @example
 * ```ts
 * const fn = createReasoningLambda({ role, code: { zipPath: 'apps/lambdas/dist/zips/reasoning.zip' } });
 * fn.timeout; // 300
 * ```
 */
export function createReasoningLambda(options: PhaseTemplateOptions): LambdaFunction {
  return createPhaseLambda(UpgradePhase.REASONING, options);
}

/**
 * The execution function: starts one plan step and returns at once. 256 MB, 60 s.
 *
 * @example
 * ```ts
 * const fn = createExecutionLambda({ role, code: { zipFile: executionZip }, logLevel: 'DEBUG' });
 * ```
 */
export function createExecutionLambda(options: PhaseTemplateOptions): LambdaFunction {
  return createPhaseLambda(UpgradePhase.EXECUTION, options);
}

/**
 * The validation function: polls an update and checks health and alarms. 256 MB, 120 s.
 *
 * @example
 * ```ts
 * const fn = createValidationLambda({ role, code: { zipPath: 'apps/lambdas/dist/zips/validation.zip' } });
 * ```
 */
export function createValidationLambda(options: PhaseTemplateOptions): LambdaFunction {
  return createPhaseLambda(UpgradePhase.VALIDATION, options);
}

/**
 * The rollback function: undoes what can be undone, in reverse. 256 MB, 180 s.
 *
 * @example
 * ```ts
 * const fn = createRollbackLambda({ role, code: { zipPath: 'apps/lambdas/dist/zips/rollback.zip' } });
 * ```
 */
export function createRollbackLambda(options: PhaseTemplateOptions): LambdaFunction {
  return createPhaseLambda(UpgradePhase.ROLLBACK, options);
}

const TEMPLATES: Readonly<Record<UpgradePhase, (options: PhaseTemplateOptions) => LambdaFunction>> = {
  perception: createPerceptionLambda,
  reasoning: createReasoningLambda,
  execution: createExecutionLambda,
  validation: createValidationLambda,
  rollback: createRollbackLambda,
};

/**
 * The five phase functions, in workflow order (perception, reasoning, execution, validation,
 * rollback), sharing every option but the code.
 *
 * @example
 * ```ts
 * import { getAllLambdaTemplates, phaseZipCode, LambdaTemplateManager } from '@eks-upgrade/lambda-templates';
 *
 * const functions = getAllLambdaTemplates({ role, code: phaseZipCode('apps/lambdas/dist/zips') });
 * const manager = new LambdaTemplateManager();
 * for (const fn of functions) await manager.deployFunction(fn);
 * ```
 */
export function getAllLambdaTemplates(options: AllTemplatesOptions): LambdaFunction[] {
  const { code, ...rest } = options;
  return UPGRADE_PHASES.map((phase) =>
    TEMPLATES[phase]({
      ...rest,
      code: typeof code === 'function' ? code(phase) : (code?.[phase] as LambdaCode),
    }),
  );
}

/**
 * Points each phase at `<directory>/<phase>.zip`, the layout of the apps/lambdas build output
 * (`apps/lambdas/dist/zips`).
 *
 * @example
 * ```ts
 * const code = phaseZipCode('apps/lambdas/dist/zips');
 * code('reasoning'); // { zipPath: 'apps/lambdas/dist/zips/reasoning.zip' }
 * ```
 */
export function phaseZipCode(directory: string): (phase: UpgradePhase) => LambdaCode {
  const base = directory.replace(/[\\/]+$/, '');
  return (phase) => ({ zipPath: `${base}/${phase}.zip` });
}

/** The template options an agent configuration decides. */
export interface ConfigTemplateSettings {
  functionPrefix: string;
  parameterPrefix: string;
  eventBusName: string;
  logLevel: LogLevel;
  runtime: string;
  architecture: LambdaArchitecture;
}

/**
 * Reads the template options that live in the agent configuration: function prefix, runtime and
 * architecture (`lambda.*`), parameter prefix (`parameterStore.parameterPrefix`), event bus
 * (`eventBridge.busName`) and log level (`agent.logLevel`). Add `role` and `code` to deploy.
 *
 * @example
 * ```ts
 * const config = createDefaultAgentConfig();
 * const functions = getAllLambdaTemplates({
 *   ...templateSettingsFromConfig(config),
 *   role: 'arn:aws:iam::123456789012:role/eks-upgrade-agent',
 *   code: phaseZipCode('apps/lambdas/dist/zips'),
 * });
 * ```
 */
export function templateSettingsFromConfig(config: AgentConfig): ConfigTemplateSettings {
  return {
    functionPrefix: config.lambda.functionPrefix,
    parameterPrefix: config.parameterStore.parameterPrefix,
    eventBusName: config.eventBridge.busName,
    logLevel: config.agent.logLevel,
    runtime: config.lambda.runtime,
    architecture: config.lambda.architecture,
  };
}
