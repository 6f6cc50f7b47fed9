import { buildPhaseTimeline } from '@eks-upgrade/sfn';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { executionReport, printExecutionReport } from '../../executions/follow.js';
import { rollbackSucceededIn } from '../../executions/outcome.js';
import {
  checkExecutionSelector,
  checkStateMachineName,
  resolveExecutionArn,
} from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';

/** `eks-upgrade status`: the status, outcome and timeline of one execution. */
export async function run(context: CommandContext<'status'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionSelector({
    execution: context.positionals.EXECUTION,
    cluster: flags.cluster,
  });
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  const { sfn, stateMachineArn } = await workflowTarget(context, flags);
  const executionArn = await resolveExecutionArn(sfn, stateMachineArn, selector);
  const [result, history] = await Promise.all([
    sfn.getExecutionStatus(executionArn),
    sfn.getExecutionHistory(executionArn),
  ]);
  printExecutionReport(
    context,
    executionReport(result, buildPhaseTimeline(history), rollbackSucceededIn(history)),
  );
  return ExitCode.SUCCESS;
}
