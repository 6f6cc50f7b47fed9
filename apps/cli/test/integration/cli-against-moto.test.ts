import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetRolePolicyCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { createFunctionZip } from '@eks-upgrade/lambda-templates';
import { SSMClient } from '@eks-upgrade/params';
import { STEP_RUN_STATE, StateMachineVersionsClient, StepFunctionsClient } from '@eks-upgrade/sfn';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { functionRolePolicy } from '../../src/stack/iam-policies.js';
import { type CliRun, runCli } from '../helpers/run-cli.js';

const moto = useMoto();
const MUTATING =
  /^(Create|Put|Update|Delete|Tag|Untag|Attach|Detach|Add|Remove|Publish|Start|Stop|Enable|Disable)/;
let zipDirectory: string;
let workDirectory: string;

beforeAll(async () => {
  zipDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-zips-'));
  workDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-work-'));
  for (const phase of UPGRADE_PHASES) {
    await writeFile(
      path.join(zipDirectory, `${phase}.zip`),
      createFunctionZip({ 'index.mjs': `export const handler = async () => ({ phase: '${phase}' });` }),
    );
  }
});

beforeEach(async () => {
  // Machines must be created after this switch; moto is reset before each test.
  await moto.configure({ lambda: { use_docker: false }, stepfunctions: { execute_state_machine: true } });
});

/**
 * Polls the execution's history (at most 600 reads) until it runs its first step: the step's own
 * wait for the update is in the step's child execution (the Distributed Map `Step: Run`), whose
 * history is not the parent's.
 */
