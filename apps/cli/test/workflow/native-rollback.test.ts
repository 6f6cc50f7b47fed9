/**
 * EKS native rollback end to end: the state machine deploy ships, run by the local runner, the
 * real rollback phase against the simulated cluster, whose EKS refuses a control-plane rollback
 * while a managed node group runs a newer kubelet than N-1 — so `control-plane: started` below
 * means the node groups really went back first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { demoScenario, lambdaCalls, runWorkflowPath } from './workflow-run.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const statuses = (actions: { target: string; status: string }[] = []) =>
  actions.map((action) => `${action.target}:${action.status}`);

describe('EKS native rollback (real phases, simulated cluster, local runner)', () => {
  it('examples/in-place-second-hop-nodegroup-fails.json: node groups first, then the control plane, one minor back', async () => {
    // Prepare
    const scenario = ScenarioSchema.parse(
      JSON.parse(readFileSync(path.join(EXAMPLES, 'in-place-second-hop-nodegroup-fails.json'), 'utf8')),
    );

    // Act
    const { run, report } = await runWorkflowPath(scenario);

    // Assess
    expect(lambdaCalls(run).slice(-2)).toEqual(['validation:step:ng-spot-workers-1.31', 'rollback']);
    expect(report.rollback?.success).toBe(true);
    expect(statuses(report.rollback?.actions)).toEqual([
      'nodegroup:general:undone',
      'nodegroup:spot-workers:not_possible',
      'addon:vpc-cni:not_possible',
      'addon:coredns:undone',
      'addon:kube-proxy:not_possible',
      'control-plane:started',
    ]);
    expect(report.rollback?.actions.at(-1)?.message).toBe('EKS native rollback 1.31 → 1.30 started');
    expect(report.rollback?.actions[3]?.message).toMatch(
      /^coredns downgraded v1\.11\.4-eksbuild\.2 → v1\.11\.3-eksbuild\.1 for 1\.30 \(update \S+\)$/,
    );
    // One minor only: the cluster is left at the first hop's version, and the report says so.
    expect(report.rollback?.notUndone).toContain(
      'control-plane: EKS rolls back one minor version only; the control plane can go back to 1.30 at best, not to 1.29',
    );
    expect(report.outcome).toBe('partially_rolled_back');
    expect(report.gatewayOperations.rollback).toEqual(
      expect.arrayContaining([
        'updateNodegroupVersion',
        'updateAddon',
        'describeAddonVersions',
        'listInsights',
        'updateClusterVersion',
      ]),
    );
  });

  it('one hop: the node group that reached 1.30 goes back to 1.29, then the control plane', async () => {
    // Act: spot-workers' update fails after general reached 1.30
    const { report } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.30',
        failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }],
      }),
    );

    // Assess
    expect(statuses(report.rollback?.actions)).toEqual([
      'nodegroup:general:undone',
      'addon:vpc-cni:not_possible',
      'addon:coredns:not_possible',
      'control-plane:started',
    ]);
    expect(report.rollback?.actions[0]?.message).toMatch(
      /^general rolled back 1\.30 → 1\.29 \(update \S+\)$/,
    );
    expect(report.rollback?.actions.at(-1)?.message).toBe('EKS native rollback 1.30 → 1.29 started');
  });

  it('a node group roll longer than the rollback function has leaves the control plane, and says what to do', async () => {
    // Act: every update takes 10 polls; the rollback function waits 4 (its 180 s, less a minute, in 30 s polls)
    const { report } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.30',
        updatePolls: 10,
        failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }],
      }),
    );

    // Assess
    expect(statuses(report.rollback?.actions)).toEqual([
      'nodegroup:general:started',
      'addon:vpc-cni:not_possible',
      'addon:coredns:not_possible',
      'control-plane:not_possible',
    ]);
    expect(report.rollback?.actions.at(-1)?.message).toMatch(
      /^nodegroup:general \(update \S+\) still rolling back when this rollback ran out of time; the control plane stays at 1\.30: once they end, roll it back to 1\.29 \(UpdateClusterVersion with rollbackConfig\) within 7 days of the upgrade$/,
    );
    expect(report.outcome).toBe('partially_rolled_back');
  });

  it('an ERROR rollback-readiness insight leaves the control plane, with its reason', async () => {
    // Prepare
    const base = demoScenario({
      inPlaceTo: '1.30',
      failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'general' }],
    });
    const scenario = ScenarioSchema.parse({
      ...base,
      cluster: {
        ...base.cluster,
        insights: [
          {
            id: 'rollback-addons',
            name: 'Add-on version compatibility',
            category: 'ROLLBACK_READINESS',
            status: 'ERROR',
            reason: 'aws-ebs-csi-driver v1.40 does not support 1.29',
          },
        ],
      },
    });

    // Act
    const { report } = await runWorkflowPath(scenario);

    // Assess: the upgrade-readiness planner does not see it; the rollback does
    expect(report.plan?.blockers).toEqual([]);
    expect(report.rollback?.actions.at(-1)).toEqual({
      target: 'control-plane',
      status: 'not_possible',
      message:
        'EKS rollback readiness says no: Add-on version compatibility: aws-ebs-csi-driver v1.40 does not support 1.29; the control plane stays at 1.30',
    });
  });
});
