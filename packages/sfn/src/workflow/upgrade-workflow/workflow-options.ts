import {
  type AgentConfig,
  ConfigurationError,
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_FUNCTION_PREFIX,
  phaseFunctionName,
  UpgradePhase,
} from '@eks-upgrade/core-models';

/** The five phase functions (names, partial ARNs or ARNs). */
export type PhaseFunctions = Record<UpgradePhase, string>;

/**
 * Options of the upgrade workflow. Every field has a default (the agent configuration's);
 * cluster, target version and strategy come from the execution input, so one machine serves
 * every cluster.
 */
export interface UpgradeWorkflowOptions {
  /** Function names or ARNs per phase; default `phaseFunctionName(phase, functionPrefix)`. */
  functions?: Partial<PhaseFunctions>;
  /** Prefix of the default function names; default `eks-upgrade-agent`. */
  functionPrefix?: string;
  /** EventBridge bus name or ARN; default `default`. */
  eventBusName?: string;
  /** Event `Source`; default `eks-upgrade-agent`. */
  eventSource?: string;
  /** Time a traffic step bakes before its validation; default 300. */
  bakeTimeSeconds?: number;
  /** Seconds between polls of an in-flight update; default 30. */
  pollIntervalSeconds?: number;
  /**
   * How long a validation may take to see the cluster healthy: bounds the polls of a step after its
   * operation (with `operationTimeoutSeconds`); default 300.
   */
  validationTimeoutSeconds?: number;
  /**
   * How long the EKS operation a step started may stay in flight (a control-plane update takes
   * 10-25 minutes, a node group roll or a cluster creation longer). A step is polled at most
   * `ceil((operationTimeoutSeconds + validationTimeoutSeconds) / pollIntervalSeconds)` times
   * before it fails with `Upgrade.ValidationTimeout`; default 5400.
   */
  operationTimeoutSeconds?: number;
  /** TimeoutSeconds of the Rollback task (each pass); default 600. */
  rollbackTimeoutSeconds?: number;
  /**
   * How many times the workflow runs the rollback again, a poll interval apart, while undos it
   * started are still running (its result's `pending`: the green cluster being deleted, node
   * groups or the control plane rolling back); default 60 (30 minutes at the default poll
   * interval). On the last pass what still runs is listed as not undone.
   */
  rollbackPolls?: number;
  /** TimeoutSeconds of the whole execution; default `DEFAULT_EXECUTION_TIMEOUT_SECONDS` (4 h). */
  executionTimeoutSeconds?: number;
  /** TimeoutSeconds of the Perception, Reasoning, Execution and Validation tasks; default 300. */
  taskTimeoutSeconds?: number;
  /** TimeoutSeconds of each PutEvents task; default 30. */
  eventTimeoutSeconds?: number;
  /**
   * How many steps of one `parallelGroup` (a hop's node groups) run at the same time; default 1
   * (one after another). The steps of a group run in batches of this size: a failure in a batch
   * waits for the others of the batch, then the rollback starts; no later batch starts.
   */
  nodegroupParallelism?: number;
  /**
   * `rollback` (default): a failed step rolls back at once. `hold`: it waits at a gate
   * ("roll back or resume") for `failureHoldTimeoutSeconds`; an approval whose decision says
   * `{ "resume": true }` runs the failed step(s) again from Execute, a rejection or the timeout
   * rolls back.
   */
  failurePolicy?: 'rollback' | 'hold';
  /**
   * How long a held failure waits for an answer; default 86400 (one day). The wait is cut at the
   * plan's deadline (Execution computes it, as for approval gates), so a hold still unanswered then
   * rolls back while the time kept for the rollback is left, instead of meeting Step Functions'
   * `States.Timeout` (which no Catch sees).
   */
  failureHoldTimeoutSeconds?: number;
}

/** The options with every default applied. */
export type ResolvedUpgradeWorkflowOptions = Required<
  Omit<UpgradeWorkflowOptions, 'functions' | 'functionPrefix'>
> & {
  functions: PhaseFunctions;
};

const DEFAULTS = {
  bakeTimeSeconds: 300,
  pollIntervalSeconds: 30,
  validationTimeoutSeconds: 300,
  operationTimeoutSeconds: 5400,
  rollbackTimeoutSeconds: 600,
  rollbackPolls: 60,
  executionTimeoutSeconds: DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  taskTimeoutSeconds: 300,
  eventTimeoutSeconds: 30,
  nodegroupParallelism: 1,
  failureHoldTimeoutSeconds: 86_400,
} as const;

