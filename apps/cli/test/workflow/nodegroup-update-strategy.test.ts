/**
 * Issue 11 §4, "node group updates take the configured update strategy", end to end: the state
 * machine deploy ships, run by the local runner, with the real phase code against the simulated
 * cluster, whose EKS takes one update of a node group at a time and refuses an updateConfig
 * without an unavailability bound.
 */
import { DEMO_SCENARIO, ScenarioSchema, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { planOf } from './workflow-run.js';

/** The demo cluster (general and spot-workers, on EKS's DEFAULT strategy) in place to 1.30, MINIMAL asked for. */
function minimalTo130(failures: unknown[] = []) {
  return ScenarioSchema.parse({
    ...DEMO_SCENARIO,
    request: {
      clusterName: 'demo',
      targetVersion: '1.30',
      strategy: 'in_place',
      nodegroupUpdates: { updateStrategy: 'MINIMAL' },
    },
    failures,
  });
}

/** Rehearses `scenario` on `simulator`, handing back the local runner's result. */
async function rehearse(scenario: ReturnType<typeof minimalTo130>, simulator: SimulatedClusterGateway) {
  let run: LocalRunResult | undefined;
  const report = await runRehearsal(scenario, {
    simulator,
    onWorkflowResult: (result) => {
      run = result;
    },
  });
  if (!run) throw new Error('runRehearsal did not hand over the workflow result');
  return { run, report };
}

/** The simulator's node group calls, in order. */
const nodegroupCalls = (simulator: SimulatedClusterGateway) =>
  simulator.calls
    .filter((call) => call.operation.startsWith('UpdateNodegroup'))
    .map((call) => `${call.operation} ${call.detail}`);

describe('Node group update strategy (real phases, simulated cluster, local runner)', () => {
  it('puts each group on MINIMAL before its first version update, and the upgrade rolls with it', async () => {
    // Prepare
    const scenario = minimalTo130();
    const simulator = new SimulatedClusterGateway(scenario);

    // Act
    const { run, report } = await rehearse(scenario, simulator);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(report.outcome).toBe('succeeded');
    const ids = planOf(run).steps.map((step) => step.id);
    expect(ids.slice(ids.indexOf('ng-config-general'), ids.indexOf('ng-config-general') + 4)).toEqual([
      'ng-config-general',
      'ng-config-spot-workers',
      'ng-general-1.30',
      'ng-spot-workers-1.30',
    ]);
    expect(nodegroupCalls(simulator)).toEqual([
      'UpdateNodegroupConfig general updateStrategy DEFAULT -> MINIMAL',
      'UpdateNodegroupConfig spot-workers updateStrategy DEFAULT -> MINIMAL',
      'UpdateNodegroupVersion general 1.29 -> 1.30',
      'UpdateNodegroupVersion spot-workers 1.29 -> 1.30',
    ]);
    const after = await simulator.listNodegroups('demo');
    expect(after.map((nodegroup) => [nodegroup.name, nodegroup.updateStrategy])).toEqual([
      ['general', 'MINIMAL'],
      ['spot-workers', 'MINIMAL'],
    ]);
    expect(report.gatewayOperations.execution).toContain('updateNodegroupConfig');
  });

  it('on rollback, puts each group back on DEFAULT once its version went back, then the control plane', async () => {
    // Prepare: spot-workers' roll fails after general reached 1.30
    const scenario = minimalTo130([{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }]);
    const simulator = new SimulatedClusterGateway(scenario);

    // Act
    const { run, report } = await rehearse(scenario, simulator);

    // Assess
    expect(run.status).toBe('FAILED');
    expect(report.rollback?.success).toBe(true);
    expect(report.rollback?.pending).toEqual([]);
    expect(
      Object.fromEntries((report.rollback?.actions ?? []).map((action) => [action.target, action.status])),
    ).toMatchObject({
      'nodegroup:general': 'undone',
      'nodegroup-config:general': 'undone',
      'nodegroup-config:spot-workers': 'undone',
      'control-plane': 'undone',
    });
    expect(nodegroupCalls(simulator)).toEqual([
      'UpdateNodegroupConfig general updateStrategy DEFAULT -> MINIMAL',
      'UpdateNodegroupConfig spot-workers updateStrategy DEFAULT -> MINIMAL',
      'UpdateNodegroupVersion general 1.29 -> 1.30',
      'UpdateNodegroupVersion spot-workers 1.29 -> 1.30',
      // The rollback: general's version first (EKS takes one update of a group at a time).
      'UpdateNodegroupVersion general 1.30 -> 1.29',
      'UpdateNodegroupConfig spot-workers updateStrategy MINIMAL -> DEFAULT',
      'UpdateNodegroupConfig general updateStrategy MINIMAL -> DEFAULT',
    ]);
    const after = await simulator.listNodegroups('demo');
    expect(after.map((nodegroup) => [nodegroup.name, nodegroup.version, nodegroup.updateStrategy])).toEqual([
      ['general', '1.29', 'DEFAULT'],
      ['spot-workers', '1.29', 'DEFAULT'],
    ]);
    expect((await simulator.describeCluster('demo'))?.version).toBe('1.29');
    // What stays changed are the add-ons, which EKS does not roll back; both strategies are back.
    expect(report.rollback?.notUndone).toEqual([
      expect.stringMatching(/^addon:vpc-cni: EKS does not roll back add-ons/),
      expect.stringMatching(/^addon:coredns: EKS does not roll back add-ons/),
    ]);
    expect(report.outcome).toBe('partially_rolled_back');
  });
});
