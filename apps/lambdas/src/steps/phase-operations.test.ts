import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { EXECUTION_OWN_OPERATIONS } from '../phases/execution.js';
import { ROLLBACK_OWN_OPERATIONS } from '../phases/rollback.js';
import { VALIDATION_OWN_OPERATIONS } from '../phases/validation.js';
import { PHASE_GATEWAY_OPERATIONS } from './phase-operations.js';
import { STEP_KINDS } from './registry.js';

const sorted = (operations: readonly string[]) => [...operations].sort();

describe('Constant: PHASE_GATEWAY_OPERATIONS', () => {
  it('grants each phase what its code and its step kinds call, each once', () => {
    // Assess
    expect(Object.keys(PHASE_GATEWAY_OPERATIONS).sort()).toEqual([...UPGRADE_PHASES].sort());
    for (const phase of UPGRADE_PHASES) {
      const operations = PHASE_GATEWAY_OPERATIONS[phase];
      expect(new Set(operations).size, phase).toBe(operations.length);
    }
    expect(sorted(PHASE_GATEWAY_OPERATIONS.perception)).toEqual([
      'describeAddonVersions',
      'describeCluster',
      'describeClusterVersions',
      'describeInsightsRefresh',
      'describeLaunchTemplateVersions',
      'listAddons',
      'listFargateProfiles',
      'listInsights',
      'listNodegroups',
      'startInsightsRefresh',
    ]);
    expect(PHASE_GATEWAY_OPERATIONS.reasoning).toEqual([]);
    // What the phase code calls itself; what each kind calls is asserted in the kind's own test.
    expect(EXECUTION_OWN_OPERATIONS).toEqual([]);
    expect(sorted(VALIDATION_OWN_OPERATIONS)).toEqual([
      'describeAddon',
      'describeAlarms',
      'describeCluster',
      'describeNodegroup',
      'getTrafficWeights',
      'listAddons',
      'listNodegroups',
    ]);
    expect(ROLLBACK_OWN_OPERATIONS).toEqual([]);
  });

  it("is each phase's own operations and what every kind declares for it, nothing else", () => {
    // Prepare
    const own = {
      execution: EXECUTION_OWN_OPERATIONS,
      validation: VALIDATION_OWN_OPERATIONS,
      rollback: ROLLBACK_OWN_OPERATIONS,
    };

    for (const phase of ['execution', 'validation', 'rollback'] as const) {
      // Act
      const declared = new Set([
        ...own[phase],
        ...Object.values(STEP_KINDS).flatMap((module) => module.operations[phase]),
      ]);

      // Assess
      expect(sorted(PHASE_GATEWAY_OPERATIONS[phase]), phase).toEqual(sorted([...declared]));
    }
  });

  it("follows the step kinds: every operation a kind declares for a phase is in that phase's grant", () => {
    // Assess
    for (const module of Object.values(STEP_KINDS))
      for (const phase of ['execution', 'validation', 'rollback'] as const)
        for (const operation of module.operations[phase])
          expect(PHASE_GATEWAY_OPERATIONS[phase], `${module.kind} ${phase}`).toContain(operation);
  });
});
