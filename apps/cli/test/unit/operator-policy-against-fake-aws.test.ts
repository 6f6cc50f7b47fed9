import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentConfigSchema } from '@eks-upgrade/core-models';
import {
  DEMO_SCENARIO,
  GATEWAY_OPERATION_GRANTS,
  type GatewayOperation,
  type NarrativeClient,
  SimulatedClusterGateway,
} from '@eks-upgrade/lambdas';
import { configurationRoot, encodeConfiguration } from '@eks-upgrade/params';
import { describe, expect, it } from 'vitest';
import type { ServiceFactory } from '../../src/context/services.js';
import { operatorPolicyDocument } from '../../src/stack/operator-policy.js';
import { type FakeHandler, fakeAws } from '../helpers/fake-aws.js';
import {
  allowingStatements,
  type IamRequest,
  requestsOfCalls,
  requestsOfGatewayOperations,
} from '../helpers/iam-requests.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * The operator policy against what the day-to-day commands really send: each command runs
 * against the fake AWS (the CLI's real clients, every request answered in-process), and every
 * call it makes must be allowed by `operatorPolicyDocument` on the resource it names; every
 * action the policy grants must be used by one of them.
 */

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:prod-1-31-a';
const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:eks-upgrade-workflow/Step-Run:5d1e';
const CHILD = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow/Step-Run:7a2c';
const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const REQUEST = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' };
const PLAN_ID = 'prod-1.30-to-1.31-in_place';

/** The stack's configuration: the clusters it may upgrade, Bedrock on (the default). */
const CONFIG = AgentConfigSchema.parse({ permissions: { clusterNames: ['prod', 'demo'] } });
const POLICY = operatorPolicyDocument(CONFIG, LOCATION);

type Gate = 'plan' | 'workload';

/** What the account holds: one execution of the workflow, in the state a command needs. */
interface World {
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'ABORTED';
  readonly gate?: Gate;
  /** The execution ran a Distributed Map (`Step: Run`): one Map Run with one child. */
  readonly mapRun?: boolean;
  /** Describes that see it RUNNING before it has SUCCEEDED (for `watch`). */
  readonly runningDescribes?: number;
}

const event = (id: number, seconds: number, type: string, details: Record<string, unknown> = {}) => ({
  id,
  timestamp: at(seconds),
  type,
  ...details,
});

function gateEvents(gate: Gate) {
  const detail = {
    clusterName: 'prod',
    executionArn: EXECUTION,
    planId: PLAN_ID,
    stepId: gate === 'plan' ? 'gate-plan' : 'gate-workload',
    gate: { purpose: gate, summary: 'Review', timeoutSeconds: 3600, acceptsTrafficTarget: false },
    taskToken: 'AQCEAAAAKgAAAAMAAAAA-gate-token',
  };
  const plan = {
    planId: PLAN_ID,
    ...REQUEST,
    sourceVersion: '1.30',
    hops: ['1.31'],
    steps: [
      {
        id: 'gate-plan',
        kind: 'approval_gate',
        description: 'Approve the plan',
        clusterName: 'prod',
        gate: detail.gate,
      },
    ],
    blockers: [],
    warnings: [],
    blocked: false,
    source: 'rules',
    createdAt: T0.toISOString(),
  };
  return [
    event(2, 60, 'TaskStateEntered', {
      stateEnteredEventDetails: {
        name: 'Step: Wait at gate',
        input: JSON.stringify({ request: REQUEST, plan }),
      },
    }),
    event(3, 60, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'events',
        resource: 'putEvents.waitForTaskToken',
        region: 'us-east-1',
        parameters: JSON.stringify({
          Entries: [{ Source: 'eks-upgrade-agent', DetailType: 'gate.pending', Detail: { ...detail, plan } }],
        }),
      },
    }),
  ];
}

const STEP_INPUT = JSON.stringify({
  step: { id: 'cp-1.31', kind: 'control_plane_upgrade', clusterName: 'prod' },
});

function mapRunEvents(done: boolean) {
  return [
    event(4, 1, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Step: Run', input: STEP_INPUT } }),
    event(5, 1, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: MAP_RUN } }),
    ...(done ? [event(6, 90, 'MapRunSucceeded')] : []),
  ];
}

