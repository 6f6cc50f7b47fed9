import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import {
  checkExecutionSelector,
  checkStateMachineName,
  resolveExecutionArn,
} from '../../executions/resolve.js';
import { formatTimelineRow, timelineData } from '../../executions/timeline-view.js';
import { workflowTarget } from '../../executions/workflow-target.js';

/** `eks-upgrade history`: the phase timeline of one execution. */
export async function run(context: CommandContext<'history'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionSelector({
    execution: context.positionals.EXECUTION,
    cluster: flags.cluster,
  });
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  const { sfn, stateMachineArn } = await workflowTarget(context, flags);
  const executionArn = await resolveExecutionArn(sfn, stateMachineArn, selector);
  const timeline = await sfn.getPhaseTimeline(executionArn);
  const rows = timelineData(timeline);
  context.print({
    data: { executionArn, timeline: rows },
    table: { columns: ['phase', 'step', 'kind', 'status', 'startedAt', 'endedAt', 'error'], rows },
    text: timeline.map((entry) => formatTimelineRow(entry, (_colour, text) => text)).join('\n'),
  });
  return ExitCode.SUCCESS;
}
