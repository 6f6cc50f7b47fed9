import {
  type AgentConfig,
  ConfigurationError,
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_FUNCTION_PREFIX,
  phaseFunctionName,
  RETRYABLE_AWS_SERVICE_ERROR_TYPE,
  UpgradeEventType,
  UpgradePhase,
} from '@eks-upgrade/core-models';
import type { RetryProps } from './asl/states.js';
import {
  ChoiceState,
  Condition,
  FailState,
  PassState,
  renderDefinition,
  type State,
  SucceedState,
  TaskState,
  WaitState,
} from './asl/states.js';
import type { AslDefinition, JsonObject } from './asl/types.js';

/** Resources of the two service integrations the workflow uses. */
export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
export const EVENTS_PUT_EVENTS_RESOURCE = 'arn:aws:states:::events:putEvents';

/** The transient Lambda errors AWS recommends retrying. */
export const LAMBDA_TRANSIENT_ERRORS: readonly string[] = Object.freeze([
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
]);

/**
 * How a phase task is retried when its function failed on an AWS call the taxonomy marks
 * retryable (throttling, 5xx answers, timeouts): the function reports it as
 * `AWSServiceError.Retryable` (core-models' `RETRYABLE_AWS_SERVICE_ERROR_TYPE`). By then the SDK
 * has already tried the call three times within a second or two, so the workflow backs off
 * longer: 5, 10, 20 and 40 s at most (75 s in all), each wait drawn at random below that bound
 * (full jitter), so functions throttled together do not retry together
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error).
 * Only a non-retryable error, or a fifth failure in a row, fails the step. The phases are safe to
 * run again: a step finds the update it already started instead of starting another.
 */
export const RETRYABLE_AWS_ERROR_RETRY: Readonly<RetryProps> = Object.freeze({
  errors: Object.freeze([RETRYABLE_AWS_SERVICE_ERROR_TYPE]),
  intervalSeconds: 5,
  maxAttempts: 4,
  backoffRate: 2,
  maxDelaySeconds: 60,
  jitterStrategy: 'FULL',
});

/**
 * Error names the workflow raises itself (in Fail states and the failure it records).
 *
 * @example
 * ```ts
 * const result = await client.waitForExecution(executionArn);
 * if (result.error === WorkflowError.PLAN_BLOCKED) console.error('The plan has blockers:', result.cause);
 * ```
 */
export const WorkflowError = {
  PLAN_BLOCKED: 'Upgrade.PlanBlocked',
  STEP_FAILED: 'Upgrade.StepFailed',
  VALIDATION_FAILED: 'Upgrade.ValidationFailed',
  VALIDATION_TIMEOUT: 'Upgrade.ValidationTimeout',
  BAKE_VALIDATION_FAILED: 'Upgrade.BakeValidationFailed',
  FINAL_VALIDATION_FAILED: 'Upgrade.FinalValidationFailed',
  ROLLBACK_FAILED: 'Upgrade.RollbackFailed',
  /**
   * The rollback ran but reported `success: false` (an attempted undo failed); recorded as the
   * rollback's failure, so the execution fails with `ROLLBACK_FAILED`.
   */
  ROLLBACK_INCOMPLETE: 'Upgrade.RollbackIncomplete',
  /**
   * The rollback ran without a failed undo (`success: true`) but could not put everything back
   * (`notUndone` lists what stays changed, e.g. node groups EKS cannot move back a minor): the
   * execution ends in `Upgrade: Partially rolled back` with this error and a cause naming the
   * original failure and what is left changed. "Rolled back" is kept for a rollback that left
   * nothing changed.
   */
  PARTIALLY_ROLLED_BACK: 'Upgrade.PartiallyRolledBack',
  /**
   * The execution reached its deadline (`UpgradePlan.deadline`: start + execution timeout − the
   * rollback reserve) with the plan unfinished: the workflow rolls back while there is time.
   */
  DEADLINE_REACHED: 'Upgrade.DeadlineReached',
} as const;
export type WorkflowError = (typeof WorkflowError)[keyof typeof WorkflowError];

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
  };
}

/**
 * The seconds the workflow keeps at the end of its execution timeout so that the rollback it
 * starts at the deadline ends before Step Functions' own `TimeoutSeconds` would stop the execution
 * with `States.Timeout` (which no Catch sees: no rollback, no `upgrade.failed`). The deadline is
 * checked before each poll's judgement and before each step, so the reserve covers the longest
 * stretch between two checks, then the rollback: the longer of a poll interval and a bake, two
 * phase tasks (a step's execution and one validation), the Rollback task, the waits of up to
 * `rollbackPolls` further rollback passes (a poll interval each), and seven events (the step's
 * and the rollback's). A further pass itself takes seconds (it never waits; the first pass's
 * task timeout is the slack for them); a step's own `pollAfterSeconds` wait, a run of retries or
 * a pass that runs into its task timeout are not bounded here; for those the machine-level
 * timeout stays the backstop.
 *
 * @example
 * ```ts
 * rollbackReserveSeconds(resolveWorkflowOptions()); // 600 + 2 × 300 + 300 + 60 × 30 + 7 × 30 = 3510
 * ```
 */
