/**
 * EKS native rollback end to end: the state machine deploy ships, run by the local runner, the
 * real rollback phase against the simulated cluster, whose EKS refuses a control-plane rollback
 * while a managed node group runs a newer kubelet than N-1 — so the control plane's rollback
 * below means the node groups really went back first. The workflow runs the rollback again, a
 * poll interval apart, while its undos are pending, so each report is the last pass's.
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
    const calls = lambdaCalls(run);
    const rollbackPasses = calls.slice(calls.lastIndexOf('validation:step:ng-spot-workers-1.31') + 1);
    expect(rollbackPasses.length).toBeGreaterThan(1);
    expect(new Set(rollbackPasses)).toEqual(new Set(['rollback']));
    expect(report.rollback?.success).toBe(true);
    expect(statuses(report.rollback?.actions)).toEqual([
      'nodegroup:general:undone',
      'nodegroup:spot-workers:not_possible',
      'addon:vpc-cni:not_possible',
      'addon:coredns:undone',
      'addon:kube-proxy:not_possible',
      'control-plane:undone',
    ]);
    // Started on one pass, seen running on the next ones, seen done on the last.
    expect(report.rollback?.actions.at(-1)?.message).toMatch(
      /^EKS native rollback 1\.31 → 1\.30 \(update \S+\); now: The control plane was rolled back to 1\.30 \(update \S+\); EKS native rollback goes back one minor, once$/,
    );
    expect(report.rollback?.pending).toEqual([]);
    expect(report.rollback?.actions[3]?.message).toMatch(
      /^coredns downgraded to v1\.11\.3-eksbuild\.1 for 1\.30 \(update \S+\)$/,
    );
    // One minor only: the cluster is left at the first hop's version, and the report says so.
    expect(report.rollback?.notUndone).toContain(
      'control-plane: goes back to 1.30, not to 1.29: EKS rolls back one minor version only',
    );
    expect(report.outcome).toBe('partially_rolled_back');
    // One native rollback, not a second one a minor further once the first ended.
    expect(calls.filter((call) => call === 'rollback').length).toBe(rollbackPasses.length);
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
      'control-plane:undone',
    ]);
    // The pass after the one that started it found general back at 1.29.
    expect(report.rollback?.actions[0]?.message).toMatch(
      /^UpdateNodegroupVersion general 1\.30 → 1\.29: update \S+ started; now back where it was$/,
    );
    expect(report.rollback?.actions.at(-1)?.message).toMatch(
      /^EKS native rollback 1\.30 → 1\.29 \(update \S+\); now: Control plane still runs 1\.29$/,
    );
    // What stays changed are the add-ons, which EKS does not roll back.
    expect(report.rollback?.notUndone).toEqual([
      expect.stringMatching(/^addon:vpc-cni: EKS does not roll back add-ons/),
      expect.stringMatching(/^addon:coredns: EKS does not roll back add-ons/),
    ]);
  });

  it('a node group roll longer than one rollback pass: the workflow runs the rollback again until the control plane is back', async () => {
    // Act: every update takes 10 polls, far more than one pass makes
    const { run, report } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.30',
        updatePolls: 10,
        failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }],
      }),
    );

    // Assess
    expect(statuses(report.rollback?.actions)).toEqual([
      'nodegroup:general:undone',
      'addon:vpc-cni:not_possible',
      'addon:coredns:not_possible',
      'control-plane:undone',
    ]);
    expect(report.rollback?.actions[0]?.message).toMatch(
      /^general rolled back 1\.30 → 1\.29 \(update \S+\)$/,
    );
    expect(report.rollback?.pending).toEqual([]);
    expect(lambdaCalls(run).filter((call) => call === 'rollback').length).toBeGreaterThan(4);
    expect(run.publishedEvents.filter((event) => event.detailType === 'rollback.completed')).toHaveLength(1);
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
