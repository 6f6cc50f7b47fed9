import { ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkExecutionTarget, executionTarget } from '../../executions/workflow-target.js';

/**
 * The longest cause StopExecution accepts
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html).
 */
export const MAX_STOP_CAUSE_CHARACTERS = 32_768;

/** `eks-upgrade stop`: stops a running execution (the named one, or the newest, of `--cluster`). */
export async function run(context: CommandContext<'stop'>): Promise<ExitCode> {
  const { flags } = context;
  const reasonCharacters = flags.reason === undefined ? 0 : Array.from(flags.reason).length;
  if (reasonCharacters > MAX_STOP_CAUSE_CHARACTERS) {
    throw new ValidationError('Invalid --reason', [
      {
        path: '--reason',
        message: `is ${reasonCharacters} characters; Step Functions keeps at most ${MAX_STOP_CAUSE_CHARACTERS}`,
      },
    ]);
  }
  const selector = checkExecutionTarget(context.positionals.EXECUTION, flags);
  const { sfn, executionArn } = await executionTarget(context, flags, selector, { onlyRunning: true });
  const before = await sfn.getExecutionStatus(executionArn);
  if (before.status !== 'RUNNING') {
    throw new ExecutionError(`Execution ${before.name} is ${before.status}, not running: nothing to stop`, {
      executionArn,
      status: before.status,
    });
  }
  await sfn.stopExecution(executionArn, 'StoppedByOperator', flags.reason ?? 'Stopped with eks-upgrade stop');
  // StopExecution answers at once; the status settles a moment later.
  const result = await sfn.waitForExecution(executionArn, {
    maxWaitSeconds: 30,
    minDelaySeconds: 1,
    maxDelaySeconds: 2,
  });
  context.log.success(`stopped ${executionArn} (${result.status})`);
  context.print({ data: { executionArn, status: result.status }, text: `${executionArn}\t${result.status}` });
  return ExitCode.SUCCESS;
}
