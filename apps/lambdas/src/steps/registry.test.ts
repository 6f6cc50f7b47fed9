import { createDefaultAgentConfig, type PlanStep, PlanStepKind } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { STEP_KINDS, type StepKindRegistry, stepKindOf } from './registry.js';
import type { StepKindModule } from './step-kind-module.js';

/** The clusters a step names, whichever fields its kind uses for them. */
function clustersNamedBy(step: PlanStep): string[] {
  const fields: Record<string, unknown> = { ...step };
  return ['clusterName', 'blueClusterName', 'greenClusterName', 'sourceClusterName']
    .map((field) => fields[field])
    .filter((name): name is string => typeof name === 'string');
}

// What each kind's parts give for its example is asserted in the kind's own test
// (`stepKindParts` in its folder); here, what every kind must do alike.
describe('Constant: STEP_KINDS', () => {
  it('holds one module per plan-step kind, each under its own kind, with an example of that kind', () => {
    // Assess
    expect(Object.keys(STEP_KINDS).sort()).toEqual(Object.values(PlanStepKind).sort());
    for (const [kind, module] of Object.entries(STEP_KINDS)) {
      expect(module.kind).toBe(kind);
      expect(module.example.kind).toBe(kind);
      expect(stepKindOf(module.example)).toBe(module);
    }
  });

  it('describes every kind of step in one line naming a cluster it acts on', () => {
    for (const module of Object.values(STEP_KINDS)) {
      // Act
      const line = stepKindOf(module.example).describe(module.example);

      // Assess
      expect(line, module.kind).toMatch(/^\S[^\n]*\S$/);
      expect(
        clustersNamedBy(module.example).some((cluster) => line.includes(cluster)),
        `${module.kind}: ${line}`,
      ).toBe(true);
    }
  });

  it('says for every kind how it is undone, or why it is not on its own (covered by a kind that undoes)', () => {
    for (const module of Object.values(STEP_KINDS)) {
      // Act
      const rollback = module.rollback;

      // Assess
      if (rollback.kind === 'undo') expect(rollback.target.length, module.kind).toBeGreaterThan(0);
      else expect(rollback.reason.length, module.kind).toBeGreaterThan(20);
      if (rollback.kind === 'covered')
        expect(STEP_KINDS[rollback.by].rollback.kind, module.kind).toBe('undo');
    }
  });

  it('gives every kind a typical duration (whole seconds, at most a day) for the plan estimate', () => {
    // Prepare
    const config = createDefaultAgentConfig();

    for (const module of Object.values(STEP_KINDS)) {
      // Act
      const seconds = stepKindOf(module.example).typicalDurationSeconds(module.example, config);

      // Assess
      expect(
        Number.isInteger(seconds) && seconds >= 0 && seconds <= 86_400,
        `${module.kind}: ${seconds}`,
      ).toBe(true);
    }
  });

  it('judges health, when a kind does, on a cluster its step names', () => {
    for (const module of Object.values(STEP_KINDS)) {
      // Act
      const expected = stepKindOf(module.example).validation.expectedHealth(module.example);

      // Assess
      if (expected) expect(clustersNamedBy(module.example), module.kind).toContain(expected.clusterName);
    }
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
