import { type PlanStep, PlanStepKind } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { STEP_KINDS, type StepKindRegistry, stepKindOf } from './registry.js';
import type { StepKindModule } from './step-kind-module.js';

const STEPS: { [K in PlanStepKind]: Extract<PlanStep, { kind: K }> } = {
  control_plane_upgrade: {
    id: 'cp-1.30',
    kind: 'control_plane_upgrade',
    description: 'Upgrade the control plane',
    clusterName: 'prod',
    fromVersion: '1.29',
    toVersion: '1.30',
  },
  addon_upgrade: {
    id: 'addon-coredns-1.30',
    kind: 'addon_upgrade',
    description: 'Update coredns',
    clusterName: 'prod',
    addonName: 'coredns',
    fromVersion: 'v1.11.1-eksbuild.8',
    toVersion: 'v1.11.1-eksbuild.9',
    kubernetesVersion: '1.30',
  },
  nodegroup_upgrade: {
    id: 'ng-general-1.30',
    kind: 'nodegroup_upgrade',
    description: 'Upgrade general',
    clusterName: 'prod',
    nodegroupName: 'general',
    fromVersion: '1.29',
    toVersion: '1.30',
  },
  cluster_provision: {
    id: 'provision-prod-1-31',
    kind: 'cluster_provision',
    description: 'Create green',
    sourceClusterName: 'prod',
    clusterName: 'prod-1-31',
    version: '1.31',
  },
  nodegroup_provision: {
    id: 'green-ng-general',
    kind: 'nodegroup_provision',
    description: 'Copy general',
    clusterName: 'prod-1-31',
    nodegroupName: 'general',
    sourceClusterName: 'prod',
    sourceNodegroupName: 'general',
    version: '1.31',
  },
  fargate_profile_provision: {
    id: 'green-fargate-web',
    kind: 'fargate_profile_provision',
    description: 'Copy Fargate profile web',
    clusterName: 'prod-1-31',
    fargateProfileName: 'web',
    sourceClusterName: 'prod',
  },
  access_entry_provision: {
    id: 'green-access-prod-1-31',
    kind: 'access_entry_provision',
    description: 'Copy access entries',
    clusterName: 'prod-1-31',
    sourceClusterName: 'prod',
  },
  addon_install: {
    id: 'green-addon-vpc-cni',
    kind: 'addon_install',
    description: 'Install vpc-cni',
    clusterName: 'prod-1-31',
    addonName: 'vpc-cni',
    toVersion: 'v1.19.2-eksbuild.1',
    kubernetesVersion: '1.31',
    sourceClusterName: 'prod',
  },
  traffic_shift: {
    id: 'traffic-25',
    kind: 'traffic_shift',
    description: 'Shift 25%',
    blueClusterName: 'prod',
    greenClusterName: 'prod-1-31',
    fromWeight: 10,
    toWeight: 25,
  },
  cluster_decommission: {
    id: 'decommission-prod',
    kind: 'cluster_decommission',
    description: 'Delete blue',
    clusterName: 'prod',
  },
};

