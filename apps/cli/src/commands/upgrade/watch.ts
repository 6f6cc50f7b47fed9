import { ValidationError } from '@eks-upgrade/core-models';
import type { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { followExecution } from '../../executions/follow.js';
import {
  checkExecutionSelector,
  checkStateMachineName,
  resolveExecutionArn,
} from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';

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
  const selector = checkExecutionSelector({
    execution: context.positionals.EXECUTION,
    cluster: flags.cluster,
  });
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  const maxWait = positiveSeconds(flags['max-wait'], '--max-wait');
  const interval = positiveSeconds(flags.interval, '--interval');
  const { config, sfn, stateMachineArn } = await workflowTarget(context, flags);
  const executionArn = await resolveExecutionArn(sfn, stateMachineArn, selector);
  return followExecution(context, sfn, executionArn, {
    maxWaitSeconds: maxWait ?? config.stepFunctions.executionTimeoutSeconds + 300,
    minDelaySeconds: interval ?? 2,
  });
}
