import {
  AWSServiceError,
  ExecutionError,
  GATE_REJECTED_ERROR,
  type GateDecision,
  GateDecisionSchema,
  type GatePendingDetail,
  GatePendingDetailSchema,
  parseOrThrow,
  UpgradeEventType,
  type UpgradePlan,
  UpgradePlanSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { WorkflowHistoryEvent } from './phase-timeline.js';

/**
 * The integration a gate's Task uses: EventBridge PutEvents that waits for a task token
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token).
 */
export const GATE_TASK_RESOURCE_TYPE = 'events';
export const GATE_TASK_RESOURCE = 'putEvents.waitForTaskToken';

/** Step Functions' bounds on SendTaskSuccess/SendTaskFailure (API reference of each). */
export const TASK_TOKEN_LIMITS = Object.freeze({
  tokenCharacters: 2048,
  outputBytes: 256 * 1024,
  errorCharacters: 256,
  causeCharacters: 32_768,
});

/** A gate an execution waits at: the `gate.pending` detail its Task published, with when. */
export interface PendingGate {
  /** The gate.pending detail: execution, plan id, step id, the gate and its task token. */
  readonly detail: GatePendingDetail;
  /** The token that SendTaskSuccess / SendTaskFailure answer. */
  readonly taskToken: string;
  /** When the workflow started waiting (the TaskScheduled event's time). */
  readonly pendingSince: Date;
  /** When the gate times out, from `gate.timeoutSeconds`. */
  readonly timesOutAt: Date;
  /** The Task state that waits. */
  readonly stateName: string | undefined;
  /** The state's input as it entered the gate (the workflow's state: request, plan, …), when recorded. */
  readonly stateInput: unknown;
}

/** The history events that end a Task, answered or not. */
const TASK_END_EVENTS = new Set([
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
]);
/** The history events that end the execution. */
const EXECUTION_END_EVENTS = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

function isGateTaskEvent(event: WorkflowHistoryEvent): boolean {
  return event.resourceType === GATE_TASK_RESOURCE_TYPE && event.resource === GATE_TASK_RESOURCE;
}

/** The `gate.pending` detail in a gate Task's PutEvents parameters (Detail as an object or JSON text). */
function gatePendingDetailOf(event: WorkflowHistoryEvent): GatePendingDetail | undefined {
  const entries = (event.parameters as { Entries?: unknown } | undefined)?.Entries;
  if (!Array.isArray(entries)) return undefined;
  const entry = entries.find(
    (candidate) =>
      (candidate as { DetailType?: unknown } | null)?.DetailType === UpgradeEventType.GATE_PENDING,
  ) as { Detail?: unknown } | undefined;
  if (!entry) return undefined;
  let detail = entry.Detail;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail);
    } catch (error) {
      throw new ExecutionError(
        `History event ${event.id}: the gate.pending Detail is not JSON; the deployed workflow does not match this eks-upgrade (redeploy).`,
        { errorType: 'Upgrade.GateMalformed' },
        { cause: error },
      );
    }
  }
  return parseOrThrow(GatePendingDetailSchema, detail, `gate.pending detail of history event ${event.id}`);
}

/**
 * The gate an execution waits at now, read from its history: the last gate Task scheduled
 * (`putEvents.waitForTaskToken` publishing `gate.pending`, whose effective parameters carry the
 * task token) that no TaskSucceeded/TaskFailed/TaskTimedOut has ended since, in an execution that
 * has not ended. Pass the whole history (every page): `undefined` means no gate is pending.
 *
 * @throws ValidationError when a gate Task's detail does not match `GatePendingDetailSchema`.
 * @example
 * ```ts
 * const pending = findPendingGateInHistory(await client.getExecutionHistory(executionArn));
 * if (pending) console.log(pending.detail.gate.summary, 'times out at', pending.timesOutAt.toISOString());
 * ```
 */
export function findPendingGateInHistory(history: readonly WorkflowHistoryEvent[]): PendingGate | undefined {
  let pending: PendingGate | undefined;
  let entered: { name?: string; input?: unknown } = {};
  for (const event of history) {
    if (event.type === 'TaskStateEntered') entered = { name: event.stateName, input: event.input };
    if (EXECUTION_END_EVENTS.has(event.type)) pending = undefined;
    else if (pending && TASK_END_EVENTS.has(event.type) && isGateTaskEvent(event)) pending = undefined;
    else if (event.type === 'TaskScheduled' && isGateTaskEvent(event)) {
      const detail = gatePendingDetailOf(event);
      if (!detail) continue;
      pending = {
        detail,
        taskToken: detail.taskToken,
        pendingSince: event.timestamp,
        timesOutAt: new Date(event.timestamp.getTime() + detail.gate.timeoutSeconds * 1000),
        stateName: entered.name,
        stateInput: entered.input,
      };
    }
  }
  return pending;
}

