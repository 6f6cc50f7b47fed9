/**
 * Issue 11 §4, "insights re-checked before each control-plane hop", end to end: the state machine
 * deploy ships, run by the local runner, the real phases against the simulated cluster. The plan
 * is made from the insights perception read (after StartInsightsRefresh); an insight about the
 * second hop's version that EKS reports only later (`appearsAfterMinutes`) stops the upgrade
 * before that hop's UpdateClusterVersion, and the first hop is rolled back natively.
 */
import { DEMO_SCENARIO, ScenarioSchema, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { lambdaCalls, validationFailures } from './workflow-run.js';

describe('An upgrade insight that appears between hops (real phases, simulated cluster, local runner)', () => {
  it.each(['ERROR', 'WARNING'] as const)(
    'a %s insight for 1.31 reported after the plan stops the hop to 1.31 before UpdateClusterVersion',
    async (status) => {
      // Prepare: demo 1.29 → 1.31 in place; the insight shows up five virtual minutes in, during the first hop (about 12 minutes)
      const scenario = ScenarioSchema.parse({
        ...DEMO_SCENARIO,
        request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
        failures: [
          {
            type: 'blocking_insight',
            name: 'Kubernetes API deprecations in 1.31',
            reason: 'flowcontrol.apiserver.k8s.io/v1beta3 is still in use',
            kubernetesVersion: '1.31',
            status,
            appearsAfterMinutes: 5,
          },
        ],
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

      // Assess: the plan did not see it, and planned both hops
      expect(run?.status).toBe('FAILED');
      expect(report.plan?.blockers).toEqual([]);
      expect(report.steps.map((step) => step.id)).toContain('cp-1.31');
      // The first hop ran; the second stopped at its re-check, before any EKS call of its own.
      const calls = lambdaCalls(run!);
      expect(calls).toContain('execution:cp-1.30');
      expect(calls).toContain('execution:cp-1.31');
      expect(
        simulator.calls
          .filter((call) => call.operation === 'UpdateClusterVersion')
          .map((call) => call.detail),
      ).toEqual(['1.29 -> 1.30', '1.30 -> 1.29 (rollback, cancelled after 720 min)']);
      // The cause holds the Lambda's error as JSON text, its quotes escaped, as AWS's
      // States.Format leaves them.
      expect(report.cause).toContain(
        JSON.stringify(
          `Cannot upgrade the control plane of demo to 1.31: upgrade insight "Kubernetes API deprecations in 1.31" is ${status} for 1.31: flowcontrol.apiserver.k8s.io/v1beta3 is still in use`,
        ).slice(1, -1),
      );
      expect(validationFailures(run!)).toEqual([]);
      // The report names the refused hop as failed, with why (not "not run").
      expect(report.steps.find((step) => step.id === 'cp-1.31')).toMatchObject({
        status: 'failed',
        message: expect.stringContaining(
          `upgrade insight "Kubernetes API deprecations in 1.31" is ${status} for 1.31`,
        ),
      });
      // Rolled back natively: the node groups first, then the control plane, to 1.29.
      expect((await simulator.describeCluster('demo'))?.version).toBe('1.29');
      expect(
        Object.fromEntries((report.rollback?.actions ?? []).map((action) => [action.target, action.status])),
      ).toMatchObject({
        'nodegroup:general': 'undone',
        'nodegroup:spot-workers': 'undone',
        'control-plane': 'undone',
      });
    },
  );
});
