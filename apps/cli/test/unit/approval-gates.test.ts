import { describe, expect, it } from 'vitest';
import { fakeAws } from '../helpers/fake-aws.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:shop-run';
const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const TOKEN = 'AQCEAAAAKgAAAAMAAAAA-gate-token';
const REQUEST = { clusterName: 'shop', targetVersion: '1.31', strategy: 'blue_green' };
const PLAN = {
  planId: 'shop-1.30-to-1.31-blue_green',
  clusterName: 'shop',
  sourceVersion: '1.30',
  targetVersion: '1.31',
  strategy: 'blue_green',
  hops: ['1.31'],
  steps: [
    {
      id: 'gate-plan',
      kind: 'approval_gate',
      description: 'Approve the plan for shop before anything changes',
      clusterName: 'shop',
      gate: {
        purpose: 'plan',
        summary: 'Review the plan',
        timeoutSeconds: 3600,
        acceptsTrafficTarget: false,
      },
    },
    {
      id: 'provision-shop-1-31',
      kind: 'cluster_provision',
      description: 'Create the green cluster shop-1-31',
      sourceClusterName: 'shop',
      clusterName: 'shop-1-31',
      version: '1.31',
    },
  ],
  blockers: [],
  warnings: [],
  blocked: false,
  source: 'rules',
  createdAt: T0.toISOString(),
};

type GatePurpose = 'plan' | 'workload';
const GATES: Record<GatePurpose, Record<string, unknown>> = {
  plan: { purpose: 'plan', summary: 'Review the plan', timeoutSeconds: 3600, acceptsTrafficTarget: false },
  workload: {
    purpose: 'workload',
    summary: 'Green cluster shop-1-31 is ready. Deploy your workloads to it.',
    timeoutSeconds: 7200,
    acceptsTrafficTarget: true,
  },
};

/** A running execution of `shop`, waiting at a gate (or at none, or having answered it). */
function stateMachine(options: { gate?: GatePurpose; answered?: boolean; running?: boolean } = {}) {
  const { gate, answered = false, running = true } = options;
  const stepId = gate === 'plan' ? 'gate-plan' : 'gate-workload-shop-1-31';
  const events: Record<string, unknown>[] = [
    { id: 1, type: 'ExecutionStarted', timestamp: T0, executionStartedEventDetails: {} },
  ];
  if (gate) {
    events.push(
      {
        id: 2,
        type: 'TaskStateEntered',
        timestamp: at(60),
        stateEnteredEventDetails: {
          name: 'Step: Wait at gate',
          input: JSON.stringify({ request: REQUEST, plan: PLAN }),
        },
      },
      {
        id: 3,
        type: 'TaskScheduled',
        timestamp: at(60),
        taskScheduledEventDetails: {
          resourceType: 'events',
          resource: 'putEvents.waitForTaskToken',
          region: 'us-east-1',
          parameters: JSON.stringify({
            Entries: [
              {
                Source: 'eks-upgrade-agent',
                DetailType: 'gate.pending',
                Detail: {
                  clusterName: 'shop',
                  executionArn: EXECUTION_ARN,
                  planId: PLAN.planId,
                  stepId,
                  gate: GATES[gate],
                  taskToken: TOKEN,
                },
              },
            ],
          }),
        },
      },
    );
    if (answered)
      events.push({
        id: 4,
        type: 'TaskSucceeded',
        timestamp: at(90),
        taskSucceededEventDetails: {
          resourceType: 'events',
          resource: 'putEvents.waitForTaskToken',
          output: '{}',
        },
      });
  }
  const execution = {
    executionArn: EXECUTION_ARN,
    stateMachineArn: STATE_MACHINE_ARN,
    name: 'shop-run',
    status: running ? 'RUNNING' : 'SUCCEEDED',
    startDate: T0,
  };
  return {
    GetParametersByPath: () => ({ Parameters: [] }),
    ListStateMachines: () => ({
      stateMachines: [
        {
          name: 'eks-upgrade-workflow',
          stateMachineArn: STATE_MACHINE_ARN,
          type: 'STANDARD',
          creationDate: T0,
        },
      ],
    }),
    ListExecutions: (input: { statusFilter?: string }) => ({
      executions:
        input.statusFilter === undefined || input.statusFilter === execution.status ? [execution] : [],
    }),
    DescribeExecution: () => ({ ...execution, input: JSON.stringify(REQUEST) }),
    GetExecutionHistory: () => ({ events }),
    SendTaskSuccess: () => ({}),
    SendTaskFailure: () => ({}),
  };
}

