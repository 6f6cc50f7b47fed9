import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { StepFunctionsClient } from '@eks-upgrade/sfn';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyRole, schedulerRoleSpec } from '../../src/stack/iam-roles.js';
import { runCli } from '../helpers/run-cli.js';

// moto 5.2.1 implements EventBridge Scheduler's CreateSchedule and GetSchedule (it stores the
// schedule; it never runs it), so `start --at` is checked against it end to end.
const moto = useMoto();
const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-scheduler-role';
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
let workDirectory: string;

beforeAll(async () => {
  workDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-start-at-'));
});

beforeEach(async () => {
  // What deploy leaves behind that start --at needs: the workflow and Scheduler's role.
  await new StepFunctionsClient({ clientConfig: moto.clientConfig() }).createStateMachine({
    name: 'eks-upgrade-workflow',
    definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
    roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-role',
  });
  await applyRole(
    new IAMClient(moto.clientConfig()),
    schedulerRoleSpec(createDefaultAgentConfig(), LOCATION),
    {
      dryRun: false,
      roleArn: ROLE_ARN,
    },
  );
});

async function cli(argv: readonly string[]) {
  const calls: string[] = [];
  const result = await runCli([...argv, '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {
    clientConfig: { credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 },
    onAwsCall: (service, operation) => calls.push(`${service}:${operation}`),
    cwd: workDirectory,
  });
  return { ...result, calls };
}

describe('eks-upgrade start --at against moto', () => {
  it('creates a one-time schedule that starts the workflow with the request, and starts nothing now', async () => {
    // Act
    const result = await cli([
      'start',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--strategy',
      'in_place',
      '--at',
      `${NEXT_YEAR}-12-01T22:00`,
      '--time-zone',
      'Europe/Berlin',
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const name = `eks-upgrade-prod-${NEXT_YEAR}1201T2100`;
    expect(JSON.parse(result.stdout)).toMatchObject({
      scheduleName: name,
      startsAt: `${NEXT_YEAR}-12-01T21:00:00.000Z`,
      scheduleExpression: `at(${NEXT_YEAR}-12-01T22:00:00)`,
      timeZone: 'Europe/Berlin',
      roleArn: ROLE_ARN,
      // No `live` alias on this machine: the schedule starts the state machine itself.
      target: MACHINE_ARN,
    });
    expect(result.calls.filter((call) => call.startsWith('Scheduler:'))).toEqual([
      'Scheduler:CreateSchedule',
    ]);
    expect(result.calls).not.toContain('SFN:StartExecution');
    const schedule = await new SchedulerClient(moto.clientConfig()).send(
      new GetScheduleCommand({ Name: name }),
    );
    expect({
      Name: schedule.Name,
      GroupName: schedule.GroupName,
      ScheduleExpression: schedule.ScheduleExpression,
      ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
      FlexibleTimeWindow: schedule.FlexibleTimeWindow,
      ActionAfterCompletion: schedule.ActionAfterCompletion,
      State: schedule.State,
      Target: schedule.Target,
    }).toEqual({
      Name: name,
      GroupName: 'default',
      ScheduleExpression: `at(${NEXT_YEAR}-12-01T22:00:00)`,
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: MACHINE_ARN,
        RoleArn: ROLE_ARN,
        Input: expect.any(String),
        RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
      },
    });
    expect(JSON.parse(schedule.Target?.Input ?? '{}')).toMatchObject({
      clusterName: 'prod',
      targetVersion: '1.31',
      strategy: 'in_place',
      upgradeId: name,
    });
  });

  it('deploy’s role lets only Scheduler of this account start only the workflow', async () => {
    // Act
    const iam = new IAMClient(moto.clientConfig());
    const role = await iam.send(new GetRoleCommand({ RoleName: 'eks-upgrade-workflow-scheduler-role' }));
    const policy = await iam.send(
      new GetRolePolicyCommand({
        RoleName: 'eks-upgrade-workflow-scheduler-role',
        PolicyName: 'start-workflow-only',
      }),
    );

    // Assess
    expect(JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '{}'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:scheduler:us-east-1:123456789012:schedule-group/default' },
          },
        },
      ],
    });
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument ?? '{}')).Statement).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [MACHINE_ARN, `${MACHINE_ARN}:*`] },
    ]);
  });

  it('refuses a time in the past before any call (exit 2)', async () => {
    // Act
    const result = await cli([
      'start',
      '--cluster',
      'prod',
      '--target',
      '1.31',
      '--at',
      '2020-01-01T00:00:00Z',
    ]);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      '--at: 2020-01-01T00:00:00Z is 2020-01-01T00:00:00.000Z, not in the future',
    );
    expect(result.calls).toEqual([]);
  });
});
