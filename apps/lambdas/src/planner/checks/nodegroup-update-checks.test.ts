import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { codes, NOW, rules } from '../__fixtures__/rules-plan.js';
import { buildRulesPlan } from '../rules-plan.js';

const GPU = {
  name: 'gpu',
  version: '1.29',
  status: 'ACTIVE',
  amiType: 'CUSTOM',
  customAmi: true,
  launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
};
const withGpu = (extra = {}) =>
  snapshot({
    nodegroups: [
      { name: 'general', version: '1.29', status: 'ACTIVE', amiType: 'AL2023_x86_64_STANDARD' },
      GPU,
    ],
    ...extra,
  });
const nodegroupSteps = (plan: ReturnType<typeof rules>) =>
  plan.steps.filter((step) => step.kind === 'nodegroup_upgrade');

describe('Planner: custom-AMI node groups move by launch template version per hop', () => {
  it('blocks a custom-AMI group while a hop has no launch template version, naming the versions missing', () => {
    // Act
    const plan = rules(
      request({ nodegroupUpdates: { nodegroups: { gpu: { '1.30': { launchTemplateVersion: '7' } } } } }),
      withGpu(),
    );

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toContainEqual({
      code: 'CUSTOM_AMI_NODEGROUP',
      message:
        'Node group gpu uses a custom AMI: EKS cannot move its version; publish a launch template version with an AMI for 1.31 and give it in the request (nodegroupUpdates.nodegroups.gpu["1.31"].launchTemplateVersion), or use blue/green',
      resource: 'nodegroup:gpu',
    });
  });

  it('moves it once every hop has one: each step names the launch template and its version', () => {
    // Act
    const plan = rules(
      request({
        nodegroupUpdates: {
          nodegroups: {
            gpu: { '1.30': { launchTemplateVersion: '7' }, '1.31': { launchTemplateVersion: '8' } },
          },
        },
      }),
      withGpu(),
    );

    // Assess
    expect(plan.blocked).toBe(false);
    expect(nodegroupSteps(plan).filter((step) => step.nodegroupName === 'gpu')).toEqual([
      expect.objectContaining({
        id: 'ng-gpu-1.30',
        launchTemplate: { id: 'lt-0abc', version: '7' },
        description: 'Upgrade node group gpu from 1.29 to 1.30 (launch template version 7)',
      }),
      expect.objectContaining({ id: 'ng-gpu-1.31', launchTemplate: { id: 'lt-0abc', version: '8' } }),
    ]);
    expect(nodegroupSteps(plan).find((step) => step.nodegroupName === 'general')).not.toHaveProperty(
      'launchTemplate',
    );
  });

  it('refuses a release version for a custom AMI and targets for groups the cluster does not have', () => {
    // Act
    const plan = rules(
      request({
        nodegroupUpdates: {
          nodegroups: {
            gpu: { '1.30': { releaseVersion: '1.30.8-20260110' }, '1.31': { launchTemplateVersion: '8' } },
            ghost: { '1.30': { releaseVersion: '1.30.8-20260110' } },
            general: { '1.30': { launchTemplateVersion: '3' } },
          },
        },
      }),
      withGpu(),
    );

    // Assess
    expect(codes(plan.blockers)).toEqual([
      'NODEGROUP_TARGET_INVALID',
      'NODEGROUP_TARGET_INVALID',
      'NODEGROUP_TARGET_INVALID',
      'CUSTOM_AMI_NODEGROUP',
    ]);
    expect(plan.blockers.map((blocker) => blocker.message)).toEqual([
      'Node group gpu uses a custom AMI: EKS refuses a release version for it (1.30: 1.30.8-20260110); give the launch template version with an AMI for 1.30 instead',
      'nodegroupUpdates names node group ghost, which prod does not have',
      'Node group general has no launch template: a launch template version (1.30: 3) is for custom-AMI groups; leave it out or give a releaseVersion',
      expect.stringContaining('publish a launch template version with an AMI for 1.30'),
    ]);
  });
});