export function rollbackReserveSeconds(options: ResolvedUpgradeWorkflowOptions): number {
  return (
    options.rollbackTimeoutSeconds +
    2 * options.taskTimeoutSeconds +
    Math.max(options.pollIntervalSeconds, options.bakeTimeSeconds) +
    options.rollbackPolls * options.pollIntervalSeconds +
    7 * options.eventTimeoutSeconds
  );
}

/**
 * Seconds from the execution's start to its deadline: the execution timeout minus
 * `rollbackReserveSeconds`. A `ConfigurationError` when the timeout leaves no time for steps.
 *
 * @example
 * ```ts
 * deadlineBudgetSeconds(resolveWorkflowOptions()); // 14400 − 3510 = 10890
 * ```
 */
export function deadlineBudgetSeconds(options: ResolvedUpgradeWorkflowOptions): number {
  const reserve = rollbackReserveSeconds(options);
  const budget = options.executionTimeoutSeconds - reserve;
  if (budget < 1) {
    throw new ConfigurationError(
      `Workflow option executionTimeoutSeconds (${options.executionTimeoutSeconds} s) must be longer than the ${reserve} s the workflow keeps for a rollback (rollbackTimeoutSeconds ${options.rollbackTimeoutSeconds} + 2 × taskTimeoutSeconds ${options.taskTimeoutSeconds} + the longer of pollIntervalSeconds and bakeTimeSeconds ${Math.max(options.pollIntervalSeconds, options.bakeTimeSeconds)} + rollbackPolls ${options.rollbackPolls} × pollIntervalSeconds + 7 × eventTimeoutSeconds ${options.eventTimeoutSeconds}); raise it or lower those`,
      { key: 'executionTimeoutSeconds' },
    );
  }
  return budget;
}

/** Event detail fields every event carries: the cluster and the upgrade (execution) id. */
const DETAIL_BASE: JsonObject = { 'clusterName.$': '$.request.clusterName', 'upgradeId.$': '$.upgradeId' };

/** The fields every step of the loop carries; step-level results are dropped between steps. */
const LOOP_STATE: JsonObject = {
  'request.$': '$.request',
  'upgradeId.$': '$.upgradeId',
  'plan.$': '$.plan',
};

class WorkflowBuilder {
  /** Moves the loop to the next step. */
  readonly advance = new PassState('Upgrade: Next step', {
    parameters: {
      ...LOOP_STATE,
      steps: {
        'count.$': '$.steps.count',
        'index.$': 'States.MathAdd($.steps.index, 1)',
        'now.$': '$$.State.EnteredTime',
      },
    },
  });

  constructor(private readonly options: ResolvedUpgradeWorkflowOptions) {}

  /** A best-effort PutEvents task: retried, then skipped (events never fail an upgrade). */
  event(name: string, type: UpgradeEventType, detail: JsonObject, next: State): TaskState {
    const task = new TaskState(name, {
      resource: EVENTS_PUT_EVENTS_RESOURCE,
      parameters: {
        Entries: [
          {
            Source: this.options.eventSource,
            DetailType: type,
            EventBusName: this.options.eventBusName,
            Detail: { ...DETAIL_BASE, ...detail },
          },
        ],
      },
      resultPath: null,
      timeoutSeconds: this.options.eventTimeoutSeconds,
    })
      .addRetry({ errors: ['States.ALL'], intervalSeconds: 1, maxAttempts: 2, backoffRate: 2 })
      .addCatch(next, { resultPath: '$.eventFailure' });
    task.next(next);
    return task;
  }

  /**
   * A `lambda:invoke` task with AWS's recommended retry of Lambda's transient errors, the retry
   * of retryable AWS failures (`RETRYABLE_AWS_ERROR_RETRY`) and the Payload selected. The payload
   * is built from the state, or (`{ path }`) is the state at that path.
   */
  lambda(
    name: string,
    phase: UpgradePhase,
    payload: JsonObject | { path: string },
    resultKey: string,
    resultPath: string,
    timeoutSeconds = this.options.taskTimeoutSeconds,
  ): TaskState {
    const input: JsonObject =
      'path' in payload && typeof payload.path === 'string'
        ? { 'Payload.$': payload.path }
        : { Payload: payload };
    return new TaskState(name, {
      resource: LAMBDA_INVOKE_RESOURCE,
      parameters: { FunctionName: this.options.functions[phase], ...input },
      resultSelector: { [`${resultKey}.$`]: '$.Payload' },
      resultPath,
      timeoutSeconds,
    })
      .addRetry({ errors: LAMBDA_TRANSIENT_ERRORS, intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 })
      .addRetry(RETRYABLE_AWS_ERROR_RETRY);
  }

