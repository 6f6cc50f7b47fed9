import { z } from 'zod';
import { KubernetesVersionSchema } from '../kubernetes/versions.js';
import { EksClusterNameSchema } from '../names/aws-names.js';
import {
  NodegroupUpdateStrategySchema,
  UpgradeStrategySchema,
  WeightedTargetSchema,
} from './upgrade-request.js';

/** The kinds of plan step; Execution performs one per invocation. */
export const PlanStepKind = {
  CONTROL_PLANE_UPGRADE: 'control_plane_upgrade',
  ADDON_UPGRADE: 'addon_upgrade',
  NODEGROUP_UPGRADE: 'nodegroup_upgrade',
  CLUSTER_PROVISION: 'cluster_provision',
  NODEGROUP_PROVISION: 'nodegroup_provision',
  FARGATE_PROFILE_PROVISION: 'fargate_profile_provision',
  ACCESS_ENTRY_PROVISION: 'access_entry_provision',
  ADDON_INSTALL: 'addon_install',
  TRAFFIC_SHIFT: 'traffic_shift',
  CLUSTER_DECOMMISSION: 'cluster_decommission',
  APPROVAL_GATE: 'approval_gate',
  OIDC_PROVIDER_PROVISION: 'oidc_provider_provision',
  POD_IDENTITY_PROVISION: 'pod_identity_provision',
  IRSA_TRUST_UPDATE: 'irsa_trust_update',
  BLUE_RETENTION: 'blue_retention',
  NODEGROUP_UPDATE_CONFIG: 'nodegroup_update_config',
} as const;
export type PlanStepKind = (typeof PlanStepKind)[keyof typeof PlanStepKind];

const STEP_ID_RULE = 'must be 1-64 letters, digits, dots, hyphens or underscores';
const StepBase = {
  /** Unique within the plan; used in events, logs and the timeline. */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: STEP_ID_RULE }),
  description: z.string().min(1).max(500),
  /**
   * Consecutive steps with the same group may run at the same time, at most
   * `upgrade.nodegroupParallelism` at once (the in-place planner groups a hop's node group
   * rolls, e.g. `nodegroups-1.31`). Absent: the step runs alone.
   */
  parallelGroup: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: STEP_ID_RULE })
    .optional(),
};

/** Move the control plane one minor version (EKS UpdateClusterVersion). */
export const ControlPlaneUpgradeStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.CONTROL_PLANE_UPGRADE),
  clusterName: EksClusterNameSchema,
  fromVersion: KubernetesVersionSchema,
  toVersion: KubernetesVersionSchema,
});

/** Move an add-on to a version compatible with a control-plane version (EKS UpdateAddon). */
export const AddonUpgradeStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.ADDON_UPGRADE),
  clusterName: EksClusterNameSchema,
  addonName: z.string().min(1),
  fromVersion: z.string().min(1),
  toVersion: z.string().min(1),
  /** The Kubernetes version this add-on version is meant for. */
  kubernetesVersion: KubernetesVersionSchema,
});

/** Move a managed node group's kubelets (EKS UpdateNodegroupVersion). */
export const NodegroupUpgradeStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.NODEGROUP_UPGRADE),
  clusterName: EksClusterNameSchema,
  nodegroupName: z.string().min(1),
  fromVersion: KubernetesVersionSchema,
  toVersion: KubernetesVersionSchema,
  /** UpdateNodegroupVersion `force`: drain even when a PodDisruptionBudget blocks it. */
  force: z.boolean().optional(),
  /**
   * A custom-AMI group: the launch template version to move to (UpdateNodegroupVersion
   * `launchTemplate`, without `version`, as EKS requires for a custom AMI).
   */
  launchTemplate: z
    .object({ id: z.string().optional(), name: z.string().optional(), version: z.string().min(1) })
    .optional(),
  /**
   * A custom-AMI group: the version of its launch template it runs before this step, which EKS
   * native rollback takes it back to (UpdateNodegroupVersion `launchTemplate`, as for the move).
   */
  fromLaunchTemplateVersion: z.string().min(1).optional(),
  /** An EKS-AMI group: the AMI release to move to (UpdateNodegroupVersion `releaseVersion`). */
  releaseVersion: z.string().min(1).optional(),
});

/**
 * Put a managed node group on the update strategy the upgrade asks for before its first version
 * update (EKS UpdateNodegroupConfig `updateConfig.updateStrategy`,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html); undone by
 * putting it back on `previousUpdateStrategy`.
 */
export const NodegroupUpdateConfigStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.NODEGROUP_UPDATE_CONFIG),
  clusterName: EksClusterNameSchema,
  nodegroupName: z.string().min(1),
  /** The strategy the group rolls with from this step on. */
  updateStrategy: NodegroupUpdateStrategySchema,
  /** The strategy it had when planned (`DEFAULT` when EKS reported none), which rollback restores. */
  previousUpdateStrategy: NodegroupUpdateStrategySchema,
});

/** Blue/green: create the green cluster at the target version, shaped like the blue one. */
export const ClusterProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.CLUSTER_PROVISION),
  sourceClusterName: EksClusterNameSchema,
  clusterName: EksClusterNameSchema,
  version: KubernetesVersionSchema,
});

/**
 * Blue/green: create a managed node group on the green cluster shaped like one of the blue
 * cluster's (EKS CreateNodegroup with the blue group's role, subnets, scaling, instance types,
 * labels and taints), at the green cluster's version.
 */
export const NodegroupProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.NODEGROUP_PROVISION),
  /** The green cluster the node group is created in. */
  clusterName: EksClusterNameSchema,
  nodegroupName: z.string().min(1),
  /** The blue cluster and node group whose shape is copied. */
  sourceClusterName: EksClusterNameSchema,
  sourceNodegroupName: z.string().min(1),
  version: KubernetesVersionSchema,
  /**
   * The copy's AMI type when it differs from blue's: an Amazon Linux 2 group moves to the AL2023
   * equivalent at Kubernetes 1.33 or later, for which EKS publishes no AL2 AMI. Absent: blue's.
   */
  amiType: z.string().min(1).optional(),
});

/** Blue/green: copy one of the blue cluster's Fargate profiles to the green cluster (EKS CreateFargateProfile). */
export const FargateProfileProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.FARGATE_PROFILE_PROVISION),
  /** The green cluster the profile is created in. */
  clusterName: EksClusterNameSchema,
  /** The profile's name, the same on both clusters. */
  fargateProfileName: z.string().min(1).max(100),
  /** The blue cluster whose profile is copied (pod execution role, subnets, selectors, tags). */
  sourceClusterName: EksClusterNameSchema,
});

/**
 * Blue/green: create the IAM OIDC provider for the green cluster's own OpenID Connect issuer
 * (IAM CreateOpenIDConnectProvider, audience `sts.amazonaws.com`), without which no IAM role for
 * a service account (IRSA) can be assumed on green
 * (https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html).
 */
export const OidcProviderProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.OIDC_PROVIDER_PROVISION),
  /** The green cluster whose issuer gets a provider. */
  clusterName: EksClusterNameSchema,
  /** The blue cluster (named in the provider's tags). */
  sourceClusterName: EksClusterNameSchema,
});

/**
 * Blue/green, when the configuration opts in (`upgrade.trustGreenIssuer`): add the green
 * cluster's OIDC issuer to the trust policy of each listed IRSA role (IAM UpdateAssumeRolePolicy),
 * next to blue's, which stays.
 */
export const IrsaTrustUpdateStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.IRSA_TRUST_UPDATE),
  /** The green cluster whose issuer the roles come to trust. */
  clusterName: EksClusterNameSchema,
  /** The blue cluster whose issuer the roles trust today. */
  sourceClusterName: EksClusterNameSchema,
  /** The roles (blue's add-ons' service-account roles): only these are changed. */
  roleArns: z.array(z.string().min(1)).min(1).max(100),
});

/**
 * Blue/green: keep the blue cluster, untouched, for `retentionSeconds` after green carries all
 * traffic (at least the records' TTL), before it may be decommissioned. Execution defers the
 * step until `stepSelectedAt` + `retentionSeconds` (contract C), then it succeeds.
 */
export const BlueRetentionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.BLUE_RETENTION),
  /** The blue cluster being kept. */
  clusterName: EksClusterNameSchema,
  /** The green cluster carrying the traffic meanwhile. */
  greenClusterName: EksClusterNameSchema,
  retentionSeconds: z.number().int().min(0).max(604_800),
});

/**
 * Blue/green: copy the blue cluster's EKS Pod Identity associations (service account → IAM
 * role) to the green cluster (EKS CreatePodIdentityAssociation); they belong to one cluster
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html).
 */
