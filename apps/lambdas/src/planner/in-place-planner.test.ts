import { describe, expect, it } from 'vitest';
import { request, snapshot } from '../phases/__fixtures__/snapshots.js';
import { NOW, rules } from './__fixtures__/rules-plan.js';

describe('Function: buildRulesPlan (in place)', () => {
  it('plans 1.29 → 1.31 in place: each hop, then its add-ons but kube-proxy, the node groups, then kube-proxy', () => {
    // Act
    const plan = rules();

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.hops).toEqual(['1.30', '1.31']);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'addon-coredns-1.30',
      'ng-general-1.30',
      'ng-batch-1.30',
      'addon-kube-proxy-1.30',
      'cp-1.31',
      'addon-vpc-cni-1.31',
      'addon-coredns-1.31',
      'ng-general-1.31',
      'ng-batch-1.31',
      'addon-kube-proxy-1.31',
    ]);
    expect(plan.steps[1]).toMatchObject({
      kind: 'addon_upgrade',
      fromVersion: 'v1.18.3-eksbuild.1',
      toVersion: 'v1.18.5-eksbuild.1',
      kubernetesVersion: '1.30',
    });
    expect(plan.steps[7]).toMatchObject({
      fromVersion: 'v1.18.5-eksbuild.1',
      toVersion: 'v1.19.2-eksbuild.1',
    });
    // kube-proxy follows the kubelets: never newer than the node groups it runs on.
    expect(plan.steps[5]).toMatchObject({
      kind: 'addon_upgrade',
      addonName: 'kube-proxy',
      fromVersion: 'v1.29.3-eksbuild.2',
      toVersion: 'v1.30.0-eksbuild.3',
      kubernetesVersion: '1.30',
    });
    expect(plan.steps[11]).toMatchObject({
      addonName: 'kube-proxy',
      fromVersion: 'v1.30.0-eksbuild.3',
      toVersion: 'v1.31.0-eksbuild.2',
      kubernetesVersion: '1.31',
    });
    expect(plan).toMatchObject({
      source: 'rules',
      sourceVersion: '1.29',
      targetVersion: '1.31',
      createdAt: NOW.toISOString(),
    });
  });

  it('moves node groups two minors behind to the control plane version before the first hop', () => {
    // Prepare
    const snap = snapshot({
      nodegroups: [
        { name: 'general', version: '1.27', status: 'ACTIVE' },
        { name: 'batch', version: '1.29', status: 'ACTIVE' },
      ],
    });

    // Act
    const plan = rules(request({ targetVersion: '1.30' }), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'ng-general-1.29',
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'addon-coredns-1.30',
      'ng-general-1.30',
      'ng-batch-1.30',
      'addon-kube-proxy-1.30',
    ]);
    expect(plan.steps[0]).toMatchObject({ fromVersion: '1.27', toVersion: '1.29' });
  });

  it('updates every add-on but kube-proxy before the node groups of the hop, and kube-proxy after them', () => {
    // Prepare
    const base = snapshot();
    const snap = snapshot({
      version: '1.30',
      nodegroups: [{ name: 'general', version: '1.30', status: 'ACTIVE', amiType: 'AL2023_x86_64_STANDARD' }],
      addons: [
        ...base.addons.map((addon) =>
          addon.name === 'kube-proxy' ? { ...addon, version: 'v1.30.0-eksbuild.3' } : addon,
        ),
        {
          name: 'aws-ebs-csi-driver',
          version: 'v1.35.0-eksbuild.1',
          status: 'ACTIVE',
          compatibility: [
            {
              kubernetesVersion: '1.31',
              defaultVersion: 'v1.37.0-eksbuild.1',
              versions: ['v1.37.0-eksbuild.1'],
            },
          ],
        },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'cp-1.31',
      'addon-vpc-cni-1.31',
      'addon-coredns-1.31',
      'addon-aws-ebs-csi-driver-1.31',
      'ng-general-1.31',
      'addon-kube-proxy-1.31',
    ]);
  });

  it('moves VPC CNI one minor at a time through the newest patch of each minor', () => {
    // Prepare
    const snap = snapshot({
      version: '1.30',
      nodegroups: [],
      addons: [
        {
          name: 'vpc-cni',
          version: 'v1.16.4-eksbuild.2',
          status: 'ACTIVE',
          compatibility: [
            {
              kubernetesVersion: '1.31',
              defaultVersion: 'v1.19.2-eksbuild.1',
              versions: [
                'v1.19.2-eksbuild.1',
                'v1.18.5-eksbuild.1',
                'v1.18.3-eksbuild.1',
                'v1.17.1-eksbuild.1',
              ],
            },
          ],
        },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(
      plan.steps.filter((step) => step.kind === 'addon_upgrade').map((step) => [step.id, step.toVersion]),
    ).toEqual([
      ['addon-vpc-cni-1.31-1', 'v1.17.1-eksbuild.1'],
      ['addon-vpc-cni-1.31-2', 'v1.18.5-eksbuild.1'],
      ['addon-vpc-cni-1.31-3', 'v1.19.2-eksbuild.1'],
    ]);
  });
});
