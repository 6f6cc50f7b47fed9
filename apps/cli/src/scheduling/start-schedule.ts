import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { toAWSServiceError, type UpgradeRequest } from '@eks-upgrade/core-models';
import type { StartAt } from './start-at.js';

/** What a scheduled start needs: where it starts, as whom, with what, and when. */
export interface StartScheduleInput {
  /** The schedule's name (1-64 of `0-9 a-z A-Z - _ .`), also the execution's `upgradeId`. */
  name: string;
  stateMachineArn: string;
  /** The role Scheduler assumes to call StartExecution (deploy creates it). */
  roleArn: string;
  request: UpgradeRequest;
  at: StartAt;
}

/**
 * The schedule's name for a request: `eks-upgrade-<cluster>-<yyyymmddThhmm>` in UTC, cut to
 * Scheduler's 64 characters, so two starts of one cluster at different times never collide.
 *
 * @example
 * ```ts
 * startScheduleName('prod', new Date('2026-12-01T21:00:00Z')); // 'eks-upgrade-prod-20261201T2100'
 * ```
 */
export function startScheduleName(clusterName: string, instant: Date): string {
  const stamp = instant.toISOString().slice(0, 16).replace(/[-:]/g, '');
  const suffix = `-${stamp}`;
  return `eks-upgrade-${clusterName}`.slice(0, 64 - suffix.length) + suffix;
}

/**
 * The CreateSchedule input of a one-time start: `at()` in its time zone, no flexible window (it
 * starts on the minute), deleted by Scheduler once it ran (`ActionAfterCompletion: DELETE`), and
 * the templated Step Functions target: StartExecution of the state machine with the upgrade
 * request as the execution input
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html,
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
 * Retries are off: the templated target starts an execution without a name, so a retried call
 * whose first attempt had started one would start a second upgrade of the cluster; a start that
 * fails is better seen (the execution is missing) than doubled.
 *
 * @example
 * ```ts
 * startScheduleRequest({ name, stateMachineArn, roleArn, request, at }).ScheduleExpression; // 'at(2026-12-01T22:00:00)'
 * ```
 */
export function startScheduleRequest(input: StartScheduleInput): CreateScheduleCommandInput {
  return {
    Name: input.name,
    GroupName: 'default',
    Description: `eks-upgrade: ${input.request.strategy} upgrade of ${input.request.clusterName} to ${input.request.targetVersion}`,
    ScheduleExpression: input.at.scheduleExpression,
    ScheduleExpressionTimezone: input.at.timeZone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: input.stateMachineArn,
      RoleArn: input.roleArn,
      Input: JSON.stringify({ ...input.request, upgradeId: input.request.upgradeId ?? input.name }),
      RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
    },
  };
}

/**
 * Creates the one-time schedule that starts the upgrade at `input.at`. Returns the schedule ARN.
 *
 * @throws AWSServiceError from Scheduler; a schedule of that name already existing says how to
 * see or delete it, and a role Scheduler cannot use says to run `eks-upgrade deploy`.
 * @example
 * ```ts
 * const arn = await createStartSchedule(new SchedulerClient({}), { name, stateMachineArn, roleArn, request, at });
 * ```
 */
export async function createStartSchedule(
  scheduler: SchedulerClient,
  input: StartScheduleInput,
): Promise<string> {
  try {
    const output = await scheduler.send(new CreateScheduleCommand(startScheduleRequest(input)));
    return output.ScheduleArn ?? '';
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    const hint =
      name === 'ConflictException'
        ? `; a schedule named ${input.name} already exists: see it with \`aws scheduler get-schedule --name ${input.name}\` or delete it with \`aws scheduler delete-schedule --name ${input.name}\``
        : name === 'ValidationException' && /role/i.test(String((error as Error).message))
          ? `; run \`eks-upgrade deploy\` to create the role ${input.roleArn}`
          : '';
    throw toAWSServiceError(error, {
      service: 'Scheduler',
      operation: 'CreateSchedule',
      iamPrefix: 'scheduler',
      action: `schedule the upgrade of ${input.request.clusterName} for ${input.at.instant.toISOString()}${hint}`,
    });
  }
}
