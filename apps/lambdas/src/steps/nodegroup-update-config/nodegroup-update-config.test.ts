import {
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListUpdatesCommand,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import { type PlanStep, PlanStepSchema, type UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksNodegroup, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';
import { validateUpgrade } from '../../phases/validation.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { nodegroupUpdateConfig } from './nodegroup-update-config.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const deps = () => awsPhaseDependencies(NOW);
const step: PlanStep = nodegroupUpdateConfig.example;
const failure = { Error: 'ValidationFailed', Cause: 'node group general failed to roll' };
const configUpdate = (id: string, strategy: string, status = 'InProgress') =>
  eksUpdate(id, {
    type: 'ConfigUpdate',
    status: status as never,
    params: [
      { type: 'UpdateStrategy', value: strategy },
      { type: 'MaxUnavailable', value: '2' },
    ],
  });

/** The in-place plan of prod 1.29 → 1.31 with MINIMAL asked for, cut to its strategy step. */
const configPlan = (): UpgradePlan => {
  const plan = buildRulesPlan(
    request({ nodegroupUpdates: { updateStrategy: 'MINIMAL' } }),
    snapshot({ nodegroups: [{ name: 'general', version: '1.29', status: 'ACTIVE' }] }),
    { config: config(), now: NOW },
  );
  return { ...plan, steps: plan.steps.filter((candidate) => candidate.kind === 'nodegroup_update_config') };
};

describe('Module: nodegroupUpdateConfig', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(nodegroupUpdateConfig);

    // Assess
    expect(parts).toEqual({
      describe: 'Set the update strategy of node group general of prod DEFAULT → MINIMAL',
      rollback: 'undo:nodegroups',
      health: { clusterName: 'prod' },
      final: { nodegroupVersions: [], addonVersions: [] },
      typicalDurationSeconds: 120,
      operations: {
        execution: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupConfig'],
        validation: ['describeUpdate'],
        rollback: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupConfig'],
      },
    });
    expect(PlanStepSchema.parse(nodegroupUpdateConfig.example)).toEqual(nodegroupUpdateConfig.example);
  });
});

describe('Step kind: nodegroup_update_config (issue 11 §4: node group updates take the configured strategy)', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(UpdateNodegroupConfigCommand).resolves({ update: configUpdate('cfg-1', 'MINIMAL') });
  });

  it('sends the strategy with the group’s own unavailability bound, and nothing else', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', { updateConfig: { maxUnavailable: 2 } }),
    });

    // Act
    const result = await executeStep({ request: request(), step }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'cfg-1', nodegroupName: 'general' });
    expect(result.message).toBe(
      'UpdateNodegroupConfig general updateStrategy DEFAULT → MINIMAL: update cfg-1 started',
    );
    const calls = eks.commandCalls(UpdateNodegroupConfigCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      clusterName: 'prod',
      nodegroupName: 'general',
      updateConfig: { updateStrategy: 'MINIMAL', maxUnavailable: 2 },
    });
  });

  it('keeps a percentage bound as a percentage', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', { updateConfig: { maxUnavailablePercentage: 25 } }),
    });

    // Act
    await executeStep({ request: request(), step }, deps());

    // Assess
    expect(eks.commandCalls(UpdateNodegroupConfigCommand)[0]!.args[0].input).toEqual({
      clusterName: 'prod',
      nodegroupName: 'general',
      updateConfig: { updateStrategy: 'MINIMAL', maxUnavailablePercentage: 25 },
    });
  });

  it('skips a group already on the strategy (a retry or a redrive after the update ended)', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', {
        updateConfig: { maxUnavailable: 1, updateStrategy: 'MINIMAL' },
      }),
    });

    // Act
    const result = await executeStep({ request: request(), step }, deps());

    // Assess
    expect(result).toMatchObject({
      status: 'skipped',
      message: 'Node group general already rolls with updateStrategy MINIMAL',
    });
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });

  it('adopts its own change already running instead of starting another', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', { status: 'UPDATING' }),
    });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['cfg-0'] });
    eks.on(DescribeUpdateCommand).resolves({ update: configUpdate('cfg-0', 'MINIMAL') });

    // Act
    const result = await executeStep({ request: request(), step }, deps());

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'cfg-0' });
    expect(result.message).toMatch(/already in progress/);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });

  it('refuses a group that reports no unavailability bound, saying how to set one', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', { updateConfig: {} }),
    });

    // Act
    const run = executeStep({ request: request(), step }, deps());

    // Assess
    await expect(run).rejects.toThrow(
      'DescribeNodegroup reports neither maxUnavailable nor maxUnavailablePercentage for general, and EKS requires one with the update strategy: set one (aws eks update-nodegroup-config --cluster-name prod --nodegroup-name general --update-config maxUnavailable=1,updateStrategy=MINIMAL) and run the upgrade again',
    );
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });

  it('is judged by its update, on the node group', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: configUpdate('cfg-1', 'MINIMAL', 'InProgress') });
    const result = {
      stepId: step.id,
      kind: step.kind,
      status: 'in_progress' as const,
      clusterName: 'prod',
      nodegroupName: 'general',
      updateId: 'cfg-1',
      message: 'started',
      startedAt: NOW.toISOString(),
      pollAfterSeconds: 30,
    };

    // Act
    const verdict = await validateUpgrade(
      { request: request(), scope: 'step', step, stepResult: result },
      deps(),
    );

    // Assess
    expect(verdict.status).toBe('in_progress');
    expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, {
      name: 'prod',
      updateId: 'cfg-1',
      nodegroupName: 'general',
    });
  });
});

