import { z } from 'zod';
import { PlanStepKind } from './upgrade-plan.js';

const IsoDateSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const PlanStepKindSchema = z.enum(Object.values(PlanStepKind) as [PlanStepKind, ...PlanStepKind[]]);

/** Where a step stands after Execution returned. */
export const StepStatus = {
  /** An update is running; poll `updateId` (or the step's resource) until it finishes. */
  IN_PROGRESS: 'in_progress',
  /** Done within the call (e.g. a traffic weight change). */
  SUCCEEDED: 'succeeded',
  /** Nothing to do: the resource is already where the step wants it. */
  SKIPPED: 'skipped',
  FAILED: 'failed',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/**
 * What one Execution invocation did and what to poll next.
 *
 * @example
 * ```ts
 * { stepId: 'cp-1.30', kind: 'control_plane_upgrade', status: 'in_progress', clusterName: 'prod',
 *   updateId: '8a1e…', pollAfterSeconds: 60, message: 'UpdateClusterVersion to 1.30 started',
 *   startedAt: '2026-11-25T10:00:00Z' }
 * ```
 */
export const StepResultSchema = z.object({
  stepId: z.string().min(1),
  kind: PlanStepKindSchema,
  status: z.enum(['in_progress', 'succeeded', 'skipped', 'failed']),
  /** The cluster the step acted on (green for provisioning). */
  clusterName: z.string().min(1),
  /** EKS update id to poll with DescribeUpdate, when the step started one. */
  updateId: z.string().optional(),
  /** Node group or add-on the update belongs to (DescribeUpdate needs it). */
  nodegroupName: z.string().optional(),
  addonName: z.string().optional(),
  /** Route 53 change id of a traffic step, to poll until INSYNC. */
  changeId: z.string().optional(),
  /** How long to wait before the first poll. */
  pollAfterSeconds: z.number().int().min(0).max(3600),
  message: z.string(),
  startedAt: IsoDateSchema,
});
export type StepResult = z.infer<typeof StepResultSchema>;

/**
 * What Execution returns when a step may not start yet (outside its maintenance window, or a
 * retention period still running): nothing was changed. The workflow waits until
 * `deferredUntil` (a Wait state with `TimestampPath`) and calls Execution again with the same step.
 *
 * @example
 * ```ts
 * { stepId: 'cp-1.30', kind: 'control_plane_upgrade', clusterName: 'prod', started: false,
 *   deferredUntil: '2026-12-01T21:00:00.000Z',
 *   deferredReason: 'outside maintenance window Tue,Thu 22:00-04:00 Europe/Berlin; next opening fits the 40 min estimate',
 *   message: 'Waiting for the maintenance window' }
 * ```
 */
export const StepDeferralSchema = z
  .object({
    stepId: z.string().min(1),
    kind: PlanStepKindSchema,
    clusterName: z.string().min(1),
    /** Always `false`: the step was not started (a `StepResult` has no `started`). */
    started: z.literal(false),
    /** When to call Execution again, ISO 8601 in UTC (`Z`), as Step Functions' `TimestampPath` requires. */
    deferredUntil: z.iso.datetime({ error: 'must be an ISO 8601 date-time in UTC (ending in Z)' }),
    /** Why the step waits, for the operator (history, `watch`, the rehearsal report). */
    deferredReason: z.string().min(1),
    message: z.string(),
  })
  .strict();
export type StepDeferral = z.infer<typeof StepDeferralSchema>;

/**
 * What Execution returns when the workflow asks how long an approval gate may wait
 * (`ExecutionInput.gateWait`): the gate's own timeout, cut to the seconds left before the
 * workflow's deadline. A `.waitForTaskToken` task does not look at the deadline, and a wait still
 * running when the execution's TimeoutSeconds passes ends the execution with `States.Timeout`,
 * which no Catch sees; so the workflow waits at most this long, then rolls back while there is time.
 *
 * @example
 * ```ts
 * { stepId: 'gate-workload', kind: 'approval_gate', clusterName: 'shop', waitSeconds: 1740,
 *   cutByDeadline: true, message: 'The gate may wait 1740 s: the workflow's deadline comes before its 3600 s timeout' }
 * ```
 */
export const GateWaitSchema = z
  .object({
    stepId: z.string().min(1),
    kind: z.literal('approval_gate'),
    clusterName: z.string().min(1),
    /** The gate task's TimeoutSeconds: at least 1 (Step Functions' minimum). */
    waitSeconds: z.number().int().min(1),
    /** Whether the deadline, not the gate's own timeout, set `waitSeconds`. */
    cutByDeadline: z.boolean(),
    message: z.string(),
  })
  .strict();
export type GateWait = z.infer<typeof GateWaitSchema>;

/**
 * What one Execution invocation returns: the step started (or done, or skipped), deferred, or
 * (for an approval gate) how long the gate may wait.
 */
export const ExecutionPhaseResultSchema = z.union([StepResultSchema, StepDeferralSchema, GateWaitSchema]);
export type ExecutionPhaseResult = z.infer<typeof ExecutionPhaseResultSchema>;

/**
 * Whether an Execution result is a deferral (the step did not start).
 *
 * @example
 * ```ts
 * if (isStepDeferral(result)) await waitUntil(result.deferredUntil);
 * ```
 */
export function isStepDeferral(result: ExecutionPhaseResult): result is StepDeferral {
  return 'started' in result && result.started === false;
}

/**
 * Whether an Execution result is an approval gate's wait (`GateWait`).
 *
 * @example
 * ```ts
 * if (isGateWait(result)) console.log(`the gate may wait ${result.waitSeconds} s`);
 * ```
 */
export function isGateWait(result: ExecutionPhaseResult): result is GateWait {
  return 'waitSeconds' in result && 'cutByDeadline' in result;
}

/** Outcome of one health or progress check. */
export const CheckStatus = { PASS: 'pass', FAIL: 'fail', PENDING: 'pending', SKIPPED: 'skipped' } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

export const ValidationCheckSchema = z.object({
  /** e.g. `update-status`, `cluster-active`, `nodegroup:ng-1`, `addon:vpc-cni`, `alarm:api-5xx`. */
  name: z.string().min(1),
  status: z.enum(['pass', 'fail', 'pending', 'skipped']),
  message: z.string(),
  expected: z.string().optional(),
  observed: z.string().optional(),
});
export type ValidationCheck = z.infer<typeof ValidationCheckSchema>;

/** Validation's verdict, which decides the workflow's gates. */
export const ValidationStatus = {
  IN_PROGRESS: 'in_progress',
  HEALTHY: 'healthy',
  UNHEALTHY: 'unhealthy',
} as const;
export type ValidationStatus = (typeof ValidationStatus)[keyof typeof ValidationStatus];

/**
 * The result of polling an update and checking health. `in_progress` means poll again;
 * `unhealthy` triggers rollback.
 */
export const ValidationResultSchema = z
  .object({
    clusterName: z.string().min(1),
    stepId: z.string().optional(),
    status: z.enum(['in_progress', 'healthy', 'unhealthy']),
    /** True exactly when `status` is `healthy`. */
    success: z.boolean(),
    checks: z.array(ValidationCheckSchema),
    /**
     * Names of the checks with status `fail`, in order. Derivable from `checks`, but carried so
     * that the workflow can put it in `validation.failure` events with plain JSONPath.
     */
    failedChecks: z.array(z.string()).default([]),
    /** Numbers and facts worth recording (healthy node groups, alarms in ALARM, weight on green...). */
    metrics: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
    /** One line for events and the timeline. */
    summary: z.string(),
    checkedAt: IsoDateSchema,
  })
  .superRefine((result, context) => {
    if (result.success !== (result.status === 'healthy')) {
      context.addIssue({
        code: 'custom',
        path: ['success'],
        message: 'must be true exactly when status is healthy',
      });
    }
    const failed = result.checks.filter((check) => check.status === 'fail').map((check) => check.name);
    if (failed.join('\n') !== result.failedChecks.join('\n')) {
      context.addIssue({
        code: 'custom',
        path: ['failedChecks'],
        message: `must list exactly the checks with status fail (${failed.join(', ') || 'none'})`,
      });
    }
  });
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

/** What rollback did with one thing the upgrade had changed. */
export const RollbackActionStatus = {
  UNDONE: 'undone',
  STARTED: 'started',
  NOT_NEEDED: 'not_needed',
  NOT_POSSIBLE: 'not_possible',
  FAILED: 'failed',
} as const;
export type RollbackActionStatus = (typeof RollbackActionStatus)[keyof typeof RollbackActionStatus];

export const RollbackActionSchema = z.object({
  /** e.g. `traffic`, `control-plane`, `nodegroup:ng-1`, `addon:coredns`, `green-cluster`. */
  target: z.string().min(1),
  status: z.enum(['undone', 'started', 'not_needed', 'not_possible', 'failed']),
  message: z.string(),
  updateId: z.string().optional(),
  /**
   * The Route 53 change (ChangeResourceRecordSets' `ChangeInfo.Id`) that moved traffic back to
   * blue: later passes ask GetChange whether every Route 53 DNS server has it (INSYNC).
   */
  changeId: z.string().optional(),
  /**
   * When a later undo's wait starts: on traffic moved back to blue, when its change was first
   * seen INSYNC (or, when the pass that moved it left no answer, when a pass found it moved);
   * the green cluster is deleted only once the records' TTL has passed since. Absent while the
   * change is PENDING.
   */
  at: IsoDateSchema.optional(),
});
export type RollbackAction = z.infer<typeof RollbackActionSchema>;

/**
 * Rollback's report: each action in the order taken, plainly what could not be undone
 * (`notUndone`), and what is still being undone (`pending`). `success` is false when an attempted
 * undo failed (not when something was simply impossible).
 *
 * @example
 * ```ts
 * RollbackResultSchema.parse({ clusterName: 'shop', success: true, actions: [], notUndone: [],
 *   pending: ['green-cluster: DeleteCluster shop-1-31 started'], summary: '…', completedAt: '2026-11-25T10:00:00Z' });
 * ```
 */
export const RollbackResultSchema = z.object({
  clusterName: z.string().min(1),
  success: z.boolean(),
  actions: z.array(RollbackActionSchema),
  /** Human-readable list of what stays changed and why. */
  notUndone: z.array(z.string()),
  /**
   * Undos this rollback started that are still running (`target: what is running`, e.g. the green
   * cluster being deleted, a node group rolling back): not yet done, but not left changed either.
   * The workflow waits and runs the rollback again while something is listed here.
   */
  pending: z.array(z.string()).default([]),
  summary: z.string(),
  completedAt: IsoDateSchema,
});
export type RollbackResult = z.infer<typeof RollbackResultSchema>;
