import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkStateMachineName } from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';

/** `eks-upgrade list`: the executions of the state machine, newest first. */
export async function run(context: CommandContext<'list'>): Promise<ExitCode> {
  const { flags } = context;
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  const { sfn, stateMachineArn } = await workflowTarget(context, flags);
  const executions = await sfn.listExecutions(
    stateMachineArn,
    flags.status ? { statusFilter: flags.status } : {},
  );
  const rows = executions
    .sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0))
    .map((execution) => ({
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate?.toISOString() ?? '',
      stopDate: execution.stopDate?.toISOString() ?? '',
      executionArn: execution.executionArn,
    }));
  if (rows.length === 0) {
    // On stderr, so that scripts reading stdout still see an empty list.
    const which = flags.status ? `${flags.status} executions` : 'executions';
    context.log.info(`no ${which} of ${stateMachineArn}`);
  }
  context.print({
    data: rows,
    table: { columns: ['name', 'status', 'startDate', 'stopDate', 'executionArn'], rows },
  });
  return ExitCode.SUCCESS;
}