describe('Step kind: nodegroup_update_config, rollback', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(UpdateNodegroupConfigCommand).resolves({ update: configUpdate('cfg-back', 'DEFAULT') });
  });

  it('puts the group back on the strategy it had, with its bound', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.30', {
        updateConfig: { maxUnavailable: 2, updateStrategy: 'MINIMAL' },
      }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: configPlan(), failure }, deps());

    // Assess
    expect(result.actions).toEqual([
      {
        target: 'nodegroup-config:general',
        status: 'started',
        message: 'UpdateNodegroupConfig general updateStrategy MINIMAL → DEFAULT: update cfg-back started',
        updateId: 'cfg-back',
      },
    ]);
    expect(result.pending).toEqual(['nodegroup-config:general: update cfg-back in progress']);
    expect(eks.commandCalls(UpdateNodegroupConfigCommand).map((call) => call.args[0].input)).toEqual([
      {
        clusterName: 'prod',
        nodegroupName: 'general',
        updateConfig: { updateStrategy: 'DEFAULT', maxUnavailable: 2 },
      },
    ]);
  });

  it('waits while the group runs another update (its version going back), EKS taking one at a time', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.30', {
        status: 'UPDATING',
        updateConfig: { maxUnavailable: 1, updateStrategy: 'MINIMAL' },
      }),
    });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['ng-back'] });
    eks.on(DescribeUpdateCommand).resolves({
      update: eksUpdate('ng-back', { params: [{ type: 'Version', value: '1.29' }] }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: configPlan(), failure }, deps());

    // Assess
    expect(result.actions).toEqual([]);
    expect(result.pending).toEqual([
      "nodegroup-config:general: general's update ng-back (VersionUpdate) runs first; its update strategy goes back to DEFAULT once it ends",
    ]);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });

  it('reports undone on the pass that finds the earlier change done', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.29', {
        updateConfig: { maxUnavailable: 2, updateStrategy: 'DEFAULT' },
      }),
    });
    const previous = {
      clusterName: 'prod',
      success: true,
      actions: [
        {
          target: 'nodegroup-config:general',
          status: 'started' as const,
          message: 'UpdateNodegroupConfig general updateStrategy MINIMAL → DEFAULT: update cfg-back started',
          updateId: 'cfg-back',
        },
      ],
      notUndone: [],
      pending: ['nodegroup-config:general: update cfg-back in progress'],
      summary: 'pass 1',
      completedAt: NOW.toISOString(),
    };

    // Act
    const result = await rollbackUpgrade(
      { request: request(), plan: configPlan(), failure, previous, pass: { count: 1, limit: 10 } },
      deps(),
    );

    // Assess
    expect(result.actions).toEqual([
      {
        target: 'nodegroup-config:general',
        status: 'undone',
        message: 'general rolls with updateStrategy DEFAULT again (update cfg-back)',
        updateId: 'cfg-back',
      },
    ]);
    expect(result.pending).toEqual([]);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });

  it('leaves a group someone put on neither strategy as it is, and says so', async () => {
    // Prepare
    const plan = configPlan();
    const minimalToDefault = {
      ...plan,
      steps: plan.steps.map((candidate) =>
        candidate.kind === 'nodegroup_update_config'
          ? { ...candidate, updateStrategy: 'DEFAULT' as const, previousUpdateStrategy: 'MINIMAL' as const }
          : candidate,
      ),
    };
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.30', {
        updateConfig: { maxUnavailable: 1, updateStrategy: 'FUTURE' as never },
      }),
    });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: minimalToDefault, failure }, deps());

    // Assess
    expect(result.notUndone).toEqual([
      'nodegroup-config:general: general rolls with updateStrategy FUTURE, which neither it had (MINIMAL) nor the upgrade set (DEFAULT): left as it is',
    ]);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });
});

describe('Step kind: nodegroup_update_config, rollback while an update just ended', () => {
  beforeEach(() => {
    eks.reset();
  });

  it('looks again on the next pass instead of changing a group whose update ended between the reads', async () => {
    // Prepare: DescribeNodegroup still says UPDATING, the update it ran has just succeeded
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: eksNodegroup('general', '1.30', {
        status: 'UPDATING',
        updateConfig: { maxUnavailable: 1, updateStrategy: 'MINIMAL' },
      }),
    });
    eks.on(ListUpdatesCommand).resolves({ updateIds: ['cfg-back'] });
    eks.on(DescribeUpdateCommand).resolves({ update: configUpdate('cfg-back', 'DEFAULT', 'Successful') });

    // Act
    const result = await rollbackUpgrade({ request: request(), plan: configPlan(), failure }, deps());

    // Assess
    expect(result.pending).toEqual([
      "nodegroup-config:general: general's update just ended; looked at again on the next pass",
    ]);
    expect(eks).not.toHaveReceivedCommand(UpdateNodegroupConfigCommand);
  });
});
