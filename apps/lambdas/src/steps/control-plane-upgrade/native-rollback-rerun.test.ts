import { createDefaultAgentConfig, UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { inPlaceScenario, pollUntilDone } from '../../gateway/simulated/__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from '../../gateway/simulated/simulated-cluster-gateway.js';
import { perceiveCluster } from '../../phases/perception.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { rollbackUpgrade } from '../../phases/rollback.js';

describe('EKS native rollback run again (simulated EKS)', () => {
  it('resumes the node group rollback a first run left running, then rolls back the control plane', async () => {
    // Prepare: demo 1.29 → 1.30 in place; general reached 1.30; every update takes 10 polls,
    // more than the 4 waits one rollback run has
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

    // Act
    const first = await rollbackUpgrade({ request, plan, failure }, { gateway, config, clock });
    const second = await rollbackUpgrade({ request, plan, failure }, { gateway, config, clock });

    // Assess
    const statuses = (result: typeof first) =>
      result.actions.map((action) => `${action.target}:${action.status}`);
    expect(statuses(first)).toEqual(['nodegroup:general:started', 'control-plane:not_possible']);
    expect(statuses(second)).toEqual(['nodegroup:general:undone', 'control-plane:started']);
    expect(second.actions[0]?.updateId).toBe(first.actions[0]?.updateId);
    expect(second.actions[0]?.message).toBe(
      `general rolled back 1.30 → 1.29 (update ${first.actions[0]?.updateId})`,
    );
    // One UpdateNodegroupVersion back to 1.29 across both runs: the second run resumed it.
    expect(gateway.calls.filter((call) => call.detail === 'general 1.30 -> 1.29')).toHaveLength(1);
    expect(gateway.calls.at(-1)).toEqual({
      operation: 'UpdateClusterVersion',
      clusterName: 'demo',
      detail: '1.30 -> 1.29 (rollback, cancelled after 720 min)',
    });
  });
});
