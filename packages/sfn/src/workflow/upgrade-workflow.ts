import {
  type AgentConfig,
  ConfigurationError,
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_EVENT_SOURCE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_FUNCTION_PREFIX,
  GATE_REJECTED_ERROR,
  GATE_TIMED_OUT_ERROR,
  PlanStepKind,
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
  MapState,
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
/** PutEvents that pauses until `SendTaskSuccess`/`SendTaskFailure` answers the published task token. */
export const EVENTS_PUT_EVENTS_WAIT_RESOURCE = 'arn:aws:states:::events:putEvents.waitForTaskToken';

/**
 * The Distributed Map state that runs a plan step (or a batch of a parallel group's steps) as
 * child workflow executions: the parent's history stays small whatever a step polls.
 */
export const STEP_RUN_STATE = 'Step: Run';

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
  /** An approval gate was rejected (`SendTaskFailure`), or a plan approval named another plan. */
  GATE_REJECTED: GATE_REJECTED_ERROR,
  /** Nobody answered an approval gate within its `timeoutSeconds`. */
  GATE_TIMED_OUT: GATE_TIMED_OUT_ERROR,
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
/** `phase.failed` of the phase `$.failedPhase` names, with the failure recorded at `$.failure`. */
const FAILED_PHASE_DETAIL: JsonObject = {
  'phase.$': '$.failedPhase',
  'error.$': '$.failure.Error',
  'cause.$': '$.failure.Cause',
};
/** `upgrade.failed` with the failed phase and the failure recorded at `$.failure`. */
const UPGRADE_FAILED_DETAIL: JsonObject = {
  'targetVersion.$': '$.request.targetVersion',
  ...FAILED_PHASE_DETAIL,
};

/**
 * The fields every step of the loop carries; step-level results are dropped between steps.
 * `deadline` is `{ at }` (the plan's deadline) or `{}` for a plan without one; `approvedTrafficTarget`
 * is the traffic target the last approval supplied (null until then); `changed` is false until
 * a step other than a gate has run (a gate rejected before that ends "Upgrade: Rejected").
 */
const LOOP_STATE_KEPT: JsonObject = {
  'request.$': '$.request',
  'upgradeId.$': '$.upgradeId',
  'plan.$': '$.plan',
  'deadline.$': '$.deadline',
  'approvedTrafficTarget.$': '$.approvedTrafficTarget',
};
const LOOP_STATE: JsonObject = { ...LOOP_STATE_KEPT, 'changed.$': '$.changed' };

/** The advance after a step that ran work (the upgrade has changed something from here on). */
const ADVANCE_AFTER_WORK = 'Upgrade: Next step';
/** The advance after a gate (nothing changed by it). */
const ADVANCE_AFTER_GATE = 'Upgrade: Next step after gate';

class WorkflowBuilder {
  /** Moves the loop to the next step. */
  readonly advance = new PassState(ADVANCE_AFTER_WORK, {
    parameters: {
      ...LOOP_STATE_KEPT,
      changed: true,
      steps: {
        'count.$': '$.steps.count',
        // A stage of a parallel group spans steps first..last; a lone step is a stage of one.
        'index.$': 'States.MathAdd($.stage.last, 1)',
        'now.$': '$$.State.EnteredTime',
      },
    },
  });

  /** Moves the loop past a gate. */
  readonly advanceAfterGate = new PassState(ADVANCE_AFTER_GATE, {
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
    const publishPhaseFailed = this.closeAndFail(
      'Upgrade: Publish phase failed',
      'Upgrade: Publish failed',
      failed,
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
      UPGRADE_FAILED_DETAIL,
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
        'approvedTrafficTarget.$': '$.rollbackInput.approvedTrafficTarget',
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
          'approvedTrafficTarget.$': '$.approvedTrafficTarget',
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
    // The phase that failed is closed (phase.failed) before the rollback starts: every
    // phase.started is followed by its phase.completed or phase.failed.
    const publishFailedPhase = this.event(
      'Rollback: Publish phase failed',
      UpgradeEventType.PHASE_FAILED,
      FAILED_PHASE_DETAIL,
      publishRollbackTriggered,
    );
    const noteExecutionFailure = this.noteFailedPhase(
      'Rollback: Note execution failure',
      UpgradePhase.EXECUTION,
      publishFailedPhase,
    );
    const noteValidationFailure = this.noteFailedPhase(
      'Rollback: Note validation failure',
      UpgradePhase.VALIDATION,
      publishFailedPhase,
    );

    // ---- final validation → upgrade.completed → Succeed
    const succeeded = new SucceedState('Upgrade: Succeeded');
    const publishCompleted = this.event(
      'Upgrade: Publish completed',
      UpgradeEventType.UPGRADE_COMPLETED,
      { 'targetVersion.$': '$.request.targetVersion' },
      succeeded,
    );
    const publishValidationCompleted = this.event(
      'Validation: Publish completed',
      UpgradeEventType.PHASE_COMPLETED,
      { phase: UpgradePhase.VALIDATION },
      publishCompleted,
    );
    const publishFinalSuccess = this.event(
      'Validation: Publish success',
      UpgradeEventType.VALIDATION_SUCCESS,
      { 'summary.$': '$.check.validation.summary' },
      publishValidationCompleted,
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
      {
        'request.$': '$.request',
        scope: 'final',
        'plan.$': '$.plan',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
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

    // ---- a gate rejected (or timed out) before any step ran: nothing to roll back.
    const rejected = new FailState('Upgrade: Rejected', {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
      comment: 'A gate was rejected or timed out before any step changed anything: nothing rolled back',
    });
    const publishRejectedPhaseFailed = this.closeAndFail(
      'Upgrade: Publish rejection phase failed',
      'Upgrade: Publish rejected',
      rejected,
    );
    const publishRejectedBeforeChange = this.noteFailedPhase(
      'Upgrade: Note rejection',
      UpgradePhase.EXECUTION,
      publishRejectedPhaseFailed,
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
        this.stage(maxStepPolls, noteExecutionFailure, deadlineReached, publishRejectedBeforeChange),
      )
      .otherwise(
        // Every step done: the execution phase is closed before the final validation starts.
        this.event(
          'Upgrade: Publish execution completed',
          UpgradeEventType.PHASE_COMPLETED,
          { phase: UpgradePhase.EXECUTION },
          publishValidationStarted,
        ),
      );
    this.advance.next(moreSteps);
    this.advanceAfterGate.next(moreSteps);
    const startSteps = new PassState('Upgrade: Start steps', {
      parameters: {
        'count.$': 'States.ArrayLength($.plan.steps)',
        index: 0,
        'now.$': '$$.State.EnteredTime',
      },
      resultPath: '$.steps',
    });
    startSteps.next(moreSteps);
    // What every step's child execution needs of the plan, without the plan itself (its steps
    // would make every child's input as large as the plan): the deadline, if the plan has one.
    const loopStart = (name: string, deadline: JsonObject): PassState => {
      const state = new PassState(name, {
        parameters: {
          'request.$': '$.request',
          'upgradeId.$': '$.upgradeId',
          'plan.$': '$.plan',
          deadline,
          approvedTrafficTarget: null,
          changed: false,
        },
      });
      state.next(startSteps);
      return state;
    };
    const deadlineSet = new ChoiceState('Upgrade: Deadline set?')
      .when(
        Condition.isPresent('$.plan.deadline'),
        loopStart('Upgrade: Keep the deadline', { 'at.$': '$.plan.deadline' }),
      )
      .otherwise(loopStart('Upgrade: No deadline', {}));

    const publishExecutionStarted = this.event(
      'Upgrade: Publish execution started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.EXECUTION },
      deadlineSet,
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
    // Reasoning ends failed (Upgrade.PlanBlocked): its phase.started is closed before upgrade.failed.
    notePlanBlocked.next(publishPhaseFailed);
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
  /**
   * The end of a path that changed nothing: `phase.failed` for the phase at `$.failedPhase`, then
   * `upgrade.failed`, then the Fail state `end` (with `$.failure`'s error and cause).
   */
  private closeAndFail(phaseFailedName: string, upgradeFailedName: string, end: FailState): TaskState {
    const publishUpgradeFailed = this.event(
      upgradeFailedName,
      UpgradeEventType.UPGRADE_FAILED,
      UPGRADE_FAILED_DETAIL,
      end,
    );
    return this.event(
      phaseFailedName,
      UpgradeEventType.PHASE_FAILED,
      FAILED_PHASE_DETAIL,
      publishUpgradeFailed,
    );
  }

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
   * One stage of the step loop, run in this (the parent) execution: a gate waits here for its
   * answer; any other step runs as a child execution of the `Step: Run` Distributed Map, a
   * parallel group's steps in batches of `nodegroupParallelism` child executions. A child never
   * fails: it reports `succeeded`, `failed` (with the `{ Error, Cause }` the step failed with) or
   * `deadline`, so the parent waits for every child of a batch and then takes the rollback path
   * with the first failure, or starts the next batch.
   */
  private stage(
    maxStepPolls: number,
    onFailure: State,
    onDeadline: State,
    onRejectedBeforeChange: State,
  ): State {
    const o = this.options;
    const parallel = o.nodegroupParallelism > 1;
    const stepState: JsonObject = {
      ...LOOP_STATE,
      'steps.$': '$.steps',
      'step.$': '$.step',
      'selectedAt.$': '$.selectedAt',
    };

    // ---- after a batch: the first failure → rollback, a deadline → its rollback, else go on.
    const recordFailure = new PassState('Step: Record failure', {
      inputPath: '$.batch.first.report.failure',
      resultPath: '$.failure',
      comment: 'The failure of the first child that failed, as the step recorded it',
    });

    const firstFailure = new PassState('Step: First failure', {
      parameters: { 'report.$': 'States.ArrayGetItem($.batch.failed.reports, 0)' },
      resultPath: '$.batch.first',
    });
    firstFailure.next(recordFailure);
    const findFailure = new PassState('Step: Find failure', {
      parameters: { 'reports.$': "$.batch.run.reports[?(@.outcome == 'failed')]" },
      resultPath: '$.batch.failed',
    });
    findFailure.next(firstFailure);
    const judgeBatch = new PassState('Step: Judge batch', {
      parameters: {
        'failed.$': "States.ArrayContains($.batch.run.outcomes, 'failed')",
        'deadline.$': "States.ArrayContains($.batch.run.outcomes, 'deadline')",
      },
      resultPath: '$.batch.verdict',
    });
    const batchOutcome = new ChoiceState('Step: Batch outcome?')
      .when(Condition.booleanEquals('$.batch.verdict.failed', true), findFailure)
      .when(Condition.booleanEquals('$.batch.verdict.deadline', true), onDeadline);
    judgeBatch.next(batchOutcome);

    const run = new MapState(STEP_RUN_STATE, {
      mode: 'DISTRIBUTED',
      itemsPath: '$.batch.items',
      maxConcurrency: o.nodegroupParallelism,
      itemSelector: {
        'request.$': '$.request',
        'upgradeId.$': '$.upgradeId',
        'step.$': 'States.ArrayGetItem($.plan.steps, $$.Map.Item.Value)',
        steps: { 'index.$': '$$.Map.Item.Value' },
        'deadline.$': '$.deadline',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        'stepSelectedAt.$': '$.selectedAt',
      },
      iterator: this.stepWork(maxStepPolls),
      resultSelector: { 'outcomes.$': '$[*].outcome', 'reports.$': '$' },
      resultPath: '$.batch.run',
      comment:
        'Each step of the batch is a child execution with its own history (the 25,000-event quota counts per execution)',
    }).addCatch(onFailure, { resultPath: '$.failure' });
    run.next(judgeBatch);
    recordFailure.next(o.failurePolicy === 'hold' ? this.holdFailure(stepState, run, onFailure) : onFailure);

    const gate = this.gate(onFailure, onRejectedBeforeChange);
    const whichPath = new ChoiceState('Step: Which path?').when(
      Condition.stringEquals('$.step.kind', PlanStepKind.APPROVAL_GATE),
      gate,
    );

    if (parallel) {
      // A parallel group: the consecutive steps sharing the selected step's parallelGroup, run
      // in batches of nodegroupParallelism.
      const takeBatch = new PassState('Step: Take batch', {
        parameters: {
          ...stepState,
          stage: {
            'first.$': '$.stage.first',
            'last.$': '$.stage.last',
            'batches.$': '$.stage.batches',
            'count.$': '$.stage.count',
            'next.$': 'States.MathAdd($.stage.next, 1)',
          },
          batch: { 'items.$': 'States.ArrayGetItem($.stage.batches, $.stage.next)' },
        },
      });
      takeBatch.next(run);
      batchOutcome.when(Condition.numericLessThanPath('$.stage.next', '$.stage.count'), takeBatch);
      const range = `States.ArrayPartition(States.ArrayRange($.stage.first, $.stage.last, 1), ${o.nodegroupParallelism})`;
      const planBatches = new PassState('Step: Plan batches', {
        parameters: {
          'first.$': '$.stage.first',
          'last.$': '$.stage.last',
          'batches.$': range,
          'count.$': `States.ArrayLength(${range})`,
          next: 0,
        },
        resultPath: '$.stage',
      });
      planBatches.next(takeBatch);
      const lookAhead = new PassState('Step: Look ahead', {
        parameters: { 'next.$': 'States.MathAdd($.stage.last, 1)' },
        resultPath: '$.scan',
      });
      const extendGroup = new PassState('Step: Extend group', {
        parameters: { 'first.$': '$.stage.first', 'last.$': '$.scan.next' },
        resultPath: '$.stage',
      });
      extendGroup.next(lookAhead);
      const sameGroup = new ChoiceState('Step: Same group?')
        .when(
          Condition.and(
            Condition.isPresent('$.scan.step.parallelGroup'),
            Condition.stringEqualsPath('$.scan.step.parallelGroup', '$.step.parallelGroup'),
          ),
          extendGroup,
        )
        .otherwise(planBatches);
      const peek = new PassState('Step: Peek', {
        parameters: {
          'next.$': '$.scan.next',
          'step.$': 'States.ArrayGetItem($.plan.steps, $.scan.next)',
        },
        resultPath: '$.scan',
      });
      peek.next(sameGroup);
      const moreInGroup = new ChoiceState('Step: More in group?')
        .when(Condition.numericLessThanPath('$.scan.next', '$.steps.count'), peek)
        .otherwise(planBatches);
      lookAhead.next(moreInGroup);
      whichPath.when(Condition.isPresent('$.step.parallelGroup'), lookAhead);
    }
    batchOutcome.otherwise(this.advance);
    whichPath.otherwise(run);

    const select = new PassState('Step: Select', {
      parameters: {
        ...LOOP_STATE,
        'steps.$': '$.steps',
        'step.$': 'States.ArrayGetItem($.plan.steps, $.steps.index)',
        'selectedAt.$': '$$.State.EnteredTime',
        stage: { 'first.$': '$.steps.index', 'last.$': '$.steps.index', next: 1, count: 1 },
        batch: { 'items.$': 'States.Array($.steps.index)' },
      },
      comment: 'Takes the next plan step; drops the results of the previous one',
    });
    select.next(whichPath);
    return select;
  }

  /**
   * `failurePolicy: hold`: a failed batch waits at a gate ("roll back or resume", purpose
   * `failure`, `failureHoldTimeoutSeconds`). An approval whose decision says `resume: true` runs
   * the batch's failed steps again from Execute (a step's execution adopts an update already
   * running or done); any other answer, a rejection or the timeout rolls back with the failure.
   */
  private holdFailure(stepState: JsonObject, run: State, onFailure: State): State {
    const o = this.options;
    const gateDetail: JsonObject = {
      'executionArn.$': '$$.Execution.Id',
      'planId.$': '$.plan.planId',
      'stepId.$': '$.batch.first.report.stepId',
      purpose: 'failure',
    };
    const resume = new PassState('Step: Resume failed steps', {
      parameters: {
        ...stepState,
        'stage.$': '$.stage',
        batch: { 'items.$': '$.batch.failed.reports[*].index' },
      },
      comment: 'Runs the failed steps of the batch again; drops the failure',
    });
    resume.next(run);
    const publishTimedOut = this.event(
      'Step: Publish failure hold timed out',
      UpgradeEventType.GATE_TIMED_OUT,
      { ...gateDetail, 'timeoutSeconds.$': '$.holdWait.wait.waitSeconds' },
      onFailure,
    );
    const publishRejected = this.event(
      'Step: Publish failure hold rejected',
      UpgradeEventType.GATE_REJECTED,
      { ...gateDetail, reason: 'rejected: rolling back' },
      onFailure,
    );
    const publishApproved = this.event(
      'Step: Publish failure hold approved',
      UpgradeEventType.GATE_APPROVED,
      { ...gateDetail, 'decision.$': '$.holdDecision' },
      new ChoiceState('Step: Resume?')
        .when(
          Condition.and(
            Condition.isPresent('$.holdDecision.resume'),
            Condition.booleanEquals('$.holdDecision.resume', true),
          ),
          resume,
        )
        .otherwise(onFailure),
    );
    // A decision without `resume: true` is answered like a rejection.
    const hold = new TaskState('Step: Hold failure', {
      resource: EVENTS_PUT_EVENTS_WAIT_RESOURCE,
      parameters: {
        Entries: [
          {
            Source: o.eventSource,
            DetailType: UpgradeEventType.GATE_PENDING,
            EventBusName: o.eventBusName,
            Detail: {
              ...DETAIL_BASE,
              'executionArn.$': '$$.Execution.Id',
              'planId.$': '$.plan.planId',
              'stepId.$': '$.batch.first.report.stepId',
              gate: {
                purpose: 'failure',
                'summary.$':
                  "States.Format('Step {} failed with {}. Approve with resume true to run it again, or reject to roll back', $.batch.first.report.stepId, $.failure.Error)",
                'timeoutSeconds.$': '$.holdWait.wait.waitSeconds',
                acceptsTrafficTarget: false,
              },
              'taskToken.$': '$$.Task.Token',
            },
          },
        ],
      },
      resultPath: '$.holdDecision',
      timeoutSecondsPath: '$.holdWait.wait.waitSeconds',
    })
      .addCatch(publishTimedOut, { errors: ['States.Timeout'], resultPath: '$.holdFailure' })
      .addCatch(publishRejected, { errors: ['States.ALL'], resultPath: '$.holdFailure' });
    hold.next(publishApproved);
    // As at an approval gate: the hold waits at most until the deadline (Execution's GateWait), so
    // an unanswered hold rolls back while there is time instead of meeting States.Timeout.
    const timeLeft = this.lambda(
      'Step: Time left for the hold',
      UpgradePhase.EXECUTION,
      {
        'request.$': '$.request',
        step: {
          'id.$': '$.batch.first.report.stepId',
          kind: PlanStepKind.APPROVAL_GATE,
          description: 'Roll back or resume the failed step',
          'clusterName.$': '$.request.clusterName',
          gate: {
            purpose: 'failure',
            summary: 'Roll back or resume the failed step',
            timeoutSeconds: o.failureHoldTimeoutSeconds,
            acceptsTrafficTarget: false,
          },
        },
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        gateWait: { 'deadline.$': '$.deadline' },
      },
      'wait',
      '$.holdWait',
    ).addCatch(onFailure, { errors: ['States.ALL'], resultPath: '$.holdFailure' });
    timeLeft.next(hold);
    return timeLeft;
  }

  /**
   * An approval-gate step (contract: core-models' `ApprovalGateStepSchema`): publishes
   * `gate.pending` with the task token and waits (`.waitForTaskToken`, timeout from the gate)
   * for `SendTaskSuccess` (a `GateDecision`) or `SendTaskFailure` (`Upgrade.GateRejected`).
   * A `plan` gate's decision must name the plan's id. A rejection or timeout rolls back, or, when
   * no step has run yet, ends in "Upgrade: Rejected" (nothing changed, nothing to undo).
   */
  private gate(onFailure: State, onRejectedBeforeChange: State): State {
    const o = this.options;
    const gateDetail: JsonObject = {
      'executionArn.$': '$$.Execution.Id',
      'planId.$': '$.plan.planId',
      'stepId.$': '$.step.id',
    };
    const anythingChanged = new ChoiceState('Step: Anything changed?')
      .when(Condition.booleanEquals('$.changed', false), onRejectedBeforeChange)
      .otherwise(onFailure);
    const recordRejection = new PassState('Step: Record rejection', {
      parameters: { Error: WorkflowError.GATE_REJECTED, 'Cause.$': '$.gateFailure.Cause' },
      resultPath: '$.failure',
    });
    recordRejection.next(anythingChanged);
    const publishRejected = this.event(
      'Step: Publish gate rejected',
      UpgradeEventType.GATE_REJECTED,
      { ...gateDetail, 'purpose.$': '$.step.gate.purpose', 'reason.$': '$.gateFailure.Cause' },
      recordRejection,
    );
    const noReason = new PassState('Step: Note rejection without reason', {
      result: { Error: WorkflowError.GATE_REJECTED, Cause: 'Rejected without a reason' },
      resultPath: '$.gateFailure',
    });
    noReason.next(publishRejected);
    const hasReason = new ChoiceState('Step: Rejection has a reason?')
      .when(Condition.isPresent('$.gateFailure.Cause'), publishRejected)
      .otherwise(noReason);
    const recordTimeout = new PassState('Step: Record gate timeout', {
      parameters: {
        Error: WorkflowError.GATE_TIMED_OUT,
        'Cause.$':
          "States.Format('Nobody answered the {} gate {} within {} s', $.step.gate.purpose, $.step.id, $.step.gate.timeoutSeconds)",
      },
      resultPath: '$.failure',
    });
    recordTimeout.next(anythingChanged);
    const recordDeadline = new PassState('Step: Record deadline at gate', {
      parameters: {
        Error: WorkflowError.DEADLINE_REACHED,
        'Cause.$':
          "States.Format('The execution reached its deadline {} while the {} gate {} waited for an answer: rolling back while there is time, before Step Functions would stop the execution', $.deadline.at, $.step.gate.purpose, $.step.id)",
      },
      resultPath: '$.failure',
    });
    recordDeadline.next(anythingChanged);
    const whyTimedOut = new ChoiceState('Step: Gate cut by the deadline?')
      .when(Condition.booleanEquals('$.gateWait.wait.cutByDeadline', true), recordDeadline)
      .otherwise(recordTimeout);
    const publishTimedOut = this.event(
      'Step: Publish gate timed out',
      UpgradeEventType.GATE_TIMED_OUT,
      {
        ...gateDetail,
        'purpose.$': '$.step.gate.purpose',
        'timeoutSeconds.$': '$.gateWait.wait.waitSeconds',
      },
      whyTimedOut,
    );

    const keepTrafficTarget = new PassState('Step: Keep approved traffic target', {
      inputPath: '$.gateDecision.trafficTarget',
      resultPath: '$.approvedTrafficTarget',
      comment: 'Passed to every later Execute call',
    });
    keepTrafficTarget.next(this.advanceAfterGate);
    const trafficTargetApproved = new ChoiceState('Step: Traffic target approved?')
      .when(Condition.isPresent('$.gateDecision.trafficTarget'), keepTrafficTarget)
      .otherwise(this.advanceAfterGate);
    const publishApproved = this.event(
      'Step: Publish gate approved',
      UpgradeEventType.GATE_APPROVED,
      { ...gateDetail, 'purpose.$': '$.step.gate.purpose', 'decision.$': '$.gateDecision' },
      trafficTargetApproved,
    );
    const noPlanId = new PassState('Step: Record approval without plan id', {
      parameters: {
        Error: WorkflowError.GATE_REJECTED,
        'Cause.$':
          "States.Format('The approval of plan {} named no plan id: a plan is approved by its id (the plan approved is the plan executed)', $.plan.planId)",
      },
      resultPath: '$.gateFailure',
    });
    noPlanId.next(publishRejected);
    const otherPlan = new PassState('Step: Record approval of another plan', {
      parameters: {
        Error: WorkflowError.GATE_REJECTED,
        'Cause.$':
          "States.Format('The approval named plan {} but this execution runs plan {}: not approved', $.gateDecision.planId, $.plan.planId)",
      },
      resultPath: '$.gateFailure',
    });
    otherPlan.next(publishRejected);
    const isPlanGate = Condition.stringEquals('$.step.gate.purpose', 'plan');
    const planApproved = new ChoiceState('Step: Approved plan is this plan?')
      .when(Condition.and(isPlanGate, Condition.not(Condition.isPresent('$.gateDecision.planId'))), noPlanId)
      .when(
        Condition.and(
          isPlanGate,
          Condition.not(Condition.stringEqualsPath('$.gateDecision.planId', '$.plan.planId')),
        ),
        otherPlan,
      )
      .otherwise(publishApproved);

    const waitFor = (name: string, detail: JsonObject): TaskState => {
      const task = new TaskState(name, {
        resource: EVENTS_PUT_EVENTS_WAIT_RESOURCE,
        parameters: {
          Entries: [
            {
              Source: o.eventSource,
              DetailType: UpgradeEventType.GATE_PENDING,
              EventBusName: o.eventBusName,
              Detail: {
                ...DETAIL_BASE,
                ...gateDetail,
                // The gate as planned, with the time it really has: its timeout cut at the deadline.
                gate: {
                  'purpose.$': '$.step.gate.purpose',
                  'summary.$': '$.step.gate.summary',
                  'timeoutSeconds.$': '$.gateWait.wait.waitSeconds',
                  'acceptsTrafficTarget.$': '$.step.gate.acceptsTrafficTarget',
                },
                'taskToken.$': '$$.Task.Token',
                ...detail,
              },
            },
          ],
        },
        resultPath: '$.gateDecision',
        timeoutSecondsPath: '$.gateWait.wait.waitSeconds',
      })
        .addCatch(hasReason, { errors: [WorkflowError.GATE_REJECTED], resultPath: '$.gateFailure' })
        .addCatch(publishTimedOut, { errors: ['States.Timeout'], resultPath: '$.gateFailure' })
        // The gate could not be published (or answered): nobody can approve it, so it is refused.
        .addCatch(hasReason, { errors: ['States.ALL'], resultPath: '$.gateFailure' });
      task.next(planApproved);
      return task;
    };
    // A plan gate publishes the plan with it, so reviewers see what they approve.
    const whichGate = new ChoiceState('Step: Plan gate?')
      .when(isPlanGate, waitFor('Step: Wait for plan approval', { 'plan.$': '$.plan' }))
      .otherwise(waitFor('Step: Wait for approval', {}));
    // A `.waitForTaskToken` wait does not look at the deadline, and one still running when the
    // execution's TimeoutSeconds passes ends it with States.Timeout, which no Catch sees. JSONPath
    // has no date arithmetic, so Execution says how long the gate may wait: its timeout cut at
    // the deadline (core-models' GateWait).
    const timeLeft = this.lambda(
      'Step: Time left for the gate',
      UpgradePhase.EXECUTION,
      {
        'request.$': '$.request',
        'step.$': '$.step',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        gateWait: { 'deadline.$': '$.deadline' },
      },
      'wait',
      '$.gateWait',
    ).addCatch(hasReason, { errors: ['States.ALL'], resultPath: '$.gateFailure' });
    timeLeft.next(whichGate);
    return timeLeft;
  }

  /**
   * The work of one plan step, run as a child execution (the Distributed Map's item processor):
   * execute (again after a deferral's wait) → wait → poll until the update finished → validate;
   * traffic steps publish `traffic.shifted`, bake, and must validate healthy. Ends with a report
   * (`outcome` succeeded | failed | deadline) instead of failing, so its parent decides.
   */
  private stepWork(maxStepPolls: number): State {
    const o = this.options;
    const stepDetail: JsonObject = { 'stepId.$': '$.step.id' };
    const report = (name: string, outcome: string, extra: JsonObject = {}): PassState =>
      new PassState(name, {
        parameters: { outcome, 'stepId.$': '$.step.id', 'index.$': '$.steps.index', ...extra },
      }).end();
    // A step's phase.started is closed by phase.failed when it fails or meets the deadline.
    const reportFailure = this.event(
      'Step: Publish failed',
      UpgradeEventType.PHASE_FAILED,
      {
        phase: UpgradePhase.EXECUTION,
        ...stepDetail,
        'error.$': '$.failure.Error',
        'cause.$': '$.failure.Cause',
      },
      report('Step: Report failure', 'failed', { 'failure.$': '$.failure' }),
    );
    const reportDeadline = this.event(
      'Step: Publish deadline failure',
      UpgradeEventType.PHASE_FAILED,
      {
        phase: UpgradePhase.EXECUTION,
        ...stepDetail,
        error: WorkflowError.DEADLINE_REACHED,
        'cause.$':
          "States.Format('The execution reached its deadline {} while step {} ran', $.deadline.at, $.step.id)",
      },
      report('Step: Report deadline', 'deadline'),
    );
    const reportSuccess = report('Step: Report success', 'succeeded');
    const catchFailure = <T extends TaskState>(task: T): T =>
      task.addCatch(reportFailure, { resultPath: '$.failure' });
    // The deadline the parent's plan states, checked by the polls of the child.
    const pastDeadline = Condition.and(
      Condition.isPresent('$.deadline.at'),
      Condition.timestampGreaterThanEqualsPath('$.poll.now', '$.deadline.at'),
    );

    const stepFailed = this.stepFailure(
      'Step: Record step failure',
      WorkflowError.STEP_FAILED,
      '$.execution.stepResult.message',
      reportFailure,
    );
    const validationFailed = this.stepFailure(
      'Step: Record validation failure',
      WorkflowError.VALIDATION_FAILED,
      '$.check.validation.summary',
      reportFailure,
    );
    const validationTimedOut = this.stepFailure(
      'Step: Record validation timeout',
      WorkflowError.VALIDATION_TIMEOUT,
      '$.check.validation.summary',
      reportFailure,
    );
    const bakeFailed = this.stepFailure(
      'Step: Record bake failure',
      WorkflowError.BAKE_VALIDATION_FAILED,
      '$.bake.validation.summary',
      reportFailure,
    );

    const publishStepCompleted = this.event(
      'Step: Publish completed',
      UpgradeEventType.PHASE_COMPLETED,
      { phase: UpgradePhase.EXECUTION, ...stepDetail },
      reportSuccess,
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
          'approvedTrafficTarget.$': '$.approvedTrafficTarget',
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
          'approvedTrafficTarget.$': '$.approvedTrafficTarget',
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
        reportDeadline,
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
    const execute = catchFailure(
      this.lambda(
        'Step: Execute',
        UpgradePhase.EXECUTION,
        {
          'request.$': '$.request',
          'step.$': '$.step',
          'stepSelectedAt.$': '$.stepSelectedAt',
          'approvedTrafficTarget.$': '$.approvedTrafficTarget',
        },
        'stepResult',
        '$.execution',
      ),
    );
    // A deferral (contract: core-models' StepDeferral): wait until then and execute the same step
    // again (stepSelectedAt stays the first selection's); one past the deadline rolls back now.
    const waitUntilDeferred = new WaitState('Step: Wait until deferred', {
      timestampPath: '$.execution.stepResult.deferredUntil',
    });
    waitUntilDeferred.next(execute);
    const deferralFits = new ChoiceState('Step: Deferral past deadline?')
      .when(
        Condition.and(
          Condition.isPresent('$.deadline.at'),
          Condition.timestampGreaterThanPath('$.execution.stepResult.deferredUntil', '$.deadline.at'),
        ),
        reportDeadline,
      )
      .otherwise(waitUntilDeferred);
    const checkExecution = new ChoiceState('Step: Started?')
      .when(Condition.isPresent('$.execution.stepResult.deferredUntil'), deferralFits)
      .when(Condition.stringEquals('$.execution.stepResult.status', 'failed'), stepFailed)
      .otherwise(startPolling);
    execute.next(checkExecution);
    const publishStarted = this.event(
      'Step: Publish started',
      UpgradeEventType.PHASE_STARTED,
      { phase: UpgradePhase.EXECUTION, ...stepDetail },
      execute,
    );
    return publishStarted;
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
