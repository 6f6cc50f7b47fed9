import { SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { demoScenario } from './workflow-run.js';

/** The mutating EKS calls the simulator recorded, as `Operation target`. */
function mutations(gateway: SimulatedClusterGateway, from = 0): string[] {
  return gateway.calls.slice(from).map((call) => [call.operation, call.detail ?? call.clusterName].join(' '));
}

describe('Workflow: redrive (local runner)', () => {
  it('an execution stopped while a node group rolls is redriven from that step: no completed step runs again', async () => {
    // Prepare: in place 1.29 → 1.30; stop it while the second node group's update is in progress.
    const scenario = demoScenario({ inPlaceTo: '1.30', updatePolls: 3 });
    const gateway = new SimulatedClusterGateway(scenario);
    const stop = new AbortController();
    let stopped: LocalRunResult | undefined;
    const first = await runRehearsal(scenario, {
      simulator: gateway,
      signal: stop.signal,
      onProgress: (line) => {
        if (/validation +ng-spot-workers-1\.30 in_progress/.test(line)) stop.abort();
      },
      onWorkflowResult: (result) => {
        stopped = result;
      },
    });
    expect(first.status).toBe('ABORTED');
    const before = mutations(gateway);
    expect(before.filter((call) => call.startsWith('UpdateNodegroupVersion'))).toHaveLength(2);
    const callsBefore = gateway.calls.length;

    // Act
    let redriven: (LocalRunResult & { redrive?: { fromState: string } }) | undefined;
    const report = await runRehearsal(scenario, {
      simulator: gateway,
      redrive: stopped!,
      onWorkflowResult: (result) => {
        redriven = result;
      },
    });

    // Assess: it went on from the step loop and finished the upgrade
    expect(report.outcome, report.cause).toBe('succeeded');
    expect(redriven?.redrive?.fromState).toBe('Step: Run');
    // No Perception or Reasoning again, and of the plan's steps only the unfinished roll and the one after.
    const executed = redriven!.taskInvocations
      .filter((call) => call.functionName?.endsWith('-execution'))
      .map((call) => (call.input as { step: { id: string } }).step.id);
    expect(executed).toEqual(['ng-spot-workers-1.30', 'addon-kube-proxy-1.30']);
    expect(
      redriven!.taskInvocations.some((call) => /perception|reasoning/.test(call.functionName ?? '')),
    ).toBe(false);
    // The EKS calls of the redrive: the node group roll in progress is adopted, not started again;
    // only the step that had not started makes its update.
    expect(mutations(gateway, callsBefore)).toEqual([expect.stringMatching(/^UpdateAddon .*kube-proxy/)]);
    expect(gateway.calls.filter((call) => call.operation === 'UpdateClusterVersion')).toHaveLength(1);
  });
});