describe('Planner: force and update strategy', () => {
  it("takes force from the configuration, the request's over it, on every node group step", () => {
    // Prepare
    const forced = {
      ...createDefaultAgentConfig(),
      upgrade: { ...createDefaultAgentConfig().upgrade, nodegroupForceUpdate: true },
    };

    // Act
    const fromConfig = buildRulesPlan(request(), snapshot(), {
      config: { ...config(), upgrade: { ...config().upgrade, nodegroupForceUpdate: true } },
      now: NOW,
    });
    const overridden = buildRulesPlan(request({ nodegroupUpdates: { force: false } }), snapshot(), {
      config: forced,
      now: NOW,
    });

    // Assess
    expect(nodegroupSteps(fromConfig).map((step) => step.force)).toEqual([true, true, true, true]);
    expect(nodegroupSteps(overridden).every((step) => step.force === undefined)).toBe(true);
  });

  it('puts a node group on another update strategy than asked on it before its first version update, once', () => {
    // Act
    const plan = rules(
      request({ nodegroupUpdates: { updateStrategy: 'MINIMAL' } }),
      snapshot({
        nodegroups: [
          { name: 'general', version: '1.29', status: 'ACTIVE', updateStrategy: 'MINIMAL' },
          { name: 'batch', version: '1.29', status: 'ACTIVE' },
        ],
      }),
    );

    // Assess
    expect(plan.blockers).toEqual([]);
    expect(plan.steps.filter((step) => step.kind === 'nodegroup_update_config')).toEqual([
      {
        id: 'ng-config-batch',
        kind: 'nodegroup_update_config',
        description: 'Roll node group batch with the MINIMAL update strategy (it rolls with DEFAULT)',
        clusterName: 'prod',
        nodegroupName: 'batch',
        updateStrategy: 'MINIMAL',
        previousUpdateStrategy: 'DEFAULT',
      },
    ]);
    // Before the first version update of the move, so every group of it rolls with it.
    const ids = plan.steps.map((step) => step.id);
    expect(ids.slice(ids.indexOf('ng-config-batch'), ids.indexOf('ng-config-batch') + 3)).toEqual([
      'ng-config-batch',
      'ng-general-1.30',
      'ng-batch-1.30',
    ]);
  });

  it('takes the configured strategy when the request names none, and plans nothing when none is asked for', () => {
    // Prepare
    const cluster = snapshot({ nodegroups: [{ name: 'batch', version: '1.29', status: 'ACTIVE' }] });

    // Act
    const fromConfig = buildRulesPlan(request(), cluster, {
      config: { ...config(), upgrade: { ...config().upgrade, nodegroupUpdateStrategy: 'MINIMAL' } },
      now: NOW,
    });
    const unasked = rules(request(), cluster);

    // Assess
    expect(fromConfig.steps.filter((step) => step.kind === 'nodegroup_update_config')).toEqual([
      expect.objectContaining({
        nodegroupName: 'batch',
        updateStrategy: 'MINIMAL',
        previousUpdateStrategy: 'DEFAULT',
      }),
    ]);
    expect(unasked.steps.some((step) => step.kind === 'nodegroup_update_config')).toBe(false);
  });
});

describe('Planner: PodDisruptionBudgets reported by insights', () => {
  const pdbInsight = {
    id: 'pdb-1',
    name: 'PodDisruptionBudget blocks eviction',
    status: 'WARNING' as const,
    kubernetesVersion: '1.33',
    reason: 'PDB payments/api allows 0 disruptions',
  };

  it('warns before any node group rolls that a blocked drain fails with PodEvictionFailure', () => {
    // Act
    const plan = rules(request(), snapshot({ insights: [pdbInsight] }));

    // Assess
    expect(plan.warnings).toContainEqual({
      code: 'POD_DISRUPTION_BUDGETS',
      message:
        'Upgrade insight "PodDisruptionBudget blocks eviction" reports PodDisruptionBudgets (PDB payments/api allows 0 disruptions); node groups general, batch are drained as they roll, and a pod they keep from being evicted fails that node group\'s update with PodEvictionFailure and the upgrade rolls back: relax the budgets before the upgrade, or set nodegroupUpdates.force',
      resource: 'pdb-1',
    });
  });

  it('says a forced update evicts regardless', () => {
    // Act
    const plan = rules(request({ nodegroupUpdates: { force: true } }), snapshot({ insights: [pdbInsight] }));

    // Assess
    expect(plan.warnings.find((warning) => warning.code === 'POD_DISRUPTION_BUDGETS')?.message).toContain(
      'the updates are forced (nodegroupUpdates.force), so EKS evicts those pods regardless of their budget',
    );
  });
});