export const PodIdentityProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.POD_IDENTITY_PROVISION),
  /** The green cluster the associations are created in. */
  clusterName: EksClusterNameSchema,
  /** The blue cluster whose associations are copied. */
  sourceClusterName: EksClusterNameSchema,
});

/**
 * Blue/green: copy the blue cluster's access entries, with their access policies, to the green
 * cluster (EKS CreateAccessEntry, AssociateAccessPolicy).
 */
export const AccessEntryProvisionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.ACCESS_ENTRY_PROVISION),
  /** The green cluster the entries are created in. */
  clusterName: EksClusterNameSchema,
  /** The blue cluster whose access entries are copied. */
  sourceClusterName: EksClusterNameSchema,
});

/** Blue/green: install an add-on on the green cluster at a version compatible with it (EKS CreateAddon). */
export const AddonInstallStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.ADDON_INSTALL),
  clusterName: EksClusterNameSchema,
  addonName: z.string().min(1),
  toVersion: z.string().min(1),
  /** The Kubernetes version this add-on version is meant for. */
  kubernetesVersion: KubernetesVersionSchema,
  /** The blue cluster the add-on is copied from (its service account role is reused). */
  sourceClusterName: EksClusterNameSchema,
});

/** Blue/green: set the green side's share of the weighted records. */
export const TrafficShiftStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.TRAFFIC_SHIFT),
  blueClusterName: EksClusterNameSchema,
  greenClusterName: EksClusterNameSchema,
  /** Percentage of traffic on green before this step. */
  fromWeight: z.number().int().min(0).max(100),
  /** Percentage of traffic on green after this step. */
  toWeight: z.number().int().min(1).max(100),
});

/** Blue/green: remove the old (blue) cluster once green carries all traffic. */
export const ClusterDecommissionStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.CLUSTER_DECOMMISSION),
  clusterName: EksClusterNameSchema,
});

/**
 * What an approval gate asks a person (or a pipeline) to confirm:
 * - `plan`: the whole plan, before anything changes (its `planId` must come back in the decision);
 * - `workload`: blue/green, green is ready (add-ons installed) and workloads are deployed to it,
 *   before the first traffic shift;
 * - `control_plane_hop`: before one control-plane minor-version update;
 * - `traffic`: before a traffic shift above the configured percentage;
 * - `decommission`: before the blue cluster is removed;
 * - `fargate`: before a step that restarts Fargate pods;
 * - `irsa_trust`: blue/green, before the add-on copies, until IRSA roles trust green's issuer.
 */
export const GatePurpose = {
  PLAN: 'plan',
  WORKLOAD: 'workload',
  CONTROL_PLANE_HOP: 'control_plane_hop',
  TRAFFIC: 'traffic',
  DECOMMISSION: 'decommission',
  FARGATE: 'fargate',
  IRSA_TRUST: 'irsa_trust',
  /**
   * `upgrade.failurePolicy: hold`: a step failed and the workflow waits for "roll back or
   * resume" (an approval whose decision has `resume: true` runs the failed step again).
   */
  FAILURE: 'failure',
} as const;
export type GatePurpose = (typeof GatePurpose)[keyof typeof GatePurpose];
export const GatePurposeSchema = z.enum(Object.values(GatePurpose) as [GatePurpose, ...GatePurpose[]], {
  error: `must be one of ${Object.values(GatePurpose).join(', ')}`,
});

/** Shortest and longest wait at a gate: one minute to seven days. */
export const GATE_TIMEOUT_SECONDS = Object.freeze({ min: 60, max: 86400 * 7 });

/** The gate an approval-gate step waits at: what is asked, for how long, and what the answer may carry. */
export const ApprovalGateSchema = z
  .object({
    purpose: GatePurposeSchema,
    /** What the approver is asked to confirm, in one or two sentences. */
    summary: z.string().min(1).max(1000),
    /** How long the workflow waits for an answer before it rolls back (`Upgrade.GateTimedOut`). */
    timeoutSeconds: z
      .number()
      .int({ error: 'must be a whole number of seconds' })
      .min(GATE_TIMEOUT_SECONDS.min, { error: 'must be at least 60 seconds' })
      .max(GATE_TIMEOUT_SECONDS.max, { error: 'must be at most 604800 seconds (7 days)' }),
    /**
     * Whether the approval may supply the green traffic target (blue/green workload gate): the
     * green record usually exists only once workloads are deployed to green.
     */
    acceptsTrafficTarget: z.boolean(),
  })
  .strict();
