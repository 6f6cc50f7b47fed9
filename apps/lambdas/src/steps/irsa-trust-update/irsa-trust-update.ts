import { ExecutionError } from '@eks-upgrade/core-models';
import { nothingToPoll } from '../shared/checks.js';
import { requireActiveGreen } from '../shared/green-resources.js';
import { describeError } from '../shared/rollback-report.js';
import { requireCluster } from '../shared/start-or-resume.js';
import type { RollbackContext, StepKindModule, StepOfKind } from '../step-kind-module.js';
import { trustsIssuer, withGreenIssuer, withoutGreenIssuer } from './green-issuer-trust.js';

/**
 * Green is gone and no earlier pass saw it: when every listed role still trusts no OIDC provider
 * but blue's, the plan never got as far as changing them (the step needs green's issuer), so
 * there is nothing to undo (reported `not_needed`, true). False when a role trusts another
 * provider, or blue or a role cannot be read: then the roles may still trust green's issuer.
 */
async function trustOnlyBlue(step: StepOfKind<'irsa_trust_update'>, { gateway, report }: RollbackContext) {
  try {
    const blueIssuer = (await gateway.describeCluster(step.sourceClusterName))?.oidcIssuer;
    if (!blueIssuer) return false;
    for (const roleArn of step.roleArns) {
      const role = await gateway.getRoleTrust(roleArn);
      const federated = (role?.trustPolicy.Statement ?? []).filter(
        (statement) => statement.Principal?.Federated !== undefined,
      );
      if (!role || !federated.every((statement) => trustsIssuer(statement, blueIssuer))) return false;
    }
  } catch {
    return false;
  }
  report.act({
    target: 'irsa-trust',
    status: 'not_needed',
    message: `${step.roleArns.join(', ')} trust only ${step.sourceClusterName}'s issuer: ${step.clusterName} never got as far as the roles`,
  });
  return true;
}

/** Takes green's issuer out of each listed role's trust again (blue's statements stay). */
async function untrustGreen(step: StepOfKind<'irsa_trust_update'>, context: RollbackContext) {
  const { gateway, report, clustersServingTraffic, earlier } = context;
  const target = 'irsa-trust';
  if (clustersServingTraffic.has(step.clusterName)) {
    // Green keeps the traffic (blue cannot take it back): its add-ons still need these roles.
    report.notUndone.push(
      `${target}: ${step.roleArns.join(', ')} keep trusting ${step.clusterName}'s issuer, as it carries the traffic`,
    );
    return;
  }
  const green = await gateway.describeCluster(step.clusterName);
  // A later pass of the rollback, once green is deleted: an earlier pass already took its issuer
  // out of every role, or found that none trusted it (green never got as far as the role trust).
  const earlierTrust = earlier.filter((action) => action.target === target);
  if (
    !green &&
    earlierTrust.length > 0 &&
    earlierTrust.every((action) => action.status === 'undone' || action.status === 'not_needed')
  )
    return;
  if (!green?.oidcIssuer && (await trustOnlyBlue(step, context))) return;
  if (!green?.oidcIssuer) {
    report.act({
      target,
      status: 'failed',
      message: `${step.clusterName} does not exist any more, so its issuer cannot be told apart in the roles' trust`,
    });
    report.notUndone.push(
      `${target}: ${step.roleArns.join(', ')} may still trust ${step.clusterName}'s issuer`,
    );
    return;
  }
  for (const roleArn of step.roleArns) {
    try {
      const role = await gateway.getRoleTrust(roleArn);
      const restored = role && withoutGreenIssuer(role.trustPolicy, green.oidcIssuer);
      if (!role || !restored) {
        report.act({
          target,
          status: 'not_needed',
          message: `${roleArn} does not trust ${step.clusterName}'s issuer`,
        });
        continue;
      }
      await gateway.updateRoleTrust(role.roleName, restored);
      report.act({
        target,
        status: 'undone',
        message: `${roleArn} no longer trusts ${step.clusterName}'s issuer`,
      });
    } catch (error) {
      report.act({
        target,
        status: 'failed',
        message: `Could not restore the trust of ${roleArn}: ${describeError(error)}`,
      });
      report.notUndone.push(`${target}: ${roleArn} still trusts ${step.clusterName}'s issuer`);
    }
  }
}

