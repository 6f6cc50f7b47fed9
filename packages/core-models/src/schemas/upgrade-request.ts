import { z } from 'zod';
import { ConfigurationError } from '../errors/errors.js';
import { KubernetesVersionSchema } from '../kubernetes/versions.js';
import { AwsRegionSchema, EksClusterNameSchema } from '../names/aws-names.js';

/** How the upgrade is carried out. */
export const UpgradeStrategy = { IN_PLACE: 'in_place', BLUE_GREEN: 'blue_green' } as const;
export type UpgradeStrategy = (typeof UpgradeStrategy)[keyof typeof UpgradeStrategy];
export const UpgradeStrategySchema = z.enum([UpgradeStrategy.IN_PLACE, UpgradeStrategy.BLUE_GREEN], {
  error: 'must be in_place or blue_green',
});

/** The phases of the workflow, in order; rollback runs only on failure. */
export const UpgradePhase = {
  PERCEPTION: 'perception',
  REASONING: 'reasoning',
  EXECUTION: 'execution',
  VALIDATION: 'validation',
  ROLLBACK: 'rollback',
} as const;
export type UpgradePhase = (typeof UpgradePhase)[keyof typeof UpgradePhase];
export const UpgradePhaseSchema = z.enum(Object.values(UpgradePhase) as [UpgradePhase, ...UpgradePhase[]], {
  error: 'must be one of perception, reasoning, execution, validation, rollback',
});
export const UPGRADE_PHASES: readonly UpgradePhase[] = Object.values(UpgradePhase);

export const TRAFFIC_WEIGHT_RULE = 'must be a whole percentage from 1 to 100';
const TrafficWeightSchema = z
  .number()
  .int({ error: TRAFFIC_WEIGHT_RULE })
  .min(1, { error: TRAFFIC_WEIGHT_RULE })
  .max(100, {
    error: TRAFFIC_WEIGHT_RULE,
  });

/** Strictly increasing traffic percentages ending at 100, e.g. `[10, 25, 50, 75, 100]`. */
export const TrafficShiftIntervalsSchema = z
  .array(TrafficWeightSchema)
  .min(1, { error: 'must list at least one traffic percentage' })
  .refine((weights) => weights.every((weight, index) => index === 0 || weight > weights[index - 1]!), {
    error: 'must be strictly increasing',
  })
  .refine((weights) => weights[weights.length - 1] === 100, { error: 'must end at 100' });

/** One side of a Route 53 weighted record pair. */
export const WeightedTargetSchema = z
  .object({
    /** The record's SetIdentifier: the gateway finds the side's A, AAAA or CNAME record by it. */
    setIdentifier: z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(128, { error: 'must be at most 128 characters' }),
    /**
     * Where this side sends traffic (the ingress host name or load balancer), for reports. Not
     * written: the record's value or alias target is read from Route 53 and sent back unchanged.
     */
    target: z.string().min(1, { error: 'must not be empty' }).optional(),
  })
  .strict();

/**
 * Route 53 weighted records that split traffic between the blue and green clusters: two
 * record sets of one name — alias A/AAAA (an ALB/NLB, also at a zone apex) or CNAME, both of
 * the same type — told apart by SetIdentifier. The record type, TTL, values, alias target and
 * health check are read from Route 53; only the weights change.
 *
 * @example
 * ```ts
 * const routing = TrafficRoutingSchema.parse({
 *   hostedZoneId: 'Z0123456789ABC', recordName: 'shop.example.com',
 *   blue: { setIdentifier: 'blue' }, green: { setIdentifier: 'green' },
 * });
 * ```
 */
export const TrafficRoutingSchema = z
  .object({
    hostedZoneId: z.string().regex(/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/, {
      error: 'must be a Route 53 hosted zone id such as Z123ABC',
    }),
    recordName: z.string().min(1, { error: 'must not be empty' }),
    /**
     * The records' TTL as the operator expects it (how long resolvers may keep an answer after a
     * weight change). Not written: each record keeps the TTL Route 53 has for it.
     */
    ttlSeconds: z.number().int().min(0).max(172800).default(60),
    blue: WeightedTargetSchema,
    /**
     * Green's record. May be left out when the blue/green workload gate supplies it: green's
     * record usually exists only once workloads are deployed to green, and the gate's approval
     * (`eks-upgrade approve --traffic-target`) names it.
     */
    green: WeightedTargetSchema.optional(),
  })
  .strict();
export type TrafficRouting = z.infer<typeof TrafficRoutingSchema>;
/** Weighted records with both sides known: what a traffic change is made on. */
export type ResolvedTrafficRouting = TrafficRouting & { green: z.infer<typeof WeightedTargetSchema> };

/**
 * The weighted records with green's side known: the request's own green target, else the one the
 * workload gate's approval supplied (`ExecutionInput.approvedTrafficTarget`).
 *
 * @throws ConfigurationError (key `trafficRouting.green`) when neither names green's record.
 * @example
 * ```ts
 * const routing = resolveTrafficRouting(request.trafficRouting, input.approvedTrafficTarget);
 * routing.green.setIdentifier; // 'green'
 * ```
 */
export function resolveTrafficRouting(
  routing: TrafficRouting,
  approvedTrafficTarget?: z.infer<typeof WeightedTargetSchema> | null,
): ResolvedTrafficRouting {
  const green = routing.green ?? approvedTrafficTarget ?? undefined;
  if (!green) {
    throw new ConfigurationError(
      `The green side of ${routing.recordName} is not known yet: the request's trafficRouting names no green record and no approval supplied one. Approve the workload gate with its target (eks-upgrade approve --traffic-target '{"setIdentifier":"…"}'), or name trafficRouting.green in the request`,
      { key: 'trafficRouting.green' },
    );
  }
  return { ...routing, green };
}

