import { z } from 'zod';
import { KubernetesVersionSchema } from '../kubernetes/versions.js';
import {
  ApprovalGateSchema,
  GateDecisionSchema,
  GatePurposeSchema,
  UpgradePlanSchema,
} from '../schemas/upgrade-plan.js';
import { UpgradePhaseSchema, UpgradeStrategySchema } from '../schemas/upgrade-request.js';

/**
 * The 17 event types eks-upgrade publishes to EventBridge. The type is the event's
 * `DetailType`; the detail is validated by the schema registered for it below.
 */
export const UpgradeEventType = {
  UPGRADE_STARTED: 'upgrade.started',
  UPGRADE_COMPLETED: 'upgrade.completed',
  UPGRADE_FAILED: 'upgrade.failed',
  PHASE_STARTED: 'phase.started',
  PHASE_COMPLETED: 'phase.completed',
  PHASE_FAILED: 'phase.failed',
  VALIDATION_SUCCESS: 'validation.success',
  VALIDATION_FAILURE: 'validation.failure',
  ROLLBACK_TRIGGERED: 'rollback.triggered',
  ROLLBACK_COMPLETED: 'rollback.completed',
  TRAFFIC_SHIFTED: 'traffic.shifted',
  CLUSTER_PROVISIONED: 'cluster.provisioned',
  CLUSTER_DECOMMISSIONED: 'cluster.decommissioned',
  GATE_PENDING: 'gate.pending',
  GATE_APPROVED: 'gate.approved',
  GATE_REJECTED: 'gate.rejected',
  GATE_TIMED_OUT: 'gate.timed_out',
} as const;
export type UpgradeEventType = (typeof UpgradeEventType)[keyof typeof UpgradeEventType];
export const UPGRADE_EVENT_TYPES: readonly UpgradeEventType[] = Object.values(UpgradeEventType);
/**
 * The event types that mean something went wrong and a rollback is (or should be) under way:
 * a failed validation and a failed phase. The deployed rollback-trigger rule and
 * `@eks-upgrade/events`' `buildRollbackTriggerPattern` both match exactly these.
 *
 * @example
 * ```ts
 * const pattern = { source: ['eks-upgrade-agent'], 'detail-type': [...ROLLBACK_TRIGGER_EVENT_TYPES] };
 * ```
 */
export const ROLLBACK_TRIGGER_EVENT_TYPES = Object.freeze([
  UpgradeEventType.VALIDATION_FAILURE,
  UpgradeEventType.PHASE_FAILED,
] as const);
export const UpgradeEventTypeSchema = z.enum(
  UPGRADE_EVENT_TYPES as [UpgradeEventType, ...UpgradeEventType[]],
  {
    error: `must be one of ${UPGRADE_EVENT_TYPES.join(', ')}`,
  },
);

const MetricsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/** Fields every detail carries: which cluster, and which upgrade (execution) it belongs to. */
const DetailBase = {
  clusterName: z.string().min(1, { error: 'must not be empty' }),
  /** Correlation id: the upgrade id (also the execution name). */
  upgradeId: z.string().optional(),
};

export const UpgradeStartedDetailSchema = z.object({
  ...DetailBase,
  targetVersion: KubernetesVersionSchema,
  strategy: UpgradeStrategySchema,
  sourceVersion: KubernetesVersionSchema.optional(),
});
export const UpgradeCompletedDetailSchema = z.object({
  ...DetailBase,
  targetVersion: KubernetesVersionSchema,
  durationSeconds: z.number().min(0).optional(),
});
export const UpgradeFailedDetailSchema = z.object({
  ...DetailBase,
  targetVersion: KubernetesVersionSchema.optional(),
  phase: UpgradePhaseSchema.optional(),
  error: z.string(),
  cause: z.string().optional(),
});
export const PhaseStartedDetailSchema = z.object({
  ...DetailBase,
  phase: UpgradePhaseSchema,
  stepId: z.string().optional(),
});
export const PhaseCompletedDetailSchema = z.object({
  ...DetailBase,
  phase: UpgradePhaseSchema,
  stepId: z.string().optional(),
  durationSeconds: z.number().min(0).optional(),
});
export const PhaseFailedDetailSchema = z.object({
  ...DetailBase,
  phase: UpgradePhaseSchema,
  stepId: z.string().optional(),
  error: z.string(),
  cause: z.string().optional(),
});
export const ValidationSuccessDetailSchema = z.object({
  ...DetailBase,
  stepId: z.string().optional(),
  summary: z.string().optional(),
  metrics: MetricsSchema.default({}),
});
export const ValidationFailureDetailSchema = z.object({
  ...DetailBase,
  stepId: z.string().optional(),
  summary: z.string().optional(),
  failedChecks: z.array(z.string()).default([]),
  metrics: MetricsSchema.default({}),
});
export const RollbackTriggeredDetailSchema = z.object({
  ...DetailBase,
  reason: z.string(),
  failedPhase: UpgradePhaseSchema.optional(),
  error: z.string().optional(),
});
export const RollbackCompletedDetailSchema = z.object({
  ...DetailBase,
  success: z.boolean(),
  summary: z.string().optional(),
  notUndone: z.array(z.string()).default([]),
});
export const TrafficShiftedDetailSchema = z.object({
  ...DetailBase,
  blueClusterName: z.string().min(1),
  greenClusterName: z.string().min(1),
  /** Percentage of traffic on green after the shift. */
  weight: z.number().int().min(0).max(100),
  previousWeight: z.number().int().min(0).max(100).optional(),
});
export const ClusterProvisionedDetailSchema = z.object({
  ...DetailBase,
  sourceClusterName: z.string().min(1).optional(),
  version: KubernetesVersionSchema,
});
export const ClusterDecommissionedDetailSchema = z.object({
  ...DetailBase,
  reason: z.string().optional(),
});

