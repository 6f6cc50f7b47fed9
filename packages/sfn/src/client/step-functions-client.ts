import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import type {
  AwsSdkV3Client,
  GateDecision,
  RetryOptions,
  UpgradeRequestInput,
} from '@eks-upgrade/core-models';
import type {
  ExecutionResult,
  ExecutionSummary,
  StateMachineDefinitionInput,
  StateMachineDescription,
} from '../models/state-machine.js';
import { findPendingGateInHistory, type PendingGate } from './approval-gates.js';
import {
  redriveExecution,
  type StartExecutionOptions,
  startExecution,
  stopExecution,
} from './execution-control.js';
import {
  getExecutionHistory,
  getExecutionStatus,
  type ListExecutionsOptions,
  listExecutions,
  listMapRunExecutions,
  listMapRuns,
  type MapRunSummary,
} from './execution-reads.js';
import { sendTaskFailure, sendTaskSuccess } from './gate-answers.js';
import { buildPhaseTimeline, type PhaseTimelineEntry, type WorkflowHistoryEvent } from './phase-timeline.js';
import { SfnCalls } from './sfn-calls.js';
import {
  createStateMachine,
  deleteStateMachine,
  describeStateMachine,
  findStateMachineByName,
  type UpsertStateMachineResult,
  updateStateMachine,
  upsertStateMachine,
} from './state-machine-deployment.js';
import { type WaitForExecutionOptions, waitForExecution } from './wait-for-execution.js';

export type { StartExecutionOptions } from './execution-control.js';
// The client is the package's one entry point to Step Functions; each group of its calls lives
// in a module of its own (deployment, execution control, reads, waiting, gate answers).
export { assertExecutionInputSize, MAX_EXECUTION_INPUT_BYTES } from './execution-input-size.js';
export { type ListExecutionsOptions, MAX_PAGE_SIZE, type MapRunSummary } from './execution-reads.js';
export type { UpsertStateMachineResult } from './state-machine-deployment.js';
export type { WaitForExecutionOptions, WaitProgress } from './wait-for-execution.js';

/**
 * Options of `StepFunctionsClient`: a region, and either an SDK client or its configuration. The
 * injected client may come from the application's own copy or release of `@aws-sdk/client-sfn` (v3).
 */
export type StepFunctionsClientOptions = {
  region?: string;
  /**
   * How throttled and other retryable failures (throttling, 5xx, timeouts: `AWSServiceError.retryable`)
   * are retried on top of the SDK's own attempts (default 4 attempts, 100 ms base backoff with full
   * jitter, as `@eks-upgrade/params` and `@eks-upgrade/events` do).
   */
  retry?: RetryOptions;
} & (
  | { client?: SFNClient | AwsSdkV3Client; clientConfig?: never }
  | { client?: never; clientConfig?: SFNClientConfig }
);

/**
 * Step Functions for eks-upgrade: deploys the workflow, starts, stops and follows upgrades, and
 * turns execution history into a phase timeline. Every SDK failure becomes an `AWSServiceError`;
 * inputs are validated before the first call.
 *
 * @example
 * ```ts
 * const client = new StepFunctionsClient({ region: 'eu-west-1' });
 * const { stateMachineArn } = await client.upsertStateMachine({
 *   name: 'eks-upgrade-workflow',
 *   definition: createUpgradeStateMachineDefinition(),
 *   roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow',
 * });
 * const executionArn = await client.startExecution(stateMachineArn, {
 *   clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'in_place',
 * });
 * const result = await client.waitForExecution(executionArn, { onProgress: ({ result }) => console.log(result.status) });
 * ```
 */
export class StepFunctionsClient {
  readonly client: SFNClient;
  private readonly calls: SfnCalls;

  constructor(options: StepFunctionsClientOptions = {}) {
    // An injected client from another copy of the SDK is used through `send` alone (with this
    // package's commands), which works across SDK v3 releases; nothing checks its class.
    this.client =
      (options.client as SFNClient | undefined) ??
      new SFNClient({
        ...(options.clientConfig ?? {}),
        ...(options.region ? { region: options.region } : {}),
      });
    this.calls = new SfnCalls(this.client, options.retry ?? {});
  }

  /**
   * Creates a state machine and returns its ARN.
   *
   * @example
   * ```ts
   * const arn = await client.createStateMachine({ name: 'eks-upgrade-workflow', definition, roleArn });
   * ```
   */
  async createStateMachine(definition: StateMachineDefinitionInput): Promise<string> {
    return createStateMachine(this.calls, definition);
  }

