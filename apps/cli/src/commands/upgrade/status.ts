import { buildPhaseTimeline, findPendingGateInHistory, StepRunReader } from '@eks-upgrade/sfn';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { executionReport, printExecutionReport, stepRunsOf } from '../../executions/follow.js';
import { nextWindowOf } from '../../executions/next-window.js';
import { rollbackSucceededIn } from '../../executions/outcome.js';
import { pendingGateView } from '../../executions/pending-gate.js';
import { checkExecutionTarget, executionTarget } from '../../executions/workflow-target.js';

/**
 * `eks-upgrade status`: the status, outcome and timeline of one execution, each plan step as its
 * child execution ran it, and the step running now.
 */
export async function run(context: CommandContext<'status'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionTarget(context.positionals.EXECUTION, flags);
  const { config, sfn, executionArn } = await executionTarget(context, flags, selector);
  const [result, history] = await Promise.all([
    sfn.getExecutionStatus(executionArn),
    sfn.getExecutionHistory(executionArn),
  ]);
  const pending = result.status === 'RUNNING' ? findPendingGateInHistory(history) : undefined;
  const stepRuns = await stepRunsOf(context, new StepRunReader(sfn, executionArn))(history);
  // A running execution's disruptive steps start only inside a maintenance window.
  const nextWindow = result.status === 'RUNNING' ? await nextWindowOf(config, new Date()) : undefined;
  printExecutionReport(context, {
    ...executionReport(
      result,
      buildPhaseTimeline(history),
      rollbackSucceededIn(history),
      pending ? pendingGateView(pending) : undefined,
      stepRuns,
    ),
    ...(nextWindow ? { nextWindow } : {}),
  });
  return ExitCode.SUCCESS;
}