/** Fields every gate event carries: which execution and plan step waits, and for what. */
const GateDetailBase = {
  ...DetailBase,
  /** The execution paused at the gate. */
  executionArn: z.string().min(1),
  /** The plan the execution runs (for a `plan` gate, the one the approval must name). */
  planId: z.string().min(1),
  /** The approval-gate step's id. */
  stepId: z.string().min(1),
};

/**
 * A workflow waits at an approval gate. `taskToken` is the Step Functions task token that
 * `SendTaskSuccess` / `SendTaskFailure` answer (chat tools and pipelines can act on it; the CLI
 * finds it from the execution's history instead). For a `plan` gate the workflow may attach the
 * plan itself so reviewers see what they approve.
 */
export const GatePendingDetailSchema = z.object({
  ...GateDetailBase,
  gate: ApprovalGateSchema,
  taskToken: z.string().min(1).max(1024),
  plan: UpgradePlanSchema.optional(),
});
export type GatePendingDetail = z.infer<typeof GatePendingDetailSchema>;
/** A gate was approved; the workflow goes on. */
export const GateApprovedDetailSchema = z.object({
  ...GateDetailBase,
  purpose: GatePurposeSchema,
  decision: GateDecisionSchema.optional(),
});
/** A gate was rejected (`Upgrade.GateRejected`, or a plan approval naming another plan); rollback follows. */
export const GateRejectedDetailSchema = z.object({
  ...GateDetailBase,
  purpose: GatePurposeSchema,
  reason: z.string(),
});
/** Nobody answered a gate within its timeout; rollback follows (`Upgrade.GateTimedOut`). */
export const GateTimedOutDetailSchema = z.object({
  ...GateDetailBase,
  purpose: GatePurposeSchema,
  timeoutSeconds: z.number().int().min(0).optional(),
});

/** The detail schema of each event type. */
export const UpgradeEventDetailSchemas = {
  'upgrade.started': UpgradeStartedDetailSchema,
  'upgrade.completed': UpgradeCompletedDetailSchema,
  'upgrade.failed': UpgradeFailedDetailSchema,
  'phase.started': PhaseStartedDetailSchema,
  'phase.completed': PhaseCompletedDetailSchema,
  'phase.failed': PhaseFailedDetailSchema,
  'validation.success': ValidationSuccessDetailSchema,
  'validation.failure': ValidationFailureDetailSchema,
  'rollback.triggered': RollbackTriggeredDetailSchema,
  'rollback.completed': RollbackCompletedDetailSchema,
  'traffic.shifted': TrafficShiftedDetailSchema,
  'cluster.provisioned': ClusterProvisionedDetailSchema,
  'cluster.decommissioned': ClusterDecommissionedDetailSchema,
  'gate.pending': GatePendingDetailSchema,
  'gate.approved': GateApprovedDetailSchema,
  'gate.rejected': GateRejectedDetailSchema,
  'gate.timed_out': GateTimedOutDetailSchema,
} as const satisfies Record<UpgradeEventType, z.ZodType>;

/** The detail type of an event type. */
export type UpgradeEventDetail<T extends UpgradeEventType = UpgradeEventType> = z.infer<
  (typeof UpgradeEventDetailSchemas)[T]
>;
export type UpgradeEventDetailInput<T extends UpgradeEventType = UpgradeEventType> = z.input<
  (typeof UpgradeEventDetailSchemas)[T]
>;

/** An upgrade event before publishing: its type, detail and optional envelope fields. */
export type UpgradeEvent = {
  [T in UpgradeEventType]: {
    type: T;
    detail: UpgradeEventDetail<T>;
    /** Event time; the bus's clock when absent. */
    time?: Date;
    /** ARNs the event concerns (the cluster, the execution). */
    resources?: string[];
  };
}[UpgradeEventType];

/** An upgrade event as callers write it: the detail before schema defaults are applied. */
export type UpgradeEventInput = {
  [T in UpgradeEventType]: {
    type: T;
    detail: UpgradeEventDetailInput<T>;
    time?: Date;
    resources?: string[];
  };
}[UpgradeEventType];

/** zod schema for `UpgradeEvent`: the detail is checked against its type's schema. */
export const UpgradeEventSchema = z.discriminatedUnion(
  'type',
  UPGRADE_EVENT_TYPES.map((type) =>
    z.object({
      type: z.literal(type),
      detail: UpgradeEventDetailSchemas[type],
      time: z.date().optional(),
      resources: z.array(z.string()).optional(),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
