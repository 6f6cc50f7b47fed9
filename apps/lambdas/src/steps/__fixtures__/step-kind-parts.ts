import { type AgentConfig, createDefaultAgentConfig, type PlanStepKind } from '@eks-upgrade/core-models';
import type { StepKindModule, StepOperations } from '../step-kind-module.js';

/** What a kind's module says about its own example step, in one comparable object. */
export interface StepKindParts {
  describe: string;
  /** `undo:<target>`, `covered:<kind>`, `impossible` or `nothing`. */
  rollback: string;
  /** The cluster health is judged on after the step, and the green weight it expects (traffic). */
  health?: { clusterName: string; greenWeight?: number };
  /** What the final check expects of what the step leaves behind. */
  final: { nodegroupVersions: [string, string][]; addonVersions: [string, string][] };
  typicalDurationSeconds: number;
  operations: StepOperations;
}

/**
 * Every part of a kind's module applied to its `example` step, so the kind's own test asserts
 * them all in one `toEqual` (a new kind's test adds this, not a row in shared tables).
 *
 * @example
 * ```ts
 * expect(stepKindParts(fargateProfileProvision)).toEqual({ describe: 'Create Fargate profile web …', … });
 * ```
 */
export function stepKindParts<K extends PlanStepKind>(
  module: StepKindModule<K>,
  config: AgentConfig = createDefaultAgentConfig(),
): StepKindParts {
  const step = module.example;
  const expected = module.validation.expectedHealth(step);
  const final = module.validation.finalExpectations(step);
  const rollback = module.rollback;
  return {
    describe: module.describe(step),
    rollback:
      rollback.kind === 'undo'
        ? `undo:${rollback.target}`
        : rollback.kind === 'covered'
          ? `covered:${rollback.by}`
          : rollback.kind,
    ...(expected && {
      health: {
        clusterName: expected.clusterName,
        ...(expected.greenWeight !== undefined && { greenWeight: expected.greenWeight }),
      },
    }),
    final: {
      nodegroupVersions: [...(final.nodegroupVersions ?? [])],
      addonVersions: [...(final.addonVersions ?? [])],
    },
    typicalDurationSeconds: module.typicalDurationSeconds(step, config),
    operations: module.operations,
  };
}