/**
 * `irsa_trust_update` (blue/green, `upgrade.trustGreenIssuer`): each listed IRSA role (blue's
 * add-ons' service-account roles) gets, beside its statements trusting blue's OIDC provider,
 * the same statements for green's (same actions, the audience and service-account conditions on
 * green's issuer), with UpdateAssumeRolePolicy sending the whole document back
 * ("Assign IAM roles to Kubernetes service accounts",
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html). Only
 * the listed roles change, and blue's issuer stays trusted (blue keeps running until it is
 * decommissioned). Green's IAM OIDC provider must exist (the `oidc_provider_provision` step
 * before). Undone by taking green's statements out again.
 */
export const irsaTrustUpdate: StepKindModule<'irsa_trust_update'> = {
  kind: 'irsa_trust_update',
  example: {
    id: 'green-irsa-trust-prod-1-31',
    kind: 'irsa_trust_update',
    description: "Trust green's issuer in vpc-cni's role",
    clusterName: 'prod-1-31',
    sourceClusterName: 'prod',
    roleArns: ['arn:aws:iam::123456789012:role/prod-vpc-cni'],
  },
  // One GetRole and one UpdateAssumeRolePolicy per role; IAM applies them within seconds.
  typicalDurationSeconds: () => 0,
  describe: (step) =>
    `Add ${step.clusterName}'s OIDC issuer to the trust of ${step.roleArns.length} IRSA role${step.roleArns.length === 1 ? '' : 's'} of ${step.sourceClusterName} (${step.roleArns.join(', ')})`,
  operations: {
    execution: ['describeCluster', 'findOidcProvider', 'getRoleTrust', 'updateRoleTrust'],
    validation: [],
    rollback: ['describeCluster', 'getRoleTrust', 'updateRoleTrust'],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    const green = await requireActiveGreen(gateway, step.clusterName, `trust ${step.clusterName}'s issuer`);
    const blue = await requireCluster(gateway, step.sourceClusterName);
    const provider = green.oidcIssuer ? await gateway.findOidcProvider(green.oidcIssuer) : undefined;
    if (!green.oidcIssuer || !blue.oidcIssuer || !provider) {
      throw new ExecutionError(
        `Cannot add ${step.clusterName}'s issuer to the IRSA roles' trust: ${provider ? `${!blue.oidcIssuer ? step.sourceClusterName : step.clusterName} reports no OIDC issuer` : `no IAM OIDC provider exists for ${green.oidcIssuer ?? `${step.clusterName}'s issuer`} (the oidc_provider_provision step creates it)`}`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    const updated: string[] = [];
    const unchanged: string[] = [];
    for (const roleArn of step.roleArns) {
      const role = await gateway.getRoleTrust(roleArn);
      if (!role) {
        throw new ExecutionError(
          `IRSA role ${roleArn} does not exist: it cannot be given ${step.clusterName}'s issuer`,
          {
            phase: 'execution',
            status: 'NOT_FOUND',
          },
        );
      }
      const trust = withGreenIssuer(role.trustPolicy, blue.oidcIssuer, provider.arn, green.oidcIssuer);
      if (!trust) {
        unchanged.push(roleArn);
        continue;
      }
      await gateway.updateRoleTrust(role.roleName, trust);
      updated.push(roleArn);
    }
    const left =
      unchanged.length > 0
        ? `; left as they are (green trusted already, or no statement for ${step.sourceClusterName}'s issuer): ${unchanged.join(', ')}`
        : '';
    return updated.length === 0
      ? { ...base, status: 'skipped', message: `No IRSA role needed ${step.clusterName}'s issuer${left}` }
      : {
          ...base,
          status: 'succeeded',
          message: `${updated.join(', ')} now trust${updated.length === 1 ? 's' : ''} ${step.clusterName}'s issuer beside ${step.sourceClusterName}'s${left}`,
        };
  },

  validation: {
    progress: async () => nothingToPoll(),
    // A trust policy has no status or version to judge; the add-ons' health on green shows it works.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'irsa-trust',
    async undo(steps, context) {
      for (const step of steps) await untrustGreen(step, context);
    },
  },
};
