import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
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
      'listAddons',
      'listFargateProfiles',
      'listInsights',
      'listNodegroups',
    ]);
    expect(PHASE_GATEWAY_OPERATIONS.reasoning).toEqual([]);
    expect(sorted(PHASE_GATEWAY_OPERATIONS.execution)).toEqual([
      'createAccessEntry',
      'createAddon',
      'createCluster',
      'createFargateProfile',
      'createNodegroup',
      'deleteCluster',
      'deleteFargateProfile',
      'deleteNodegroup',
      'describeAddon',
      'describeCluster',
      'describeFargateProfile',
      'describeNodegroup',
      'describeUpdate',
      'getTrafficWeights',
      'listAccessEntries',
      'listAddons',
      'listFargateProfiles',
      'listNodegroups',
      'listUpdateIds',
      'setTrafficWeights',
      'updateAddon',
      'updateClusterVersion',
      'updateNodegroupVersion',
    ]);
    expect(sorted(PHASE_GATEWAY_OPERATIONS.validation)).toEqual([
      'deleteCluster',
      'deleteFargateProfile',
      'deleteNodegroup',
      'describeAlarms',
      'describeCluster',
      'describeFargateProfile',
      'describeUpdate',
      'getTrafficChangeStatus',
      'getTrafficWeights',
      'listAddons',
      'listFargateProfiles',
      'listNodegroups',
    ]);
    expect(sorted(PHASE_GATEWAY_OPERATIONS.rollback)).toEqual([
      'deleteCluster',
      'deleteFargateProfile',
      'deleteNodegroup',
      'describeAddonVersions',
      'describeCluster',
      'describeFargateProfile',
      'describeUpdate',
      'getTrafficWeights',
      'listAddons',
      'listFargateProfiles',
      'listInsights',
      'listNodegroups',
      'listUpdateIds',
      'setTrafficWeights',
      'updateAddon',
      'updateClusterVersion',
      'updateNodegroupVersion',
    ]);
  });

  it("follows the step kinds: every operation a kind declares for a phase is in that phase's grant", () => {
    // Assess
    for (const module of Object.values(STEP_KINDS))
      for (const phase of ['execution', 'validation', 'rollback'] as const)
        for (const operation of module.operations[phase])
          expect(PHASE_GATEWAY_OPERATIONS[phase], `${module.kind} ${phase}`).toContain(operation);
  });
});