describe('Commands: approve and reject', () => {
  it('approves a plan gate naming the plan reviewed: SendTaskSuccess with the plan id', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'plan' }));

    // Act
    const result = await runCli(
      ['approve', '--cluster', 'shop', '--plan-id', PLAN.planId, '--comment', 'CHG-1234', '--output', 'json'],
      { services: aws.services, env: { USER: 'alice' } },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(aws.mutatingCalls()).toEqual([
      {
        service: 'SFN',
        operation: 'SendTaskSuccess',
        input: {
          taskToken: TOKEN,
          output: JSON.stringify({ planId: PLAN.planId, approvedBy: 'alice', comment: 'CHG-1234' }),
        },
      },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      executionArn: EXECUTION_ARN,
      stepId: 'gate-plan',
      purpose: 'plan',
      decision: { planId: PLAN.planId, approvedBy: 'alice', comment: 'CHG-1234' },
    });
    expect(result.stderr).toContain('approved the plan gate gate-plan of shop');
  });

  it.each([
    [
      [],
      `--plan-id: is required to approve a plan: name the plan you reviewed (eks-upgrade plan --cluster shop shows plan ${PLAN.planId})`,
    ],
    [
      ['--plan-id', 'shop-stale-plan'],
      `--plan-id: is shop-stale-plan, but the execution waits for approval of plan ${PLAN.planId}`,
    ],
  ])('refuses to approve a plan gate with %j (exit 2, nothing sent)', async (flags, message) => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'plan' }));

    // Act
    const result = await runCli(['approve', '--cluster', 'shop', ...flags], { services: aws.services });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('approves a workload gate with the green traffic target it needs', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'workload' }));

    // Act
    const missing = await runCli(['approve', '--cluster', 'shop'], { services: aws.services });
    const approved = await runCli(
      [
        'approve',
        '--cluster',
        'shop',
        '--traffic-target',
        '{"setIdentifier":"green","target":"green-alb.example.com"}',
      ],
      { services: aws.services },
    );

    // Assess
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--traffic-target: is required: the request names no green record');
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(aws.mutatingCalls()).toEqual([
      {
        service: 'SFN',
        operation: 'SendTaskSuccess',
        input: {
          taskToken: TOKEN,
          output: JSON.stringify({
            trafficTarget: { setIdentifier: 'green', target: 'green-alb.example.com' },
          }),
        },
      },
    ]);
  });

  it('names the bad field of --traffic-target before any AWS call (exit 2)', async () => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const result = await runCli(
      ['approve', '--cluster', 'shop', '--traffic-target', '{"setIdentifier":"","weight":5}'],
      {
        services: spy.factory,
      },
    );

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--traffic-target.setIdentifier: must not be empty');
    expect(result.stderr).toContain('--traffic-target: Unrecognized key: "weight"');
    expect(spy.requested).toEqual([]);
  });

  it('needs --cluster or EXECUTION, before any AWS call (exit 2)', async () => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const approve = await runCli(['approve'], { services: spy.factory });
    const reject = await runCli(['reject', '--cluster', 'Not A Cluster'], { services: spy.factory });

    // Assess
    expect(approve.exitCode).toBe(2);
    expect(approve.stderr).toContain(
      "--cluster: is required (or EXECUTION): approve answers the gate of one cluster's running execution",
    );
    expect(reject.exitCode).toBe(2);
    expect(reject.stderr).toContain('--cluster');
    expect(spy.requested).toEqual([]);
  });

  it('rejects with Upgrade.GateRejected and the reason as cause', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'workload' }));

    // Act
    const result = await runCli(
      ['reject', '--cluster', 'shop', '--reason', 'checkout pods crash-loop on green'],
      {
        services: aws.services,
      },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(aws.mutatingCalls()).toEqual([
      {
        service: 'SFN',
        operation: 'SendTaskFailure',
        input: {
          taskToken: TOKEN,
          error: 'Upgrade.GateRejected',
          cause: 'checkout pods crash-loop on green',
        },
      },
    ]);
    expect(result.stdout).toBe(`${EXECUTION_ARN}\tgate-workload-shop-1-31\trejected\n`);
  });

  it.each([
    [
      'no running execution',
      { gate: 'plan', running: false } as const,
      'No running execution of cluster shop: there is no gate to answer',
    ],
    ['a running execution at no gate', {}, 'Execution shop-run is running but waits at no approval gate now'],
    ['a gate already answered', { gate: 'plan', answered: true } as const, 'waits at no approval gate now'],
  ])('says so when there is %s (exit 1, nothing sent)', async (_case, options, message) => {
    // Prepare
    const aws = fakeAws(stateMachine(options));

    // Act
    const result = await runCli(['reject', '--cluster', 'shop'], { services: aws.services });

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(message);
    expect(aws.mutatingCalls()).toEqual([]);
  });
});

