import type { AgentConfig, ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';
import { stepId } from './step-id.js';

/**
 * Blue/green: IRSA on green. Each of blue's add-ons with a service-account role (IRSA) is copied
 * to green with the same role, whose trust policy names blue's OIDC issuer only (green's issuer
 * is new; "Assign IAM roles to Kubernetes service accounts",
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html), so on
 * green it gets no credentials until the role trusts green's issuer too. The roles are listed in
 * the plan, and either `upgrade.trustGreenIssuer` lets an `irsa_trust_update` step add green's
 * issuer beside blue's (those roles only), or the add-on copies wait at an `irsa_trust` gate
 * until the operator has done it and approves. Runs after green's OIDC provider step and before
 * the add-on copies.
 *
 * @example
 * ```ts
 * planGreenIrsa(snapshot, { blue: 'prod', green: 'prod-1-31' }, config, builder);
 * ```
 */
export function planGreenIrsa(
  snapshot: ClusterSnapshot,
  clusters: { blue: string; green: string },
  config: AgentConfig,
  builder: PlanBuilder,
): void {
  const { blue, green } = clusters;
  const roles = [
    ...new Set(
      snapshot.addons.flatMap((addon) => (addon.serviceAccountRoleArn ? [addon.serviceAccountRoleArn] : [])),
    ),
  ];
  if (roles.length === 0) return;
  const users = snapshot.addons
    .filter((addon) => addon.serviceAccountRoleArn)
    .map((addon) => `${addon.name} (${addon.serviceAccountRoleArn})`)
    .join(', ');
  if (config.upgrade.trustGreenIssuer) {
    builder.warn(
      PlanIssueCode.IRSA_ROLES_TRUST_BLUE_ONLY,
      `The IRSA roles of ${blue}'s add-ons trust ${blue}'s OIDC issuer only: ${users}. upgrade.trustGreenIssuer is on, so step ${stepId('green-irsa-trust', green.slice(0, 46))} adds ${green}'s issuer to their trust policies beside ${blue}'s (only these roles), and rollback takes it out again`,
    );
    builder.add({
      id: stepId('green-irsa-trust', green.slice(0, 46)),
      kind: 'irsa_trust_update',
      description: `Add ${green}'s OIDC issuer to the trust of ${roles.length} IRSA role${roles.length === 1 ? '' : 's'} of ${blue}'s add-ons`,
      clusterName: green,
      sourceClusterName: blue,
      roleArns: roles,
    });
    return;
  }
  builder.warn(
    PlanIssueCode.IRSA_ROLES_TRUST_BLUE_ONLY,
    `The IRSA roles of ${blue}'s add-ons trust ${blue}'s OIDC issuer only: ${users}. On ${green} they get no credentials until each role's trust policy also names ${green}'s issuer, so the add-on copies wait at gate ${stepId('gate-irsa', green.slice(0, 54))}: add a statement for ${green}'s IAM OIDC provider (created by the plan) beside ${blue}'s, then approve; or let eks-upgrade do it for these roles only (\`eks-upgrade config set upgrade.trustGreenIssuer true\`)`,
  );
  builder.add({
    id: stepId('gate-irsa', green.slice(0, 54)),
    kind: 'approval_gate',
    description: `Wait until the IRSA roles of ${blue}'s add-ons trust ${green}'s issuer`,
    clusterName: green,
    gate: {
      purpose: 'irsa_trust',
      summary: `Add ${green}'s OIDC issuer to the trust policy of ${roles.join(', ')} (keep ${blue}'s), then approve: the add-ons are copied to ${green} next and use these roles.`,
      timeoutSeconds: config.upgrade.approval.timeoutSeconds,
      acceptsTrafficTarget: false,
    },
  });
}
