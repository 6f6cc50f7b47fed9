import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { LocalParameterStore } from '@eks-upgrade/params';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeAws, serviceError } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const executionArn = (name: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:${name}`;
const T0 = new Date('2026-11-30T10:00:00.000Z');

/**
 * How many parameters the default configuration takes in Parameter Store, counted by the params
 * package's own encoding (so a new configuration key does not break these tests).
 */
async function defaultParameterCount(): Promise<number> {
  const written = await new LocalParameterStore().putConfiguration(createDefaultAgentConfig(), 'config');
  return Object.keys(written).length;
}

const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A parameter store in memory, answering the SSM operations the params package sends. */
function parameterStore() {
  const values = new Map<string, string>();
  return {
    values,
    handlers: {
      GetParametersByPath: (input: { Path: string }) => ({
        Parameters: [...values]
          .filter(([name]) => name.startsWith(`${input.Path}/`))
          .map(([Name, Value]) => ({ Name, Value, Type: 'String' })),
      }),
      PutParameter: (input: { Name: string; Value: string }) => {
        values.set(input.Name, input.Value);
        return { Version: 1 };
      },
      DeleteParameters: (input: { Names: string[] }) => {
        for (const name of input.Names) values.delete(name);
        return { DeletedParameters: input.Names, InvalidParameters: [] };
      },
    },
  };
}

interface FakeExecution {
  name: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
  input: Record<string, unknown>;
  error?: string;
  cause?: string;
}

/** A state machine with executions, answering the Step Functions operations the sfn package sends. */
function stateMachine(executions: FakeExecution[], { deployed = true } = {}) {
  const byArn = (arn: string) => executions.find((execution) => executionArn(execution.name) === arn);
  const history = (execution: FakeExecution) => [
    { id: 1, type: 'ExecutionStarted', timestamp: execution.startDate, executionStartedEventDetails: {} },
    {
      id: 2,
      type: 'TaskStateEntered',
      timestamp: at(1),
      stateEnteredEventDetails: { name: 'Perception', input: JSON.stringify(execution.input) },
    },
    {
      id: 3,
      type: 'TaskStateExited',
      timestamp: at(5),
      stateExitedEventDetails: { name: 'Perception', output: '{}' },
    },
    ...(execution.status === 'SUCCEEDED'
      ? [
          {
            id: 4,
            type: 'ExecutionSucceeded',
            timestamp: at(6),
            executionSucceededEventDetails: { output: '{}' },
          },
        ]
      : execution.status === 'FAILED'
        ? [
            {
              id: 4,
              type: 'ExecutionFailed',
              timestamp: at(6),
              executionFailedEventDetails: { error: execution.error, cause: execution.cause },
            },
          ]
        : []),
  ];
  return {
    ListStateMachines: () => ({
      stateMachines: deployed
        ? [
            {
              name: 'eks-upgrade-workflow',
              stateMachineArn: STATE_MACHINE_ARN,
              type: 'STANDARD',
              creationDate: T0,
            },
          ]
        : [],
    }),
    ListExecutions: (input: { statusFilter?: string }) => ({
      executions: executions
        .filter((execution) => input.statusFilter === undefined || execution.status === input.statusFilter)
        .map((execution) => ({
          executionArn: executionArn(execution.name),
          stateMachineArn: STATE_MACHINE_ARN,
          name: execution.name,
          status: execution.status,
          startDate: execution.startDate,
          ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
        })),
    }),
    DescribeExecution: (input: { executionArn: string }) => {
      const execution = byArn(input.executionArn);
      if (!execution)
        throw serviceError('ExecutionDoesNotExist', `Execution ${input.executionArn} does not exist`);
      return {
        executionArn: input.executionArn,
        stateMachineArn: STATE_MACHINE_ARN,
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate,
        ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
        input: JSON.stringify(execution.input),
        ...(execution.error ? { error: execution.error, cause: execution.cause } : {}),
      };
    },
    GetExecutionHistory: (input: { executionArn: string }) => ({
      events: history(byArn(input.executionArn)!),
    }),
    StopExecution: (input: { executionArn: string; error: string; cause: string }) => {
      const execution = byArn(input.executionArn)!;
      execution.status = 'ABORTED';
      execution.stopDate = at(60);
      return { stopDate: execution.stopDate };
    },
  };
}

const PROD_SUCCEEDED: FakeExecution = {
  name: 'prod-1-31-a',
  status: 'SUCCEEDED',
  startDate: at(0),
  stopDate: at(6),
  input: { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' },
};

describe('Commands against a fake AWS', () => {
  let store: ReturnType<typeof parameterStore>;

  beforeEach(() => {
    store = parameterStore();
  });

  describe('Command: config', () => {
    it('init stores every default, refuses to overwrite without --force, then get, set, show and export read it', async () => {
      // Prepare
      const aws = fakeAws(store.handlers);

      // Act
      const init = await runCli(['config', 'init'], { services: aws.services });
      const written = aws.mutatingCalls().map((call) => call.input);
      const again = await runCli(['config', 'init'], { services: aws.services });
      const get = await runCli(['config', 'get', 'upgrade.bakeTimeSeconds'], { services: aws.services });
      aws.calls.length = 0;
      const set = await runCli(['config', 'set', 'upgrade.bakeTimeSeconds', '600', '--output', 'json'], {
        services: aws.services,
      });
      const setCalls = aws.mutatingCalls().map((call) => call.input);
      const show = await runCli(['config', 'show', '--output', 'json'], { services: aws.services });
      const exported = await runCli(['config', 'export'], { services: aws.services });

      // Assess
      expect(init.exitCode, init.stderr).toBe(0);
      expect(init.stderr).toBe(
        `stored the default configuration: ${await defaultParameterCount()} parameters under /eks-upgrade-agent/config/\n`,
      );
      expect(written).toHaveLength(await defaultParameterCount());
      expect(written).toContainEqual({
        Name: '/eks-upgrade-agent/config/upgrade/bakeTimeSeconds.json',
        Value: '300',
        Type: 'String',
        Overwrite: true,
      });
      expect(written.every((input) => Object.keys(input).sort().join() === 'Name,Overwrite,Type,Value')).toBe(
        true,
      );
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toContain('use --force to replace it with the defaults');
      expect(get.stdout).toBe('300\n');
      expect(set.exitCode, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({ key: 'upgrade.bakeTimeSeconds', value: 600 });
      expect(setCalls).toContainEqual({
        Name: '/eks-upgrade-agent/config/upgrade/bakeTimeSeconds.json',
        Value: '600',
        Type: 'String',
        Overwrite: true,
      });
      const expected = { ...createDefaultAgentConfig() };
      expected.upgrade = { ...expected.upgrade, bakeTimeSeconds: 600 };
      expect(JSON.parse(show.stdout)).toEqual(expected);
      expect(exported.stderr).toContain('secret values are masked; add --show-secrets to export them');
      expect(JSON.parse(exported.stdout)).toEqual(expected);
    });

    it('get and export say to run config init when nothing is stored (exit 1)', async () => {
      // Prepare
      const aws = fakeAws(store.handlers);

      // Act
      const get = await runCli(['config', 'get', 'upgrade.bakeTimeSeconds'], { services: aws.services });
      const exported = await runCli(['config', 'export'], { services: aws.services });

      // Assess
      for (const result of [get, exported]) {
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toBe(
          'error: No configuration stored under /eks-upgrade-agent/config/: run eks-upgrade config init\n',
        );
      }
    });

    it('import --dry-run writes nothing; import writes the file', async () => {
      // Prepare
      const aws = fakeAws(store.handlers);
      const folder = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-config-'));
      const file = path.join(folder, 'agent-config.json');
      await writeFile(file, JSON.stringify({ upgrade: { bakeTimeSeconds: 120 } }));

      // Act
      const dryRun = await runCli(['config', 'import', file, '--dry-run', '--output', 'json'], {
        services: aws.services,
      });
      const dryRunCalls = aws.calls.length;
      const imported = await runCli(['config', 'import', file], { services: aws.services });

      // Assess
      expect(dryRun.exitCode, dryRun.stderr).toBe(0);
      expect(JSON.parse(dryRun.stdout).upgrade.bakeTimeSeconds).toBe(120);
      expect(dryRunCalls).toBe(0);
      expect(imported.exitCode, imported.stderr).toBe(0);
      expect(store.values.get('/eks-upgrade-agent/config/upgrade/bakeTimeSeconds.json')).toBe('120');
      expect(imported.stderr).toMatch(
        new RegExp(
          `^imported .*agent-config\\.json: ${await defaultParameterCount()} parameters under /eks-upgrade-agent/config/\n$`,
        ),
      );
    });
  });

  describe('Command: list', () => {
    it('says on stderr that there are no executions, and prints an empty list on stdout', async () => {
      // Prepare
      const aws = fakeAws({ ...store.handlers, ...stateMachine([]) });

      // Act
      const table = await runCli(['list', '--output', 'table'], { services: aws.services });
      const running = await runCli(['list', '--status', 'RUNNING', '--output', 'json'], {
        services: aws.services,
      });

      // Assess
      expect(table.exitCode).toBe(0);
      expect(table.stdout).toBe('');
      expect(table.stderr).toContain(`no executions of ${STATE_MACHINE_ARN}\n`);
      expect(running.stdout).toBe('[]\n');
      expect(running.stderr).toContain(`no RUNNING executions of ${STATE_MACHINE_ARN}\n`);
    });

    it('lists executions newest first', async () => {
      // Prepare
      const older = { ...PROD_SUCCEEDED, name: 'older', startDate: at(-3600), stopDate: at(-3000) };
      const aws = fakeAws({ ...store.handlers, ...stateMachine([older, PROD_SUCCEEDED]) });

      // Act
      const result = await runCli(['list', '--output', 'json'], { services: aws.services });

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([
        {
          name: 'prod-1-31-a',
          status: 'SUCCEEDED',
          startDate: at(0).toISOString(),
          stopDate: at(6).toISOString(),
          executionArn: executionArn('prod-1-31-a'),
        },
        {
          name: 'older',
          status: 'SUCCEEDED',
          startDate: at(-3600).toISOString(),
          stopDate: at(-3000).toISOString(),
          executionArn: executionArn('older'),
        },
      ]);
    });

    it('says to deploy first when the state machine is missing (exit 1)', async () => {
      // Prepare
      const aws = fakeAws({ ...store.handlers, ...stateMachine([], { deployed: false }) });

      // Act
      const result = await runCli(['list', '--region', 'eu-west-1'], { services: aws.services });

      // Assess
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        'error: State machine eks-upgrade-workflow not found in eu-west-1: run eks-upgrade deploy first\n',
      );
    });
  });

  describe('Commands: status, history, watch', () => {
    it('status finds the newest execution of a cluster and reports its outcome', async () => {
      // Prepare
      const other = {
        ...PROD_SUCCEEDED,
        name: 'staging-1',
        startDate: at(100),
        input: { clusterName: 'staging' },
      };
      const aws = fakeAws({ ...store.handlers, ...stateMachine([PROD_SUCCEEDED, other]) });

      // Act
      const text = await runCli(['status', '--cluster', 'prod'], { services: aws.services });
      const json = await runCli(['status', 'prod-1-31-a', '--output', 'json'], { services: aws.services });

      // Assess
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toBe('prod-1-31-a\tSUCCEEDED\tsucceeded\n');
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({
        executionArn: executionArn('prod-1-31-a'),
        status: 'SUCCEEDED',
        outcome: 'succeeded',
        input: PROD_SUCCEEDED.input,
      });
      expect(report.timeline[0]).toMatchObject({ phase: 'perception', status: 'succeeded' });
    });

    it('status says when no execution of the cluster exists (exit 1)', async () => {
      // Prepare
      const aws = fakeAws({ ...store.handlers, ...stateMachine([PROD_SUCCEEDED]) });

      // Act
      const result = await runCli(['status', '--cluster', 'billing'], { services: aws.services });

      // Assess
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `error: No execution of cluster billing found on ${STATE_MACHINE_ARN}\n`,
      );
    });

    it('history prints the phase timeline', async () => {
      // Prepare
      const aws = fakeAws({ ...store.handlers, ...stateMachine([PROD_SUCCEEDED]) });

      // Act
      const result = await runCli(['history', executionArn('prod-1-31-a'), '--output', 'json'], {
        services: aws.services,
      });
      const table = await runCli(['history', '--output', 'table'], { services: aws.services });

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      const { timeline } = JSON.parse(result.stdout);
      expect(timeline).toEqual([
        expect.objectContaining({
          phase: 'perception',
          status: 'succeeded',
          startedAt: at(1).toISOString(),
          // A phase ends when the next event (here the end of the execution) is recorded.
          endedAt: at(6).toISOString(),
        }),
      ]);
      expect(table.stdout).toMatch(/^PHASE +STEP +KIND +STATUS +STARTED.*\nperception .*succeeded/);
    });

    it('watch follows a failed execution to its end and exits 1', async () => {
      // Prepare
      const failed: FakeExecution = {
        ...PROD_SUCCEEDED,
        name: 'prod-failed',
        status: 'FAILED',
        error: 'Upgrade.PlanBlocked',
        cause: '[{"code":"DOWNGRADE","message":"cannot downgrade"}]',
      };
      const aws = fakeAws({ ...store.handlers, ...stateMachine([failed]) });

      // Act
      const result = await runCli(['watch', 'prod-failed', '--interval', '1'], { services: aws.services });

      // Assess
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('prod-failed\tFAILED\tfailed\tUpgrade.PlanBlocked\n');
      expect(result.stderr).toContain(`following ${executionArn('prod-failed')}`);
      expect(result.stderr).toContain('upgrade failed (FAILED)');
    });
  });

  describe('Command: stop', () => {
    it('stops the running execution of a cluster with the reason as the cause', async () => {
      // Prepare
      const running: FakeExecution = { ...PROD_SUCCEEDED, name: 'prod-running', status: 'RUNNING' };
      delete running.stopDate;
      const aws = fakeAws({ ...store.handlers, ...stateMachine([running]) });

      // Act
      const result = await runCli(['stop', '--cluster', 'prod', '--reason', 'window closed'], {
        services: aws.services,
      });

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      expect(aws.mutatingCalls()).toEqual([
        {
          service: 'SFN',
          operation: 'StopExecution',
          input: {
            executionArn: executionArn('prod-running'),
            error: 'StoppedByOperator',
            cause: 'window closed',
          },
        },
      ]);
      expect(result.stdout).toBe(`${executionArn('prod-running')}\tABORTED\n`);
    });

    it('refuses to stop an execution that is not running (exit 1, nothing stopped)', async () => {
      // Prepare
      const aws = fakeAws({ ...store.handlers, ...stateMachine([PROD_SUCCEEDED]) });

      // Act
      const result = await runCli(['stop', 'prod-1-31-a'], { services: aws.services });

      // Assess
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('Execution prod-1-31-a is SUCCEEDED, not running: nothing to stop');
      expect(aws.mutatingCalls()).toEqual([]);
    });
  });

  describe('Command: start', () => {
    it('starts an execution with the whole request as input, through the live alias', async () => {
      // Prepare
      const started: Array<Record<string, unknown>> = [];
      const aws = fakeAws({
        ...store.handlers,
        ...stateMachine([]),
        DescribeStateMachineAlias: (input: { stateMachineAliasArn: string }) => ({
          stateMachineAliasArn: input.stateMachineAliasArn,
          name: 'live',
          routingConfiguration: [{ stateMachineVersionArn: `${STATE_MACHINE_ARN}:3`, weight: 100 }],
        }),
        StartExecution: (input: Record<string, unknown>) => {
          started.push(input);
          return { executionArn: executionArn(String(input.name)), startDate: T0 };
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
          '--alarm',
          'api-5xx',
        ],
        { services: aws.services },
      );

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${executionArn('prod-now')}\n`);
      expect(started).toHaveLength(1);
      expect(started[0]).toEqual({
        stateMachineArn: `${STATE_MACHINE_ARN}:live`,
        name: 'prod-now',
        input: JSON.stringify({
          clusterName: 'prod',
          targetVersion: '1.31',
          strategy: 'in_place',
          alarmNames: ['api-5xx'],
          upgradeId: 'prod-now',
        }),
      });
    });

    it('starts on the state machine when it has no alias (deployed before aliases)', async () => {
      // Prepare
      const started: Array<Record<string, unknown>> = [];
      const aws = fakeAws({
        ...store.handlers,
        ...stateMachine([]),
        DescribeStateMachineAlias: () => {
          throw serviceError('ResourceNotFound', 'State Machine Alias Does Not Exist');
        },
        StartExecution: (input: Record<string, unknown>) => {
          started.push(input);
          return { executionArn: executionArn(String(input.name)), startDate: T0 };
        },
      });

      // Act
      const result = await runCli(
        ['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'in_place', '--name', 'prod-now'],
        { services: aws.services },
      );

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      expect(started.map((input) => input.stateMachineArn)).toEqual([STATE_MACHINE_ARN]);
      expect(aws.mutatingCalls().map((call) => call.operation)).toEqual(['StartExecution']);
    });

    it('an endpoint that keeps the alias but cannot start through it (moto) starts on the machine, with a warning', async () => {
      // Prepare
      const started: Array<Record<string, unknown>> = [];
      const aws = fakeAws({
        ...store.handlers,
        ...stateMachine([]),
        DescribeStateMachineAlias: (input: { stateMachineAliasArn: string }) => ({
          stateMachineAliasArn: input.stateMachineAliasArn,
          name: 'live',
          routingConfiguration: [{ stateMachineVersionArn: `${STATE_MACHINE_ARN}:1`, weight: 100 }],
        }),
        StartExecution: (input: Record<string, unknown>) => {
          started.push(input);
          if (String(input.stateMachineArn).endsWith(':live'))
            throw serviceError(
              'StateMachineDoesNotExist',
              `State Machine Does Not Exist: '${String(input.stateMachineArn)}'`,
            );
          return { executionArn: executionArn(String(input.name)), startDate: T0 };
        },
      });

      // Act
      const result = await runCli(
        ['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'in_place', '--name', 'prod-now'],
        { services: aws.services },
      );

      // Assess
      expect(result.exitCode, result.stderr).toBe(0);
      expect(started.map((input) => input.stateMachineArn)).toEqual([
        `${STATE_MACHINE_ARN}:live`,
        STATE_MACHINE_ARN,
      ]);
      expect(result.stderr).toContain(
        `this endpoint does not start executions through alias ${STATE_MACHINE_ARN}:live; started on the state machine's latest revision`,
      );
    });
  });

  describe('AWS failures as the operator reads them', () => {
    it.each([
      [
        'a missing region',
        () => new Error('Region is missing'),
        'RegionMissing: Region is missing. Set the AWS region: --region, AWS_REGION, or region in the AWS profile.',
      ],
      [
        'missing credentials',
        () =>
          Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          }),
        'CredentialsProviderError: Could not load credentials from any providers. Check the AWS credentials',
      ],
      [
        'a plain-text 503 from a proxy',
        () =>
          Object.assign(
            new SyntaxError(
              'Unexpected token \'S\', "Service Unavailable" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
            ),
            { $response: { statusCode: 503, headers: { 'content-type': 'text/plain' } } },
          ),
        'HTTP503: the service answered HTTP 503 with a body that is not an AWS response (text/plain)',
      ],
    ])('%s: one line saying what happened and what to do (exit 1)', async (_case, failure, said) => {
      // Prepare
      const aws = fakeAws({
        GetParametersByPath: () => {
          throw failure();
        },
      });

      // Act
      const result = await runCli(['list'], { services: aws.services });

      // Assess
      expect(result.exitCode).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(said);
      expect(result.stderr).not.toContain('$response');
      expect(result.stderr).not.toContain('UnknownError');
    });
  });
});
