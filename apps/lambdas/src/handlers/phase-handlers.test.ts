import {
  StepResultSchema,
  toAWSServiceError,
  type UpgradePlan,
  type UpgradeRequest,
} from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../simulation/scenario.js';
import { createPhaseHandlers, type PhaseHandlers } from './phase-handlers.js';

/** Drives the handlers as the workflow does: each step executed, then validated until it settles. */
/** As the workflow: the rollback runs again a poll interval apart (here 30 s of the simulated clock). */
async function runWorkflow(
  handlers: PhaseHandlers,
  request: UpgradeRequest,
  gateway?: SimulatedClusterGateway,
) {
  const snapshot = await handlers.perception({ request });
  const plan = await handlers.reasoning({ request, snapshot });
  const trail: string[] = [];
  if (plan.blocked) return { plan, trail, outcome: 'blocked' as const };
  for (const step of plan.steps) {
    // As the workflow: an approval gate is answered (here: approved at once), never executed.
    if (step.kind === 'approval_gate') continue;
    // No maintenance windows configured: every step starts, none is deferred.
    const stepResult = StepResultSchema.parse(await handlers.execution({ request, step }));
    let verdict = await handlers.validation({ request, scope: 'step', step, stepResult, plan });
    for (let poll = 0; verdict.status === 'in_progress' && poll < 20; poll += 1) {
      verdict = await handlers.validation({ request, scope: 'step', step, stepResult, plan });
    }
    if (verdict.status === 'healthy' && step.kind === 'traffic_shift') {
      verdict = await handlers.validation({ request, scope: 'bake', step, plan });
    }
    trail.push(`${step.id}:${stepResult.status}:${verdict.status}`);
    if (verdict.status !== 'healthy') {
      // As the workflow: rollback again, with the pass before, while undos are pending.
      const failure = { Error: 'ValidationFailed', Cause: verdict.summary };
      let rollback = await handlers.rollback({ request, plan, failure });
      let passes = 1;
      for (; rollback.pending.length > 0 && passes <= 60; passes += 1) {
        gateway?.advanceClock(30);
        rollback = await handlers.rollback({
          request,
          plan,
          failure,
          previous: rollback,
          pass: { count: passes, limit: 60 },
        });
      }
      return { plan, trail, outcome: 'rolled_back' as const, rollback, passes };
    }
  }
  const final = await handlers.validation({ request, scope: 'final', plan });
  return { plan, trail, outcome: final.status, final };
}

function setUp(scenario: ScenarioInput = DEMO_SCENARIO) {
  const gateway = new SimulatedClusterGateway(scenario);
  const handlers = createPhaseHandlers({
    gateway,
    config: { bedrock: { enabled: false } },
    clock: { now: () => gateway.now() },
  });
  return { gateway, handlers, request: gateway.scenario.request };
}

