/**
 * The workflow's stages with the real phase code against the simulated cluster: each step a child
 * execution with its own history, node group rolls of a hop in parallel, approval gates in the
 * upgrade's own execution, and a failure held for "roll back or resume".
 */
import { describe, expect, it } from 'vitest';
import { demoScenario, eventTypes, lambdaCalls, planOf, runWorkflowPath } from './workflow-run.js';

const IN_PLACE = { inPlaceTo: '1.30' } as const;

function childOf(run: Awaited<ReturnType<typeof runWorkflowPath>>['run'], stepId: string) {
  return run.childExecutions.find(
    (child) => (child.output as { stepId?: string } | undefined)?.stepId === stepId,
  );
}

describe('Upgrade workflow stages (real phases, simulated cluster)', () => {
  it('runs every step as a child execution whose history is its own, and says so in the report', async () => {
    // Act
    const { run, report } = await runWorkflowPath(demoScenario({ ...IN_PLACE, updatePolls: 40 }));

    // Assess: the 40 polls of each update are in the step's history, not the upgrade's
    expect(run.status).toBe('SUCCEEDED');
    const plan = planOf(run);
    expect(run.childExecutions.map((child) => (child.output as { stepId: string }).stepId)).toEqual(
      plan.steps.map((step) => step.id),
    );
    expect(run.largestChildHistoryEventCount).toBeGreaterThan(40 * 11);
    expect(run.historyEventCount).toBeLessThan(40 * 11);
    expect(report.stepHistoryEvents).toMatchObject({
      executions: plan.steps.length,
      largest: run.largestChildHistoryEventCount,
    });
    expect(report.historyEvents.count).toBe(run.historyEventCount);
  });

  it('rolls the node groups of a hop together with upgrade.nodegroupParallelism 2', async () => {
    // Act
    const { run } = await runWorkflowPath(demoScenario({ ...IN_PLACE, updatePolls: 6 }), {
      upgrade: { nodegroupParallelism: 2 },
    });

    // Assess: the planner grouped them; both rolls started at the same virtual time
    expect(run.status).toBe('SUCCEEDED');
    const groups = planOf(run)
      .steps.filter((step) => step.kind === 'nodegroup_upgrade')
      .map((step) => [step.id, step.parallelGroup]);
    expect(groups).toEqual([
      ['ng-general-1.30', 'nodegroups-1.30'],
      ['ng-spot-workers-1.30', 'nodegroups-1.30'],
    ]);
    const general = childOf(run, 'ng-general-1.30');
    const spot = childOf(run, 'ng-spot-workers-1.30');
    expect(general?.startedAtSeconds).toBe(spot?.startedAtSeconds);
    expect(spot?.startedAtSeconds ?? Infinity).toBeLessThan(general?.endedAtSeconds ?? 0);
  });

  it('one node group failing while the other rolls: the other finishes, then the rollback', async () => {
    // Act
    const { run } = await runWorkflowPath(
      demoScenario({
        ...IN_PLACE,
        updatePolls: 4,
        failures: [{ type: 'update_fails', resource: 'nodegroup', name: 'spot-workers' }],
      }),
      { upgrade: { nodegroupParallelism: 2 } },
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(childOf(run, 'ng-general-1.30')?.output).toMatchObject({ outcome: 'succeeded' });
    expect(childOf(run, 'ng-spot-workers-1.30')?.output).toMatchObject({ outcome: 'failed' });
    const rollback = run.taskInvocations.find((call) => call.stateName === 'Rollback: Undo changes');
    expect(rollback?.atSeconds).toBeGreaterThanOrEqual(
      childOf(run, 'ng-general-1.30')?.endedAtSeconds ?? Infinity,
    );
    expect(lambdaCalls(run)).not.toContain('execution:addon-kube-proxy-1.30');
  });

  it('a plan gate rejected before anything changed ends "Upgrade: Rejected": no step ran, nothing rolled back', async () => {
    // Act
    let pendingPlanId: string | undefined;
    const { run, report } = await runWorkflowPath(
      demoScenario(IN_PLACE),
      { upgrade: { approval: { plan: true } } },
      {
        resolveGate: (pending) => {
          pendingPlanId = pending.planId;
          return { decision: 'reject', reason: 'change board said no' };
        },
      },
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.GateRejected');
    expect(run.cause).toBe('change board said no');
    const planned = run.taskInvocations.find((call) => call.stateName === 'Reasoning: Plan the upgrade');
    expect(planned).toBeDefined();
    expect(pendingPlanId).toBe((planned?.output as { planId?: string } | undefined)?.planId);
    expect(lambdaCalls(run)).toEqual(['perception', 'reasoning', 'execution:gate-wait:gate-plan']);
    expect(
      run.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rejected']);
    expect(eventTypes(run).slice(-4)).toEqual([
      'gate.pending',
      'gate.rejected',
      'phase.failed',
      'upgrade.failed',
    ]);
    expect(report.outcome).toBe('failed');
  });

  it('failurePolicy hold: a failed control-plane update waits for "roll back or resume", then rolls back when rejected', async () => {
    // Act
    const purposes: string[] = [];
    const { run } = await runWorkflowPath(
      demoScenario({
        ...IN_PLACE,
        failures: [{ type: 'update_fails', resource: 'control_plane', toVersion: '1.30' }],
      }),
      { upgrade: { failurePolicy: 'hold' } },
      {
        resolveGate: (pending) => {
          purposes.push(`${pending.gate.purpose}:${pending.stepId}`);
          return { decision: 'reject', reason: 'roll it back', afterSeconds: 300 };
        },
      },
    );

    // Assess
    expect(purposes).toEqual(['failure:cp-1.30']);
    expect(run.error).toBe('Upgrade.ValidationFailed');
    expect(lambdaCalls(run).at(-1)).toBe('rollback');
    expect(eventTypes(run)).toContain('gate.rejected');
  });
});