export type ApprovalGate = z.infer<typeof ApprovalGateSchema>;

/**
 * Wait for a person or a pipeline to approve before the plan goes on. The workflow never calls
 * Execute for this step: it pauses on a task token (`events:putEvents.waitForTaskToken`),
 * publishing `gate.pending` with the token, and goes on when `SendTaskSuccess` carries a
 * {@link GateDecisionSchema} decision; `SendTaskFailure` with `Upgrade.GateRejected`, or the
 * timeout, sends it to the rollback path. It changes nothing, so there is nothing to undo.
 *
 * @example
 * ```ts
 * const gate = ApprovalGateStepSchema.parse({
 *   id: 'gate-workload', kind: 'approval_gate', clusterName: 'shop-1-31',
 *   description: 'Wait for workloads on shop-1-31 before moving traffic',
 *   gate: { purpose: 'workload', summary: 'Deploy workloads to shop-1-31, then approve',
 *           timeoutSeconds: 86400, acceptsTrafficTarget: true },
 * });
 * ```
 */
export const ApprovalGateStepSchema = z.object({
  ...StepBase,
  kind: z.literal(PlanStepKind.APPROVAL_GATE),
  /** The cluster the gate concerns (the green one for a workload gate). */
  clusterName: EksClusterNameSchema,
  gate: ApprovalGateSchema,
});

/**
 * The traffic target a workload gate's approval may supply: the green side of the weighted
 * records (its SetIdentifier and, for reports, where it sends traffic).
 */
export const TrafficTargetSchema = WeightedTargetSchema;
export type TrafficTarget = z.infer<typeof TrafficTargetSchema>;

/**
 * An approval: the output sent with `SendTaskSuccess` for a pending gate. For a `plan` gate,
 * `planId` must equal the pending plan's id (the plan approved is the plan executed); for a gate
 * with `acceptsTrafficTarget`, `trafficTarget` names the green record. A rejection is not a
 * decision: it is `SendTaskFailure` with error {@link GATE_REJECTED_ERROR} and the reason as cause.
 *
 * @example
 * ```ts
 * const output = JSON.stringify(GateDecisionSchema.parse({
 *   planId: 'plan-shop-1.31-abc', approvedBy: 'alice', comment: 'reviewed in CHG-1234',
 * }));
 * ```
 */
export const GateDecisionSchema = z
  .object({
    planId: z.string().min(1).max(128).optional(),
    approvedBy: z.string().min(1).max(256).optional(),
    comment: z.string().min(1).max(2000).optional(),
    trafficTarget: TrafficTargetSchema.optional(),
    /** For a held failure (purpose `failure`): run the failed step again instead of rolling back. */
    resume: z.boolean().optional(),
  })
  .strict();
export type GateDecision = z.infer<typeof GateDecisionSchema>;

/** The `SendTaskFailure` error name of a rejected gate. */
export const GATE_REJECTED_ERROR = 'Upgrade.GateRejected';
/** The error the workflow raises when nobody answered a gate within its timeout. */
export const GATE_TIMED_OUT_ERROR = 'Upgrade.GateTimedOut';

/** One ordered unit of work in a plan, discriminated on `kind`. */
export const PlanStepSchema = z.discriminatedUnion('kind', [
  ControlPlaneUpgradeStepSchema,
  AddonUpgradeStepSchema,
  NodegroupUpgradeStepSchema,
  NodegroupUpdateConfigStepSchema,
  ClusterProvisionStepSchema,
  NodegroupProvisionStepSchema,
  FargateProfileProvisionStepSchema,
  AccessEntryProvisionStepSchema,
  AddonInstallStepSchema,
  TrafficShiftStepSchema,
  ClusterDecommissionStepSchema,
  ApprovalGateStepSchema,
  OidcProviderProvisionStepSchema,
  PodIdentityProvisionStepSchema,
  IrsaTrustUpdateStepSchema,
  BlueRetentionStepSchema,
]);
export type PlanStep = z.infer<typeof PlanStepSchema>;
export type ControlPlaneUpgradeStep = z.infer<typeof ControlPlaneUpgradeStepSchema>;
export type AddonUpgradeStep = z.infer<typeof AddonUpgradeStepSchema>;
export type NodegroupUpgradeStep = z.infer<typeof NodegroupUpgradeStepSchema>;
export type NodegroupUpdateConfigStep = z.infer<typeof NodegroupUpdateConfigStepSchema>;
export type ClusterProvisionStep = z.infer<typeof ClusterProvisionStepSchema>;
export type NodegroupProvisionStep = z.infer<typeof NodegroupProvisionStepSchema>;
export type FargateProfileProvisionStep = z.infer<typeof FargateProfileProvisionStepSchema>;
export type AccessEntryProvisionStep = z.infer<typeof AccessEntryProvisionStepSchema>;
export type AddonInstallStep = z.infer<typeof AddonInstallStepSchema>;
export type TrafficShiftStep = z.infer<typeof TrafficShiftStepSchema>;
export type ClusterDecommissionStep = z.infer<typeof ClusterDecommissionStepSchema>;
export type ApprovalGateStep = z.infer<typeof ApprovalGateStepSchema>;
export type OidcProviderProvisionStep = z.infer<typeof OidcProviderProvisionStepSchema>;
export type PodIdentityProvisionStep = z.infer<typeof PodIdentityProvisionStepSchema>;
export type IrsaTrustUpdateStep = z.infer<typeof IrsaTrustUpdateStepSchema>;
export type BlueRetentionStep = z.infer<typeof BlueRetentionStepSchema>;

