import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../phases/__fixtures__/snapshots.js';
import { codes, rules } from './__fixtures__/rules-plan.js';

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
    expect(codes(plan.warnings)).toEqual(['ADDON_NO_DEFAULT_VERSION']);
  });
});