async function untilWaitingForUpdate(executionArn: string): Promise<void> {
  const sfn = new StepFunctionsClient({ clientConfig: moto.clientConfig() });
  for (let read = 0; read < 600; read += 1) {
    const history = await sfn.getExecutionHistory(executionArn);
    if (history.some((event) => event.type === 'MapStateEntered' && event.stateName === STEP_RUN_STATE))
      return;
    if (history.some((event) => event.type.startsWith('Execution') && event.type !== 'ExecutionStarted'))
      throw new Error(`the execution ended before it waited: ${history.at(-1)?.type}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the execution never reached ${STEP_RUN_STATE}`);
}

/** Runs the CLI against moto through --endpoint-url, recording every AWS call. */
async function cli(argv: readonly string[]): Promise<CliRun & { calls: string[] }> {
  const calls: string[] = [];
  const result = await runCli([...argv, '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {
    clientConfig: { credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 },
    onAwsCall: (service, operation) => calls.push(`${service}:${operation}`),
    cwd: workDirectory,
  });
  return { ...result, calls };
}

const deploy = (...extra: string[]) =>
  cli(['deploy', '--zip-dir', zipDirectory, '--output', 'json', ...extra]);

const NOW = '2026-11-25T10:00:00Z';
const SNAPSHOT = { clusterName: 'prod', version: '1.30', status: 'ACTIVE', capturedAt: NOW };
const plan = (steps: unknown[]) => ({
  planId: 'plan-1',
  clusterName: 'prod',
  sourceVersion: '1.30',
  targetVersion: '1.31',
  strategy: 'in_place',
  hops: ['1.31'],
  steps,
  blockers: [],
  warnings: [],
  blocked: false,
  source: 'rules',
  createdAt: NOW,
});
const HEALTHY = {
  clusterName: 'prod',
  status: 'healthy',
  success: true,
  checks: [],
  metrics: {},
  summary: 'prod: healthy',
  checkedAt: NOW,
};

describe('eks-upgrade against moto', () => {
  it('says to deploy first when the state machine is missing (exit 1, the message only)', async () => {
    // Act
    const result = await cli(['list']);

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'error: State machine eks-upgrade-workflow not found in us-east-1: run eks-upgrade deploy first',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('deploy creates the whole stack: configuration, seven roles, five functions, the state machine, two rules', async () => {
    // Act
    const result = await deploy();

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const { changes } = JSON.parse(result.stdout) as {
      changes: Array<{ kind: string; name: string; action: string }>;
    };
    expect(
      changes.filter((change) => change.action === 'create').map((change) => `${change.kind}:${change.name}`),
    ).toEqual([
      'configuration:/eks-upgrade-agent/config/',
      ...UPGRADE_PHASES.map((phase) => `role:eks-upgrade-agent-${phase}-role`),
      'role:eks-upgrade-workflow-role',
      'role:eks-upgrade-workflow-scheduler-role',
      ...UPGRADE_PHASES.map((phase) => `function:eks-upgrade-agent-${phase}`),
      'state-machine:eks-upgrade-workflow',
      'rule:eks-upgrade-monitor',
      'rule:eks-upgrade-rollback-trigger',
      'state-machine:eks-upgrade-workflow:live',
    ]);
    // The first revision is published as version 1; the live alias routes every new execution to it.
    const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
    const versions = new StateMachineVersionsClient(
      new StepFunctionsClient({ clientConfig: moto.clientConfig() }).client,
    );
    expect(await versions.describeAlias(`${machineArn}:live`)).toEqual({
      aliasArn: `${machineArn}:live`,
      name: 'live',
      routing: [{ versionArn: `${machineArn}:1`, weight: 100 }],
    });
    const functions = JSON.parse((await cli(['functions', 'list', '--output', 'json'])).stdout);
    expect(functions.map((fn: { name: string }) => fn.name)).toEqual(
      [...UPGRADE_PHASES].map((phase) => `eks-upgrade-agent-${phase}`).sort(),
    );
    const rules = JSON.parse((await cli(['events', 'rules', 'list', '--output', 'json'])).stdout);
    expect(rules.map((rule: { name: string }) => rule.name).sort()).toEqual([
      'eks-upgrade-monitor',
      'eks-upgrade-rollback-trigger',
    ]);
    const sfn = new StepFunctionsClient({ clientConfig: moto.clientConfig() });
    expect(await sfn.findStateMachineByName('eks-upgrade-workflow')).toMatch(
      /:stateMachine:eks-upgrade-workflow$/,
    );
    const iam = new IAMClient(moto.clientConfig());
    const policy = await iam.send(
      new GetRolePolicyCommand({
        RoleName: 'eks-upgrade-agent-validation-role',
        PolicyName: 'validation-least-privilege',
      }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument ?? ''))).toEqual(
      JSON.parse(
        JSON.stringify(
          functionRolePolicy('validation', createDefaultAgentConfig(), {
            partition: 'aws',
            region: 'us-east-1',
            accountId: '123456789012',
          }),
        ),
      ),
    );
  });

  it('a second deploy reports no changes and makes no mutating call', async () => {
    // Prepare
    expect((await deploy()).exitCode).toBe(0);

    // Act
    const second = await deploy();
    const text = await cli(['deploy', '--zip-dir', zipDirectory]);

    // Assess
    expect(second.exitCode).toBe(0);
    expect(JSON.parse(second.stdout).changed).toBe(false);
    expect(second.calls.length).toBeGreaterThan(0);
    expect(second.calls.filter((call) => MUTATING.test(call.split(':')[1] ?? ''))).toEqual([]);
    expect(text.stdout).toBe('No changes.\n');
  });

  it('deploy --dry-run lists the changes and makes none', async () => {
    // Act
    const result = await deploy('--dry-run');

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dryRun).toBe(true);
    // Seven roles, five functions, the configuration, the machine and its alias, two rules.
    expect(report.changes.filter((change: { action: string }) => change.action === 'create')).toHaveLength(
      17,
    );
    expect(result.calls.filter((call) => MUTATING.test(call.split(':')[1] ?? ''))).toEqual([]);
    expect(JSON.parse((await cli(['functions', 'list', '--output', 'json'])).stdout)).toEqual([]);
  });

  it('deploy --dry-run, deploy and destroy show each change once (stdout), not again on stderr', async () => {
    // Act
    const dryRun = await cli(['deploy', '--dry-run', '--zip-dir', zipDirectory]);
    const deployed = await cli(['deploy', '--zip-dir', zipDirectory]);
    const destroyed = await cli(['destroy']);

    // Assess
    for (const [result, verb] of [
      [dryRun, 'would create'],
      [deployed, 'created'],
      [destroyed, 'deleted'],
    ] as const) {
      expect(result.exitCode, result.stderr).toBe(0);
      const changes = result.stdout.trimEnd().split('\n');
      // deploy also publishes a version and routes the alias; destroy's DeleteStateMachine removes both.
      const count = verb === 'deleted' ? 16 : 17;
      expect(changes).toHaveLength(count);
      expect(changes.every((line) => line.startsWith(`${verb} `))).toBe(true);
      expect(result.stderr).not.toContain(`${verb} `);
      expect(result.stderr).toMatch(new RegExp(`${count} changes (would be )?made`));
    }
  });

  it('config round-trips: init, set, get, export, import, show', async () => {
    // Act
    const init = await cli(['config', 'init']);
    const again = await cli(['config', 'init']);
    const set = await cli(['config', 'set', 'upgrade.trafficShiftIntervals', '[20,50,100]']);
    const get = await cli(['config', 'get', 'upgrade.trafficShiftIntervals']);
    const exported = await cli(['config', 'export']);
    const edited = JSON.parse(exported.stdout);
    edited.upgrade.bakeTimeSeconds = 900;
    await writeFile(path.join(workDirectory, 'edited.json'), JSON.stringify(edited));
    const imported = await cli(['config', 'import', 'edited.json']);
    const shown = await cli(['config', 'show', '--output', 'json']);

    // Assess
    expect(init.exitCode, init.stderr).toBe(0);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('use --force');
    expect(set.exitCode, set.stderr).toBe(0);
    expect(get.stdout).toBe('[20,50,100]\n');
    expect(imported.exitCode, imported.stderr).toBe(0);
    const expected = createDefaultAgentConfig();
    expected.upgrade.trafficShiftIntervals = [20, 50, 100];
    expected.upgrade.bakeTimeSeconds = 900;
    expect(JSON.parse(shown.stdout)).toEqual(expected);
    const stored = await new SSMClient({ clientConfig: moto.clientConfig() }).getParametersByPath(
      '/eks-upgrade-agent/config/',
      {
        recursive: true,
      },
    );
    const bake = stored.filter((parameter) => parameter.name.toLowerCase().includes('baketimeseconds'));
    expect(bake.map((parameter) => parameter.value)).toEqual(['900']);
  });

  it('start and watch run an execution to SUCCEEDED on moto; status, list and history report it', async () => {
    // Prepare
    expect((await deploy()).exitCode).toBe(0);
    await moto.queueLambdaResults([SNAPSHOT, plan([]), HEALTHY]);

    // Act
    const start = await cli(['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'in_place']);
    const watch = await cli(['watch', '--cluster', 'prod', '--interval', '1', '--output', 'json']);
    const status = await cli(['status', '--cluster', 'prod', '--output', 'json']);
    const list = await cli(['list', '--status', 'SUCCEEDED', '--output', 'json']);
    const history = await cli(['history', '--output', 'json']);

    // Assess
    expect(start.exitCode, start.stderr).toBe(0);
    const executionArn = start.stdout.trim();
    expect(executionArn).toMatch(/:execution:eks-upgrade-workflow:prod-1\.31-in_place-/);
    expect(watch.exitCode, watch.stderr).toBe(0);
    expect(JSON.parse(watch.stdout)).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      outcome: 'succeeded',
    });
    expect(watch.stderr).toContain('perception');
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ executionArn, status: 'SUCCEEDED' });
    expect(JSON.parse(list.stdout).map((row: { executionArn: string }) => row.executionArn)).toEqual([
      executionArn,
    ]);
    const phases = JSON.parse(history.stdout).timeline.map(
      (row: { phase: string; status: string }) => `${row.phase}:${row.status}`,
    );
    expect(phases).toEqual(['perception:succeeded', 'reasoning:succeeded', 'validation:succeeded']);
  });

  it('stop aborts a running execution', async () => {
    // Prepare: the step starts an update and the workflow waits before polling it.
    expect((await deploy()).exitCode).toBe(0);
    const step = {
      id: 'cp-1.31',
      kind: 'control_plane_upgrade',
      description: 'Upgrade the control plane of prod from 1.30 to 1.31',
      clusterName: 'prod',
      fromVersion: '1.30',
      toVersion: '1.31',
    };
    const started = {
      stepId: 'cp-1.31',
      kind: 'control_plane_upgrade',
      status: 'in_progress',
      clusterName: 'prod',
      updateId: 'u-1',
      pollAfterSeconds: 600,
      message: 'UpdateClusterVersion to 1.31 started',
      startedAt: NOW,
    };
    await moto.queueLambdaResults([SNAPSHOT, plan([step]), started]);
    const start = await cli(['start', '--cluster', 'prod', '--target', '1.31', '--strategy', 'in_place']);
    expect(start.exitCode, start.stderr).toBe(0);
    // moto 5.2.1 answers StopExecution with HTTP 500 until its interpreter has set the execution up,
    // so stop it once its history shows it waiting for the update (polled, not timed).
    await untilWaitingForUpdate(start.stdout.trim());

    // Act
    const stop = await cli(['stop', '--cluster', 'prod', '--reason', 'test', '--output', 'json']);
    const aborted = await cli(['list', '--status', 'ABORTED', '--output', 'json']);

    // Assess
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(JSON.parse(stop.stdout)).toMatchObject({ executionArn: start.stdout.trim(), status: 'ABORTED' });
    expect(aborted.exitCode, aborted.stderr).toBe(0);
    expect(JSON.parse(aborted.stdout).map((row: { executionArn: string }) => row.executionArn)).toEqual([
      start.stdout.trim(),
    ]);
  });

  it('events rules apply changes only the rules that differ', async () => {
    // Prepare
    expect((await deploy()).exitCode).toBe(0);

    // Act
    const same = await cli(['events', 'rules', 'apply']);
    const withTarget = await cli([
      'events',
      'rules',
      'apply',
      '--notify-arn',
      'arn:aws:sqs:us-east-1:123456789012:ops',
      '--output',
      'json',
    ]);

    // Assess
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stdout).toBe('No changes.\n');
    expect(same.calls.filter((call) => MUTATING.test(call.split(':')[1] ?? ''))).toEqual([]);
    expect(withTarget.exitCode, withTarget.stderr).toBe(0);
    expect(JSON.parse(withTarget.stdout).changes.map((change: { action: string }) => change.action)).toEqual([
      'update',
      'update',
    ]);
  });

  it('functions invoke runs one phase function with a payload', async () => {
    // Prepare
    expect((await deploy()).exitCode).toBe(0);
    await moto.queueLambdaResults([SNAPSHOT]);

    // Act
    const result = await cli([
      'functions',
      'invoke',
      'perception',
      '--payload',
      '{"request":{"clusterName":"prod","targetVersion":"1.31"}}',
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(SNAPSHOT);
    expect(result.calls).toContain('Lambda:Invoke');
  });

  it('events publish sends a validated event to the bus', async () => {
    // Act
    const result = await cli([
      'events',
      'publish',
      '--type',
      'upgrade.started',
      '--detail',
      '{"clusterName":"prod","targetVersion":"1.31","strategy":"in_place"}',
      '--output',
      'json',
      '--verbose',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).eventId).toEqual(expect.any(String));
    expect(result.calls).toContain('EventBridge:PutEvents');
    // --verbose logs every AWS call on stderr.
    expect(result.stderr).toContain('aws: EventBridge PutEvents');
    expect(result.stderr).toContain('aws: SSM GetParametersByPath');
  });

  it('destroy removes everything deploy created, and a second destroy finds nothing', async () => {
    // Prepare
    expect((await deploy()).exitCode).toBe(0);

    // Act
    const destroy = await cli(['destroy', '--output', 'json']);
    const again = await cli(['destroy']);

    // Assess
    expect(destroy.exitCode, destroy.stderr).toBe(0);
    const deleted = JSON.parse(destroy.stdout).changes.filter(
      (change: { action: string }) => change.action === 'delete',
    );
    expect(deleted).toHaveLength(16);
    expect(again.stdout).toBe('No changes.\n');
    const roles = (await new IAMClient(moto.clientConfig()).send(new ListRolesCommand({}))).Roles ?? [];
    expect(roles.map((role) => role.RoleName)).toEqual([]);
    expect(JSON.parse((await cli(['functions', 'list', '--output', 'json'])).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['events', 'rules', 'list', '--output', 'json'])).stdout)).toEqual([]);
    expect(
      await new StepFunctionsClient({ clientConfig: moto.clientConfig() }).findStateMachineByName(
        'eks-upgrade-workflow',
      ),
    ).toBeUndefined();
    const parameters = await new SSMClient({ clientConfig: moto.clientConfig() }).getParametersByPath(
      '/eks-upgrade-agent/',
      {
        recursive: true,
      },
    );
    expect(parameters).toEqual([]);
  });
});
