/**
 * Issue 11 §4, Fargate pods at the control plane's minor, end to end: the state machine deploy
 * ships, run by the local runner, the real phases against the simulated cluster, whose EKS
 * refuses UpdateClusterVersion while Fargate pods run an older minor than the control plane
 * (they keep their kubelet until restarted). The rehearsal's approval of the Fargate gate is the
 * operator restarting them.
 */
import { DEMO_SCENARIO, ScenarioSchema, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';

const scenario = () =>
  ScenarioSchema.parse({
    ...DEMO_SCENARIO,
    cluster: { ...DEMO_SCENARIO.cluster, fargateProfiles: ['fp-default'] },
    request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
    failures: [],
  });

async function rehearse(simulator: SimulatedClusterGateway) {
  let run: LocalRunResult | undefined;
  const report = await runRehearsal(simulator.scenario, {
    simulator,
    onWorkflowResult: (result) => {
      run = result;
    },
  });
  return { report, run: run! };
}

const controlPlaneUpdates = (simulator: SimulatedClusterGateway) =>
  simulator.calls.filter((call) => call.operation === 'UpdateClusterVersion').map((call) => call.detail);

describe('Fargate pods and the next hop (real phases, simulated cluster, local runner)', () => {
  it('the approved Fargate gate (pods restarted) lets the second hop through', async () => {
    // Prepare
    const simulator = new SimulatedClusterGateway(scenario());

    // Act
    const { run, report } = await rehearse(simulator);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(report.gates.map((gate) => `${gate.stepId}:${gate.decision}`)).toEqual([
      'gate-fargate-1.31:approved',
    ]);
    expect(controlPlaneUpdates(simulator)).toEqual(['1.29 -> 1.30', '1.30 -> 1.31']);
  });

  it('approved without the pods restarted: EKS refuses the hop to 1.31 and the upgrade rolls back', async () => {
    // Prepare: an operator who approves the gate but restarts nothing
    const simulator = new SimulatedClusterGateway(scenario());
    simulator.restartFargatePods = () => {};

    // Act
    const { run, report } = await rehearse(simulator);

    // Assess
    expect(run.status).toBe('FAILED');
    expect(report.cause).toContain(
      'Kubelet version of Fargate pods must be updated to match cluster version 1.30 before updating cluster version',
    );
    expect(controlPlaneUpdates(simulator)).toEqual([
      '1.29 -> 1.30',
      '1.30 -> 1.29 (rollback, cancelled after 720 min)',
    ]);
    expect(report.rollback?.actions.find((action) => action.target === 'control-plane')?.status).toBe(
      'undone',
    );
  });
});
