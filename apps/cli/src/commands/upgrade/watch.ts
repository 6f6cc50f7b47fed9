import { ValidationError } from '@eks-upgrade/core-models';
import type { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { followExecution } from '../../executions/follow.js';
import { describeNextWindow, nextWindowOf } from '../../executions/next-window.js';
import { checkExecutionTarget, executionTarget } from '../../executions/workflow-target.js';

function positiveSeconds(value: number | undefined, flag: string): number | undefined {
  if (value !== undefined && !(value > 0)) {
    throw new ValidationError('Invalid duration', [
      { path: flag, message: `must be a positive number of seconds (got ${value})` },
    ]);
  }
  return value;
}

/** `eks-upgrade watch`: follows an execution; exits 0 succeeded, 3 rolled back, 1 failed. */
export async function run(context: CommandContext<'watch'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionTarget(context.positionals.EXECUTION, flags);
  const maxWait = positiveSeconds(flags['max-wait'], '--max-wait');
  const interval = positiveSeconds(flags.interval, '--interval');
  const { config, sfn, executionArn } = await executionTarget(context, flags, selector);
  const nextWindow = await nextWindowOf(config, new Date());
  if (nextWindow) context.log.info(describeNextWindow(nextWindow));
  return followExecution(context, sfn, executionArn, {
    maxWaitSeconds: maxWait ?? config.stepFunctions.executionTimeoutSeconds + 300,
    minDelaySeconds: interval ?? 2,
  });
}