/**
 * Workflow options from the agent configuration: function names from the Lambda prefix, bus and
 * source, bake time, poll interval, validation, operation, rollback, task and execution timeouts.
 *
 * @example
 * ```ts
 * const asl = createUpgradeStateMachineDefinition(workflowOptionsFromConfig(createDefaultAgentConfig()));
 * ```
 */
export function workflowOptionsFromConfig(config: AgentConfig): UpgradeWorkflowOptions {
  return {
    functionPrefix: config.lambda.functionPrefix,
    eventBusName: config.eventBridge.busName,
    eventSource: config.eventBridge.source,
    bakeTimeSeconds: config.upgrade.bakeTimeSeconds,
    pollIntervalSeconds: config.upgrade.pollIntervalSeconds,
    validationTimeoutSeconds: config.upgrade.validationTimeoutSeconds,
    operationTimeoutSeconds: config.upgrade.operationTimeoutSeconds,
    rollbackTimeoutSeconds: config.upgrade.rollbackTimeoutSeconds,
    rollbackPolls: config.upgrade.rollbackPolls,
    nodegroupParallelism: config.upgrade.nodegroupParallelism,
    failurePolicy: config.upgrade.failurePolicy,
    failureHoldTimeoutSeconds: config.upgrade.failureHoldTimeoutSeconds,
    executionTimeoutSeconds: config.stepFunctions.executionTimeoutSeconds,
    taskTimeoutSeconds: config.stepFunctions.taskTimeoutSeconds,
  };
}

function positiveInteger(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigurationError(
      `Workflow option ${name} must be a whole number from 1 to ${max} (is ${value})`,
      {
        key: name,
      },
    );
  }
  return value;
}

/**
 * Applies the defaults and checks every option (a `ConfigurationError` names a bad one).
 *
 * @example
 * ```ts
 * resolveWorkflowOptions({ bakeTimeSeconds: 600 }).functions.rollback; // 'eks-upgrade-agent-rollback'
 * ```
 */
export function resolveWorkflowOptions(options: UpgradeWorkflowOptions = {}): ResolvedUpgradeWorkflowOptions {
  const prefix = options.functionPrefix ?? DEFAULT_FUNCTION_PREFIX;
  const functions = {} as PhaseFunctions;
  for (const phase of Object.values(UpgradePhase)) {
    const name = options.functions?.[phase] ?? phaseFunctionName(phase, prefix);
    if (
      !/^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/.test(
        name,
      )
    ) {
      throw new ConfigurationError(
        `Workflow option functions.${phase} is not a Lambda function name or ARN: ${name}`,
        {
          key: `functions.${phase}`,
        },
      );
    }
    functions[phase] = name;
  }
  const seconds = (key: keyof typeof DEFAULTS, max: number) =>
    positiveInteger(key, options[key] ?? DEFAULTS[key], max);
  const text = (key: 'eventBusName' | 'eventSource', fallback: string) => {
    const value = options[key] ?? fallback;
    if (value.length < 1 || value.length > 256) {
      throw new ConfigurationError(`Workflow option ${key} must be 1-256 characters`, { key });
    }
    return value;
  };
  return {
    functions,
    eventBusName: text('eventBusName', DEFAULT_EVENT_BUS_NAME),
    eventSource: text('eventSource', DEFAULT_EVENT_SOURCE),
    bakeTimeSeconds: seconds('bakeTimeSeconds', 86_400),
    pollIntervalSeconds: seconds('pollIntervalSeconds', 3600),
    validationTimeoutSeconds: seconds('validationTimeoutSeconds', 86_400),
    operationTimeoutSeconds: seconds('operationTimeoutSeconds', 86_400),
    rollbackTimeoutSeconds: seconds('rollbackTimeoutSeconds', 86_400),
    rollbackPolls: seconds('rollbackPolls', 10_000),
    executionTimeoutSeconds: seconds('executionTimeoutSeconds', 31_536_000),
    taskTimeoutSeconds: seconds('taskTimeoutSeconds', 900),
    eventTimeoutSeconds: seconds('eventTimeoutSeconds', 300),
    nodegroupParallelism: seconds('nodegroupParallelism', 30),
    failurePolicy: failurePolicy(options.failurePolicy),
    failureHoldTimeoutSeconds: seconds('failureHoldTimeoutSeconds', 604_800),
  };
}

function failurePolicy(value: string | undefined): 'rollback' | 'hold' {
  if (value === undefined || value === 'rollback' || value === 'hold') return value ?? 'rollback';
  throw new ConfigurationError(`Workflow option failurePolicy must be rollback or hold (is ${value})`, {
    key: 'failurePolicy',
  });
}
