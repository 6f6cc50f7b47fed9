import { ExecutionError } from '@eks-upgrade/core-models';
import type { WorkflowHistoryEvent } from '../client/phase-timeline.js';
import type { AslDefinition } from '../workflow/asl/types.js';
import { EXECUTION_HISTORY_EVENT_QUOTA } from './history-quota.js';
import {
  type LocalRunResult,
  type RunWorkflowLocallyOptions,
  runWorkflowLocally,
} from './run-workflow-locally.js';

/** Where a local redrive restarted: the state that did not finish, and the input it had. */
export interface LocalRedrive {
  fromState: string;
  input: unknown;
  /** When the redrive started: the virtual time the first run ended. */
  startTime: Date;
}

/** The redriven run, with where it restarted. */
export type LocalRedriveResult = LocalRunResult & { redrive: LocalRedrive };

/** The last top-level state the run entered: the one that did not finish. */
function unfinishedState(eventLog: readonly WorkflowHistoryEvent[]): WorkflowHistoryEvent | undefined {
  return [...eventLog].reverse().find((event) => event.type.endsWith('StateEntered') && event.stateName);
}

/**
 * Redrives a local run that failed, was aborted or timed out, as RedriveExecution does on AWS
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): it restarts
 * from the state that did not finish, with the input that state had, on the same definition
 * and handlers, and runs none of the states before it again. Virtual time goes on from where
 * the first run ended. Refused as AWS refuses it: a run that succeeded, one that ran past the
 * machine's timeout, or one that passed the history quota.
 *
 * One difference from AWS: AWS redrives a Distributed Map's unsuccessful child executions only,
 * each from its own failed state; here the Map state (the workflow's batch of steps) runs again
 * with the input it had, so its children start over. The workflow's batches hold one step unless
 * `upgrade.nodegroupParallelism` is above 1, and a step's execute adopts an update already in
 * progress or done, so no completed step and no EKS update is repeated.
 *
 * @throws ExecutionError when the run cannot be redriven, with Step Functions' reason.
 * @example
 * ```ts
 * const stopped = await runWorkflowLocally({ ...options, signal });
 * const redriven = await redriveWorkflowLocally(stopped, options);
 * redriven.redrive.fromState; // 'Step: Run'
 * ```
 */
export async function redriveWorkflowLocally(
  previous: LocalRunResult,
  options: Omit<RunWorkflowLocallyOptions, 'input' | 'startTime'>,
): Promise<LocalRedriveResult> {
  const refuse = (reason: string) =>
    new ExecutionError(`The run cannot be redriven: ${reason}`, {
      status: previous.status,
      errorType: 'ExecutionNotRedrivable',
    });
  if (previous.status === 'SUCCEEDED') throw refuse('Execution is SUCCEEDED and cannot be redriven');
  if (previous.status === 'TIMED_OUT') throw refuse('Execution has exceeded the max execution time');
  if (previous.historyEventCount > (options.historyEventQuota ?? EXECUTION_HISTORY_EVENT_QUOTA)) {
    throw refuse('Execution history event limit exceeded');
  }
  const unfinished = unfinishedState(previous.eventLog);
  if (!unfinished?.stateName) throw refuse('the run entered no state');
  const definition = options.definition as AslDefinition;
  const last = previous.eventLog[previous.eventLog.length - 1];
  const startTime = last?.timestamp ?? new Date();
  const result = await runWorkflowLocally({
    ...options,
    // The first run validated the definition; starting elsewhere in it changes nothing to check.
    definition: { ...definition, StartAt: unfinished.stateName },
    validate: false,
    input: unfinished.input,
    startTime,
  });
  return { ...result, redrive: { fromState: unfinished.stateName, input: unfinished.input, startTime } };
}
