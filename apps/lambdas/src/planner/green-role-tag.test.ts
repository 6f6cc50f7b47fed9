import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated/simulated-cluster-gateway.js';
import { request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { perceiveCluster } from '../phases/perception.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { codes, rules } from './__fixtures__/rules-plan.js';

const BLUE_GREEN = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

describe('Function: checkGreenRoleTagOnBlue (through buildRulesPlan, blue/green)', () => {
  it('blocks a blue/green from a blue that still carries the green role tag of an unfinished earlier run', () => {
    // Prepare
    const blue = snapshot({
      arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
      upgradeTags: { 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'prod-old' },
    });

    // Act
    const plan = rules(BLUE_GREEN, blue);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      {
        code: 'GREEN_ROLE_TAG_ON_BLUE',
        resource: 'prod',
        message:
          'prod still carries the tag eks-upgrade:role=green: an earlier blue/green created it as green for prod-old and did not finish (its decommission promotes green by removing that tag). ' +
          "eks-upgrade's green-only deletion grants match the tag, so they would reach prod, which now serves. " +
          'Check that the earlier upgrade left nothing behind, then remove the tags from prod and what that upgrade created on it (node groups, add-ons, Fargate profiles, access entries, Pod Identity associations, the IAM OIDC provider of its issuer): ' +
          'aws eks untag-resource --resource-arn arn:aws:eks:us-east-1:123456789012:cluster/prod --tag-keys eks-upgrade:role eks-upgrade:blue-cluster (and aws iam untag-open-id-connect-provider for the provider)',
      },
    ]);
  });

  it('lets a promoted green (no green role tag, other eks-upgrade tags) be the next blue', () => {
    // Act
    const plan = rules(BLUE_GREEN, snapshot({ upgradeTags: { 'eks-upgrade:managed': 'true' } }));

    // Assess
    expect(codes(plan.blockers)).toEqual([]);
  });
});

describe('Function: warnGreenRoleTagInPlace (through buildRulesPlan, in place)', () => {
  it('warns, without blocking, when an in-place upgrade meets a cluster that still carries the green role tag', () => {
    // Prepare
    const cluster = snapshot({
      arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
      upgradeTags: { 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'prod-old' },
    });

    // Act
    const plan = rules(request(), cluster);

    // Assess
    expect(codes(plan.blockers)).toEqual([]);
    expect(plan.warnings.filter((warning) => warning.code === 'GREEN_ROLE_TAG_ON_BLUE')).toEqual([
      {
        code: 'GREEN_ROLE_TAG_ON_BLUE',
        resource: 'prod',
        message:
          'prod still carries the tag eks-upgrade:role=green: an earlier blue/green created it as green for prod-old and did not finish (its decommission promotes green by removing that tag). ' +
          "eks-upgrade's green-only deletion grants match the tag, so they would reach prod, which now serves. " +
          'Check that the earlier upgrade left nothing behind, then remove the tags from prod and what that upgrade created on it (node groups, add-ons, Fargate profiles, access entries, Pod Identity associations, the IAM OIDC provider of its issuer): ' +
          'aws eks untag-resource --resource-arn arn:aws:eks:us-east-1:123456789012:cluster/prod --tag-keys eks-upgrade:role eks-upgrade:blue-cluster (and aws iam untag-open-id-connect-provider for the provider)',
      },
    ]);
  });

  it('says nothing of a cluster without the green role tag', () => {
    // Act
    const plan = rules(request(), snapshot());

    // Assess
    expect(codes(plan.warnings)).not.toContain('GREEN_ROLE_TAG_ON_BLUE');
  });
});

describe('Function: perceiveCluster (upgradeTags)', () => {
  it("carries the cluster's eks-upgrade tags, and only those, into the snapshot", async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway({
      ...DEMO_SCENARIO,
      cluster: {
        ...DEMO_SCENARIO.cluster,
        configuration: {
          ...DEMO_SCENARIO.cluster.configuration,
          tags: { team: 'platform', 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'old' },
        },
      },
    });

    // Act
    const perceived = await perceiveCluster(
      { request: request({ clusterName: 'demo' }) },
      { gateway, clock: { now: () => new Date('2026-11-25T10:00:00Z') } },
    );

    // Assess
    expect(perceived.upgradeTags).toEqual({ 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'old' });
  });
});