describe('Constant: STEP_KINDS', () => {
  it('holds one module per plan-step kind, each under its own kind', () => {
    // Assess
    expect(Object.keys(STEP_KINDS).sort()).toEqual(Object.values(PlanStepKind).sort());
    for (const [kind, module] of Object.entries(STEP_KINDS)) expect(module.kind).toBe(kind);
  });

  it('describes every kind of step in one line naming what it acts on', () => {
    // Act
    const lines = Object.values(STEPS).map((step) => stepKindOf(step).describe(step));

    // Assess
    expect(lines).toEqual([
      'Upgrade the control plane of prod 1.29 → 1.30',
      'Update add-on coredns of prod v1.11.1-eksbuild.8 → v1.11.1-eksbuild.9',
      'Upgrade node group general of prod 1.29 → 1.30',
      'Create the green cluster prod-1-31 at 1.31, shaped like prod',
      'Create node group general on prod-1-31 at 1.31, shaped like prod/general',
      'Create Fargate profile web on prod-1-31, copied from prod',
      'Copy the access entries of prod to prod-1-31',
      'Install add-on vpc-cni v1.19.2-eksbuild.1 on prod-1-31',
      'Shift traffic to 25% on prod-1-31 (from 10%), the rest on prod',
      'Delete cluster prod (its node groups and Fargate profiles first)',
    ]);
  });

  it('says for every kind how it is undone, or why it is not on its own', () => {
    // Act
    const undo = Object.fromEntries(
      Object.values(STEP_KINDS).map((module) => [
        module.kind,
        module.rollback.kind === 'undo'
          ? `undo:${module.rollback.target}`
          : module.rollback.kind === 'covered'
            ? `covered:${module.rollback.by}`
            : 'impossible',
      ]),
    );

    // Assess
    expect(undo).toEqual({
      control_plane_upgrade: 'undo:control-plane',
      addon_upgrade: 'undo:addons',
      nodegroup_upgrade: 'undo:nodegroups',
      cluster_provision: 'undo:green-cluster',
      nodegroup_provision: 'covered:cluster_provision',
      fargate_profile_provision: 'covered:cluster_provision',
      access_entry_provision: 'covered:cluster_provision',
      addon_install: 'covered:cluster_provision',
      traffic_shift: 'undo:traffic',
      cluster_decommission: 'impossible',
    });
    for (const module of Object.values(STEP_KINDS))
      if (module.rollback.kind !== 'undo') expect(module.rollback.reason.length).toBeGreaterThan(20);
  });

  it('names the cluster each kind judges health on, and what the final check expects of it', () => {
    // Act
    const health = Object.values(STEPS).map((step) => {
      const validation = stepKindOf(step).validation;
      const expected = validation.expectedHealth(step);
      const final = validation.finalExpectations(step);
      return [
        step.kind,
        expected?.clusterName,
        expected?.greenWeight,
        [...(final.nodegroupVersions ?? [])],
        [...(final.addonVersions ?? [])],
      ];
    });

    // Assess
    expect(health).toEqual([
      ['control_plane_upgrade', 'prod', undefined, [], []],
      ['addon_upgrade', 'prod', undefined, [], [['coredns', 'v1.11.1-eksbuild.9']]],
      ['nodegroup_upgrade', 'prod', undefined, [], []],
      ['cluster_provision', 'prod-1-31', undefined, [], []],
      ['nodegroup_provision', 'prod-1-31', undefined, [['general', '1.31']], []],
      ['fargate_profile_provision', undefined, undefined, [], []],
      ['access_entry_provision', undefined, undefined, [], []],
      ['addon_install', 'prod-1-31', undefined, [], [['vpc-cni', 'v1.19.2-eksbuild.1']]],
      ['traffic_shift', 'prod-1-31', 25, [], []],
      ['cluster_decommission', undefined, undefined, [], []],
    ]);
  });
});

// Type-level tests: `tsc --noEmit` (the workspace's typecheck) fails if one of these compiles.
{
  const { cluster_decommission: _left, ...withoutDecommission } = STEP_KINDS;
  // @ts-expect-error a registry missing a kind does not compile
  const missingKind: StepKindRegistry = withoutDecommission;

  // @ts-expect-error a kind's entry must be that kind's module
  const wrongModule: StepKindRegistry = { ...STEP_KINDS, traffic_shift: STEP_KINDS.cluster_decommission };

  const { rollback: _undo, ...withoutRollback } = STEP_KINDS.traffic_shift;
  // @ts-expect-error a module missing its rollback does not compile
  const missingPart: StepKindModule<'traffic_shift'> = withoutRollback;

  const { finalExpectations: _final, ...validationWithoutFinal } = STEP_KINDS.addon_install.validation;
  const missingValidationPart: StepKindModule<'addon_install'> = {
    ...STEP_KINDS.addon_install,
    // @ts-expect-error a module whose validation says nothing of the final state does not compile
    validation: validationWithoutFinal,
  };

  void [missingKind, wrongModule, missingPart, missingValidationPart];
}
