import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import {
  checkExecutionSelector,
  checkStateMachineName,
  resolveExecutionArn,
} from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';

/** `eks-upgrade stop`: stops a running execution (the named one, or the newest, of `--cluster`). */
export async function run(context: CommandContext<'stop'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionSelector({
    execution: context.positionals.EXECUTION,
    cluster: flags.cluster,
  });
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  const { sfn, stateMachineArn } = await workflowTarget(context, flags);
  const executionArn = await resolveExecutionArn(sfn, stateMachineArn, selector);
  await sfn.stopExecution(executionArn, 'StoppedByOperator', flags.reason ?? 'Stopped with eks-upgrade stop');
  const result = await sfn.getExecutionStatus(executionArn);
  context.log.success(`stopped ${executionArn} (${result.status})`);
  context.print({ data: { executionArn, status: result.status }, text: `${executionArn}\t${result.status}` });
  return ExitCode.SUCCESS;
}
