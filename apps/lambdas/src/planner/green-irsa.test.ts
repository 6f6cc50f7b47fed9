import { describe, expect, it } from 'vitest';
import { config, snapshot } from '../phases/__fixtures__/snapshots.js';
import { planGreenIrsa } from './green-irsa.js';
import { PlanBuilder } from './plan-builder.js';

const VPC_CNI_ROLE = 'arn:aws:iam::123456789012:role/prod-vpc-cni';
const withIrsa = () =>
  snapshot({
    addons: snapshot().addons.map((addon) =>
      addon.name === 'vpc-cni' ? { ...addon, serviceAccountRoleArn: VPC_CNI_ROLE } : addon,
    ),
  });
const clusters = { blue: 'prod', green: 'prod-1-31' };

describe('Function: planGreenIrsa', () => {
  it("lists the add-ons' IRSA roles and makes the add-on copies wait at an irsa_trust gate by default", () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    planGreenIrsa(withIrsa(), clusters, config(), builder);

    // Assess
    expect(builder.warnings).toEqual([
      {
        code: 'IRSA_ROLES_TRUST_BLUE_ONLY',
        message: `The IRSA roles of prod's add-ons trust prod's OIDC issuer only: vpc-cni (${VPC_CNI_ROLE}). On prod-1-31 they get no credentials until each role's trust policy also names prod-1-31's issuer, so the add-on copies wait at gate gate-irsa-prod-1-31: add a statement for prod-1-31's IAM OIDC provider (created by the plan) beside prod's, then approve; or let eks-upgrade do it for these roles only (\`eks-upgrade config set upgrade.trustGreenIssuer true\`)`,
      },
    ]);
    expect(builder.steps).toEqual([
      {
        id: 'gate-irsa-prod-1-31',
        kind: 'approval_gate',
        description: "Wait until the IRSA roles of prod's add-ons trust prod-1-31's issuer",
        clusterName: 'prod-1-31',
        gate: {
          purpose: 'irsa_trust',
          summary: `Add prod-1-31's OIDC issuer to the trust policy of ${VPC_CNI_ROLE} (keep prod's), then approve: the add-ons are copied to prod-1-31 next and use these roles.`,
          timeoutSeconds: 3600,
          acceptsTrafficTarget: false,
        },
      },
    ]);
  });

  it('adds an irsa_trust_update step for those roles only when upgrade.trustGreenIssuer is on', () => {
    // Prepare
    const builder = new PlanBuilder();
    const trusting = { ...config(), upgrade: { ...config().upgrade, trustGreenIssuer: true } };

    // Act
    planGreenIrsa(withIrsa(), clusters, trusting, builder);

    // Assess
    expect(builder.warnings.map((warning) => warning.code)).toEqual(['IRSA_ROLES_TRUST_BLUE_ONLY']);
    expect(builder.steps).toEqual([
      {
        id: 'green-irsa-trust-prod-1-31',
        kind: 'irsa_trust_update',
        description: "Add prod-1-31's OIDC issuer to the trust of 1 IRSA role of prod's add-ons",
        clusterName: 'prod-1-31',
        sourceClusterName: 'prod',
        roleArns: [VPC_CNI_ROLE],
      },
    ]);
  });

  it('adds nothing when no add-on has a service-account role', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    planGreenIrsa(snapshot(), clusters, config(), builder);

    // Assess
    expect([builder.steps, builder.warnings]).toEqual([[], []]);
  });
});
