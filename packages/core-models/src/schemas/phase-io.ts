import { z } from 'zod';
import { ClusterSnapshotSchema } from './cluster-snapshot.js';
import { RollbackResultSchema, StepResultSchema } from './results.js';
import { PlanStepSchema, TrafficTargetSchema, UpgradePlanSchema } from './upgrade-plan.js';
import { UpgradeRequestSchema } from './upgrade-request.js';

/**
 * The green traffic target a workload gate's approval supplied (`GateDecision.trafficTarget`),
 * null until one did: the workflow keeps it (`$.approvedTrafficTarget`) and passes it to every
 * later phase call, whose traffic changes and reads use it when the request names no green
 * record (`resolveTrafficRouting`).
 */
const ApprovedTrafficTargetSchema = TrafficTargetSchema.nullable().optional();

/**
 * The contracts between the workflow and the five phase functions: what each Lambda receives
 * (the `Payload` of its `lambda:invoke` state) and returns. The workflow definition, the
 * handlers and the local runner all use these, so they cannot drift apart.
 */

/** Perception: look at the cluster the request names. Returns a `ClusterSnapshot`. */
export const PerceptionInputSchema = z.object({ request: UpgradeRequestSchema });
export type PerceptionInput = z.infer<typeof PerceptionInputSchema>;

/**
 * What the workflow tells Reasoning about its time: when the execution started and how many
 * seconds it may spend on the plan's steps before it must start the rollback (its timeout minus
 * the time kept for the rollback). The plan then carries `deadline` = `startedAt` + `budgetSeconds`.
 */
export const ExecutionDeadlineInputSchema = z.object({
  startedAt: z.iso.datetime({ offset: true }),
  budgetSeconds: z.number().int().positive(),
});
export type ExecutionDeadlineInput = z.infer<typeof ExecutionDeadlineInputSchema>;

/** Reasoning: turn the snapshot into a plan. Returns an `UpgradePlan`. */
export const ReasoningInputSchema = z.object({
  request: UpgradeRequestSchema,
  snapshot: ClusterSnapshotSchema,
  /** Present when the workflow runs the plan: the plan then states its `deadline`. */
  deadline: ExecutionDeadlineInputSchema.optional(),
});
export type ReasoningInput = z.infer<typeof ReasoningInputSchema>;

/**
 * Execution: perform one plan step. Returns an `ExecutionPhaseResult`: a `StepResult`, or a
 * `StepDeferral` when the step may not start yet. `stepSelectedAt` is when the workflow first
 * selected this step (`$$.State.EnteredTime` of its select state, kept across the calls a
 * deferral repeats), so a deferral is computed from a fixed start; absent when called directly.
 */
export const ExecutionInputSchema = z.object({
  request: UpgradeRequestSchema,
  step: PlanStepSchema,
  stepSelectedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  approvedTrafficTarget: ApprovedTrafficTargetSchema,
  /**
   * Set by the workflow before an approval gate waits: Execution then starts nothing and answers
   * how long the gate may wait (a `GateWait`): the gate's timeout, cut to the time left before
   * `deadline.at` (the plan's deadline; `{}` for a plan without one).
   */
  gateWait: z
    .object({ deadline: z.object({ at: z.iso.datetime({ offset: true }).optional() }).strict() })
    .strict()
    .optional(),
});
export type ExecutionInput = z.infer<typeof ExecutionInputSchema>;

/** What Validation is asked to judge. */
export const ValidationScope = {
  /** Poll the update a step started, then check health once it finished. */
  STEP: 'step',
  /** After a traffic step's bake time: is the cluster taking traffic healthy? */
  BAKE: 'bake',
  /** After the last step: is everything at the target version and healthy? */
  FINAL: 'final',
} as const;
export type ValidationScope = (typeof ValidationScope)[keyof typeof ValidationScope];

/** Validation: poll and check. Returns a `ValidationResult`. */
export const ValidationInputSchema = z.object({
  request: UpgradeRequestSchema,
  scope: z.enum(['step', 'bake', 'final']),
  step: PlanStepSchema.optional(),
  stepResult: StepResultSchema.optional(),
  plan: UpgradePlanSchema.optional(),
  approvedTrafficTarget: ApprovedTrafficTargetSchema,
});
export type ValidationInput = z.infer<typeof ValidationInputSchema>;

/** A failure as Step Functions' Catch reports it (`Error`, `Cause`). */
export const WorkflowFailureSchema = z.object({
  Error: z.string(),
  Cause: z.string().optional(),
});
export type WorkflowFailure = z.infer<typeof WorkflowFailureSchema>;

/**
 * Rollback: undo what can be undone. Returns a `RollbackResult`. The workflow runs it again while
 * its result lists `pending` undos: each further pass gets the result before it as `previous`
 * (the report keeps what earlier passes did) and `pass` (which pass this is, and the last one, on
 * which what is still pending counts as left changed).
 */
export const RollbackInputSchema = z.object({
  request: UpgradeRequestSchema,
  plan: UpgradePlanSchema.optional(),
  failure: WorkflowFailureSchema,
  previous: RollbackResultSchema.optional(),
  pass: z
    .object({
      /** Further passes before this one (0 on the first). */
      count: z.number().int().min(0),
      /** The pass count at which what is still pending counts as left changed. */
      limit: z.number().int().min(0),
      /**
       * Passes of this rollback whose function failed without answering (it crashed, or its
       * invocation failed after it may have run), each run again: what such a pass did is in no
       * `previous` action, so a pass after one treats traffic it finds moved back to blue, with no
       * record of when, as moved back now. Absent: none.
       */
      unanswered: z.number().int().min(0).optional(),
    })
    .optional(),
  approvedTrafficTarget: ApprovedTrafficTargetSchema,
});
export type RollbackInput = z.infer<typeof RollbackInputSchema>;
