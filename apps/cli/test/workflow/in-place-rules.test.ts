/**
 * Issue 11 §4 rules the workflow shows, end to end: the state machine deploy ships, run by the
 * local runner, with the real phase code against the simulated cluster.
 */
import { DEMO_SCENARIO, ScenarioSchema, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import {
  eventTypes,
  invalidEvents,
  lambdaCalls,
  planOf,
  runWorkflowPath,
  validationFailures,
} from './workflow-run.js';

/** The demo cluster in place to `targetVersion`, with what `extra` changes. */
function inPlace(
  targetVersion: string,
  extra: { cluster?: object; failures?: unknown[]; request?: object } = {},
) {
  return ScenarioSchema.parse({
    ...DEMO_SCENARIO,
    cluster: { ...DEMO_SCENARIO.cluster, ...extra.cluster },
    request: { clusterName: 'demo', targetVersion, strategy: 'in_place', ...extra.request },
    failures: extra.failures ?? [],
  });
}

describe('In-place rules (real phases, simulated cluster, local runner)', () => {
  it('Fargate profiles: the workflow waits at a fargate gate after the first hop, before the next control-plane update', async () => {
    // Act
    const { run, report } = await runWorkflowPath(
      inPlace('1.31', { cluster: { fargateProfiles: ['fp-default'] } }),
    );

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    const ids = planOf(run).steps.map((step) => step.id);
    expect(ids.indexOf('gate-fargate-1.31')).toBe(ids.indexOf('cp-1.31') - 1);
    const pending = run.publishedEvents.find((event) => event.detailType === 'gate.pending')?.detail as
      | { stepId: string; gate: { purpose: string; summary: string } }
      | undefined;
    expect(pending?.stepId).toBe('gate-fargate-1.31');
    expect(pending?.gate.purpose).toBe('fargate');
    expect(pending?.gate.summary).toMatch(
      /^The control plane of demo runs 1\.30\. Restart the pods of Fargate profiles fp-default/,
    );
    // The gate is not executed: Execution is only asked how long it may wait (cut at the deadline);
    // the workflow waits on it, then goes on with the next hop.
    const calls = lambdaCalls(run);
    const gateCalls = run.taskInvocations.filter(
      (call) => (call.input as { step?: { id: string } } | undefined)?.step?.id === 'gate-fargate-1.31',
    );
    expect(gateCalls.map((call) => 'gateWait' in (call.input as object))).toEqual([true]);
    expect(calls.indexOf('execution:cp-1.31')).toBeGreaterThan(
      calls.indexOf('execution:addon-kube-proxy-1.30'),
    );
    expect(eventTypes(run)).toContain('gate.approved');
    expect(report.outcome).toBe('succeeded');
    expect(invalidEvents(run)).toEqual([]);
  });

  it('PodEvictionFailure: the failure names the node group and EKS error detail, and the upgrade rolls back', async () => {
    // Act
    const { run } = await runWorkflowPath(
      inPlace('1.30', {
        failures: [
          {
            type: 'update_fails',
            resource: 'nodegroup',
            name: 'spot-workers',
            errorCode: 'PodEvictionFailure',
            message: 'Reached max retries while trying to evict pods from nodes in node group spot-workers',
          },
        ],
      }),
    );

    // Assess
    expect(run.status).toBe('FAILED');
    const [failure] = validationFailures(run);
    expect(failure).toMatchObject({ stepId: 'ng-spot-workers-1.30', failedChecks: ['update-status'] });
    expect(failure?.summary).toMatch(
      /Node group spot-workers: update \S+ \(VersionUpdate\) ended Failed: PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group spot-workers\. A PodDisruptionBudget/,
    );
    expect(lambdaCalls(run)).toContain('rollback');
  });

  it('the same drain with nodegroupUpdates.force: EKS evicts regardless and the upgrade succeeds', async () => {
    // Act
    const { run } = await runWorkflowPath(
      inPlace('1.30', {
        request: { nodegroupUpdates: { force: true } },
        failures: [
          {
            type: 'update_fails',
            resource: 'nodegroup',
            name: 'spot-workers',
            errorCode: 'PodEvictionFailure',
          },
        ],
      }),
    );

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(
      planOf(run)
        .steps.filter((step) => step.kind === 'nodegroup_upgrade')
        .map((step) => step.force),
    ).toEqual([true, true]);
  });

  describe('a custom-AMI node group', () => {
    const gpu = {
      name: 'gpu',
      version: '1.29',
      desiredSize: 2,
      customAmi: true,
      launchTemplate: { id: 'lt-0abc', name: 'gpu', version: '6' },
    };

    it('is blocked for the hop it has no launch template version for, naming it', async () => {
      // Act
      const { run, report } = await runWorkflowPath(
        inPlace('1.30', { cluster: { nodegroups: [...DEMO_SCENARIO.cluster.nodegroups, gpu] } }),
      );

      // Assess
      expect(run.status).toBe('FAILED');
      expect(report.plan?.blockers.map((blocker) => blocker.code)).toEqual(['CUSTOM_AMI_NODEGROUP']);
      expect(lambdaCalls(run)).toEqual(['perception', 'reasoning']);
    });

    it('moves by the launch template version the request gives for the hop', async () => {
      // Prepare
      const scenario = inPlace('1.30', {
        cluster: { nodegroups: [...DEMO_SCENARIO.cluster.nodegroups, gpu] },
        request: { nodegroupUpdates: { nodegroups: { gpu: { '1.30': { launchTemplateVersion: '7' } } } } },
      });
      const simulator = new SimulatedClusterGateway(scenario);
      let run: LocalRunResult | undefined;

      // Act
      await runRehearsal(scenario, {
        simulator,
        onWorkflowResult: (result) => {
          run = result;
        },
      });

      // Assess
      expect(run?.status).toBe('SUCCEEDED');
      expect(simulator.calls.filter((call) => call.operation === 'UpdateNodegroupVersion')).toEqual([
        { operation: 'UpdateNodegroupVersion', clusterName: 'demo', detail: 'general 1.29 -> 1.30' },
        { operation: 'UpdateNodegroupVersion', clusterName: 'demo', detail: 'spot-workers 1.29 -> 1.30' },
        {
          operation: 'UpdateNodegroupVersion',
          clusterName: 'demo',
          detail: 'gpu 1.29 -> 1.30 (launch template version 7)',
        },
      ]);
      expect((await simulator.describeNodegroup('demo', 'gpu'))?.launchTemplate).toEqual({
        id: 'lt-0abc',
        name: 'gpu',
        version: '7',
      });
    });
  });
});
