/**
 * Native rollback of a custom-AMI node group end to end (issue 11 §6): the state machine deploy
 * ships, run by the local runner, the real phases against the simulated cluster, whose EKS
 * refuses a Kubernetes version for a custom-AMI group (UpdateNodegroupVersion API reference:
 * such a group moves by a launch template version). The group goes back by the template version
 * it ran before the upgrade.
 */
import { DEMO_SCENARIO, ScenarioSchema, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';

const GPU = {
  name: 'gpu',
  version: '1.29',
  desiredSize: 2,
  customAmi: true,
  launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
};

describe('Native rollback of a custom-AMI node group (real phases, simulated cluster, local runner)', () => {
  it('takes gpu back to launch template version 6 and 1.29 before the control plane goes back', async () => {
    // Prepare: gpu rolls first (template version 7), general second, then spot-workers fails
    const scenario = ScenarioSchema.parse({
      ...DEMO_SCENARIO,
      cluster: { ...DEMO_SCENARIO.cluster, nodegroups: [GPU, ...DEMO_SCENARIO.cluster.nodegroups] },
      request: {
        clusterName: 'demo',
        targetVersion: '1.30',
        strategy: 'in_place',
        nodegroupUpdates: { nodegroups: { gpu: { '1.30': { launchTemplateVersion: '7' } } } },
      },
      failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }],
    });
    const simulator = new SimulatedClusterGateway(scenario);
    let run: LocalRunResult | undefined;

    // Act
    const report = await runRehearsal(scenario, {
      simulator,
      onWorkflowResult: (result) => {
        run = result;
      },
    });

    // Assess
    expect(run?.status).toBe('FAILED');
    expect(simulator.calls.filter((call) => call.operation === 'UpdateNodegroupVersion')).toEqual([
      {
        operation: 'UpdateNodegroupVersion',
        clusterName: 'demo',
        detail: 'gpu 1.29 -> 1.30 (launch template version 7)',
      },
      { operation: 'UpdateNodegroupVersion', clusterName: 'demo', detail: 'general 1.29 -> 1.30' },
      { operation: 'UpdateNodegroupVersion', clusterName: 'demo', detail: 'spot-workers 1.29 -> 1.30' },
      // The rollback: back by the template version gpu ran before, not by a Kubernetes version.
      {
        operation: 'UpdateNodegroupVersion',
        clusterName: 'demo',
        detail: 'gpu 1.30 -> 1.29 (launch template version 6)',
      },
      { operation: 'UpdateNodegroupVersion', clusterName: 'demo', detail: 'general 1.30 -> 1.29' },
    ]);
    expect(await simulator.describeNodegroup('demo', 'gpu')).toMatchObject({
      version: '1.29',
      launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
    });
    expect((await simulator.describeCluster('demo'))?.version).toBe('1.29');
    expect(
      Object.fromEntries((report.rollback?.actions ?? []).map((action) => [action.target, action.status])),
    ).toMatchObject({ 'nodegroup:gpu': 'undone', 'nodegroup:general': 'undone', 'control-plane': 'undone' });
    expect(report.rollback?.pending).toEqual([]);
  });
});