/** Step Functions, Parameter Store, EventBridge, Lambda and Scheduler answering for `world`. */
function account(world: World): Record<string, FakeHandler> {
  let describes = 0;
  let stopped = false;
  const status = () =>
    stopped
      ? 'ABORTED'
      : world.runningDescribes !== undefined && describes > world.runningDescribes
        ? 'SUCCEEDED'
        : world.status;
  const stored = encodeConfiguration(CONFIG, configurationRoot('/eks-upgrade-agent/', 'config')).parameters;
  const parameters = new Map(stored.map((parameter) => [parameter.name, parameter.value]));
  const summary = () => ({
    executionArn: EXECUTION,
    stateMachineArn: MACHINE,
    name: 'prod-1-31-a',
    status: status(),
    startDate: T0,
    ...(status() === 'RUNNING' ? {} : { stopDate: at(100) }),
  });
  const parentHistory = () => [
    event(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(REQUEST) } }),
    ...(world.gate ? gateEvents(world.gate) : []),
    ...(world.mapRun ? mapRunEvents(status() !== 'RUNNING') : []),
    ...(status() === 'SUCCEEDED'
      ? [event(9, 100, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '{}' } })]
      : status() === 'ABORTED'
        ? [
            event(9, 100, 'ExecutionAborted', {
              executionAbortedEventDetails: { error: 'StoppedByOperator' },
            }),
          ]
        : []),
  ];
  const childHistory = [
    event(1, 1, 'ExecutionStarted', { executionStartedEventDetails: { input: STEP_INPUT } }),
    event(2, 1, 'TaskStateEntered', {
      stateEnteredEventDetails: { name: 'Step: Execute', input: STEP_INPUT },
    }),
  ];
  return {
    GetParametersByPath: (input: { Path: string }) => ({
      Parameters: [...parameters]
        .filter(([name]) => name.startsWith(`${input.Path}/`))
        .map(([Name, Value]) => ({ Name, Value, Type: 'String' })),
    }),
    PutParameter: (input: { Name: string; Value: string }) => {
      parameters.set(input.Name, input.Value);
      return { Version: 2 };
    },
    DeleteParameters: (input: { Names: string[] }) => {
      for (const name of input.Names) parameters.delete(name);
      return { DeletedParameters: input.Names, InvalidParameters: [] };
    },
    ListStateMachines: () => ({
      stateMachines: [
        { name: 'eks-upgrade-workflow', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: T0 },
      ],
    }),
    DescribeStateMachineAlias: (input: { stateMachineAliasArn: string }) => ({
      stateMachineAliasArn: input.stateMachineAliasArn,
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn: `${MACHINE}:3`, weight: 100 }],
    }),
    StartExecution: (input: { name: string }) => ({
      executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${input.name}`,
      startDate: T0,
    }),
    ListExecutions: (input: { mapRunArn?: string; statusFilter?: string }) =>
      input.mapRunArn
        ? {
            executions: [
              {
                executionArn: CHILD,
                stateMachineArn: MACHINE,
                name: '7a2c',
                status: 'SUCCEEDED',
                startDate: at(1),
                stopDate: at(90),
              },
            ],
          }
        : { executions: input.statusFilter && input.statusFilter !== status() ? [] : [summary()] },
    DescribeExecution: () => {
      describes += 1;
      return {
        ...summary(),
        input: JSON.stringify(REQUEST),
        ...(world.status === 'ABORTED' ? { redriveStatus: 'REDRIVABLE', redriveCount: 0 } : {}),
      };
    },
    GetExecutionHistory: (input: { executionArn: string }) => ({
      events: input.executionArn === CHILD ? childHistory : parentHistory(),
    }),
    ListMapRuns: () => ({
      mapRuns: [
        {
          executionArn: EXECUTION,
          mapRunArn: MAP_RUN,
          stateMachineArn: MACHINE,
          startDate: at(1),
          ...(status() === 'RUNNING' ? {} : { stopDate: at(90) }),
        },
      ],
    }),
    StopExecution: () => {
      stopped = true;
      return { stopDate: at(60) };
    },
    RedriveExecution: () => ({ redriveDate: at(200) }),
    SendTaskSuccess: () => ({}),
    SendTaskFailure: () => ({}),
    PutEvents: () => ({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] }),
    ListRules: () => ({
      Rules: [{ Name: 'eks-upgrade-monitor', State: 'ENABLED', EventBusName: 'default', Arn: 'rule-arn' }],
    }),
    ListFunctions: () => ({
      Functions: [{ FunctionName: 'eks-upgrade-agent-perception', Runtime: 'nodejs22.x', State: 'Active' }],
    }),
    Invoke: () => ({ StatusCode: 200, Payload: new TextEncoder().encode('{"ok":true}') }),
    CreateSchedule: (input: { Name: string }) => ({
      ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/${input.Name}`,
    }),
  };
}

/** Every gateway operation `plan` calls, recorded on the simulated cluster (a model of AWS). */
function recordingGateway(gateway: SimulatedClusterGateway, called: GatewayOperation[]) {
  return new Proxy(gateway, {
    get: (target, property, receiver) => {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !(String(property) in GATEWAY_OPERATION_GRANTS)) return value;
      return (...args: unknown[]) => {
        called.push(property as GatewayOperation);
        return value.apply(target, args);
      };
    },
  });
}