/**
 * The request as a phase acts on it: its traffic routing's green side filled in from the
 * approved traffic target when the request names none (the request's own green record wins).
 * Unchanged without routing, with a green record, or without an approved target.
 *
 * @example
 * ```ts
 * const request = withApprovedTrafficTarget(input.request, input.approvedTrafficTarget);
 * ```
 */
export function withApprovedTrafficTarget<Request extends { trafficRouting?: TrafficRouting | undefined }>(
  request: Request,
  approvedTrafficTarget: z.infer<typeof WeightedTargetSchema> | null | undefined,
): Request {
  const routing = request.trafficRouting;
  if (!routing || routing.green || !approvedTrafficTarget) return request;
  return { ...request, trafficRouting: { ...routing, green: approvedTrafficTarget } };
}

/** How EKS rolls a managed node group (`updateConfig.updateStrategy`). */
export const NodegroupUpdateStrategySchema = z.enum(['DEFAULT', 'MINIMAL'], {
  error: 'must be DEFAULT or MINIMAL',
});
export type NodegroupUpdateStrategy = z.infer<typeof NodegroupUpdateStrategySchema>;

/**
 * What one node group moves to at one control-plane hop: a new version of its launch template
 * (required for a custom-AMI group: EKS cannot pick an AMI for it), or an EKS AMI release
 * (`releaseVersion`, for a group on an EKS AMI; EKS refuses it for a custom AMI). Per the
 * UpdateNodegroupVersion API reference,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html.
 */
export const NodegroupHopTargetSchema = z
  .object({
    launchTemplateVersion: z
      .string()
      .regex(/^[0-9]+$/, { error: 'must be a launch template version number' })
      .optional(),
    releaseVersion: z.string().min(1, { error: 'must not be empty' }).optional(),
  })
  .strict()
  .refine(
    (target) => (target.launchTemplateVersion === undefined) !== (target.releaseVersion === undefined),
    {
      error: 'must name either launchTemplateVersion or releaseVersion',
    },
  );
export type NodegroupHopTarget = z.infer<typeof NodegroupHopTargetSchema>;

/**
 * How managed node group updates are made (UpdateNodegroupVersion): `force` upgrades even when
 * a PodDisruptionBudget blocks draining a node (EKS then evicts regardless instead of failing
 * with PodEvictionFailure); `updateStrategy` the rolling strategy the groups roll with (set on
 * each before its first update, https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html);
 * `nodegroups` the launch template version or AMI release each group moves to, per hop.
 *
 * @example
 * ```ts
 * NodegroupUpdatesSchema.parse({ force: false, nodegroups: { gpu: { '1.31': { launchTemplateVersion: '7' } } } });
 * ```
 */
export const NodegroupUpdatesSchema = z
  .object({
    force: z.boolean().optional(),
    updateStrategy: NodegroupUpdateStrategySchema.optional(),
    nodegroups: z
      .record(z.string().min(1), z.record(KubernetesVersionSchema, NodegroupHopTargetSchema))
      .optional(),
  })
  .strict();
export type NodegroupUpdates = z.infer<typeof NodegroupUpdatesSchema>;

/**
 * What an operator asks for: upgrade this cluster to that version with this strategy. It is the
 * workflow's execution input, so one deployed state machine serves every cluster.
 *
 * @example
 * ```ts
 * const request = parseOrThrow(UpgradeRequestSchema, {
 *   clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'in_place',
 * }, 'upgrade request');
 * ```
 */
export const UpgradeRequestSchema = z
  .object({
    clusterName: EksClusterNameSchema,
    targetVersion: KubernetesVersionSchema,
    strategy: UpgradeStrategySchema.default(UpgradeStrategy.IN_PLACE),
    region: AwsRegionSchema.optional(),
    /** Correlates events, logs and the execution; derived from the request when absent. */
    upgradeId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, {
        error: 'must be 1-64 letters, digits, dots, hyphens or underscores',
      })
      .optional(),
    requestedBy: z.string().max(256).optional(),
    /** Blue/green: name of the new (green) cluster; defaults to `<cluster>-<target with dashes>`. */
    greenClusterName: EksClusterNameSchema.optional(),
    /** Blue/green: the weighted records to shift. */
    trafficRouting: TrafficRoutingSchema.optional(),
    /** Overrides the configured traffic steps for this upgrade. */
    trafficShiftIntervals: TrafficShiftIntervalsSchema.optional(),
    /** CloudWatch alarms that must not be in ALARM for the upgrade to be healthy. */
    alarmNames: z.array(z.string().min(1).max(255)).max(100).optional(),
    /**
     * Blue/green: `none` says this upgrade deliberately moves traffic without any CloudWatch
     * alarm gate (the planner then warns instead of blocking). Without it, a blue/green upgrade
     * with no alarm in the request or in `upgrade.alarmNames` is not planned: its traffic gates
     * would look only at EKS resource status, not at the application.
     *
     * @example `{ strategy: 'blue_green', alarmGate: 'none' }`
     */
    alarmGate: z.literal('none', { error: 'must be none (or left out)' }).optional(),
    /** In place: how node groups are updated (overrides `upgrade.nodegroupUpdates` of the configuration). */
    nodegroupUpdates: NodegroupUpdatesSchema.optional(),
    /**
     * Wait for the plan's approval before anything changes (`eks-upgrade start --approve-plan`),
     * as `upgrade.approval.plan` does for every upgrade: the plan's first step is a `plan` gate
     * whose approval must name the plan's id.
     */
    approvePlan: z.boolean().optional(),
  })
  .strict();
export type UpgradeRequest = z.infer<typeof UpgradeRequestSchema>;
export type UpgradeRequestInput = z.input<typeof UpgradeRequestSchema>;
