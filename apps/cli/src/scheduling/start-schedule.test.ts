import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseStartAt } from './start-at.js';
import { createStartSchedule, startScheduleName } from './start-schedule.js';

const scheduler = mockClient(SchedulerClient);
const STATE_MACHINE = 'arn:aws:states:eu-central-1:123456789012:stateMachine:eks-upgrade-workflow';
const ROLE = 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-scheduler-role';
const request = UpgradeRequestSchema.parse({
  clusterName: 'prod',
  targetVersion: '1.31',
  strategy: 'in_place',
});
const at = parseStartAt(
  { at: '2026-12-01T22:00', timeZone: 'Europe/Berlin' },
  new Date('2026-12-01T12:00:00Z'),
);

describe('Function: createStartSchedule', () => {
  beforeEach(() => scheduler.reset());

  it('creates a one-time schedule starting the workflow with the request, deleted after it ran', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({
      ScheduleArn:
        'arn:aws:scheduler:eu-central-1:123456789012:schedule/default/eks-upgrade-prod-20261201T2100',
    });
    const name = startScheduleName('prod', at.instant);

    // Act
    const arn = await createStartSchedule(new SchedulerClient({ region: 'eu-central-1' }), {
      name,
      stateMachineArn: STATE_MACHINE,
      roleArn: ROLE,
      request,
      at,
    });

    // Assess
    expect(name).toBe('eks-upgrade-prod-20261201T2100');
    expect(arn).toBe(
      'arn:aws:scheduler:eu-central-1:123456789012:schedule/default/eks-upgrade-prod-20261201T2100',
    );
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(1);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'eks-upgrade-prod-20261201T2100',
      GroupName: 'default',
      Description: 'eks-upgrade: in_place upgrade of prod to 1.31',
      ScheduleExpression: 'at(2026-12-01T22:00:00)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: STATE_MACHINE,
        RoleArn: ROLE,
        Input: JSON.stringify({ ...request, upgradeId: 'eks-upgrade-prod-20261201T2100' }),
        RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
      },
    });
  });

  it('says how to see or delete a schedule of the same name', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).rejects(
      new ConflictException({
        Message: 'Schedule already exists.',
        message: 'Schedule already exists.',
        $metadata: {},
      }),
    );

    // Act
    const error = await createStartSchedule(new SchedulerClient({ region: 'eu-central-1' }), {
      name: 'nightly',
      stateMachineArn: STATE_MACHINE,
      roleArn: ROLE,
      request,
      at,
    }).catch((caught) => caught);

    // Assess
    expect(error).toMatchObject({
      name: 'AWSServiceError',
      service: 'Scheduler',
      operation: 'CreateSchedule',
    });
    expect(error.message).toContain('aws scheduler delete-schedule --name nightly');
    expect(error.cause).toBeInstanceOf(ConflictException);
  });

  it('cuts a long cluster name so the schedule name stays within 64 characters', () => {
    const name = startScheduleName('a'.repeat(100), new Date('2026-12-01T21:00:00Z'));
    expect(name).toHaveLength(64);
    expect(name.endsWith('-20261201T2100')).toBe(true);
  });
});
