import type { ClusterSnapshotInput, UpgradePlanInput } from '../index.js';

export const NOW = '2026-11-25T10:00:00.000Z';

export function snapshotFixture(overrides: Partial<ClusterSnapshotInput> = {}): ClusterSnapshotInput {
  return {
    clusterName: 'payments-prod',
    region: 'us-east-1',
    version: '1.29',
    status: 'ACTIVE',
    nodegroups: [{ name: 'general', version: '1.29', status: 'ACTIVE' }],
    addons: [
      {
        name: 'vpc-cni',
        version: 'v1.18.1-eksbuild.1',
        status: 'ACTIVE',
        compatibility: [
          {
            kubernetesVersion: '1.30',
            defaultVersion: 'v1.18.3-eksbuild.1',
            versions: ['v1.18.3-eksbuild.1'],
          },
        ],
      },
    ],
    insights: [{ id: 'i-1', name: 'Deprecated APIs', status: 'PASSING' }],
    supportedVersions: [{ version: '1.30', status: 'STANDARD_SUPPORT' }],
    capturedAt: NOW,
    ...overrides,
  };
}

export function planFixture(overrides: Partial<UpgradePlanInput> = {}): UpgradePlanInput {
  return {
    planId: 'plan-1',
    clusterName: 'payments-prod',
    sourceVersion: '1.29',
    targetVersion: '1.30',
    strategy: 'in_place',
    hops: ['1.30'],
    steps: [
      {
        id: 'cp-1.30',
        kind: 'control_plane_upgrade',
        description: 'Control plane 1.29 → 1.30',
        clusterName: 'payments-prod',
        fromVersion: '1.29',
        toVersion: '1.30',
      },
      {
        id: 'addon-vpc-cni-1.30',
        kind: 'addon_upgrade',
        description: 'vpc-cni to v1.18.3',
        clusterName: 'payments-prod',
        addonName: 'vpc-cni',
        fromVersion: 'v1.18.1-eksbuild.1',
        toVersion: 'v1.18.3-eksbuild.1',
        kubernetesVersion: '1.30',
      },
      {
        id: 'ng-general-1.30',
        kind: 'nodegroup_upgrade',
        description: 'Node group general 1.29 → 1.30',
        clusterName: 'payments-prod',
        nodegroupName: 'general',
        fromVersion: '1.29',
        toVersion: '1.30',
      },
    ],
    blockers: [],
    warnings: [],
    blocked: false,
    source: 'rules',
    createdAt: NOW,
    ...overrides,
  };
}
