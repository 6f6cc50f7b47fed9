import { ValidationError } from '@eks-upgrade/core-models';
import { StateMachineVersionsClient } from '@eks-upgrade/sfn';
import { ExitCode } from '../cli/exit-codes.js';
import type { CommandContext } from '../context/command-context.js';
import { schedulerRoleName } from '../stack/iam-roles.js';
import { parseStartAt, type StartAt } from './start-at.js';
import { createStartSchedule, startScheduleName } from './start-schedule.js';

const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

/**
 * Checks `--at`, `--time-zone`, `--wait` and `--name` of `start --at` before any call: the time
 * is read and in the future, `--wait` is refused (nothing runs until then), a `--name` is a valid
 * schedule name.
 *
 * @throws ValidationError naming the flag.
 */
export function checkScheduledStart(
  flags: {
    at: string;
    'time-zone'?: string | undefined;
    wait?: boolean | undefined;
    name?: string | undefined;
  },
  now: Date,
): StartAt {
  if (flags.wait) {
    throw new ValidationError('Invalid --wait', [
      {
        path: '--wait',
        message:
          'cannot follow an upgrade that starts later: leave out --wait, then `eks-upgrade watch` once it started',
      },
    ]);
  }
  if (flags.name !== undefined && !SCHEDULE_NAME.test(flags.name)) {
    throw new ValidationError('Invalid --name', [
      { path: '--name', message: 'a schedule name is 1-64 characters of 0-9 a-z A-Z - _ .' },
    ]);
  }
  return parseStartAt({ at: flags.at, timeZone: flags['time-zone'] }, now);
}

/** `arn:aws:states:eu-west-1:123456789012:stateMachine:x` → the scheduler role's ARN in that account. */
function schedulerRoleArn(stateMachineArn: string, roleName: string): string {
  const [, partition, , , accountId] = stateMachineArn.split(':');
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * `start --at TIME`: creates an EventBridge Scheduler one-time schedule that starts the
 * execution at TIME, run as the role deploy created (`<stateMachine>-scheduler-role`). The
 * schedule deletes itself once it ran. Prints the schedule's name and ARN and when it starts.
 *
 * @example
 * ```ts
 * await scheduleStart(context, { stateMachineArn, config, request }, at);
 * ```
 */
export async function scheduleStart(
  context: CommandContext<'start'>,
  target: {
    stateMachineArn: string;
    roleName: string;
    request: Parameters<typeof createStartSchedule>[1]['request'];
  },
  at: StartAt,
): Promise<ExitCode> {
  const name = context.flags.name ?? startScheduleName(target.request.clusterName, at.instant);
  const roleArn = schedulerRoleArn(target.stateMachineArn, target.roleName);
  // Through the `live` alias when the stack has one, as `start` does: the schedule then starts
  // the version deployed when it runs.
  const versions = new StateMachineVersionsClient((await context.services.stepFunctions()).client);
  const alias = await versions.describeAlias(versions.aliasArn(target.stateMachineArn));
  const scheduler = await context.services.scheduler();
  const scheduleArn = await createStartSchedule(scheduler, {
    name,
    stateMachineArn: alias?.aliasArn ?? target.stateMachineArn,
    roleArn,
    request: target.request,
    at,
  });
  const startsAt = at.instant.toISOString();
  context.log.success(
    `scheduled ${target.request.strategy} upgrade of ${target.request.clusterName} to ${target.request.targetVersion} for ${startsAt}${at.timeZone === 'UTC' ? '' : ` (${at.scheduleExpression} ${at.timeZone})`}: schedule ${name}`,
  );
  context.print({
    data: {
      scheduleName: name,
      scheduleArn,
      startsAt,
      target: alias?.aliasArn ?? target.stateMachineArn,
      scheduleExpression: at.scheduleExpression,
      timeZone: at.timeZone,
      roleArn,
      request: target.request,
    },
    text: scheduleArn,
  });
  return ExitCode.SUCCESS;
}

export { schedulerRoleName };
