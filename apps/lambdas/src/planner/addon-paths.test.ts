import type { AddonSnapshot } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { codes, rules } from './__fixtures__/rules-plan.js';
import { addonUpgradePath } from './addon-paths.js';
import { PlanBuilder } from './plan-builder.js';

describe('Add-on version paths (through buildRulesPlan)', () => {
  it('blocks when an add-on has no version compatible with a hop', () => {
    // Prepare
    const snap = snapshot({
      addons: [
        {
          name: 'aws-ebs-csi-driver',
          version: 'v1.30.0-eksbuild.1',
          status: 'ACTIVE',
          compatibility: [
            {
              kubernetesVersion: '1.30',
              defaultVersion: 'v1.31.0-eksbuild.1',
              versions: ['v1.31.0-eksbuild.1'],
            },
            { kubernetesVersion: '1.31', versions: [] },
          ],
        },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      expect.objectContaining({ code: 'ADDON_INCOMPATIBLE', resource: 'addon:aws-ebs-csi-driver' }),
    ]);
    expect(plan.blockers[0]?.message).toMatch(/Kubernetes 1\.31/);
  });

  it('installs the newest compatible add-on version on green when EKS marks no default, with a warning', () => {
    // Prepare
    const base = snapshot();
    const snap = snapshot({
      addons: base.addons.map((addon) =>
        addon.name === 'kube-proxy'
          ? {
              ...addon,
              compatibility: [
                { kubernetesVersion: '1.31', versions: ['v1.31.0-eksbuild.2', 'v1.31.2-eksbuild.3'] },
              ],
            }
          : addon,
      ),
    });

    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(plan.steps.find((step) => step.id === 'green-addon-kube-proxy')).toMatchObject({
      toVersion: 'v1.31.2-eksbuild.3',
    });
    expect(codes(plan.warnings)).toEqual(['GREEN_CLUSTER_ACCESS', 'ADDON_NO_DEFAULT_VERSION']);
  });
});

describe('Function: addonUpgradePath', () => {
  const vpcCni = (versions: string[], defaultVersion?: string): AddonSnapshot => ({
    name: 'vpc-cni',
    version: 'v1.16.4-eksbuild.2',
    status: 'ACTIVE',
    healthIssues: [],
    compatibility: [{ kubernetesVersion: '1.31', versions, ...(defaultVersion ? { defaultVersion } : {}) }],
  });

  it('needs no step when the add-on already runs a compatible version at or past the default', () => {
    // Prepare
    const builder = new PlanBuilder();
    const addon = vpcCni(['v1.19.2-eksbuild.1', 'v1.19.0-eksbuild.1'], 'v1.19.0-eksbuild.1');

    // Act
    const path = addonUpgradePath(addon, 'v1.19.2-eksbuild.1', '1.31', builder);

    // Assess
    expect(path).toEqual([]);
    expect([builder.blockers, builder.warnings]).toEqual([[], []]);
  });

  it('blocks an add-on past every compatible version', () => {
    // Prepare
    const builder = new PlanBuilder();
    const addon = vpcCni(['v1.18.5-eksbuild.1'], 'v1.18.5-eksbuild.1');

    // Act
    const path = addonUpgradePath(addon, 'v1.19.2-eksbuild.1', '1.31', builder);

    // Assess
    expect(path).toBeUndefined();
    expect(builder.blockers).toEqual([
      {
        code: 'ADDON_INCOMPATIBLE',
        message:
          'Add-on vpc-cni v1.19.2-eksbuild.1 is not compatible with Kubernetes 1.31 and no newer compatible version exists',
        resource: 'addon:vpc-cni',
      },
    ]);
  });

  it('blocks VPC CNI when a minor in between has no compatible version', () => {
    // Prepare
    const builder = new PlanBuilder();
    const addon = vpcCni(['v1.19.2-eksbuild.1', 'v1.17.1-eksbuild.1'], 'v1.19.2-eksbuild.1');

    // Act
    const path = addonUpgradePath(addon, 'v1.16.4-eksbuild.2', '1.31', builder);

    // Assess
    expect(path).toBeUndefined();
    expect(builder.blockers).toEqual([
      {
        code: 'ADDON_INCOMPATIBLE',
        message:
          'VPC CNI moves one minor version at a time, but no 1.18.x version is compatible with Kubernetes 1.31',
        resource: 'addon:vpc-cni',
      },
    ]);
  });

  it('moves any other add-on straight to the default, however many minors away', () => {
    // Prepare
    const builder = new PlanBuilder();
    const addon = {
      ...vpcCni(['v1.19.2-eksbuild.1', 'v1.17.1-eksbuild.1'], 'v1.19.2-eksbuild.1'),
      name: 'cni-other',
    };

    // Act
    const path = addonUpgradePath(addon, 'v1.16.4-eksbuild.2', '1.31', builder);

    // Assess
    expect(path).toEqual(['v1.19.2-eksbuild.1']);
    expect(builder.blockers).toEqual([]);
  });
});
