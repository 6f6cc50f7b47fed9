/**
 * The entry point of the local runner. What runs where:
 * - `local-run-options.ts`, `local-run-result.ts`: what a caller gives and gets back;
 * - `local-run-context.ts`: what the executions of one run share (clock, records, timeouts);
 * - `local-state-rewrite.ts`: Waits and Distributed Maps rewritten as local tasks;
 * - `execution-runner.ts`: one execution, on the interpreter (`local-interpreter.ts`) or on
 *   aws-local-stepfunctions, and its end (`execution-event-log.ts`: its history events);
 * - `task-runner.ts`: a Task's attempt and the service it calls (Lambda, `put-events-and-gates.ts`,
 *   `wait-seconds.ts`, `distributed-map.ts`), `retry-policy.ts` its retries.
 */
import { ValidationError } from '@eks-upgrade/core-models';
import { buildPhaseTimeline } from '../client/phase-timeline.js';
import type { AslDefinition } from '../workflow/asl/types.js';
import { validateStateMachineDefinition } from '../workflow/validate-definition.js';
import { runExecution } from './execution-runner.js';
import { createLocalRun } from './local-run-context.js';
import type { RunWorkflowLocallyOptions } from './local-run-options.js';
import type { LocalRunResult } from './local-run-result.js';

export type {
  LocalGateResolution,
  LocalLambdaContext,
  LocalLambdaHandler,
  LocalPutEventsEntry,
  LocalPutEventsResult,
  LocalTaskContext,
  LocalTaskHandler,
  RunWorkflowLocallyOptions,
} from './local-run-options.js';
export type {
  LocalChildExecution,
  LocalPublishedEvent,
  LocalRunResult,
  LocalTaskInvocation,
} from './local-run-result.js';
export { localTaskError } from './local-task-error.js';

const validatedDefinitions = new WeakSet<object>();

/**
 * Runs a state machine definition on this machine — each execution on the runner's own
 * interpreter when it is made of Pass, Task, Choice, Succeed and Fail states over plain paths
 * (`local-interpreter.ts`: the upgrade workflow's are), otherwise with `aws-local-stepfunctions`,
 * with the same results and events either way: Lambda tasks
 * go to `lambdaHandlers` (by FunctionName), PutEvents tasks to `onPutEvents`, `.waitForTaskToken`
 * PutEvents tasks (approval gates) to `resolveGate`, any Task state can be overridden in
 * `taskHandlers`. A Distributed Map runs each item as a child execution with its own history and
 * quota (`childExecutions`), its children waiting on one virtual clock as if they ran at once. Wait states, retry intervals and the machine's TimeoutSeconds
 * run on a virtual clock, so nothing sleeps; `$$.State.EnteredTime` reads that clock (the other
 * `$$.State` fields are not provided). Returns the end state, output or error and cause,
 * an AWS-like event log, the task calls in order, the events published and the phase timeline.
 *
 * @example
 * ```ts
 * const result = await runWorkflowLocally({
 *   definition: createUpgradeStateMachineDefinition(),
 *   input: { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' },
 *   lambdaHandlers: { 'eks-upgrade-agent-perception': async ({ request }) => perceive(request), ... },
 *   onPutEvents: (entries) => bus.putEvents(entries),
 * });
 * console.log(result.status, result.publishedEvents.map((event) => event.detailType));
 * ```
 */
export async function runWorkflowLocally(options: RunWorkflowLocallyOptions): Promise<LocalRunResult> {
  const wallStart = performance.now();
  const definition = options.definition as AslDefinition;
  if ((options.validate ?? true) && !validatedDefinitions.has(definition)) {
    const { valid, problems } = validateStateMachineDefinition(definition);
    if (!valid) {
      throw new ValidationError(
        'Invalid state machine definition',
        problems.map((problem) => ({
          path: problem.path ?? '',
          message: `${problem.code}: ${problem.message}`,
        })),
      );
    }
    validatedDefinitions.add(definition);
  }
  const run = createLocalRun(options, definition, runExecution);
  const root = await run.runExecution({
    name: run.executionName,
    startAt: definition.StartAt,
    states: run.localStates,
    input: options.input,
  });
  const { clock, childExecutions } = run;
  return {
    status: root.status,
    ...(root.status === 'SUCCEEDED' ? { output: root.output } : {}),
    ...(root.error !== undefined ? { error: root.error } : {}),
    ...(root.cause !== undefined ? { cause: root.cause } : {}),
    eventLog: root.eventLog,
    taskInvocations: run.taskInvocations,
    publishedEvents: run.publishedEvents,
    historyEventCount: root.historyEventCount,
    childExecutions,
    largestChildHistoryEventCount: Math.max(0, ...childExecutions.map((child) => child.historyEventCount)),
    timeline: buildPhaseTimeline(root.eventLog),
    durations: { virtualSeconds: clock.elapsedSeconds(), wallMilliseconds: performance.now() - wallStart },
  };
}