/** Bedrock Converse, as the narrative client sends it: bedrock:InvokeModel on the profile and its model. */
function recordingNarrative(requests: IamRequest[]): NarrativeClient {
  return {
    summarize: async (request) => {
      const profile = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${request.modelId}`;
      const model = request.modelId.replace(/^(global|us|eu|apac|jp|au|ca|us-gov)\./, '');
      requests.push(
        { action: 'bedrock:InvokeModel', resource: profile, context: {}, call: 'Bedrock Converse' },
        {
          action: 'bedrock:InvokeModel',
          resource: `arn:aws:bedrock:us-east-1::foundation-model/${model}`,
          context: { 'bedrock:InferenceProfileArn': profile },
          call: 'Bedrock Converse (routed to the model)',
        },
      );
      return 'Low risk: one hop.';
    },
  };
}

/** The scenario's first node group uses a launch template (perception reads its version). */
const PLANNED_CLUSTER = {
  ...DEMO_SCENARIO,
  cluster: {
    ...DEMO_SCENARIO.cluster,
    nodegroups: DEMO_SCENARIO.cluster.nodegroups.map((nodegroup, index) =>
      index === 0 ? { ...nodegroup, launchTemplate: { id: 'lt-0abc', version: '1' } } : nodegroup,
    ),
  },
};

/** A configuration file for `config import`. */
const CONFIG_FILE = path.join(mkdtempSync(path.join(tmpdir(), 'eks-upgrade-operator-')), 'agent-config.json');
writeFileSync(CONFIG_FILE, JSON.stringify({ upgrade: { bakeTimeSeconds: 120 } }));

interface CommandCase {
  readonly argv: readonly string[];
  readonly world: World;
  /** Runs `plan --target` on the simulated cluster gateway and a recorded narrative. */
  readonly plansCluster?: boolean;
}

const DAY_TO_DAY: Readonly<Record<string, CommandCase>> = {
  list: { argv: ['list', '--output', 'json'], world: { status: 'SUCCEEDED' } },
  history: {
    argv: ['history', 'prod-1-31-a', '--output', 'json'],
    world: { status: 'SUCCEEDED', mapRun: true },
  },
  status: {
    argv: ['status', '--cluster', 'prod', '--output', 'json'],
    world: { status: 'SUCCEEDED', mapRun: true },
  },
  watch: {
    argv: ['watch', 'prod-1-31-a', '--interval', '1'],
    world: { status: 'RUNNING', mapRun: true, runningDescribes: 1 },
  },
  start: {
    argv: ['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'in_place', '--name', 'prod-now'],
    world: { status: 'SUCCEEDED' },
  },
  'start --at': {
    argv: [
      'start',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--strategy',
      'in_place',
      '--at',
      '2099-12-01T22:00',
    ],
    world: { status: 'SUCCEEDED' },
  },
  stop: { argv: ['stop', '--cluster', 'prod', '--reason', 'window closed'], world: { status: 'RUNNING' } },
  approve: { argv: ['approve', '--cluster', 'prod'], world: { status: 'RUNNING', gate: 'workload' } },
  reject: {
    argv: ['reject', '--cluster', 'prod', '--reason', 'not today'],
    world: { status: 'RUNNING', gate: 'workload' },
  },
  resume: { argv: ['resume', '--cluster', 'prod'], world: { status: 'ABORTED', mapRun: true } },
  'plan (a running execution waits for its plan)': {
    argv: ['plan', '--cluster', 'prod'],
    world: { status: 'RUNNING', gate: 'plan' },
  },
  plan: {
    argv: ['plan', '--cluster', 'demo', '--target', '1.31', '--strategy', 'in_place'],
    world: { status: 'SUCCEEDED' },
    plansCluster: true,
  },
  // Blue/green perception also reads the node groups' launch templates (green copies them).
  'plan --strategy blue_green': {
    argv: [
      'plan',
      '--cluster',
      'demo',
      '--target',
      '1.31',
      '--strategy',
      'blue_green',
      '--alarm',
      'api-5xx',
      '--traffic-routing',
      JSON.stringify({
        hostedZoneId: 'Z0A1B',
        recordName: 'api.example.com',
        blue: { setIdentifier: 'blue', target: 'blue.example.net' },
        green: { setIdentifier: 'green', target: 'green.example.net' },
      }),
    ],
    world: { status: 'SUCCEEDED' },
    plansCluster: true,
  },
  'config get': { argv: ['config', 'get', 'upgrade.bakeTimeSeconds'], world: { status: 'SUCCEEDED' } },
  'config show': { argv: ['config', 'show', '--output', 'json'], world: { status: 'SUCCEEDED' } },
  'config export': { argv: ['config', 'export'], world: { status: 'SUCCEEDED' } },
  'config set': { argv: ['config', 'set', 'upgrade.bakeTimeSeconds', '600'], world: { status: 'SUCCEEDED' } },
  'config import': {
    argv: ['config', 'import', CONFIG_FILE],
    world: { status: 'SUCCEEDED' },
  },
  'events publish': {
    argv: [
      'events',
      'publish',
      '--type',
      'upgrade.started',
      '--detail',
      JSON.stringify({ ...REQUEST, executionArn: EXECUTION }),
    ],
    world: { status: 'SUCCEEDED' },
  },
  'events rules list': {
    argv: ['events', 'rules', 'list', '--output', 'json'],
    world: { status: 'SUCCEEDED' },
  },
  'functions list': { argv: ['functions', 'list', '--output', 'json'], world: { status: 'SUCCEEDED' } },
  'functions invoke': {
    argv: ['functions', 'invoke', 'perception', '--payload', JSON.stringify({ request: REQUEST })],
    world: { status: 'SUCCEEDED' },
  },
};

/** The actions each command was granted, for the last test. */
const usedActions = new Map<string, Set<string>>();

/** Runs one command against the fake AWS; the IAM requests of every call it made. */
async function requestsOf(
  command: CommandCase,
): Promise<{ exitCode: number; stderr: string; requests: IamRequest[] }> {
  const aws = fakeAws(account(command.world));
  const operations: GatewayOperation[] = [];
  const narrative: IamRequest[] = [];
  const services = command.plansCluster
    ? (...args: Parameters<typeof aws.services>): ServiceFactory => ({
        ...aws.services(...args),
        clusterGateway: async () =>
          recordingGateway(new SimulatedClusterGateway(PLANNED_CLUSTER), operations),
        narrative: async () => recordingNarrative(narrative),
      })
    : aws.services;
  const result = await runCli(command.argv, { services, env: { USER: 'alice' } });
  return {
    exitCode: result.exitCode,
    stderr: result.stderr,
    requests: [
      ...requestsOfCalls(aws.calls, LOCATION),
      ...requestsOfGatewayOperations(operations, 'demo', LOCATION),
      ...narrative,
    ],
  };
}

describe('Function: operatorPolicyDocument (against what the commands send)', () => {
  it.each(Object.entries(DAY_TO_DAY))(
    'allows every call %s makes, on the resource it names',
    async (name, command) => {
      // Act
      const { exitCode, stderr, requests } = await requestsOf(command);

      // Assess
      expect(exitCode, stderr).toBe(0);
      expect(requests.length, name).toBeGreaterThan(0);
      const refused = requests.filter((request) => allowingStatements(POLICY, request).length === 0);
      expect(refused.map((request) => `${request.action} on ${request.resource} (${request.call})`)).toEqual(
        [],
      );
      usedActions.set(name, new Set(requests.map((request) => request.action)));
    },
  );

  it('grants no action that none of those commands uses', () => {
    // Act
    const granted = new Set(POLICY.Statement.flatMap((statement) => statement.Action));
    const used = new Set([...usedActions.values()].flatMap((actions) => [...actions]));

    // Assess
    expect(usedActions.size).toBe(Object.keys(DAY_TO_DAY).length);
    expect([...granted].filter((action) => !used.has(action)).sort()).toEqual([]);
  });
});

describe('Command: operator-policy', () => {
  it('prints the policy for the configuration file and prefix, in the caller account and region', async () => {
    // Prepare
    const aws = fakeAws({
      GetCallerIdentity: () => ({
        Account: '123456789012',
        Arn: 'arn:aws:iam::123456789012:user/admin',
        UserId: 'AIDA0',
      }),
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'eks-upgrade-operator-')), 'stack.json');
    writeFileSync(file, JSON.stringify({ stepFunctions: { stateMachineName: 'team-a-workflow' } }));

    // Act
    const result = await runCli(['operator-policy', '--config', file, '--prefix', '/team-a/'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const expected = AgentConfigSchema.parse({
      stepFunctions: { stateMachineName: 'team-a-workflow' },
      parameterStore: { parameterPrefix: '/team-a/' },
    });
    expect(JSON.parse(result.stdout)).toEqual(operatorPolicyDocument(expected, LOCATION));
    expect(aws.calls.map((call) => `${call.service}:${call.operation}`)).toEqual(['STS:GetCallerIdentity']);
    expect(result.stderr).toContain(
      'operator policy for state machine team-a-workflow and configuration /team-a/config/ in 123456789012 us-east-1',
    );
  });
});
