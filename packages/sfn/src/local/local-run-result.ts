// What `runWorkflowLocally` gives back: the outcome, the history, the calls and events it saw.
import type { PhaseTimelineEntry, WorkflowHistoryEvent } from '../client/phase-timeline.js';

/**
 * A child execution a Distributed Map ran (each step of the upgrade workflow is one), with its
 * own history as Step Functions keeps it apart from the parent's.
 */
export interface LocalChildExecution {
  name: string;
  /** The Distributed Map state that ran it, and the item's index. */
  mapStateName: string;
  index: number;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** This execution's own history events (the quota applies to each execution). */
  historyEventCount: number;
  eventLog: WorkflowHistoryEvent[];
  /** Virtual seconds since the parent's start. */
  startedAtSeconds: number;
  endedAtSeconds: number;
}

/** One call of a Task handler. */
export interface LocalTaskInvocation {
  stateName: string;
  resource: string;
  /** The Lambda function, for `lambda:invoke` tasks. */
  functionName?: string;
  /** The Lambda payload, the PutEvents entries, or the task's parameters. */
  input: unknown;
  attempt: number;
  /** Virtual seconds since the start when the call began. */
  atSeconds: number;
  outcome: 'succeeded' | 'failed';
  /** What the handler returned (for Lambda tasks, the function's result: the `Payload`). */
  output?: unknown;
  error?: string;
}

/** An event published by a putEvents task, with the detail parsed. */
export interface LocalPublishedEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  eventBusName: string | undefined;
  atSeconds: number;
  stateName: string;
}

/** The outcome of a local run. */
export interface LocalRunResult {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /**
   * This execution's history in AWS's event type names (see `WorkflowHistoryEvent`), stamped
   * with virtual time; child executions keep theirs in `childExecutions`, as on AWS.
   */
  eventLog: WorkflowHistoryEvent[];
  /** Every Task call in order (Lambda functions and PutEvents, retries included). */
  taskInvocations: LocalTaskInvocation[];
  /** Every event published, in order. */
  publishedEvents: LocalPublishedEvent[];
  /**
   * The history events Step Functions would have recorded for this execution (Standard
   * workflow), counted as AWS counts them; a run whose count passes 25,000 fails with
   * `States.Runtime`, as on AWS (see `EXECUTION_HISTORY_EVENT_QUOTA`).
   */
  historyEventCount: number;
  /**
   * The child executions of Distributed Map states (the workflow's steps), in the order they
   * ended, each with its own history and count.
   */
  childExecutions: LocalChildExecution[];
  /** The largest history of any child execution (0 without children). */
  largestChildHistoryEventCount: number;
  /** The phase timeline built from `eventLog`, as `watch` shows it. */
  timeline: PhaseTimelineEntry[];
  durations: {
    /** Simulated duration of the execution. */
    virtualSeconds: number;
    /** Real time the run took. */
    wallMilliseconds: number;
  };
}
