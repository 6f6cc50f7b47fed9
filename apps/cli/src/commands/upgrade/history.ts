import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { formatTimelineRow, timelineData } from '../../executions/timeline-view.js';
import { checkExecutionTarget, executionTarget } from '../../executions/workflow-target.js';

/** `eks-upgrade history`: the phase timeline of one execution. */
export async function run(context: CommandContext<'history'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionTarget(context.positionals.EXECUTION, flags);
  const { sfn, executionArn } = await executionTarget(context, flags, selector);
  const timeline = await sfn.getPhaseTimeline(executionArn);
  const rows = timelineData(timeline);
  context.print({
    data: { executionArn, timeline: rows },
    table: { columns: ['phase', 'step', 'kind', 'status', 'startedAt', 'endedAt', 'error'], rows },
    text: timeline.map((entry) => formatTimelineRow(entry, (_colour, text) => text)).join('\n'),
  });
  return ExitCode.SUCCESS;
}
