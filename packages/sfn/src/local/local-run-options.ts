// What a caller gives `runWorkflowLocally`: the definition and input, and the handlers that stand
// in for the services its Task states call (Lambda, EventBridge PutEvents, approval gates).
import type { GateDecision, GatePendingDetail } from '@eks-upgrade/core-models';
import type { AslDefinition } from '../workflow/asl/types.js';
import type { VirtualClock } from './virtual-clock.js';

/** What a local handler gets besides its input. */
export interface LocalTaskContext {
  /** The Task state being run. */
  stateName: string;
  /** 1 for the first call of this state visit, 2 for the first retry, ... */
  attempt: number;
  /** Virtual time: read it, or `advance()` it to simulate slow work (Task timeouts apply). */
  clock: VirtualClock;
}

/** Context of a Lambda handler. */
export interface LocalLambdaContext extends LocalTaskContext {
  functionName: string;
}

/**
 * Stands in for one Lambda function: gets the `Payload` of the state's effective parameters and
 * returns what the function would return. The runner answers the state as Lambda would
 * (`{ Payload, StatusCode: 200, ExecutedVersion }`), so `ResultSelector: { "x.$": "$.Payload" }`
 * behaves as on AWS. A thrown error fails the task with the error's `name` as the error type
 * (throw one named `Lambda.ServiceException` to simulate a transient Lambda failure).
 */
export type LocalLambdaHandler = (payload: unknown, context: LocalLambdaContext) => unknown;

/** Overrides one Task state: gets the effective parameters, returns the service's raw result. */
export type LocalTaskHandler = (parameters: unknown, context: LocalTaskContext) => unknown;

/** An entry of a PutEvents call, as the SDK sends it (Detail as JSON text). */
export interface LocalPutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: Date;
}

/** What `onPutEvents` may answer (the PutEvents response); all entries succeed when it returns nothing. */
export interface LocalPutEventsResult {
  FailedEntryCount?: number;
  Entries?: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
}

/** Options of `runWorkflowLocally`. */
export interface RunWorkflowLocallyOptions {
  /** The ASL document (e.g. `createUpgradeStateMachineDefinition()`). */
  definition: AslDefinition | Record<string, unknown>;
  /** The execution input (for the upgrade workflow, an `UpgradeRequest`). */
  input: unknown;
  /** Handlers of `lambda:invoke` tasks, keyed by the state's `FunctionName`. */
  lambdaHandlers?: Record<string, LocalLambdaHandler>;
  /** Receives the entries of every `events:putEvents` task (connect an in-process bus here). */
  onPutEvents?: (
    entries: LocalPutEventsEntry[],
  ) => LocalPutEventsResult | undefined | Promise<LocalPutEventsResult | undefined>;
  /** Per Task state overrides (by state name), used before any other handler. */
  taskHandlers?: Record<string, LocalTaskHandler>;
  /** `$$.Execution.Name`; default: derived from the input when it is an UpgradeRequest. */
  executionName?: string;
  /** Virtual start time; default now. */
  startTime?: Date;
  /** Check the definition with asl-validator first (default true). */
  validate?: boolean;
  /** Aborts the run (like StopExecution): the result is `ABORTED`; no further task is called. */
  signal?: AbortSignal;
  /**
   * The history-event quota to enforce; default Step Functions' 25,000
   * (`EXECUTION_HISTORY_EVENT_QUOTA`). Lower it only to test how a workflow behaves at the quota.
   */
  historyEventQuota?: number;
  /**
   * Answers an approval gate (a `putEvents.waitForTaskToken` task publishing `gate.pending`) as
   * SendTaskSuccess / SendTaskFailure would: approve (with the decision as the task's output),
   * reject (`Upgrade.GateRejected` with the reason as cause), or let it time out, after
   * `afterSeconds` of virtual time. Default: approve at once with the pending plan's id.
   */
  resolveGate?: (pending: GatePendingDetail) => LocalGateResolution | Promise<LocalGateResolution>;
}

/**
 * How a local run answers a pending gate. `afterSeconds` (virtual) at or past the gate's
 * timeout is a timeout.
 *
 * @example
 * ```ts
 * resolveGate: (pending) => pending.gate.purpose === 'workload'
 *   ? { decision: 'reject', reason: 'workloads not ready', afterSeconds: 600 }
 *   : { decision: 'approve', output: { planId: pending.planId } },
 * ```
 */
export type LocalGateResolution =
  | { decision: 'approve'; output?: GateDecision; afterSeconds?: number }
  | { decision: 'reject'; reason: string; afterSeconds?: number }
  | { decision: 'timeout' };
