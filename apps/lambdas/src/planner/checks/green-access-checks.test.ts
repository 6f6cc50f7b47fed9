import { describe, expect, it } from 'vitest';
import { snapshot } from '../../phases/__fixtures__/snapshots.js';
import { PlanBuilder } from '../plan-builder.js';
import { checkGreenAccess } from './green-access-checks.js';

describe('Function: checkGreenAccess', () => {
  it('names the aws-auth mappings to recreate when blue authenticates with the ConfigMap only', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenAccess(snapshot({ authenticationMode: 'CONFIG_MAP' }), 'prod-1-31', builder);

    // Assess
    expect(builder.warnings).toEqual([
      {
        code: 'GREEN_CLUSTER_ACCESS',
        message:
          "prod authenticates with the aws-auth ConfigMap only; prod-1-31 is created in API_AND_CONFIG_MAP mode with no access for anyone but its nodes: grant access on prod-1-31 (CreateAccessEntry and AssociateAccessPolicy) to the IAM principals that use prod, i.e. every IAM role and user mapped in prod's aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers), before traffic moves (the EKS API cannot read that ConfigMap)",
      },
    ]);
    expect(builder.blockers).toEqual([]);
  });

  it('names access entries and ConfigMap mappings for API_AND_CONFIG_MAP', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenAccess(snapshot({ authenticationMode: 'API_AND_CONFIG_MAP' }), 'prod-1-31', builder);

    // Assess
    expect(builder.warnings.map((warning) => warning.message)).toEqual([
      "prod-1-31 is created in API_AND_CONFIG_MAP mode with no access for anyone but its nodes: grant access on prod-1-31 (CreateAccessEntry and AssociateAccessPolicy) to the IAM principals that use prod, both prod's access entries and every IAM role and user mapped in prod's aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers), before traffic moves",
    ]);
  });

  it('names the access entries only for API', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenAccess(snapshot({ authenticationMode: 'API' }), 'prod-1-31', builder);

    // Assess
    expect(builder.warnings.map((warning) => warning.message)).toEqual([
      "prod-1-31 is created in API mode with no access for anyone but its nodes: grant access on prod-1-31 (CreateAccessEntry and AssociateAccessPolicy) to the IAM principals that use prod (prod's access entries) before traffic moves",
    ]);
  });
});