describe('Commands: status and plan show a pending gate', () => {
  it('status --output json has the pending gate, without its token', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'workload' }));

    // Act
    const result = await runCli(['status', '--cluster', 'shop', '--output', 'json'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pendingGate).toEqual({
      executionArn: EXECUTION_ARN,
      clusterName: 'shop',
      planId: PLAN.planId,
      stepId: 'gate-workload-shop-1-31',
      purpose: 'workload',
      summary: 'Green cluster shop-1-31 is ready. Deploy your workloads to it.',
      acceptsTrafficTarget: true,
      timeoutSeconds: 7200,
      pendingSince: '2026-11-30T10:01:00.000Z',
      timesOutAt: '2026-11-30T12:01:00.000Z',
      approveWith: `eks-upgrade approve --cluster shop --traffic-target '{"setIdentifier":"…"}'`,
      rejectWith: 'eks-upgrade reject --cluster shop --reason "…"',
    });
    expect(result.stdout).not.toContain(TOKEN);
    // The workload gate is not in this plan: what approving runs is not known, so not shown.
    expect(JSON.parse(result.stdout).pendingGate.thenRuns).toBeUndefined();
    expect(result.stderr).toContain(
      'waiting at the workload gate gate-workload-shop-1-31 until 2026-11-30T12:01:00.000Z',
    );
  });

  it('watch says once which gate the execution waits at and how to answer it', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'workload' }));

    // Act: the execution stays at its gate, so watch gives up after --max-wait.
    const result = await runCli(['watch', '--cluster', 'shop', '--max-wait', '2', '--interval', '1'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode).toBe(1);
    const announced = result.stderr
      .split('\n')
      .filter((line) => line.includes('waiting at the workload gate gate-workload-shop-1-31'));
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain(
      `Answer with: eks-upgrade approve --cluster shop --traffic-target '{"setIdentifier":"…"}' (or eks-upgrade reject --cluster shop --reason "…")`,
    );
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('status says what approving the plan gate runs next', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'plan' }));

    // Act
    const result = await runCli(['status', '--cluster', 'shop', '--output', 'json'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pendingGate.thenRuns).toEqual([
      'provision-shop-1-31: Create the green cluster shop-1-31',
    ]);
    expect(result.stderr).toContain(
      'Approving then runs provision-shop-1-31. Answer with: eks-upgrade approve --cluster shop --plan-id',
    );
  });

  it('plan --cluster shows the plan awaiting approval with its id', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'plan' }));

    // Act
    const result = await runCli(['plan', '--cluster', 'shop'], { services: aws.services });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        `plan ${PLAN.planId} awaiting approval until 2026-11-30T11:01:00.000Z`,
        'shop: 1.30 → 1.31 (blue_green), hops 1.31',
        '1. gate-plan\tapproval_gate\tApprove the plan for shop before anything changes',
        '2. provision-shop-1-31\tcluster_provision\tCreate the green cluster shop-1-31',
        '',
      ].join('\n'),
    );
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('plan --cluster says which gate waits when it is not a plan gate (exit 1)', async () => {
    // Prepare
    const aws = fakeAws(stateMachine({ gate: 'workload' }));

    // Act
    const result = await runCli(['plan', '--cluster', 'shop'], { services: aws.services });

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'waits at the workload gate gate-workload-shop-1-31, not for a plan approval',
    );
  });
});

describe('Command: start --approve-plan', () => {
  it('asks the workflow to wait for the plan approval: the request says approvePlan', async () => {
    // Prepare
    const started: Array<Record<string, unknown>> = [];
    const base = stateMachine({ running: false });
    const aws = fakeAws({
      ...base,
      ListExecutions: () => ({ executions: [] }),
      DescribeStateMachineAlias: (input: { stateMachineAliasArn: string }) => ({
        stateMachineAliasArn: input.stateMachineAliasArn,
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${STATE_MACHINE_ARN}:3`, weight: 100 }],
      }),
      StartExecution: (input: Record<string, unknown>) => {
        started.push(input);
        return { executionArn: EXECUTION_ARN, startDate: T0 };
      },
    });

    // Act
    const result = await runCli(
      [
        'start',
        '--cluster',
        'prod',
        '--target',
        '1.31',
        '--strategy',
        'in_place',
        '--name',
        'prod-now',
        '--approve-plan',
      ],
      { services: aws.services },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(started).toEqual([
      {
        stateMachineArn: `${STATE_MACHINE_ARN}:live`,
        name: 'prod-now',
        input: JSON.stringify({
          clusterName: 'prod',
          targetVersion: '1.31',
          strategy: 'in_place',
          approvePlan: true,
          upgradeId: 'prod-now',
        }),
      },
    ]);
  });
});
