/**
 * The paths of the upgrade workflow, end to end: the state machine deploy ships, run by the local
 * runner, every task calling the real phase code against the simulated cluster. The runner's own
 * contract (task answers, retries, waits, aborts) is tested in packages/sfn.
 */
import { UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { executionNameForRequest } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import {
  callCount,
  demoScenario,
  detailOf,
  eventTypes,
  invalidEvents,
  lambdaCalls,
  planOf,
  runWorkflowPath,
  successfulStepCalls,
  validationFailures,
} from './workflow-run.js';

/** The execution's start: the input the runner stamped on its first event. */
function scenarioStart(run: { eventLog: Array<{ type: string; timestamp: Date }> }): string {
  const started = run.eventLog.find((event) => event.type === 'ExecutionStarted');
  if (!started) throw new Error('the run recorded no ExecutionStarted event');
  return started.timestamp.toISOString();
}

function stepEvents(middle: string[] = []): string[] {
  return ['phase.started', 'validation.success', ...middle, 'phase.completed'];
}
const START_EVENTS = [
  'phase.started',
  'phase.completed',
  'phase.started',
  'phase.completed',
  'upgrade.started',
  'phase.started',
];
// The execution phase is closed, then the final validation runs and is closed.
const FINISH_EVENTS = [
  'phase.completed',
  'phase.started',
  'validation.success',
  'phase.completed',
  'upgrade.completed',
];
// The failed phase is closed (phase.failed) before the rollback starts.
const ROLLBACK_EVENTS = ['phase.failed', 'rollback.triggered', 'rollback.completed', 'upgrade.failed'];
const GATE_EVENTS = ['gate.pending', 'gate.approved'];
/**
 * The Lambda calls after the last `call`: the rollback's passes (the workflow runs it again, a
 * poll interval apart, while its undos are pending).
 */
const callsAfter = (calls: string[], call: string) => calls.slice(calls.lastIndexOf(call) + 1);
/** The demo's in-place steps of one hop, in the planner's order (kube-proxy after the nodes). */
const HOP_STEPS = [
  'cp',
  'addon-vpc-cni',
  'addon-coredns',
  'ng-general',
  'ng-spot-workers',
  'addon-kube-proxy',
];
/** Blue/green: green's node groups and add-ons, copied from blue. */
const BEFORE_ADDONS = [
  'green-oidc-demo-1-31',
  'green-ng-general',
  'green-ng-spot-workers',
  'green-access-demo-1-31',
  'green-pod-identity-demo-1-31',
];
/** The add-on copies: after the gate for vpc-cni's IRSA role (it trusts demo's issuer only). */
const ADDON_COPIES = ['green-addon-vpc-cni', 'green-addon-kube-proxy', 'green-addon-coredns'];
const BOOTSTRAP = [...BEFORE_ADDONS, ...ADDON_COPIES];
/** "<cluster>: unhealthy (update-status: Update <id> (VersionUpdate) ended Failed: <code>: <message>)". */
const CONTROL_PLANE_UPDATE_FAILED =
  /^demo: unhealthy \(update-status: Update \S+ \(VersionUpdate\) ended Failed: ClusterUnreachable: Simulated update failure\)$/;

describe('Upgrade workflow paths (real phases, simulated cluster)', () => {
  it('in place 1.29 → 1.31: two hops of control plane, add-ons and node groups succeed', async () => {
    // Prepare
    const scenario = demoScenario({ inPlaceTo: '1.31' });

    // Act
    const { run } = await runWorkflowPath(scenario);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    const plan = planOf(run);
    expect(plan.steps.map((step) => step.id)).toEqual([
      ...HOP_STEPS.map((step) => `${step}-1.30`),
      ...HOP_STEPS.map((step) => `${step}-1.31`),
    ]);
    expect(lambdaCalls(run)).toEqual([
      'perception',
      'reasoning',
      ...plan.steps.flatMap((step) => successfulStepCalls(scenario, step)),
      'validation:final',
    ]);
    expect(eventTypes(run)).toEqual([
      ...START_EVENTS,
      ...Array.from({ length: 12 }, () => stepEvents()).flat(),
      ...FINISH_EVENTS,
    ]);
    expect(invalidEvents(run)).toEqual([]);
    const upgradeId = executionNameForRequest(
      UpgradeRequestSchema.parse({ clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' }),
    );
    expect(new Set(run.publishedEvents.map((event) => event.detail.upgradeId))).toEqual(new Set([upgradeId]));
    expect(run.timeline.filter((entry) => entry.phase === 'execution').map((entry) => entry.stepId)).toEqual([
      ...HOP_STEPS.map((step) => `${step}-1.30`),
      ...HOP_STEPS.map((step) => `${step}-1.31`),
    ]);
    expect(run.timeline.every((entry) => entry.status === 'succeeded')).toBe(true);
    expect(run.output).toMatchObject({ request: { clusterName: 'demo' }, plan: { hops: ['1.30', '1.31'] } });
  });

  it('blue/green: provision and bootstrap green, five traffic steps with bakes, decommission', async () => {
    // Prepare
    const scenario = demoScenario();

    // Act
    const { run } = await runWorkflowPath(scenario);

    // Assess: creations poll until ACTIVE, Route 53 changes until INSYNC, deletions until gone
    expect(run.status).toBe('SUCCEEDED');
    const plan = planOf(run);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'provision-demo-1-31',
      ...BEFORE_ADDONS,
      'gate-irsa-demo-1-31',
      ...ADDON_COPIES,
      'gate-workload-demo-1-31',
      ...[10, 25, 50, 75, 100].map((weight) => `traffic-${weight}`),
      'retain-demo',
      'gate-decommission-demo',
      'decommission-demo',
    ]);
    // node groups and add-ons of green take the generic execute → wait → poll → validate path
    expect(lambdaCalls(run)).toEqual([
      'perception',
      'reasoning',
      ...plan.steps.flatMap((step) => successfulStepCalls(scenario, step)),
      'validation:final',
    ]);
    expect(
      run.timeline
        .filter((entry) => entry.phase === 'execution')
        .map((entry) => [entry.stepKind, entry.status])
        .slice(0, 10),
    ).toEqual([
      ['cluster_provision', 'succeeded'],
      ['oidc_provider_provision', 'succeeded'],
      ['nodegroup_provision', 'succeeded'],
      ['nodegroup_provision', 'succeeded'],
      ['access_entry_provision', 'succeeded'],
      ['pod_identity_provision', 'succeeded'],
      ['approval_gate', 'succeeded'],
      ['addon_install', 'succeeded'],
      ['addon_install', 'succeeded'],
      ['addon_install', 'succeeded'],
    ]);
    // (each step's waits are in its own child execution's history)
    const bootstrapWaits = run.childExecutions
      .flatMap((child) => child.eventLog)
      .filter((event) => event.type === 'WaitStateEntered' && event.stateName === 'Step: Wait for update')
      .map((event) => (event.input as { step: { id: string } }).step.id);
    expect([...new Set(bootstrapWaits.filter((id) => BOOTSTRAP.includes(id)))]).toEqual(BOOTSTRAP);
    expect(eventTypes(run)).toEqual([
      ...START_EVENTS,
      ...stepEvents(['cluster.provisioned']),
      ...Array.from({ length: BEFORE_ADDONS.length }, () => stepEvents()).flat(),
      // the IRSA gate, then the workload gate (approved at once when the scenario says nothing of them)
      ...GATE_EVENTS,
      ...Array.from({ length: ADDON_COPIES.length }, () => stepEvents()).flat(),
      ...GATE_EVENTS,
      ...Array.from({ length: 5 }, () => stepEvents(['traffic.shifted', 'validation.success'])).flat(),
      // blue's retention, then the decommission gate
      ...stepEvents(),
      ...GATE_EVENTS,
      ...stepEvents(['cluster.decommissioned']),
      ...FINISH_EVENTS,
    ]);
    expect(invalidEvents(run)).toEqual([]);
    const shifts = run.publishedEvents.filter((event) => event.detailType === 'traffic.shifted');
    expect(shifts.map((event) => [event.detail.previousWeight, event.detail.weight])).toEqual([
      [0, 10],
      [10, 25],
      [25, 50],
      [50, 75],
      [75, 100],
    ]);
    // five bakes of 300 s happened on the virtual clock
    expect(run.durations.virtualSeconds).toBeGreaterThanOrEqual(1500);
  });

  it('a plan with blockers (an upgrade insight in ERROR) stops before any change', async () => {
    // Act
    const { run, report } = await runWorkflowPath(demoScenario({ failures: [{ type: 'blocking_insight' }] }));

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.PlanBlocked');
    expect(run.cause).toContain('Deprecated API usage detected');
    expect(lambdaCalls(run)).toEqual(['perception', 'reasoning']);
    // reasoning ends failed: its phase.started is closed before upgrade.failed
    expect(eventTypes(run)).toEqual([
      'phase.started',
      'phase.completed',
      'phase.started',
      'phase.failed',
      'upgrade.failed',
    ]);
    expect(run.publishedEvents.at(-1)?.detail).toMatchObject({
      phase: 'reasoning',
      error: 'Upgrade.PlanBlocked',
    });
    expect(invalidEvents(run)).toEqual([]);
    expect(report.gatewayOperations.execution).toEqual([]);
  });

  it('an update that ends Failed triggers the rollback and fails with the original cause', async () => {
    // Act: the first control-plane update fails, so nothing else has moved and nothing is left changed
    const { run, report } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.30',
        failures: [{ type: 'update_fails', resource: 'control_plane', toVersion: '1.30' }],
      }),
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.ValidationFailed');
    expect(run.cause).toMatch(CONTROL_PLANE_UPDATE_FAILED);
    expect(report.outcome).toBe('rolled_back');
    expect(report.rollback).toMatchObject({ success: true, notUndone: [] });
    expect(
      run.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rolled back']);
    const calls = lambdaCalls(run);
    expect(calls.slice(-4)).toEqual([
      'execution:cp-1.30',
      'validation:step:cp-1.30',
      'validation:step:cp-1.30',
      'rollback',
    ]);
    expect(calls).not.toContain('execution:addon-vpc-cni-1.30');
    expect(eventTypes(run).slice(-7)).toEqual([
      'phase.started',
      'validation.failure',
      'phase.failed',
      ...ROLLBACK_EVENTS,
    ]);
    expect(validationFailures(run)).toEqual([
      expect.objectContaining({ stepId: 'cp-1.30', summary: run.cause, failedChecks: ['update-status'] }),
    ]);
    const rollbackInput = run.taskInvocations.find((call) => call.functionName?.endsWith('rollback'))?.input;
    expect(rollbackInput).toMatchObject({
      plan: { planId: 'demo-1.29-to-1.30-in_place' },
      failure: { Error: 'Upgrade.ValidationFailed', Cause: run.cause },
    });
    expect(detailOf(run, 'rollback.triggered')).toMatchObject({
      failedPhase: 'execution',
      error: 'Upgrade.ValidationFailed',
    });
    expect(invalidEvents(run)).toEqual([]);
    expect(run.timeline.find((entry) => entry.status === 'failed')).toMatchObject({
      phase: 'execution',
      stepId: 'cp-1.30',
      error: 'Upgrade.ValidationFailed',
    });
    expect(run.timeline.at(-1)).toMatchObject({ phase: 'rollback', status: 'succeeded' });
  });

  it('a rollback that leaves something changed ends partially rolled back, listing what is left', async () => {
    // Act: the second hop's control-plane update fails; the first hop's add-ons stay changed
    const { run, report } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.31',
        failures: [{ type: 'update_fails', resource: 'control_plane', toVersion: '1.31' }],
      }),
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.PartiallyRolledBack');
    expect(report.outcome).toBe('partially_rolled_back');
    const notUndone = report.rollback?.notUndone ?? [];
    expect(report.rollback?.success).toBe(true);
    // (what the rollback can undo is the rollback phase's business; here: something is left)
    expect(notUndone).toEqual(expect.arrayContaining([expect.stringMatching(/^addon:kube-proxy: /)]));
    const [original, leftChanged] = (run.cause ?? '').split(' | ');
    expect(original).toMatch(/^Upgrade failed with Upgrade\.ValidationFailed: /);
    expect(original?.replace('Upgrade failed with Upgrade.ValidationFailed: ', '')).toMatch(
      CONTROL_PLANE_UPDATE_FAILED,
    );
    expect(leftChanged).toBe(`Rolled back partially, left changed: ${JSON.stringify(notUndone)}`);
    // The control plane's native rollback 1.30 → 1.29 runs over several passes, until it ended.
    const passes = callsAfter(lambdaCalls(run), 'validation:step:cp-1.31');
    expect(passes.length).toBeGreaterThan(1);
    expect(new Set(passes)).toEqual(new Set(['rollback']));
    expect(report.rollback?.pending).toEqual([]);
    expect(eventTypes(run).slice(-7)).toEqual([
      'phase.started',
      'validation.failure',
      'phase.failed',
      ...ROLLBACK_EVENTS,
    ]);
    expect(detailOf(run, 'rollback.completed')).toMatchObject({ success: true, notUndone });
    expect(detailOf(run, 'upgrade.failed')).toMatchObject({
      error: 'Upgrade.PartiallyRolledBack',
      cause: run.cause,
      phase: 'execution',
    });
    expect(invalidEvents(run)).toEqual([]);
    expect(
      run.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Partially rolled back']);
    expect(run.timeline.at(-1)).toMatchObject({ phase: 'rollback', status: 'succeeded' });
  });

  it('green turning unhealthy at 50 % traffic rolls back before the next shift', async () => {
    // Act
    const { run, report } = await runWorkflowPath(
      demoScenario({ failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }] }),
    );

    // Assess: the alarm fires once green carries 50 %, so the shift's own validation sees it;
    // traffic is back on blue, and the workflow runs the rollback again until green is deleted
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.ValidationFailed');
    expect(run.cause).toMatch(/^demo-1-31: unhealthy/);
    expect(run.cause).toContain('Alarm demo-api-5xx is in ALARM');
    expect(report.outcome).toBe('rolled_back');
    const calls = lambdaCalls(run);
    const passes = callsAfter(calls, 'validation:step:traffic-50');
    expect(passes.length).toBeGreaterThan(1);
    expect(new Set(passes)).toEqual(new Set(['rollback']));
    expect(
      run.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rolled back']);
    expect(report.rollback).toMatchObject({ notUndone: [], pending: [] });
    expect(report.rollback?.actions).toContainEqual({
      target: 'green-cluster',
      status: 'undone',
      message: expect.stringMatching(
        /^Cluster demo-1-31 is deleted|; now: Green cluster demo-1-31 does not exist$/,
      ),
    });
    expect(calls).not.toContain('execution:traffic-75');
    expect(eventTypes(run).slice(-7)).toEqual([
      'phase.started',
      'validation.failure',
      'phase.failed',
      ...ROLLBACK_EVENTS,
    ]);
    // traffic.shifted is published once a shift validated: the last one is 25 %
    expect(
      run.publishedEvents.filter((event) => event.detailType === 'traffic.shifted').at(-1)?.detail.weight,
    ).toBe(25);
    // the ValidationResult's failedChecks travel in the event (plain JSONPath), schema-valid
    const [failure, ...others] = validationFailures(run);
    expect(others).toEqual([]);
    expect(failure?.failedChecks).toEqual(['alarm:demo-api-5xx']);
    expect(failure).toMatchObject({ clusterName: 'demo', stepId: 'traffic-50' });
    expect(invalidEvents(run)).toEqual([]);
    expect(report.rollback?.success).toBe(true);
    expect(report.rollback?.actions).toContainEqual(
      expect.objectContaining({ target: 'traffic', status: 'undone' }),
    );
  });

  it('an alarm already in ALARM fails the first validation and rolls back before traffic moves', async () => {
    // Act
    const { run } = await runWorkflowPath(
      demoScenario({ failures: [{ type: 'alarm_in_alarm', alarmName: 'demo-api-5xx' }] }),
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.ValidationFailed');
    const calls = lambdaCalls(run);
    expect(calls.slice(0, 4)).toEqual([
      'perception',
      'reasoning',
      'execution:provision-demo-1-31',
      'validation:step:provision-demo-1-31',
    ]);
    // The green cluster just created is deleted over the rollback's passes.
    expect(calls.length).toBeGreaterThan(5);
    expect(new Set(calls.slice(4))).toEqual(new Set(['rollback']));
    expect(eventTypes(run)).toEqual([
      ...START_EVENTS,
      'phase.started',
      'validation.failure',
      'phase.failed',
      ...ROLLBACK_EVENTS,
    ]);
    expect(validationFailures(run)).toEqual([
      expect.objectContaining({ stepId: 'provision-demo-1-31', failedChecks: ['alarm:demo-api-5xx'] }),
    ]);
    expect(invalidEvents(run)).toEqual([]);
  });

  it('a rollback that cannot undo everything fails the execution with both causes', async () => {
    // Act: a node group update fails after the control plane reached 1.30; EKS refuses its rollback
    const { run } = await runWorkflowPath(
      demoScenario({
        inPlaceTo: '1.30',
        failures: [
          { type: 'update_fails', resource: 'nodegroup', name: 'general' },
          { type: 'rollback_fails' },
        ],
      }),
    );

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.RollbackFailed');
    expect(run.cause).toMatch(
      /^Upgrade failed with Upgrade\.ValidationFailed: demo: unhealthy \(update-status: .* ended Failed: ClusterUnreachable: Simulated update failure\) \| Rollback failed with Upgrade\.RollbackIncomplete: Rollback of demo after Upgrade\.ValidationFailed: .* Not undone: \[.*"control-plane: EKS refused the rollback to 1\.29: .*Rollback readiness check failed: simulated"\]$/,
    );
    expect(lambdaCalls(run).slice(-2)).toEqual(['validation:step:ng-general-1.30', 'rollback']);
    expect(eventTypes(run).slice(-6)).toEqual(['validation.failure', 'phase.failed', ...ROLLBACK_EVENTS]);
    expect(detailOf(run, 'rollback.completed')).toMatchObject({
      success: false,
      summary: expect.stringContaining('Rollback of demo after Upgrade.ValidationFailed'),
      notUndone: expect.arrayContaining([
        expect.stringMatching(/^control-plane: EKS refused the rollback to 1\.29/),
      ]),
    });
    expect(detailOf(run, 'upgrade.failed')).toMatchObject({
      error: 'Upgrade.RollbackFailed',
      phase: 'execution',
    });
    expect(invalidEvents(run)).toEqual([]);
    expect(
      run.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rollback failed']);
    expect(run.timeline.at(-1)).toMatchObject({
      phase: 'rollback',
      status: 'failed',
      error: 'Upgrade.RollbackIncomplete',
    });
  });

  it('an update outlasting a short execution timeout reaches the deadline and rolls back before States.Timeout', async () => {
    // Prepare: the planner estimates one hop at 3840 s and refuses less time before the deadline;
    // the deadline is 8000 − 3510 s kept for the rollback (600 + 2 × 300 + 300 + 60 × 30 + 7 × 30)
    // = 4490 s, before the step's own poll bound (5700 s) would end a control-plane update that
    // never finishes.
    const config = { stepFunctions: { executionTimeoutSeconds: 8000 } };

    // Act
    const { run, report } = await runWorkflowPath(
      demoScenario({ inPlaceTo: '1.30', updatePolls: 1000 }),
      config,
    );

    // Assess: not TIMED_OUT: the rollback ran and upgrade.failed was published, inside the timeout
    expect(run.status).toBe('FAILED');
    expect(run.eventLog.map((event) => event.type)).not.toContain('ExecutionTimedOut');
    expect(run.durations.virtualSeconds).toBeLessThan(8000);
    const plan = run.taskInvocations.find((call) => call.stateName === 'Reasoning: Plan the upgrade')
      ?.output as { deadline?: string };
    expect(plan.deadline).toBe(new Date(Date.parse(scenarioStart(run)) + 4490 * 1000).toISOString());
    const rollbackCall = run.taskInvocations.find((call) => call.functionName?.endsWith('-rollback'));
    expect(rollbackCall?.atSeconds).toBeGreaterThanOrEqual(4490);
    expect(rollbackCall?.atSeconds).toBeLessThan(4490 + 30 + 300);
    expect(rollbackCall?.input).toMatchObject({
      failure: {
        Error: 'Upgrade.DeadlineReached',
        Cause: `The execution reached its deadline ${plan.deadline} (its start + executionTimeoutSeconds 8000 s − 3510 s kept for the rollback) with the plan unfinished: rolling back before Step Functions would stop the execution`,
      },
    });
    expect(lambdaCalls(run).slice(-2)).toEqual(['validation:step:cp-1.30', 'rollback']);
    // the step's phase.started is closed by its phase.failed at the deadline
    expect(eventTypes(run)).toEqual([...START_EVENTS, 'phase.started', 'phase.failed', ...ROLLBACK_EVENTS]);
    expect(detailOf(run, 'rollback.triggered')).toMatchObject({
      failedPhase: 'execution',
      error: 'Upgrade.DeadlineReached',
    });
    // the control-plane update still runs (EKS cannot cancel it): partially rolled back, exit 4
    expect(run.error).toBe('Upgrade.PartiallyRolledBack');
    expect(run.cause).toMatch(
      /^Upgrade failed with Upgrade\.DeadlineReached: The execution reached its deadline /,
    );
    expect(report.outcome).toBe('partially_rolled_back');
    expect(invalidEvents(run)).toEqual([]);
  });

  it('an update that never finishes fails the step after the operation and validation timeouts (bounded polls)', async () => {
    // Prepare: a machine timeout long enough for the poll bound to be what ends the step
    const config = { stepFunctions: { executionTimeoutSeconds: 86_400 } };

    // Act
    const { run } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30', updatePolls: 1000 }), config);

    // Assess: (5400 s operation + 300 s validation) at a 30 s poll interval → 190 polls; the
    // update still runs (EKS cannot cancel it), so the rollback leaves it changed
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Upgrade.PartiallyRolledBack');
    expect(run.cause).toMatch(
      /^Upgrade failed with Upgrade\.ValidationTimeout: .* \| Rolled back partially, left changed: \["control-plane: Update \S+ \(VersionUpdate to 1\.30\) is still in progress/,
    );
    expect(callCount(run, 'validation:step:cp-1.30')).toBe(190);
    expect(lambdaCalls(run).at(-1)).toBe('rollback');
    expect(eventTypes(run).slice(-6)).toEqual(['validation.failure', 'phase.failed', ...ROLLBACK_EVENTS]);
    expect(validationFailures(run)).toEqual([
      expect.objectContaining({ stepId: 'cp-1.30', failedChecks: [] }),
    ]);
  });

  it('a long but finite update (a 20-minute control-plane update: 40 polls at 30 s) succeeds', async () => {
    // Act
    const { run } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30', updatePolls: 40 }));

    // Assess: the old bound (validation timeout / poll interval = 10 polls) rolled this back
    expect(run.status).toBe('SUCCEEDED');
    const polls = run.taskInvocations.filter(
      (call) =>
        call.stateName === 'Step: Validate' && (call.input as { step: { id: string } }).step.id === 'cp-1.30',
    );
    expect(polls).toHaveLength(40);
    expect((polls.at(-1)?.atSeconds ?? 0) - (polls[0]?.atSeconds ?? 0)).toBeGreaterThanOrEqual(39 * 30);
    expect(lambdaCalls(run)).not.toContain('rollback');
    expect(eventTypes(run)).not.toContain('validation.failure');
  });

  it('bounds step-scope polls by the configured operation and validation timeouts', async () => {
    // Prepare: 100 s operation + 60 s validation at 20 s → 8 polls
    const config = {
      upgrade: { operationTimeoutSeconds: 100, validationTimeoutSeconds: 60, pollIntervalSeconds: 20 },
    };

    // Act
    const { run } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30', updatePolls: 1000 }), config);

    // Assess
    expect(run.error).toBe('Upgrade.PartiallyRolledBack');
    expect(run.cause).toMatch(/^Upgrade failed with Upgrade\.ValidationTimeout: /);
    expect(callCount(run, 'validation:step:cp-1.30')).toBe(8);
  });
});
