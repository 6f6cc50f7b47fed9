import { ExecutionError } from '@eks-upgrade/core-models';
import { nothingToPoll } from '../shared/checks.js';
import { greenTags, requireActiveGreen } from '../shared/green-resources.js';
import { describeError } from '../shared/rollback-report.js';
import type { RollbackContext, StepKindModule, StepOfKind } from '../step-kind-module.js';

/** The audience IRSA tokens carry: what the provider must accept for STS (EKS user guide). */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** The provider ARN an earlier pass's failed deletion names (`Could not delete the IAM OIDC provider <arn> …`). */
const FAILED_PROVIDER_ARN = /IAM OIDC provider (arn:aws[\w-]*:iam::\d{12}:oidc-provider\/\S+) of /;

/**
 * Deletes the provider of green's issuer while green still names it (this undo runs before the
 * green cluster's). Silent when there is nothing to delete — green never got that far, or an
 * earlier pass deleted the provider (the green cluster's own line says where green stands). A
 * provider an earlier pass failed to delete is tried again by its ARN once green is gone (its
 * issuer can no longer be read), and stays named as left until it is deleted.
 */
async function removeProvider(
  step: StepOfKind<'oidc_provider_provision'>,
  { gateway, report, clustersServingTraffic, earlier }: RollbackContext,
): Promise<void> {
  const target = 'green-oidc-provider';
  if (clustersServingTraffic.has(step.clusterName)) {
    // Green keeps the traffic (blue cannot take it back), so its IRSA must keep working.
    report.notUndone.push(`${target}: kept with ${step.clusterName}, which carries the traffic`);
    return;
  }
  let providerArn: string | undefined;
  try {
    const green = await gateway.describeCluster(step.clusterName);
    const provider = green?.oidcIssuer ? await gateway.findOidcProvider(green.oidcIssuer) : undefined;
    const failedBefore = earlier.findLast((action) => action.target === target)?.message;
    providerArn = provider?.arn ?? (green ? undefined : FAILED_PROVIDER_ARN.exec(failedBefore ?? '')?.[1]);
    if (!providerArn) return;
    await gateway.deleteOidcProvider(providerArn);
    report.act({ target, status: 'undone', message: `Deleted the IAM OIDC provider ${providerArn}` });
  } catch (error) {
    const which = providerArn ? `IAM OIDC provider ${providerArn} of` : 'IAM OIDC provider of';
    report.act({
      target,
      status: 'failed',
      message: `Could not delete the ${which} ${step.clusterName}: ${describeError(error)}`,
    });
    const left = providerArn ?? `of ${step.clusterName}'s issuer`;
    report.notUndone.push(`${target}: the IAM OIDC provider ${left} may be left`);
  }
}

/**
 * `oidc_provider_provision` (blue/green): create the IAM OIDC provider for the green cluster's
 * issuer (each cluster has its own), accepting the `sts.amazonaws.com` audience, so IAM roles
 * for service accounts can be assumed on green ("Create an IAM OIDC provider for your cluster",
 * https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html).
 * No thumbprint is sent: IAM retrieves it (CreateOpenIDConnectProvider,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html). A
 * provider already there (a retry, or made by hand) is kept. Undone by deleting it, before the
 * green cluster that names its issuer is deleted.
 */
export const oidcProviderProvision: StepKindModule<'oidc_provider_provision'> = {
  kind: 'oidc_provider_provision',
  example: {
    id: 'green-oidc-prod-1-31',
    kind: 'oidc_provider_provision',
    description: 'Create the IAM OIDC provider of green',
    clusterName: 'prod-1-31',
    sourceClusterName: 'prod',
  },
  // Two IAM calls, effective at once.
  typicalDurationSeconds: () => 0,
  describe: (step) => `Create the IAM OIDC provider for the issuer of ${step.clusterName} (IRSA on green)`,
  operations: {
    execution: ['describeCluster', 'findOidcProvider', 'createOidcProvider'],
    validation: [],
    rollback: ['describeCluster', 'findOidcProvider', 'deleteOidcProvider'],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    const green = await requireActiveGreen(
      gateway,
      step.clusterName,
      `create the IAM OIDC provider of ${step.clusterName}`,
    );
    if (!green.oidcIssuer) {
      throw new ExecutionError(
        `Cluster ${step.clusterName} reports no OpenID Connect issuer (identity.oidc.issuer), so no IAM OIDC provider can be created for it`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    const existing = await gateway.findOidcProvider(green.oidcIssuer);
    if (existing) {
      return { ...base, status: 'skipped', message: `The IAM OIDC provider ${existing.arn} already exists` };
    }
    const arn = await gateway.createOidcProvider({
      issuerUrl: green.oidcIssuer,
      clientIds: [IRSA_AUDIENCE],
      tags: greenTags(step.sourceClusterName),
    });
    return {
      ...base,
      status: 'succeeded',
      message: `Created the IAM OIDC provider ${arn} for ${green.oidcIssuer}`,
    };
  },

  validation: {
    progress: async () => nothingToPoll(),
    // An IAM provider has no status or version to judge.
    expectedHealth: () => undefined,
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'green-oidc-provider',
    async undo(steps, context) {
      for (const step of steps) await removeProvider(step, context);
    },
  },
};
