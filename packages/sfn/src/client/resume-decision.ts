import type { PendingGate } from './approval-gates.js';
import type { WorkflowHistoryEvent } from './phase-timeline.js';

/**
 * What `resume` does with an execution:
 * - `redrive`: RedriveExecution restarts it from the state that failed, with the input that
 *   state had; the steps before it are not run again;
 * - `resume_held`: it is running and holds a failed step at its failure gate
 *   (`upgrade.failurePolicy: hold`): approving the gate with `{ resume: true }` runs the step again;
 * - `answer_gate`: it is running and waits at another gate: the operator answers the gate instead;
 * - `none`: nothing can or need be resumed; `reason` says why and `advice` what to do.
 */
export type ResumeDecision =
  | { action: 'redrive'; failedState: string | undefined }
  | { action: 'resume_held'; pending: PendingGate }
  | { action: 'answer_gate'; pending: PendingGate }
  | { action: 'none'; reason: string; advice: string };

/** What `decideResume` reads of an execution (DescribeExecution plus its history). */
export interface ResumableExecution {
  status: string;
  /** DescribeExecution's `redriveStatus`: REDRIVABLE, NOT_REDRIVABLE, REDRIVABLE_BY_MAP_RUN. */
  redriveStatus?: string | undefined;
  redriveStatusReason?: string | undefined;
  error?: string | undefined;
  cause?: string | undefined;
  stopDate?: Date | undefined;
}

/** Redrive is possible within 14 days of the execution's end (Step Functions quotas). */
export const REDRIVE_PERIOD_DAYS = 14;

/** The state an execution ended in: the last state entered before it failed, stopped or timed out. */
function lastStateEntered(history: readonly WorkflowHistoryEvent[]): WorkflowHistoryEvent | undefined {
  return [...history].reverse().find((event) => event.type.endsWith('StateEntered'));
}

/** Step Functions' `redriveStatusReason` texts, said the way an operator acts on them. */
function notRedrivable(
  reason: string | undefined,
  stopDate: Date | undefined,
): { reason: string; advice: string } {
  const text = reason ?? 'Step Functions says it cannot be redriven';
  if (/redrivable period exceeded/i.test(text)) {
    return {
      reason: `it ended${stopDate ? ` on ${stopDate.toISOString()}` : ''}, more than ${REDRIVE_PERIOD_DAYS} days ago, and Step Functions redrives only within ${REDRIVE_PERIOD_DAYS} days (${text})`,
      advice: 'start a new upgrade (eks-upgrade start); its plan starts from where the cluster is now',
    };
  }
  if (/max execution time/i.test(text)) {
    return {
      reason: `it ran past the state machine's timeout (${text})`,
      advice:
        'raise stepFunctions.executionTimeoutSeconds, redeploy (eks-upgrade deploy) and start a new upgrade; its plan starts from where the cluster is now',
    };
  }
  if (/history event limit/i.test(text)) {
    return {
      reason: `its history reached Step Functions' 25,000 events (${text})`,
      advice: 'start a new upgrade; its plan starts from where the cluster is now',
    };
  }
  if (/DELETING/i.test(text)) {
    return {
      reason: `its state machine is being deleted (${text})`,
      advice: 'deploy again, then start a new upgrade',
    };
  }
  return { reason: text, advice: 'start a new upgrade (eks-upgrade start)' };
}

/**
 * Decides how to resume an execution, from DescribeExecution (status, `redriveStatus`,
 * `redriveStatusReason`) and its history:
 * - running and holding a failed step at its failure gate → approve it with `resume: true`;
 *   waiting at another gate → answer that gate; running otherwise → nothing to resume;
 * - succeeded → nothing to resume;
 * - ended in one of the workflow's own Fail states (it rolled back, was rejected, or failed
 *   before any change) → nothing to resume: a redrive would only enter that Fail state again;
 * - failed, stopped or timed out in a working state and `REDRIVABLE` → redrive (it restarts
 *   from that state with the input it had,
 *   https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html);
 * - otherwise → why not (past the 14 days, the timeout, the history limit …) and what to do.
 *
 * @example
 * ```ts
 * const decision = decideResume(await client.getExecutionStatus(arn), await client.getExecutionHistory(arn), pending);
 * if (decision.action === 'redrive') await client.redriveExecution(arn);
 * ```
 */
export function decideResume(
  execution: ResumableExecution,
  history: readonly WorkflowHistoryEvent[],
  pendingGate: PendingGate | undefined,
): ResumeDecision {
  if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') {
    if (pendingGate?.detail.gate.purpose === 'failure')
      return { action: 'resume_held', pending: pendingGate };
    if (pendingGate) return { action: 'answer_gate', pending: pendingGate };
    return {
      action: 'none',
      reason: `it is ${execution.status === 'RUNNING' ? 'running' : 'already being redriven'} and waits at no gate`,
      advice: 'follow it with eks-upgrade watch',
    };
  }
  if (execution.status === 'SUCCEEDED') {
    return { action: 'none', reason: 'it succeeded', advice: 'nothing to do' };
  }
  const last = lastStateEntered(history);
  if (last?.type === 'FailStateEntered') {
    const rolledBack = history.some((event) => event.stateName?.startsWith('Rollback'));
    return {
      action: 'none',
      reason: rolledBack
        ? `the workflow rolled back and ended in ${last.stateName ?? 'its Fail state'} (${execution.error ?? 'failed'}): there is nothing left to resume, and a redrive would only end there again`
        : `the workflow ended itself in ${last.stateName ?? 'its Fail state'} (${execution.error ?? 'failed'}${execution.cause ? `: ${execution.cause.slice(0, 300)}` : ''}): a redrive would only end there again`,
      advice: rolledBack
        ? 'see what happened with eks-upgrade history, fix the cause, then start a new upgrade (eks-upgrade start)'
        : 'fix the cause it names, then start a new upgrade (eks-upgrade start)',
    };
  }
  if (execution.redriveStatus === 'REDRIVABLE') return { action: 'redrive', failedState: last?.stateName };
  return { action: 'none', ...notRedrivable(execution.redriveStatusReason, execution.stopDate) };
}
