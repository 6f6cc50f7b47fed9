import type { PlanStep, PlanStepKind } from '@eks-upgrade/core-models';
import { accessEntryProvision } from './access-entry-provision/access-entry-provision.js';
import { addonInstall } from './addon-install/addon-install.js';
import { addonUpgrade } from './addon-upgrade/addon-upgrade.js';
import { approvalGate } from './approval-gate/approval-gate.js';
import { blueRetention } from './blue-retention/blue-retention.js';
import { clusterDecommission } from './cluster-decommission/cluster-decommission.js';
import { clusterProvision } from './cluster-provision/cluster-provision.js';
import { controlPlaneUpgrade } from './control-plane-upgrade/control-plane-upgrade.js';
import { fargateProfileProvision } from './fargate-profile-provision/fargate-profile-provision.js';
import { irsaTrustUpdate } from './irsa-trust-update/irsa-trust-update.js';
import { nodegroupProvision } from './nodegroup-provision/nodegroup-provision.js';
import { nodegroupUpdateConfig } from './nodegroup-update-config/nodegroup-update-config.js';
import { nodegroupUpgrade } from './nodegroup-upgrade/nodegroup-upgrade.js';
import { oidcProviderProvision } from './oidc-provider-provision/oidc-provider-provision.js';
import { podIdentityProvision } from './pod-identity-provision/pod-identity-provision.js';
import type { StepKindModule } from './step-kind-module.js';
import { trafficShift } from './traffic-shift/traffic-shift.js';

/** One module per plan-step kind: a kind left out, or a module missing a part, does not compile. */
export type StepKindRegistry = { readonly [K in PlanStepKind]: StepKindModule<K> };

/**
 * Every plan-step kind's module, keyed by kind. The execution, validation and rollback phases
 * dispatch through it, and `PHASE_GATEWAY_OPERATIONS` (hence IAM) is derived from the
 * operations its modules declare.
 *
 * @example
 * ```ts
 * STEP_KINDS.traffic_shift.operations.execution; // ['getTrafficWeights', 'setTrafficWeights']
 * ```
 */
export const STEP_KINDS: StepKindRegistry = {
  control_plane_upgrade: controlPlaneUpgrade,
  addon_upgrade: addonUpgrade,
  nodegroup_upgrade: nodegroupUpgrade,
  nodegroup_update_config: nodegroupUpdateConfig,
  cluster_provision: clusterProvision,
  nodegroup_provision: nodegroupProvision,
  fargate_profile_provision: fargateProfileProvision,
  access_entry_provision: accessEntryProvision,
  addon_install: addonInstall,
  traffic_shift: trafficShift,
  cluster_decommission: clusterDecommission,
  approval_gate: approvalGate,
  oidc_provider_provision: oidcProviderProvision,
  pod_identity_provision: podIdentityProvision,
  irsa_trust_update: irsaTrustUpdate,
  blue_retention: blueRetention,
};

/**
 * The module that handles `step`, typed to take any plan step: `StepKindRegistry` pairs each kind
 * with its own module, so the step given is always of the module's kind (TypeScript cannot
 * follow that pairing through the union of kinds, hence the one cast).
 *
 * @example
 * ```ts
 * const outcome = await stepKindOf(step).execute(step, { gateway, request });
 * ```
 */
export function stepKindOf(step: PlanStep): StepKindModule<PlanStepKind> {
  return STEP_KINDS[step.kind] as StepKindModule<PlanStepKind>;
}
