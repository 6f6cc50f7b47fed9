/**
 * Counts an execution's history events the way Step Functions records them for a Standard
 * workflow, so a local run fails where AWS would. Step Functions service quotas ("Quotas related
 * to state machine executions"): an execution's history holds at most 25,000 events; an execution
 * that reaches the quota fails, and no Retry or Catch of the workflow sees it. The AWS guidance
 * ("Continue long-running workflows using Step Functions API") is to split such work into child
 * executions.
 *
 * What each part of an execution adds (HistoryEvent types in the Step Functions API reference):
 * - the execution: `ExecutionStarted`, then one closing event (`ExecutionSucceeded`, `…Failed`,
 *   `…TimedOut`, `…Aborted`);
 * - every state visit: `<Type>StateEntered` and `<Type>StateExited` (a Fail state has no exit;
 *   a caught Task failure is counted with an exit too, which can only make the count higher
 *   than AWS's: where unsure, the local runner is stricter);
 * - every attempt of a Task with a service integration (Lambda, EventBridge): `TaskScheduled`,
 *   `TaskStarted`, then `TaskSucceeded` or `TaskFailed`, so a retried attempt costs three more;
 * - a Map state: `MapStateStarted` and `MapStateSucceeded|Failed` besides its entry and exit,
 *   and `MapIterationStarted` plus one closing event per iteration.
 */
export const EXECUTION_HISTORY_EVENT_QUOTA = 25_000;

/** The history events one Task attempt with a service integration adds. */
export const TASK_ATTEMPT_HISTORY_EVENTS = 3;

/** Thrown (as the run's failure) when an execution's history passes the quota. */
export const HISTORY_QUOTA_ERROR = 'States.Runtime';

/**
 * A running count of an execution's history events, with the quota check.
 *
 * @example
 * ```ts
 * const history = new HistoryEventCounter();
 * history.add(2); // a Pass state entered and exited
 * history.exceeded(); // false
 * ```
 */
export class HistoryEventCounter {
  private count = 0;

  constructor(readonly quota: number = EXECUTION_HISTORY_EVENT_QUOTA) {}

  /** Adds `events` history events. */
  add(events: number): void {
    this.count += events;
  }

  /** The events recorded so far. */
  get total(): number {
    return this.count;
  }

  /** True once the history holds more events than the quota allows. */
  exceeded(): boolean {
    return this.count > this.quota;
  }

  /** The failure cause Step Functions would report, with the figures. */
  cause(): string {
    return `The execution history passed the Step Functions quota of ${this.quota.toLocaleString('en-US')} events (Standard workflows) after ${this.count.toLocaleString('en-US')} events; Step Functions fails such an execution and no Catch runs`;
  }
}

/** History events the library's log event `type` stands for (Task attempts are counted by the runner). */
export function historyEventsOfLogEvent(type: string): number {
  switch (type) {
    case 'ExecutionStarted':
    case 'ExecutionSucceeded':
    case 'ExecutionFailed':
    case 'StateEntered':
    case 'StateExited':
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return 1;
    default:
      return 0;
  }
}