describe('Planner: EKS Auto Mode', () => {
  it('plans no step for Auto Mode nodes and says EKS replaces them; managed node groups still move', () => {
    // Act
    const plan = rules(request(), snapshot({ autoMode: true, nodegroups: [] }));

    // Assess
    expect(nodegroupSteps(plan)).toEqual([]);
    expect(plan.warnings).toContainEqual({
      code: 'AUTO_MODE_NODES',
      message:
        'prod runs EKS Auto Mode: EKS replaces the nodes it manages to follow the control plane after each hop, so the plan has no step for them',
      resource: 'compute:auto-mode',
    });
    expect(plan.steps.map((step) => step.kind)).toContain('control_plane_upgrade');
  });

  it('names the managed node groups an Auto Mode cluster also has, which the plan upgrades', () => {
    // Act
    const plan = rules(request(), snapshot({ autoMode: true }));

    // Assess
    expect(plan.warnings.find((warning) => warning.code === 'AUTO_MODE_NODES')?.message).toMatch(
      /its managed node groups \(general, batch\) are upgraded by the plan as usual$/,
    );
    expect(nodegroupSteps(plan)).toHaveLength(4);
  });
});

describe('Planner: Fargate profiles gate each next hop', () => {
  it('puts a fargate approval gate after each hop before the next, telling the operator to restart the pods', () => {
    // Act
    const plan = rules(request(), snapshot({ fargateProfiles: ['fp-default'] }));

    // Assess
    const ids = plan.steps.map((step) => step.id);
    expect(ids.filter((id) => id.startsWith('gate-fargate'))).toEqual(['gate-fargate-1.31']);
    expect(ids.indexOf('gate-fargate-1.31')).toBe(ids.indexOf('cp-1.31') - 1);
    expect(ids.indexOf('gate-fargate-1.31')).toBeGreaterThan(ids.indexOf('addon-kube-proxy-1.30'));
    expect(plan.steps.find((step) => step.id === 'gate-fargate-1.31')).toEqual({
      id: 'gate-fargate-1.31',
      kind: 'approval_gate',
      description: 'Restart the Fargate pods of prod onto 1.30 before the control plane goes to 1.31',
      clusterName: 'prod',
      gate: {
        purpose: 'fargate',
        summary:
          'The control plane of prod runs 1.30. Restart the pods of Fargate profiles fp-default (e.g. kubectl rollout restart of their deployments) so they run 1.30, check `kubectl get nodes` shows no Fargate node on an older version, then approve: EKS refuses the update to 1.31 while Fargate nodes lag.',
        timeoutSeconds: createDefaultAgentConfig().upgrade.approval.timeoutSeconds,
        acceptsTrafficTarget: false,
      },
    });
  });

  it('adds no gate to a one-hop upgrade or a cluster without Fargate profiles', () => {
    // Act
    const oneHop = rules(request({ targetVersion: '1.30' }), snapshot({ fargateProfiles: ['fp-default'] }));
    const noFargate = rules(request(), snapshot());

    // Assess
    expect(oneHop.steps.some((step) => step.kind === 'approval_gate')).toBe(false);
    expect(noFargate.steps.some((step) => step.kind === 'approval_gate')).toBe(false);
  });
});
