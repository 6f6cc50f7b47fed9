import { KubernetesVersionSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import {
  IamFailsSchema,
  LambdaFailsSchema,
  ResourceFailsSchema,
  Route53ChangePendingSchema,
  Route53ChangeRefusedSchema,
  SlowResourceSchema,
} from './scenario-aws-faults.js';
import { strictObject } from './scenario-limits.js';

/** The named update of the scenario ends `Failed` instead of `Successful`. */
export const UpdateFailsSchema = strictObject({
  type: z.literal('update_fails'),
  /** Which kind of update fails. */
  resource: z.enum(['control_plane', 'addon', 'nodegroup']),
  /** Add-on or node group name (any when absent). */
  name: z.string().min(1).optional(),
  /** Only the update to this version fails (any when absent). */
  toVersion: z.string().min(1).optional(),
  errorCode: z.string().default('ClusterUnreachable'),
  message: z.string().default('Simulated update failure'),
  /** How many of the matching updates fail; the ones after succeed (every one when absent). */
  times: z.number().int().min(1).max(100).optional(),
});

/** Once the green side carries at least `weight` % of traffic, validation sees it unhealthy. */
export const UnhealthyAtWeightSchema = strictObject({
  type: z.literal('unhealthy_at_weight'),
  weight: z.number().int().min(1).max(100),
  /** This alarm goes to ALARM; without it the green cluster reports a health issue instead. */
  alarmName: z.string().min(1).optional(),
});

/**
 * An upgrade insight in ERROR (or WARNING), about `kubernetesVersion` (the target when absent),
 * which blocks the plan; with `appearsAfterMinutes`, ListInsights reports it only once that many
 * minutes of the rehearsal's virtual time have passed (as when EKS's own refresh, about daily,
 * finds it mid-upgrade), so a plan made before is not blocked but a later hop's re-check is.
 */
export const BlockingInsightSchema = strictObject({
  type: z.literal('blocking_insight'),
  name: z.string().default('Deprecated APIs removed in the target version'),
  reason: z.string().default('Deprecated API usage detected'),
  kubernetesVersion: KubernetesVersionSchema.optional(),
  status: z.enum(['ERROR', 'WARNING']).default('ERROR'),
  appearsAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});

/** EKS refuses the native control-plane rollback (e.g. a rollback-readiness check fails). */
export const RollbackFailsSchema = strictObject({
  type: z.literal('rollback_fails'),
  message: z.string().default('Rollback readiness check failed: simulated'),
});

/** A CloudWatch alarm that is in ALARM from the start. */
export const AlarmInAlarmSchema = strictObject({
  type: z.literal('alarm_in_alarm'),
  alarmName: z.string().min(1),
  reason: z.string().default('Threshold Crossed: simulated'),
});

/**
 * One failure the simulated cluster injects, discriminated on `type`: `update_fails`,
 * `unhealthy_at_weight`, `blocking_insight`, `rollback_fails`, `alarm_in_alarm`, and the faults
 * of scenario-aws-faults.ts: `resource_fails` (CREATE_FAILED / DELETE_FAILED),
 * `route53_change_refused`, `route53_change_pending`, `iam_fails`, `lambda_fails`,
 * `slow_resource`.
 *
 * @example
 * ```ts
 * ScenarioFailureSchema.parse({ type: 'update_fails', resource: 'nodegroup', name: 'general' });
 * ```
 */
export const ScenarioFailureSchema = z.discriminatedUnion('type', [
  UpdateFailsSchema,
  UnhealthyAtWeightSchema,
  BlockingInsightSchema,
  RollbackFailsSchema,
  AlarmInAlarmSchema,
  ResourceFailsSchema,
  Route53ChangeRefusedSchema,
  Route53ChangePendingSchema,
  IamFailsSchema,
  LambdaFailsSchema,
  SlowResourceSchema,
]);
export type ScenarioFailure = z.infer<typeof ScenarioFailureSchema>;
