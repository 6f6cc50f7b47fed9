import { ConfigurationError } from '@eks-upgrade/core-models';
import { Condition, PassState, type State } from '../asl/states.js';
import { WorkflowError } from './workflow-errors.js';
import type { ResolvedUpgradeWorkflowOptions } from './workflow-options.js';

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

/** The states of the workflow's own deadline, shared by the step loop. */
export interface DeadlineStates {
  /** Records `Upgrade.DeadlineReached` at `$.failure`, then takes the rollback path. */
  readonly deadlineReached: PassState;
  /** True when the plan states a deadline and the time at `nowPath` has reached it. */
  readonly pastDeadline: (nowPath: string) => Condition;
}

/**
 * The deadline: start the rollback while there is time for it.
 *
 * Step Functions ends an execution that passes its TimeoutSeconds with States.Timeout, which
 * no Catch sees (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html):
 * no rollback, no upgrade.failed. So the workflow has a deadline of its own, the execution's
 * start + executionTimeoutSeconds − rollbackReserveSeconds, and compares it with
 * $$.State.EnteredTime (the Step Functions clock) before each step and before judging each
 * poll. JSONPath has no date arithmetic, so Reasoning states the deadline in the plan from the
 * start time and the budget it is sent (pure arithmetic on its input); a plan without one (an
 * older reasoning function) runs as before, with the machine timeout only.
 */
export function deadlineStates(o: ResolvedUpgradeWorkflowOptions, onExecutionFailure: State): DeadlineStates {
  const deadlineCause = `States.Format('The execution reached its deadline {} (its start + executionTimeoutSeconds ${o.executionTimeoutSeconds} s − ${rollbackReserveSeconds(o)} s kept for the rollback) with the plan unfinished: rolling back before Step Functions would stop the execution', $.plan.deadline)`;
  const deadlineReached = new PassState('Upgrade: Record deadline reached', {
    parameters: { Error: WorkflowError.DEADLINE_REACHED, 'Cause.$': deadlineCause },
    resultPath: '$.failure',
  });
  deadlineReached.next(onExecutionFailure);
  const pastDeadline = (nowPath: string): Condition =>
    Condition.and(
      Condition.isPresent('$.plan.deadline'),
      Condition.timestampGreaterThanEqualsPath(nowPath, '$.plan.deadline'),
    );
  return { deadlineReached, pastDeadline };
}