  /**
   * Replaces a state machine's definition, role, logging and tracing.
   *
   * @example
   * ```ts
   * await client.updateStateMachine(arn, { name: 'eks-upgrade-workflow', definition, roleArn });
   * ```
   */
  async updateStateMachine(stateMachineArn: string, definition: StateMachineDefinitionInput): Promise<void> {
    await updateStateMachine(this.calls, stateMachineArn, definition);
  }

  /**
   * Deletes a state machine (running executions are stopped by Step Functions).
   *
   * @example
   * ```ts
   * await client.deleteStateMachine(arn);
   * ```
   */
  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    await deleteStateMachine(this.calls, stateMachineArn);
  }

  /**
   * Describes a state machine, with its definition parsed.
   *
   * @example
   * ```ts
   * const { definition, roleArn } = await client.describeStateMachine(arn);
   * ```
   */
  async describeStateMachine(stateMachineArn: string): Promise<StateMachineDescription> {
    return describeStateMachine(this.calls, stateMachineArn);
  }

  /**
   * Finds a state machine by name (reading every page of ListStateMachines); `undefined` when
   * there is none.
   *
   * @example
   * ```ts
   * const arn = await client.findStateMachineByName('eks-upgrade-workflow');
   * ```
   */
  async findStateMachineByName(name: string): Promise<string | undefined> {
    return findStateMachineByName(this.calls, name);
  }

  /**
   * Creates the state machine, or updates it when its definition, role, logging or tracing
   * differ (and adds missing or changed tags); changes nothing when all match.
   *
   * @example
   * ```ts
   * const { stateMachineArn, action } = await client.upsertStateMachine(machine); // action: 'unchanged' on a re-run
   * ```
   */
  async upsertStateMachine(definition: StateMachineDefinitionInput): Promise<UpsertStateMachineResult> {
    return upsertStateMachine(this.calls, definition);
  }

  /**
   * Starts an upgrade. The request is validated and must serialise to at most 256 KB; the
   * execution name defaults to `executionNameForRequest(request)`, so retrying the same start is
   * idempotent. Refused with an `ExecutionError` while `maxConcurrentUpgrades` executions of the
   * same cluster are running. Returns the execution ARN.
   *
   * @example
   * ```ts
   * const executionArn = await client.startExecution(stateMachineArn, {
   *   clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'blue_green',
   * });
   * ```
   */
  async startExecution(
    stateMachineArn: string,
    input: UpgradeRequestInput,
    options: StartExecutionOptions = {},
  ): Promise<string> {
    return startExecution(this.calls, stateMachineArn, input, options);
  }

  /**
   * Stops a running execution with an optional error code and cause.
   *
   * @example
   * ```ts
   * await client.stopExecution(executionArn, 'Operator.Stopped', 'maintenance window ended');
   * ```
   */
  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<void> {
    await stopExecution(this.calls, executionArn, error, cause);
  }

  /**
   * Redrives a failed, aborted or timed-out execution: Step Functions restarts it from the
   * state that did not finish, with the input that state had, and does not run the states
   * before it again (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html).
   * One client token for every retry of the call, so a retry after a lost answer does not
   * count as a second redrive. Returns when the redrive started (as Step Functions says).
   *
   * @throws AWSServiceError `ExecutionNotRedrivable` when Step Functions refuses (see
   * `getExecutionStatus(...).redriveStatusReason`).
   * @example
   * ```ts
   * const redrivenAt = await client.redriveExecution(executionArn);
   * ```
   */
  async redriveExecution(executionArn: string): Promise<Date | undefined> {
    return redriveExecution(this.calls, executionArn);
  }

  /**
   * The current state of an execution, with input and output parsed.
   *
   * @example
   * ```ts
   * const { status, error, cause } = await client.getExecutionStatus(executionArn);
   * ```
   */
  async getExecutionStatus(executionArn: string): Promise<ExecutionResult> {
    return getExecutionStatus(this.calls, executionArn);
  }

  /**
   * Polls an execution until it ends: about 1 s between the first polls, doubling up to 10 s.
   * Raises an `ExecutionError` when `maxWaitSeconds` pass first (the execution keeps running)
   * or when `signal` aborts the wait.
   *
   * @example
   * ```ts
   * const result = await client.waitForExecution(executionArn, {
   *   maxWaitSeconds: 1800,
   *   onProgress: ({ result, elapsedSeconds }) => console.error(`${elapsedSeconds}s ${result.status}`),
   * });
   * ```
   */
  async waitForExecution(
    executionArn: string,
    options: WaitForExecutionOptions = {},
  ): Promise<ExecutionResult> {
    return waitForExecution((arn) => this.getExecutionStatus(arn), executionArn, options);
  }

  /**
   * Every execution of a state machine (all pages, up to 1000 a page), optionally only those
   * with one status.
   *
   * @example
   * ```ts
   * const running = await client.listExecutions(stateMachineArn, { statusFilter: 'RUNNING' });
   * ```
   */
  async listExecutions(
    stateMachineArn: string,
    options: ListExecutionsOptions = {},
  ): Promise<ExecutionSummary[]> {
    return listExecutions(this.calls, stateMachineArn, options);
  }

  /**
   * The Map Runs of an execution (every page of ListMapRuns), oldest first: one per time a
   * Distributed Map state of the execution ran (the upgrade workflow's `Step: Run`, once per stage).
   *
   * @example
   * ```ts
   * const mapRuns = await client.listMapRuns(executionArn);
   * ```
   */
  async listMapRuns(executionArn: string): Promise<MapRunSummary[]> {
    return listMapRuns(this.calls, executionArn);
  }

  /**
   * The child executions of a Map Run (every page of ListExecutions with `mapRunArn`), oldest
   * first: each runs one item of the Distributed Map (in the upgrade workflow, one plan step).
   *
   * @example
   * ```ts
   * for (const mapRun of await client.listMapRuns(executionArn)) {
   *   const children = await client.listMapRunExecutions(mapRun.mapRunArn);
   * }
   * ```
   */
  async listMapRunExecutions(
    mapRunArn: string,
    options: ListExecutionsOptions = {},
  ): Promise<ExecutionSummary[]> {
    return listMapRunExecutions(this.calls, mapRunArn, options);
  }

  /**
   * The whole history of an execution (all pages, oldest first), normalised.
   *
   * @example
   * ```ts
   * const events = await client.getExecutionHistory(executionArn);
   * ```
   */
  async getExecutionHistory(executionArn: string): Promise<WorkflowHistoryEvent[]> {
    return getExecutionHistory(this.calls, executionArn);
  }

  /**
   * The execution's phase timeline: each phase and plan step with start, end, status and error.
   *
   * @example
   * ```ts
   * for (const entry of await client.getPhaseTimeline(executionArn)) {
   *   console.log(entry.phase, entry.stepId ?? '', entry.status, entry.error ?? '');
   * }
   * ```
   */
  async getPhaseTimeline(executionArn: string): Promise<PhaseTimelineEntry[]> {
    return buildPhaseTimeline(await this.getExecutionHistory(executionArn));
  }

  /**
   * The approval gate the execution waits at, from its whole history (every page), or
   * `undefined` when none is pending (none reached, or the last one already answered or timed out).
   *
   * @example
   * ```ts
   * const pending = await client.findPendingGate(executionArn);
   * if (pending) await client.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId });
   * ```
   */
  async findPendingGate(executionArn: string): Promise<PendingGate | undefined> {
    return findPendingGateInHistory(await this.getExecutionHistory(executionArn));
  }

  /**
   * Approves a pending gate: SendTaskSuccess with the decision (validated) as the task's output.
   * A gate that timed out or was already answered, or a token Step Functions did not issue,
   * raises an `ExecutionError` / `ValidationError` saying so.
   *
   * @example
   * ```ts
   * await client.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId, approvedBy: 'alice' });
   * ```
   */
  async sendTaskSuccess(taskToken: string, decision: GateDecision = {}): Promise<void> {
    await sendTaskSuccess(this.calls, taskToken, decision);
  }

  /**
   * Fails a pending task: SendTaskFailure with an error name and cause; a rejected gate is
   * `Upgrade.GateRejected` with the reason as cause. Errors as for `sendTaskSuccess`.
   *
   * @example
   * ```ts
   * await client.sendTaskFailure(pending.taskToken, GATE_REJECTED_ERROR, 'CHG-1234 not approved');
   * ```
   */
  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    await sendTaskFailure(this.calls, taskToken, error, cause);
  }
}