/**
 * The plan a pending gate asks about: the one its `gate.pending` event carries, else the plan in
 * the workflow's state as it entered the gate; `undefined` when neither holds one.
 *
 * @example
 * ```ts
 * const plan = pendingGatePlan(pending);
 * plan?.steps.forEach((step) => console.log(step.id, step.description));
 * ```
 */
export function pendingGatePlan(pending: PendingGate): UpgradePlan | undefined {
  if (pending.detail.plan) return pending.detail.plan;
  const plan = (pending.stateInput as { plan?: unknown } | undefined)?.plan;
  return plan === undefined ? undefined : parseOrThrow(UpgradePlanSchema, plan, 'plan of the pending gate');
}

/** Checks a task token before a call. */
export function checkTaskToken(taskToken: string): string {
  if (taskToken.length < 1 || taskToken.length > TASK_TOKEN_LIMITS.tokenCharacters) {
    throw new ValidationError('Invalid task token', [
      {
        path: 'taskToken',
        message: `must be 1-${TASK_TOKEN_LIMITS.tokenCharacters} characters (is ${taskToken.length})`,
      },
    ]);
  }
  return taskToken;
}

/** The SendTaskSuccess output of an approval: the decision, validated, as JSON within 256 KB. */
export function gateDecisionOutput(decision: GateDecision): string {
  const output = JSON.stringify(parseOrThrow(GateDecisionSchema, decision, 'gate decision'));
  const bytes = Buffer.byteLength(output, 'utf8');
  if (bytes > TASK_TOKEN_LIMITS.outputBytes) {
    throw new ValidationError('Invalid gate decision', [
      { path: '', message: `must serialise to at most ${TASK_TOKEN_LIMITS.outputBytes} bytes (is ${bytes})` },
    ]);
  }
  return output;
}

/** Checks a SendTaskFailure error name and cause against Step Functions' limits. */
export function checkTaskFailure(error: string, cause: string | undefined): void {
  const issues: { path: string; message: string }[] = [];
  if (error.length < 1 || error.length > TASK_TOKEN_LIMITS.errorCharacters) {
    issues.push({ path: 'error', message: `must be 1-${TASK_TOKEN_LIMITS.errorCharacters} characters` });
  }
  if (cause !== undefined && Array.from(cause).length > TASK_TOKEN_LIMITS.causeCharacters) {
    issues.push({
      path: 'cause',
      message: `must be at most ${TASK_TOKEN_LIMITS.causeCharacters} characters`,
    });
  }
  if (issues.length > 0) throw new ValidationError('Invalid task failure', issues);
}

/**
 * A SendTaskSuccess/SendTaskFailure failure that says what it means for the gate: the gate timed
 * out (the execution went on to its rollback), the token is not one Step Functions issued, or
 * it was already answered. Other failures are returned unchanged.
 * See https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html#API_SendTaskSuccess_Errors
 */
export function explainTaskTokenError(
  error: unknown,
  operation: 'SendTaskSuccess' | 'SendTaskFailure',
): unknown {
  if (!AWSServiceError.isInstance(error)) return error;
  const answer = operation === 'SendTaskSuccess' ? 'approve' : 'reject';
  switch (error.code) {
    case 'TaskTimedOut':
      return new ExecutionError(
        `Cannot ${answer} the gate: it timed out before the answer arrived, and the execution went on to its rollback (${GATE_REJECTED_ERROR} is no longer needed). See eks-upgrade status.`,
        { errorType: 'TaskTimedOut', status: 'TIMED_OUT' },
        { cause: error },
      );
    case 'TaskDoesNotExist':
      return new ExecutionError(
        `Cannot ${answer} the gate: it was already answered or its execution ended. See eks-upgrade status.`,
        { errorType: 'TaskDoesNotExist' },
        { cause: error },
      );
    case 'InvalidToken':
      return new ValidationError(
        `Cannot ${answer} the gate`,
        [{ path: 'taskToken', message: 'is not a task token Step Functions issued (InvalidToken)' }],
        { cause: error },
      );
    default:
      return error;
  }
}
