import { createDefaultAgentConfig, UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { inPlaceScenario, pollUntilDone } from '../../gateway/simulated/__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from '../../gateway/simulated/simulated-cluster-gateway.js';
import { perceiveCluster } from '../../phases/perception.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';

describe('EKS native rollback over several passes (simulated EKS)', () => {
  it('resumes the node group rollback an earlier pass left running, then rolls back the control plane and sees it end', async () => {
    // Prepare: demo 1.29 → 1.30 in place; general reached 1.30; every update takes 10 polls,
    // many more than one rollback pass makes
    const gateway = new SimulatedClusterGateway(
      inPlaceScenario({
        timing: { updatePolls: 10, createPolls: 3, deletePolls: 2, changePolls: 2, secondsPerPoll: 30 },
      }),
    );
    const request = UpgradeRequestSchema.parse({
      clusterName: 'demo',
      targetVersion: '1.30',
      strategy: 'in_place',
    });
    const config = createDefaultAgentConfig();
    const clock = { now: () => gateway.now() };
    const snapshot = await perceiveCluster({ request }, { gateway, clock });
    const plan = buildRulesPlan(request, snapshot, { config, now: gateway.now() });
    await pollUntilDone(gateway, 'demo', (await gateway.updateClusterVersion('demo', '1.30')).id);
    const up = await gateway.updateNodegroupVersion('demo', 'general', '1.30');
    await pollUntilDone(gateway, 'demo', up.id, { nodegroupName: 'general' });
    const failure = { Error: 'Upgrade.ValidationFailed', Cause: 'spot-workers failed' };

    // Act: the workflow's loop, without its waits: a pass with the one before it, while undos are pending
    const passes = [await rollbackUpgrade({ request, plan, failure }, { gateway, config, clock })];
    while (passes.at(-1)!.pending.length > 0 && passes.length < 20) {
      const previous = passes.at(-1)!;
      const pass = { count: passes.length, limit: 20 };
      passes.push(
        await rollbackUpgrade({ request, plan, failure, previous, pass }, { gateway, config, clock }),
      );
    }

    // Assess
    const statuses = (result: (typeof passes)[number]) =>
      result.actions.map((action) => `${action.target}:${action.status}`);
    const [first] = passes;
    const last = passes.at(-1)!;
    expect(statuses(first!)).toEqual(['nodegroup:general:started']);
    expect(first!.pending).toEqual([
      `nodegroup:general: update ${first!.actions[0]?.updateId} in progress`,
      `control-plane: rolls back 1.30 → 1.29 once nodegroup:general (update ${first!.actions[0]?.updateId}) ended`,
    ]);
    expect(passes.length).toBeLessThan(20);
    expect(statuses(last)).toEqual(['nodegroup:general:undone', 'control-plane:undone']);
    expect(last.pending).toEqual([]);
    expect(last.notUndone).toEqual([]);
    expect(last.actions[0]?.updateId).toBe(first!.actions[0]?.updateId);
    expect(last.actions[0]?.message).toBe(
      `general rolled back 1.30 → 1.29 (update ${first!.actions[0]?.updateId})`,
    );
    expect(last.actions[1]?.message).toBe(
      `EKS native rollback 1.30 → 1.29 (update ${last.actions[1]?.updateId}); now: Control plane still runs 1.29`,
    );
    // One UpdateNodegroupVersion back to 1.29 across the passes (the later ones resumed it), and
    // one native rollback of the control plane, after it.
    expect(gateway.calls.filter((call) => call.detail === 'general 1.30 -> 1.29')).toHaveLength(1);
    expect(gateway.calls.filter((call) => call.operation === 'UpdateClusterVersion').at(-1)).toEqual({
      operation: 'UpdateClusterVersion',
      clusterName: 'demo',
      detail: '1.30 -> 1.29 (rollback, cancelled after 720 min)',
    });
    expect((await gateway.describeCluster('demo'))?.version).toBe('1.29');
  });
});
