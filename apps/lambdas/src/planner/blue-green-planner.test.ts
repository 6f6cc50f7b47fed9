import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { codes, rules } from './__fixtures__/rules-plan.js';

describe('Function: buildRulesPlan (blue/green)', () => {
  it('plans blue/green: provision green, copy its node groups and add-ons, five traffic steps, decommission blue', () => {
    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }));

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.hops).toEqual(['1.30', '1.31']);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'provision-prod-1-31',
      'green-oidc-prod-1-31',
      'green-ng-general',
      'green-ng-batch',
      'green-access-prod-1-31',
      'green-pod-identity-prod-1-31',
      'green-addon-vpc-cni',
      'green-addon-kube-proxy',
      'green-addon-coredns',
      // By default: workloads deployed to green before traffic moves, blue removed after approval.
      'gate-workload-prod-1-31',
      'traffic-10',
      'traffic-25',
      'traffic-50',
      'traffic-75',
      'traffic-100',
      // Blue kept an hour (at least the records' TTL), then removed after approval.
      'retain-prod',
      'gate-decommission-prod',
      'decommission-prod',
    ]);
    expect(plan.steps.find((step) => step.kind === 'blue_retention')).toEqual({
      id: 'retain-prod',
      kind: 'blue_retention',
      description:
        "Keep prod for 3600 s with all traffic on prod-1-31 (at least the records' 60 s TTL), before its decommission",
      clusterName: 'prod',
      greenClusterName: 'prod-1-31',
      retentionSeconds: 3600,
    });
    // Green's own IAM OIDC provider right after green, its Pod Identity associations with the access entries.
    expect(
      plan.steps.filter((step) => ['oidc_provider_provision', 'pod_identity_provision'].includes(step.kind)),
    ).toEqual([
      {
        id: 'green-oidc-prod-1-31',
        kind: 'oidc_provider_provision',
        description: 'Create the IAM OIDC provider for the issuer of prod-1-31 (IRSA on green)',
        clusterName: 'prod-1-31',
        sourceClusterName: 'prod',
      },
      {
        id: 'green-pod-identity-prod-1-31',
        kind: 'pod_identity_provision',
        description: 'Copy the Pod Identity associations of prod to prod-1-31',
        clusterName: 'prod-1-31',
        sourceClusterName: 'prod',
      },
    ]);
    expect(plan.steps[0]).toMatchObject({
      kind: 'cluster_provision',
      clusterName: 'prod-1-31',
      version: '1.31',
    });
    expect(plan.steps[2]).toEqual({
      id: 'green-ng-general',
      kind: 'nodegroup_provision',
      description: "Create node group general on prod-1-31 at 1.31, shaped like prod's",
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      sourceClusterName: 'prod',
      sourceNodegroupName: 'general',
      version: '1.31',
    });
    // Each add-on straight at EKS's default for the target: a fresh install has no VPC CNI minor rule.
    expect(
      plan.steps
        .filter((step) => step.kind === 'addon_install')
        .map((step) => [step.addonName, step.toVersion, step.clusterName, step.kubernetesVersion]),
    ).toEqual([
      ['vpc-cni', 'v1.19.2-eksbuild.1', 'prod-1-31', '1.31'],
      ['kube-proxy', 'v1.31.0-eksbuild.2', 'prod-1-31', '1.31'],
      ['coredns', 'v1.11.3-eksbuild.1', 'prod-1-31', '1.31'],
    ]);
    expect(plan.steps[12]).toMatchObject({ kind: 'traffic_shift', fromWeight: 25, toWeight: 50 });
    // Green starts with access for its nodes only: the plan names what the operator grants.
    expect(plan.warnings.map((warning) => warning.code)).toEqual(['GREEN_CLUSTER_ACCESS']);
  });

  it('blocks blue/green when an add-on has no version for the target or a node group uses a custom AMI', () => {
    // Prepare
    const base = snapshot();
    const snap = snapshot({
      nodegroups: [
        ...base.nodegroups,
        { name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true },
      ],
      addons: base.addons.map((addon) =>
        addon.name === 'coredns'
          ? {
              ...addon,
              compatibility: addon.compatibility.filter((entry) => entry.kubernetesVersion !== '1.31'),
            }
          : addon,
      ),
    });

    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers.map((issue) => [issue.code, issue.resource])).toEqual([
      ['CUSTOM_AMI_NODEGROUP', 'nodegroup:gpu'],
      ['ADDON_INCOMPATIBLE', 'addon:coredns'],
    ]);
    expect(plan.blockers[0]!.message).toMatch(/custom AMI built for 1\.29.*an AMI for 1\.31/);
    expect(plan.steps.some((step) => step.kind === 'addon_install' && step.addonName === 'coredns')).toBe(
      false,
    );
  });

  it("copies each of blue's Fargate profiles to green after the node groups, before the add-ons", () => {
    // Act
    const plan = rules(
      request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
      snapshot({ fargateProfiles: ['web', 'jobs'] }),
    );

    // Assess
    expect(plan.steps.map((step) => step.id).slice(0, 9)).toEqual([
      'provision-prod-1-31',
      'green-oidc-prod-1-31',
      'green-ng-general',
      'green-ng-batch',
      'green-fargate-web',
      'green-fargate-jobs',
      'green-access-prod-1-31',
      'green-pod-identity-prod-1-31',
      'green-addon-vpc-cni',
    ]);
    expect(plan.steps[4]).toEqual({
      id: 'green-fargate-web',
      kind: 'fargate_profile_provision',
      description: 'Create Fargate profile web on prod-1-31, copied from prod',
      clusterName: 'prod-1-31',
      fargateProfileName: 'web',
      sourceClusterName: 'prod',
    });
  });

  it('uses the traffic intervals of the request over the configured ones', () => {
    // Act
    const plan = rules(
      request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, trafficShiftIntervals: [50, 100] }),
    );

    // Assess
    expect(plan.steps.filter((step) => step.kind === 'traffic_shift').map((step) => step.toWeight)).toEqual([
      50, 100,
    ]);
  });

  it('blocks blue/green without traffic routing', () => {
    // Act
    const plan = rules(request({ strategy: 'blue_green' }));

    // Assess
    expect(codes(plan.blockers)).toEqual(['TRAFFIC_ROUTING_MISSING']);
  });
});