  build(): AslDefinition {
    const o = this.options;
    const budgetSeconds = deadlineBudgetSeconds(o);
    // A step's polls cover its EKS operation and then the health settling after it.
    const maxStepPolls = Math.ceil(
      (o.operationTimeoutSeconds + o.validationTimeoutSeconds) / o.pollIntervalSeconds,
    );

    // ---- end states and the failure paths (built first so the happy path can point at them)
    const failed = new FailState('Upgrade: Failed', {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
      comment: 'Failed before any change was made',
    });
    const publishUpgradeFailed = this.event(
      'Upgrade: Publish failed',
      UpgradeEventType.UPGRADE_FAILED,
      {
        'targetVersion.$': '$.request.targetVersion',
        'phase.$': '$.failedPhase',
        'error.$': '$.failure.Error',
        'cause.$': '$.failure.Cause',
      },
      failed,
    );
    const publishPhaseFailed = this.event(
      'Upgrade: Publish phase failed',
      UpgradeEventType.PHASE_FAILED,
      { 'phase.$': '$.failedPhase', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
      publishUpgradeFailed,
    );
    const notePerceptionFailure = this.noteFailedPhase(
      'Perception: Note failure',
      UpgradePhase.PERCEPTION,
      publishPhaseFailed,
    );
    const noteReasoningFailure = this.noteFailedPhase(
      'Reasoning: Note failure',
      UpgradePhase.REASONING,
      publishPhaseFailed,
    );

    // Rollback: Undo → rollback.completed → upgrade.failed → Fail with the original cause.
    const rolledBack = new FailState('Upgrade: Rolled back', {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
      comment: 'Rolled back, nothing left changed; fails with the cause of the original failure',
    });
    const publishFailedAfterRollback = this.event(
      'Rollback: Publish upgrade failed',
      UpgradeEventType.UPGRADE_FAILED,
      {
        'targetVersion.$': '$.request.targetVersion',
        'phase.$': '$.failedPhase',
        'error.$': '$.failure.Error',
        'cause.$': '$.failure.Cause',
      },
      rolledBack,
    );
    const rollbackFailed = new FailState('Upgrade: Rollback failed', {
      errorPath: '$.rollbackOutcome.Error',
      causePath: '$.rollbackOutcome.Cause',
      comment: 'The rollback failed too; the cause names both failures',
    });
    const combineCauses = new PassState('Rollback: Combine causes', {
      parameters: {
        Error: WorkflowError.ROLLBACK_FAILED,
        'Cause.$':
          "States.Format('Upgrade failed with {}: {} | Rollback failed with {}: {}', $.failure.Error, $.failure.Cause, $.rollbackFailure.Error, $.rollbackFailure.Cause)",
      },
      resultPath: '$.rollbackOutcome',
    });
    const publishFailedAfterRollbackFailure = this.event(
      'Rollback: Publish upgrade failed after rollback failure',
      UpgradeEventType.UPGRADE_FAILED,
      {
        'targetVersion.$': '$.request.targetVersion',
        'phase.$': '$.failedPhase',
        'error.$': '$.rollbackOutcome.Error',
        'cause.$': '$.rollbackOutcome.Cause',
      },
      rollbackFailed,
    );
    combineCauses.next(publishFailedAfterRollbackFailure);
    // A rollback that ran but could not undo everything it tried fails like one that threw.
    const recordIncompleteRollback = new PassState('Rollback: Record incomplete rollback', {
      parameters: {
        Error: WorkflowError.ROLLBACK_INCOMPLETE,
        'Cause.$':
          "States.Format('{} Not undone: {}', $.rollback.result.summary, States.JsonToString($.rollback.result.notUndone))",
      },
      resultPath: '$.rollbackFailure',
    });
    recordIncompleteRollback.next(combineCauses);
    // Ran without a failed undo, but something stays changed: not "rolled back".
    const partiallyRolledBack = new FailState('Upgrade: Partially rolled back', {
      errorPath: '$.rollbackOutcome.Error',
      causePath: '$.rollbackOutcome.Cause',
      comment:
        'The rollback undid what it could; the cause names the original failure and what is left changed',
    });
    const publishFailedAfterPartialRollback = this.event(
      'Rollback: Publish upgrade failed, left changed',
      UpgradeEventType.UPGRADE_FAILED,
      {
        'targetVersion.$': '$.request.targetVersion',
        'phase.$': '$.failedPhase',
        'error.$': '$.rollbackOutcome.Error',
        'cause.$': '$.rollbackOutcome.Cause',
      },
      partiallyRolledBack,
    );
    const recordLeftChanged = new PassState('Rollback: Record what is left changed', {
      parameters: {
        Error: WorkflowError.PARTIALLY_ROLLED_BACK,
        'Cause.$':
          "States.Format('Upgrade failed with {}: {} | Rolled back partially, left changed: {}', $.failure.Error, $.failure.Cause, States.JsonToString($.rollback.result.notUndone))",
      },
      resultPath: '$.rollbackOutcome',
    });
    recordLeftChanged.next(publishFailedAfterPartialRollback);
    const checkRollback = new ChoiceState('Rollback: Undone?')
      .when(Condition.booleanEquals('$.rollback.result.success', false), recordIncompleteRollback)
      .when(Condition.isPresent('$.rollback.result.notUndone[0]'), recordLeftChanged)
      // The last pass lists what still runs as not undone; anything pending still is not undone either.
      .when(Condition.isPresent('$.rollback.result.pending[0]'), recordLeftChanged)
      .otherwise(publishFailedAfterRollback);
    const publishRollbackCompleted = this.event(
      'Rollback: Publish completed',
      UpgradeEventType.ROLLBACK_COMPLETED,
      {
        'success.$': '$.rollback.result.success',
        'summary.$': '$.rollback.result.summary',
        'notUndone.$': '$.rollback.result.notUndone',
      },
      checkRollback,
    );
    const publishRollbackFailed = this.event(
      'Rollback: Publish failed',
      UpgradeEventType.ROLLBACK_COMPLETED,
      { success: false, 'summary.$': '$.rollbackFailure.Cause' },
      combineCauses,
    );
    // Undos that take minutes (the green cluster's deletion, node group and control-plane
    // rollbacks) only start in one pass: while the result lists them as pending, wait a poll
    // interval and run the rollback again (it resumes what runs) with the result before, up to
    // rollbackPolls times; rollback.completed is published once, after the last pass.
    const undo = this.lambda(
      'Rollback: Undo changes',
      UpgradePhase.ROLLBACK,
      { path: '$.rollbackInput' },
      'result',
      '$.rollback',
      o.rollbackTimeoutSeconds,
    ).addCatch(publishRollbackFailed, { resultPath: '$.rollbackFailure' });
    const countPass = new PassState('Rollback: Count pass', {
      parameters: {
        'request.$': '$.rollbackInput.request',
        'plan.$': '$.rollbackInput.plan',
        'failure.$': '$.rollbackInput.failure',
        pass: { 'count.$': 'States.MathAdd($.rollbackInput.pass.count, 1)', limit: o.rollbackPolls },
        'previous.$': '$.rollback.result',
      },
      resultPath: '$.rollbackInput',
    });
    countPass.next(undo);
    const waitForUndos = new WaitState('Rollback: Wait for undos', { seconds: o.pollIntervalSeconds });
    waitForUndos.next(countPass);
    const stillUndoing = new ChoiceState('Rollback: Still undoing?')
      .when(
        Condition.and(
          Condition.isPresent('$.rollback.result.pending[0]'),
          Condition.numericLessThan('$.rollbackInput.pass.count', o.rollbackPolls),
        ),
        waitForUndos,
      )
      .otherwise(publishRollbackCompleted);
    undo.next(stillUndoing);
    const startRollback = new PassState('Rollback: Start', {
      parameters: {
        'request.$': '$.request',
        'upgradeId.$': '$.upgradeId',
        'failedPhase.$': '$.failedPhase',
        'failure.$': '$.failure',
        rollbackInput: {
          'request.$': '$.request',
          'plan.$': '$.plan',
          'failure.$': '$.failure',
          pass: { count: 0, limit: o.rollbackPolls },
        },
      },
      comment: "Keeps what the rollback and its events read; the plan moves into the rollback's input",
    });
    startRollback.next(undo);
    const publishRollbackTriggered = this.event(
      'Rollback: Publish triggered',
      UpgradeEventType.ROLLBACK_TRIGGERED,
      { 'reason.$': '$.failure.Cause', 'failedPhase.$': '$.failedPhase', 'error.$': '$.failure.Error' },
      startRollback,
    );
    const noteExecutionFailure = this.noteFailedPhase(
      'Rollback: Note execution failure',
      UpgradePhase.EXECUTION,
      publishRollbackTriggered,
    );
    const noteValidationFailure = this.noteFailedPhase(
      'Rollback: Note validation failure',
      UpgradePhase.VALIDATION,
      publishRollbackTriggered,
    );

    // ---- final validation → upgrade.completed → Succeed
    const succeeded = new SucceedState('Upgrade: Succeeded');
    const publishCompleted = this.event(
      'Upgrade: Publish completed',
      UpgradeEventType.UPGRADE_COMPLETED,
      { 'targetVersion.$': '$.request.targetVersion' },
      succeeded,
    );
    const publishFinalSuccess = this.event(
      'Validation: Publish success',
      UpgradeEventType.VALIDATION_SUCCESS,
      { 'summary.$': '$.check.validation.summary' },
      publishCompleted,
    );
    const recordFinalFailure = new PassState('Validation: Record failure', {
      parameters: { Error: WorkflowError.FINAL_VALIDATION_FAILED, 'Cause.$': '$.check.validation.summary' },
      resultPath: '$.failure',
    });
    recordFinalFailure.next(noteValidationFailure);
    const publishFinalFailure = this.event(
      'Validation: Publish failure',
      UpgradeEventType.VALIDATION_FAILURE,
      { 'summary.$': '$.check.validation.summary', 'failedChecks.$': '$.check.validation.failedChecks' },
      recordFinalFailure,
    );
    const checkFinal = new ChoiceState('Validation: Healthy?')
      .when(Condition.stringEquals('$.check.validation.status', 'healthy'), publishFinalSuccess)
      .otherwise(publishFinalFailure);
    const finalValidation = this.lambda(
      'Validation: Check the upgraded cluster',
      UpgradePhase.VALIDATION,
      { 'request.$': '$.request', scope: 'final', 'plan.$': '$.plan' },
      'validation',
      '$.check',
    ).addCatch(noteValidationFailure, { resultPath: '$.failure' });
    finalValidation.next(checkFinal);
    const publishValidationStarted = this.event(
      'Validation: Publish started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.VALIDATION },
      finalValidation,
    );

    // ---- the deadline: start the rollback while there is time for it.
    // Step Functions ends an execution that passes its TimeoutSeconds with States.Timeout, which
    // no Catch sees (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html):
    // no rollback, no upgrade.failed. So the workflow has a deadline of its own, the execution's
    // start + executionTimeoutSeconds − rollbackReserveSeconds, and compares it with
    // $$.State.EnteredTime (the Step Functions clock) before each step and before judging each
    // poll. JSONPath has no date arithmetic, so Reasoning states the deadline in the plan from the
    // start time and the budget it is sent (pure arithmetic on its input); a plan without one (an
    // older reasoning function) runs as before, with the machine timeout only.
    const deadlineCause = `States.Format('The execution reached its deadline {} (its start + executionTimeoutSeconds ${o.executionTimeoutSeconds} s − ${rollbackReserveSeconds(o)} s kept for the rollback) with the plan unfinished: rolling back before Step Functions would stop the execution', $.plan.deadline)`;
    const deadlineReached = new PassState('Upgrade: Record deadline reached', {
      parameters: { Error: WorkflowError.DEADLINE_REACHED, 'Cause.$': deadlineCause },
      resultPath: '$.failure',
    });
    deadlineReached.next(noteExecutionFailure);
    const pastDeadline = (nowPath: string): Condition =>
      Condition.and(
        Condition.isPresent('$.plan.deadline'),
        Condition.timestampGreaterThanEqualsPath(nowPath, '$.plan.deadline'),
      );

    // ---- the plan's steps, one at a time (a loop: the state is rebuilt for each step)
    const moreSteps = new ChoiceState('Upgrade: More steps?')
      .when(
        Condition.and(
          Condition.numericLessThanPath('$.steps.index', '$.steps.count'),
          pastDeadline('$.steps.now'),
        ),
        deadlineReached,
      )
      .when(
        Condition.numericLessThanPath('$.steps.index', '$.steps.count'),
        this.stepIterator(maxStepPolls, noteExecutionFailure, deadlineReached, pastDeadline('$.poll.now')),
      )
      .otherwise(publishValidationStarted);
    this.advance.next(moreSteps);
    const startSteps = new PassState('Upgrade: Start steps', {
      parameters: {
        'count.$': 'States.ArrayLength($.plan.steps)',
        index: 0,
        'now.$': '$$.State.EnteredTime',
      },
      resultPath: '$.steps',
    });
    startSteps.next(moreSteps);

    const publishExecutionStarted = this.event(
      'Upgrade: Publish execution started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.EXECUTION },
      startSteps,
    );
    const publishUpgradeStarted = this.event(
      'Upgrade: Publish started',
      UpgradeEventType.UPGRADE_STARTED,
      {
        'targetVersion.$': '$.request.targetVersion',
        'strategy.$': '$.request.strategy',
        'sourceVersion.$': '$.plan.sourceVersion',
      },
      publishExecutionStarted,
    );

    // ---- perception and reasoning
    const notePlanBlocked = new PassState('Reasoning: Note blockers', {
      parameters: {
        'request.$': '$.request',
        'upgradeId.$': '$.upgradeId',
        failedPhase: UpgradePhase.REASONING,
        failure: {
          Error: WorkflowError.PLAN_BLOCKED,
          'Cause.$': 'States.JsonToString($.reasoning.plan.blockers)',
        },
      },
      comment: 'The plan has blockers: stop before any change',
    });
    notePlanBlocked.next(publishUpgradeFailed);
    const keepPlan = new PassState('Reasoning: Keep the plan', {
      parameters: { 'request.$': '$.request', 'upgradeId.$': '$.upgradeId', 'plan.$': '$.reasoning.plan' },
      comment: 'Drops the snapshot: later states pass ids and the plan only',
    });
    keepPlan.next(publishUpgradeStarted);
    const publishReasoningCompleted = this.event(
      'Reasoning: Publish completed',
      UpgradeEventType.PHASE_COMPLETED,
      { phase: UpgradePhase.REASONING },
      keepPlan,
    );
    const checkBlockers = new ChoiceState('Reasoning: Blocked?')
      .when(Condition.booleanEquals('$.reasoning.plan.blocked', true), notePlanBlocked)
      .otherwise(publishReasoningCompleted);
    const reasoning = this.lambda(
      'Reasoning: Plan the upgrade',
      UpgradePhase.REASONING,
      {
        'request.$': '$.request',
        'snapshot.$': '$.perception.snapshot',
        deadline: { 'startedAt.$': '$.startedAt', budgetSeconds },
      },
      'plan',
      '$.reasoning',
    ).addCatch(noteReasoningFailure, { resultPath: '$.failure' });
    reasoning.next(checkBlockers);
    const publishReasoningStarted = this.event(
      'Reasoning: Publish started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.REASONING },
      reasoning,
    );
    const publishPerceptionCompleted = this.event(
      'Perception: Publish completed',
      UpgradeEventType.PHASE_COMPLETED,
      { phase: UpgradePhase.PERCEPTION },
      publishReasoningStarted,
    );
    const perception = this.lambda(
      'Perception: Collect cluster state',
      UpgradePhase.PERCEPTION,
      { 'request.$': '$.request' },
      'snapshot',
      '$.perception',
    ).addCatch(notePerceptionFailure, { resultPath: '$.failure' });
    perception.next(publishPerceptionCompleted);
    const publishPerceptionStarted = this.event(
      'Perception: Publish started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.PERCEPTION },
      perception,
    );
    const prepare = new PassState('Upgrade: Prepare', {
      // The first state's EnteredTime, not $$.Execution.StartTime: on AWS they are milliseconds
      // apart (nothing next to the minutes of the rollback reserve), and the local runner provides
      // only the first on its virtual clock.
      parameters: {
        'request.$': '$',
        'upgradeId.$': '$$.Execution.Name',
        'startedAt.$': '$$.State.EnteredTime',
      },
      comment:
        'The execution input is the UpgradeRequest; the execution name is the upgrade id; the start anchors the deadline',
    });
    prepare.next(publishPerceptionStarted);

    return renderDefinition(prepare, {
      comment:
        'eks-upgrade: Perception → Reasoning → Execution (one plan step at a time) → Validation; any failure after execution began → Rollback',
      timeoutSeconds: o.executionTimeoutSeconds,
    });
  }

  /** A Pass state recording which phase failed (`$.failedPhase`, read by the failure events), then `next`. */
  private noteFailedPhase(name: string, phase: UpgradePhase, next: State): PassState {
    const state = new PassState(name, { result: phase, resultPath: '$.failedPhase' });
    state.next(next);
    return state;
  }

  /** A Pass state recording the step's failure, then on to rollback. */
  private stepFailure(name: string, error: WorkflowError, causePath: string, onFailure: State): PassState {
    const state = new PassState(name, {
      parameters: { Error: error, 'Cause.$': causePath },
      resultPath: '$.failure',
    });
    state.next(onFailure);
    return state;
  }

  /**
   * The work done for one plan step: the body of the step loop. A poll that finds the update
   * still in progress once `pastDeadline` holds goes to `onDeadline` instead of waiting again.
   */
  private stepIterator(
    maxStepPolls: number,
    onFailure: State,
    onDeadline: State,
    pastDeadline: Condition,
  ): State {
    const o = this.options;
    const stepDetail: JsonObject = { 'stepId.$': '$.step.id' };
    const catchFailure = <T extends TaskState>(task: T): T =>
      task.addCatch(onFailure, { resultPath: '$.failure' });

    const stepFailed = this.stepFailure(
      'Step: Record step failure',
      WorkflowError.STEP_FAILED,
      '$.execution.stepResult.message',
      onFailure,
    );
    const validationFailed = this.stepFailure(
      'Step: Record validation failure',
      WorkflowError.VALIDATION_FAILED,
      '$.check.validation.summary',
      onFailure,
    );
    const validationTimedOut = this.stepFailure(
      'Step: Record validation timeout',
      WorkflowError.VALIDATION_TIMEOUT,
      '$.check.validation.summary',
      onFailure,
    );
    const bakeFailed = this.stepFailure(
      'Step: Record bake failure',
      WorkflowError.BAKE_VALIDATION_FAILED,
      '$.bake.validation.summary',
      onFailure,
    );

    const publishStepCompleted = this.event(
      'Step: Publish completed',
      UpgradeEventType.PHASE_COMPLETED,
      { phase: UpgradePhase.EXECUTION, ...stepDetail },
      this.advance,
    );

    // Traffic steps: traffic.shifted → bake → validation (scope bake) must be healthy.
    const publishBakeSuccess = this.event(
      'Step: Publish bake validation success',
      UpgradeEventType.VALIDATION_SUCCESS,
      { ...stepDetail, 'summary.$': '$.bake.validation.summary' },
      publishStepCompleted,
    );
    const publishBakeFailure = this.event(
      'Step: Publish bake validation failure',
      UpgradeEventType.VALIDATION_FAILURE,
      {
        ...stepDetail,
        'summary.$': '$.bake.validation.summary',
        'failedChecks.$': '$.bake.validation.failedChecks',
      },
      bakeFailed,
    );
    const checkBake = new ChoiceState('Step: Healthy after bake?')
      .when(Condition.stringEquals('$.bake.validation.status', 'healthy'), publishBakeSuccess)
      .otherwise(publishBakeFailure);
    const validateBake = catchFailure(
      this.lambda(
        'Step: Validate after bake',
        UpgradePhase.VALIDATION,
        {
          'request.$': '$.request',
          scope: 'bake',
          'step.$': '$.step',
          'stepResult.$': '$.execution.stepResult',
        },
        'validation',
        '$.bake',
      ),
    );
    validateBake.next(checkBake);
    const bake = new WaitState('Step: Bake', { seconds: o.bakeTimeSeconds });
    bake.next(validateBake);
    const publishTrafficShifted = this.event(
      'Step: Publish traffic shifted',
      UpgradeEventType.TRAFFIC_SHIFTED,
      {
        'blueClusterName.$': '$.step.blueClusterName',
        'greenClusterName.$': '$.step.greenClusterName',
        'weight.$': '$.step.toWeight',
        'previousWeight.$': '$.step.fromWeight',
      },
      bake,
    );
    const publishProvisioned = this.event(
      'Step: Publish cluster provisioned',
      UpgradeEventType.CLUSTER_PROVISIONED,
      {
        'clusterName.$': '$.step.clusterName',
        'sourceClusterName.$': '$.step.sourceClusterName',
        'version.$': '$.step.version',
      },
      publishStepCompleted,
    );
    const publishDecommissioned = this.event(
      'Step: Publish cluster decommissioned',
      UpgradeEventType.CLUSTER_DECOMMISSIONED,
      { 'clusterName.$': '$.step.clusterName', reason: 'blue/green upgrade completed' },
      publishStepCompleted,
    );
    const routeByKind = new ChoiceState('Step: Which kind?')
      .when(Condition.stringEquals('$.step.kind', 'traffic_shift'), publishTrafficShifted)
      .when(Condition.stringEquals('$.step.kind', 'cluster_provision'), publishProvisioned)
      .when(Condition.stringEquals('$.step.kind', 'cluster_decommission'), publishDecommissioned)
      .otherwise(publishStepCompleted);

    // Poll until the update finished, then judge it.
    const publishValidationSuccess = this.event(
      'Step: Publish validation success',
      UpgradeEventType.VALIDATION_SUCCESS,
      { ...stepDetail, 'summary.$': '$.check.validation.summary' },
      routeByKind,
    );
    const publishValidationFailure = this.event(
      'Step: Publish validation failure',
      UpgradeEventType.VALIDATION_FAILURE,
      {
        ...stepDetail,
        'summary.$': '$.check.validation.summary',
        'failedChecks.$': '$.check.validation.failedChecks',
      },
      validationFailed,
    );
    const publishValidationTimeout = this.event(
      'Step: Publish validation timeout',
      UpgradeEventType.VALIDATION_FAILURE,
      {
        ...stepDetail,
        'summary.$': '$.check.validation.summary',
        'failedChecks.$': '$.check.validation.failedChecks',
      },
      validationTimedOut,
    );
    const validate = catchFailure(
      this.lambda(
        'Step: Validate',
        UpgradePhase.VALIDATION,
        {
          'request.$': '$.request',
          scope: 'step',
          'step.$': '$.step',
          'stepResult.$': '$.execution.stepResult',
        },
        'validation',
        '$.check',
      ),
    );
    const waitBeforeNextPoll = new WaitState('Step: Wait before next poll', {
      seconds: o.pollIntervalSeconds,
    });
    waitBeforeNextPoll.next(validate);
    const checkValidation = new ChoiceState('Step: Update finished?')
      .when(
        Condition.and(Condition.stringEquals('$.check.validation.status', 'in_progress'), pastDeadline),
        onDeadline,
      )
      .when(
        Condition.and(
          Condition.stringEquals('$.check.validation.status', 'in_progress'),
          Condition.numericLessThan('$.poll.count', maxStepPolls),
        ),
        waitBeforeNextPoll,
      )
      .when(Condition.stringEquals('$.check.validation.status', 'in_progress'), publishValidationTimeout)
      .when(Condition.stringEquals('$.check.validation.status', 'healthy'), publishValidationSuccess)
      .otherwise(publishValidationFailure);
    const countPoll = new PassState('Step: Count poll', {
      parameters: { 'count.$': 'States.MathAdd($.poll.count, 1)', 'now.$': '$$.State.EnteredTime' },
      resultPath: '$.poll',
    });
    countPoll.next(checkValidation);
    validate.next(countPoll);
    const waitForUpdate = new WaitState('Step: Wait for update', {
      secondsPath: '$.execution.stepResult.pollAfterSeconds',
    });
    waitForUpdate.next(validate);
    const startPolling = new PassState('Step: Start polling', { result: { count: 0 }, resultPath: '$.poll' });
    startPolling.next(waitForUpdate);
    const checkExecution = new ChoiceState('Step: Started?')
      .when(Condition.stringEquals('$.execution.stepResult.status', 'failed'), stepFailed)
      .otherwise(startPolling);
    const execute = catchFailure(
      this.lambda(
        'Step: Execute',
        UpgradePhase.EXECUTION,
        { 'request.$': '$.request', 'step.$': '$.step' },
        'stepResult',
        '$.execution',
      ),
    );
    execute.next(checkExecution);
    const publishStarted = this.event(
      'Step: Publish started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.EXECUTION, ...stepDetail },
      execute,
    );
    const select = new PassState('Step: Select', {
      parameters: {
        ...LOOP_STATE,
        'steps.$': '$.steps',
        'step.$': 'States.ArrayGetItem($.plan.steps, $.steps.index)',
      },
      comment: 'Takes the next plan step; drops the results of the previous one',
    });
    select.next(publishStarted);
    return select;
  }
}

/**
 * The EKS upgrade workflow as an Amazon States Language document (JSONPath query language).
 *
 * Perception → Reasoning → (blockers: `upgrade.failed`, stop before any change) →
 * `upgrade.started` → each plan step in order (execute → wait → poll until the update finished
 * → validate; traffic steps publish `traffic.shifted`, bake, and must validate healthy) → final
 * validation → `upgrade.completed`. Any failure once execution began → `rollback.triggered` →
 * Rollback (run again a poll interval apart while undos it started are pending, up to
 * `rollbackPolls` times) → `rollback.completed` → Fail with the original cause when nothing is left changed
 * (`Upgrade: Rolled back`); a rollback that undid what it could but left something changed
 * (`notUndone` not empty) fails with `Upgrade.PartiallyRolledBack` and a cause naming the original
 * failure and what is left (`Upgrade: Partially rolled back`); a rollback that throws or reports
 * `success: false` fails with `Upgrade.RollbackFailed` and a cause naming both failures. The
 * execution input is the `UpgradeRequest`, so one machine serves every cluster.
 *
 * @example
 * ```ts
 * const asl = createUpgradeStateMachineDefinition({ bakeTimeSeconds: 600, eventBusName: 'platform' });
 * await client.upsertStateMachine({ name: 'eks-upgrade-workflow', definition: asl, roleArn });
 * ```
 */
export function createUpgradeStateMachineDefinition(options: UpgradeWorkflowOptions = {}): AslDefinition {
  return new WorkflowBuilder(resolveWorkflowOptions(options)).build();
}
