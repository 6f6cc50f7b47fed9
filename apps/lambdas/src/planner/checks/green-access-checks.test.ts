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
          "prod authenticates with the aws-auth ConfigMap only; prod-1-31 is created in API_AND_CONFIG_MAP mode, reachable by its nodes only, without every IAM role and user mapped in prod's aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers): grant them access on prod-1-31 (CreateAccessEntry and AssociateAccessPolicy) before traffic moves; the EKS API cannot read that ConfigMap",
      },
    ]);
    expect(builder.blockers).toEqual([]);
  });

  it('names the ConfigMap mappings for API_AND_CONFIG_MAP (the access entries are copied)', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenAccess(snapshot({ authenticationMode: 'API_AND_CONFIG_MAP' }), 'prod-1-31', builder);

    // Assess
    expect(builder.warnings.map((warning) => warning.message)).toEqual([
      "prod's access entries are copied to prod-1-31, its aws-auth ConfigMap is not: for every IAM role and user mapped in prod's aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers), grant them access on prod-1-31 (CreateAccessEntry and AssociateAccessPolicy) before traffic moves; the EKS API cannot read that ConfigMap",
    ]);
  });

  it('says nothing for API: every access entry is copied', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkGreenAccess(snapshot({ authenticationMode: 'API' }), 'prod-1-31', builder);

    // Assess
    expect(builder.warnings).toEqual([]);
  });
});