/** A reason the plan cannot run (blocker) or should be read with care (warning). */
export const PlanIssueSchema = z.object({
  /** Stable machine-readable code, e.g. `INSIGHT_ERROR`, `UNSUPPORTED_TARGET`. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be UPPER_SNAKE_CASE' }),
  message: z.string().min(1),
  /** What the issue concerns: a node group, an add-on, an insight id. */
  resource: z.string().optional(),
});
export type PlanIssue = z.infer<typeof PlanIssueSchema>;

/** Who decided the plan: the deterministic rules, optionally with a Bedrock narrative. */
export const PlanSource = { RULES: 'rules', RULES_WITH_BEDROCK: 'rules+bedrock' } as const;
export type PlanSource = (typeof PlanSource)[keyof typeof PlanSource];

/**
 * The planner's output: hops, ordered steps, blockers and warnings. A plan with blockers stops
 * the workflow before Execution.
 *
 * @example
 * ```ts
 * const plan = parseOrThrow(UpgradePlanSchema, payload, 'upgrade plan');
 * if (plan.blockers.length > 0) console.error(plan.blockers.map((b) => b.message).join('\n'));
 * ```
 */
export const UpgradePlanSchema = z
  .object({
    planId: z.string().min(1).max(128),
    clusterName: EksClusterNameSchema,
    sourceVersion: KubernetesVersionSchema,
    targetVersion: KubernetesVersionSchema,
    strategy: UpgradeStrategySchema,
    /** Control-plane versions passed through, ending at the target (empty when blocked early). */
    hops: z.array(KubernetesVersionSchema),
    steps: z.array(PlanStepSchema),
    blockers: z.array(PlanIssueSchema).default([]),
    warnings: z.array(PlanIssueSchema).default([]),
    /**
     * The planner's estimate of how long the steps take, from typical EKS durations; compared
     * with the workflow's execution timeout to warn before starting.
     */
    estimatedDurationSeconds: z.number().int().min(0).optional(),
    /** Convenience flag the workflow's Choice state reads. */
    blocked: z.boolean(),
    source: z.enum([PlanSource.RULES, PlanSource.RULES_WITH_BEDROCK]),
    /** Bedrock's narrative risk summary, when it was asked and answered. */
    narrative: z.string().optional(),
    /** Why Bedrock was not used or failed, when it was not. */
    narrativeUnavailableReason: z.string().optional(),
    createdAt: z.iso.datetime({ offset: true }),
    /**
     * When the upgrade workflow stops waiting for steps and starts the rollback: the execution's
     * start plus its timeout minus the time kept for the rollback (`ReasoningInput.deadline`).
     * Set only when the workflow asked for it; absent in a plan made outside an execution.
     */
    deadline: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((plan, context) => {
    if (plan.blocked !== plan.blockers.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['blocked'],
        message: 'must be true exactly when there are blockers',
      });
    }
    const seen = new Set<string>();
    plan.steps.forEach((step, index) => {
      if (seen.has(step.id)) {
        context.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `must be unique (${step.id} repeats)`,
        });
      }
      seen.add(step.id);
    });
  });
export type UpgradePlan = z.infer<typeof UpgradePlanSchema>;
export type UpgradePlanInput = z.input<typeof UpgradePlanSchema>;