describe('Function: createPhaseHandlers', () => {
  it('rehearses the demo blue/green upgrade 1.29 → 1.31 to a healthy end', async () => {
    // Prepare
    const { gateway, handlers, request } = setUp();

    // Act
    const run = await runWorkflow(handlers, request, gateway);

    // Assess
    expect(run.outcome).toBe('healthy');
    expect(run.plan.hops).toEqual(['1.30', '1.31']);
    expect(run.trail).toEqual([
      'provision-demo-1-31:in_progress:healthy',
      'green-oidc-demo-1-31:succeeded:healthy',
      'green-ng-general:in_progress:healthy',
      'green-ng-spot-workers:in_progress:healthy',
      'green-access-demo-1-31:succeeded:healthy',
      'green-pod-identity-demo-1-31:skipped:healthy',
      'green-addon-vpc-cni:in_progress:healthy',
      'green-addon-kube-proxy:in_progress:healthy',
      'green-addon-coredns:in_progress:healthy',
      'traffic-10:in_progress:healthy',
      'traffic-25:in_progress:healthy',
      'traffic-50:in_progress:healthy',
      'traffic-75:in_progress:healthy',
      'traffic-100:in_progress:healthy',
      // Without the workflow's stepSelectedAt the retention does not defer (only the workflow knows it).
      'retain-demo:succeeded:healthy',
      'decommission-demo:in_progress:healthy',
    ]);
    expect(run.final?.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    expect(await gateway.describeCluster('demo')).toBeUndefined();
    expect((await gateway.describeCluster('demo-1-31'))?.version).toBe('1.31');
    // Green carries copies of blue's node groups and add-ons, at the target.
    expect(await gateway.describeNodegroup('demo-1-31', 'spot-workers')).toMatchObject({
      version: '1.31',
      status: 'ACTIVE',
      capacityType: 'SPOT',
      instanceTypes: ['m6i.large', 'm5.large'],
      taints: [{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }],
      scalingConfig: { minSize: 1, maxSize: 10, desiredSize: 2 },
    });
    expect(
      (await gateway.listAddons('demo-1-31')).map(
        (addon) => `${addon.name}@${addon.version}:${addon.status}`,
      ),
    ).toEqual([
      'vpc-cni@v1.19.2-eksbuild.1:ACTIVE',
      'kube-proxy@v1.31.0-eksbuild.2:ACTIVE',
      'coredns@v1.11.3-eksbuild.1:ACTIVE',
    ]);
    expect(await gateway.describeAddon('demo-1-31', 'vpc-cni')).toMatchObject({
      serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/demo-vpc-cni',
      configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}',
    });
  });

  it('rolls back when the alarm fires at 50% traffic: traffic back to blue, green deleted', async () => {
    // Prepare
    const { gateway, handlers, request } = setUp({
      ...DEMO_SCENARIO,
      failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }],
    });

    // Act
    const run = await runWorkflow(handlers, request, gateway);

    // Assess
    expect(run.outcome).toBe('rolled_back');
    expect(run.trail.at(-1)).toBe('traffic-50:in_progress:unhealthy');
    expect(run.rollback?.actions.map((action) => `${action.target}:${action.status}`)).toEqual([
      'traffic:undone',
      'green-oidc-provider:undone',
      'green-cluster:undone',
    ]);
    expect(run.rollback).toMatchObject({ notUndone: [], pending: [] });
    expect(run.passes).toBeGreaterThan(1);
    expect(await gateway.describeCluster('demo-1-31')).toBeUndefined();
    expect(
      gateway.calls.filter((call) => call.operation === 'DeleteNodegroup').map((call) => call.clusterName),
    ).toEqual(['demo-1-31', 'demo-1-31']);
    expect(await gateway.getTrafficWeights(request.trafficRouting!)).toEqual({ blue: 100, green: 0 });
  });

  it('rehearses 1.29 → 1.31 in place: hops, add-ons and node groups, all at the target at the end', async () => {
    // Prepare
    const { gateway, handlers, request } = setUp({
      ...DEMO_SCENARIO,
      request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
    });

    // Act
    const run = await runWorkflow(handlers, request, gateway);

    // Assess
    expect(run.outcome).toBe('healthy');
    expect(run.trail).toHaveLength(12);
    expect(run.trail.every((line) => line.endsWith(':healthy'))).toBe(true);
    expect((await gateway.listNodegroups('demo')).map((nodegroup) => nodegroup.version)).toEqual([
      '1.31',
      '1.31',
    ]);
    expect((await gateway.listAddons('demo')).map((addon) => addon.version)).toEqual([
      'v1.19.2-eksbuild.1',
      'v1.11.3-eksbuild.1',
      'v1.31.0-eksbuild.2',
    ]);
  });

  it('rolls back in place with EKS native rollback when the second hop fails', async () => {
    // Prepare
    const { gateway, handlers, request } = setUp({
      ...DEMO_SCENARIO,
      request: { clusterName: 'demo', targetVersion: '1.31', strategy: 'in_place' },
      failures: [{ type: 'update_fails', resource: 'control_plane', toVersion: '1.31' }],
    });

    // Act
    const run = await runWorkflow(handlers, request, gateway);

    // Assess
    expect(run.outcome).toBe('rolled_back');
    expect(run.trail.at(-1)).toBe('cp-1.31:in_progress:unhealthy');
    // The node groups moved to 1.30 in the first hop: they go back to 1.29 first, then the
    // control plane; kube-proxy 1.30 has no version both 1.29 and 1.30 accept, so it stays.
    expect(run.rollback?.actions.map((action) => `${action.target}:${action.status}`)).toEqual([
      'nodegroup:general:undone',
      'nodegroup:spot-workers:undone',
      'addon:vpc-cni:not_possible',
      'addon:coredns:not_possible',
      'addon:kube-proxy:not_possible',
      'control-plane:undone',
    ]);
    expect(run.rollback?.pending).toEqual([]);
    expect((await gateway.describeCluster('demo'))?.version).toBe('1.29');
  });

  it('stops at a blocked plan when the scenario injects an ERROR insight', async () => {
    // Prepare
    const { handlers, request } = setUp({ ...DEMO_SCENARIO, failures: [{ type: 'blocking_insight' }] });

    // Act
    const run = await runWorkflow(handlers, request);

    // Assess
    expect(run.outcome).toBe('blocked');
    expect((run.plan as UpgradePlan).blockers.map((issue) => issue.code)).toEqual(['INSIGHT_ERROR']);
  });

  it('throws a ValidationError named for Step Functions on a bad payload', async () => {
    // Prepare
    const { handlers } = setUp();

    // Act
    const error = await handlers.execution({ request: { clusterName: 'demo' } }).catch((caught) => caught);

    // Assess
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/execution input/);
  });

  it('names a throttled gateway call AWSServiceError.Retryable, as the Lambda handlers do', async () => {
    // Prepare
    const { gateway, handlers, request } = setUp();
    gateway.describeCluster = async () => {
      throw toAWSServiceError(
        { name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } },
        { service: 'EKS', operation: 'DescribeCluster' },
      );
    };

    // Act
    const error = await handlers.perception({ request }).catch((caught) => caught);

    // Assess
    expect(error.name).toBe('AWSServiceError.Retryable');
    expect(error.code).toBe('ThrottlingException');
    expect(error.retryable).toBe(true);
  });
});
