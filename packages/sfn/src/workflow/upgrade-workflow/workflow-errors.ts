import { GATE_REJECTED_ERROR, GATE_TIMED_OUT_ERROR } from '@eks-upgrade/core-models';

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
