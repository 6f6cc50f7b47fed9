import type { AslState } from '../workflow/asl/types.js';
import { runDistributedMap } from './distributed-map.js';
import { TASK_ATTEMPT_HISTORY_EVENTS } from './history-quota.js';
import { cloneJson } from './local-json-path.js';
import {
  checkHistoryQuota,
  checkMachineTimeout,
  type ExecutionScope,
  type LocalRun,
  settle,
  triggerTimeout,
} from './local-run-context.js';
import type { LocalTaskContext } from './local-run-options.js';
import type { LocalTaskInvocation } from './local-run-result.js';
import { LOCAL_MAP_RESOURCE, LOCAL_WAIT_RESOURCE, localResourceOf } from './local-state-rewrite.js';
import { stringify, taskError } from './local-task-error.js';
import { putEvents, waitForGate } from './put-events-and-gates.js';
import { nextRetryDelaySeconds } from './retry-policy.js';
import { waitSeconds } from './wait-seconds.js';

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const PUT_EVENTS = /^arn:aws[a-z-]*:states:::events:putEvents$/;
const PUT_EVENTS_WAIT = /^arn:aws[a-z-]*:states:::events:putEvents\.waitForTaskToken$/;

type ResourceKind = 'lambda' | 'putEventsWait' | 'putEvents' | 'other';
const resourceKinds = new Map<string, ResourceKind>();

/** Which integration a Task's resource is (matched once per resource: tasks run tens of thousands of times). */
function resourceKind(resource: string): ResourceKind {
  let kind = resourceKinds.get(resource);
  if (!kind) {
    kind = LAMBDA_INVOKE.test(resource)
      ? 'lambda'
      : PUT_EVENTS_WAIT.test(resource)
        ? 'putEventsWait'
        : PUT_EVENTS.test(resource)
          ? 'putEvents'
          : 'other';
    resourceKinds.set(resource, kind);
  }
  return kind;
}

/**
 * Runs one attempt of a Task state (Wait states and Distributed Maps included, as the local tasks
 * they became): counts its history events, calls what stands in for its service, applies the
 * state's and the machine's timeouts on the virtual clock, records the call, and on failure
 * waits the retrier's interval (virtual) before the library or interpreter retries it.
 */
export async function runTask(
  run: LocalRun,
  scope: ExecutionScope,
  stateName: string,
  parameters: unknown,
): Promise<unknown> {
  await settle();
  checkMachineTimeout(run);
  const state = run.states.get(stateName) as AslState;
  const resource = localResourceOf(state);
  // TaskScheduled, TaskStarted and TaskSucceeded|TaskFailed, for every attempt (a Distributed
  // Map's MapRunStarted and MapRunSucceeded|Failed are counted with its entry).
  if (resource !== LOCAL_WAIT_RESOURCE && resource !== LOCAL_MAP_RESOURCE)
    scope.history.add(TASK_ATTEMPT_HISTORY_EVENTS);
  checkHistoryQuota(scope);
  const attempt = (scope.attempts.get(stateName) ?? 0) + 1;
  scope.attempts.set(stateName, attempt);
  const context: LocalTaskContext = { stateName, attempt, clock: run.clock };
  const startedAt = run.clock.elapsedSeconds();
  const record: LocalTaskInvocation = {
    stateName,
    resource,
    input: parameters,
    attempt,
    atSeconds: startedAt,
    outcome: 'succeeded',
  };
  try {
    const result = await dispatchTask(run, scope, stateName, state, resource, parameters, context, record);
    const taskTimeout = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : 60;
    if (
      state.Type === 'Task' &&
      state.TimeoutSecondsPath === undefined &&
      run.clock.elapsedSeconds() - startedAt > taskTimeout
    ) {
      throw taskError('States.Timeout', `Task ${stateName} ran longer than its ${taskTimeout} s timeout`);
    }
    checkMachineTimeout(run);
    record.output =
      resourceKind(resource) === 'lambda' && !run.options.taskHandlers?.[stateName]
        ? (result as { Payload?: unknown }).Payload
        : result;
    scope.attempts.delete(stateName);
    scope.retryCounts.delete(stateName);
    return result;
  } catch (caught) {
    const error = caught instanceof Error ? caught : taskError('Error', stringify(caught));
    record.outcome = 'failed';
    record.error = error.name;
    if (!run.timedOut) {
      const retryAfter = nextRetryDelaySeconds(scope, run.states.get(stateName), stateName, error);
      if (retryAfter !== undefined) await run.scheduler.sleep(retryAfter);
    }
    throw error;
  } finally {
    if (resource !== LOCAL_WAIT_RESOURCE && resource !== LOCAL_MAP_RESOURCE) run.taskInvocations.push(record);
    scope.stateContext.EnteredTime = run.clock.now().toISOString();
  }
}

/**
 * Calls what stands in for a Task's service: a Wait's time on the virtual clock, a Distributed
 * Map's child executions, the state's override in `taskHandlers`, the Lambda handler answering as
 * Lambda's Invoke does, or EventBridge PutEvents and approval gates.
 */
async function dispatchTask(
  run: LocalRun,
  scope: ExecutionScope,
  stateName: string,
  state: AslState,
  resource: string,
  parameters: unknown,
  context: LocalTaskContext,
  record: LocalTaskInvocation,
): Promise<unknown> {
  if (resource === LOCAL_WAIT_RESOURCE) {
    const seconds = waitSeconds(state, parameters, run.clock);
    if (run.timeoutSeconds !== undefined && run.clock.elapsedSeconds() + seconds > run.timeoutSeconds)
      throw triggerTimeout(run);
    await run.scheduler.sleep(seconds);
    return parameters;
  }
  if (resource === LOCAL_MAP_RESOURCE) return runDistributedMap(run, scope, stateName, state, parameters);
  const override = run.options.taskHandlers?.[stateName];
  // Handlers get and give copies: what they change or keep cannot change the execution's data.
  if (override) return cloneJson(await override(cloneJson(parameters), context));
  if (resourceKind(resource) === 'lambda') {
    const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: string; Payload?: unknown };
    const functionName = String(FunctionName ?? '');
    record.functionName = functionName;
    record.input = Payload;
    const handler =
      run.options.lambdaHandlers?.[functionName] ??
      run.options.lambdaHandlers?.[functionName.split(':').at(-1) ?? ''];
    if (!handler) {
      throw taskError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${functionName} (no local handler)`,
      );
    }
    let payload: unknown;
    try {
      payload = cloneJson(await handler(cloneJson(Payload), { ...context, functionName }));
    } catch (caught) {
      if (caught instanceof Error && caught.name.startsWith('Lambda.')) throw caught;
      // A function error: Step Functions reports the function's error type and its JSON error.
      const error = caught instanceof Error ? caught : new Error(stringify(caught));
      throw taskError(
        error.name || 'Error',
        JSON.stringify({ errorType: error.name, errorMessage: error.message }),
      );
    }
    return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
  }
  if (resourceKind(resource) === 'putEventsWait')
    return waitForGate(run, stateName, state, parameters, record);
  if (resourceKind(resource) === 'putEvents')
    return (await putEvents(run, stateName, parameters, record)).response;
  throw taskError('States.Runtime', `No local handler for Task state ${stateName} (${resource})`);
}
