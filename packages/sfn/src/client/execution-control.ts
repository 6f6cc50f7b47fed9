import { randomUUID } from 'node:crypto';
import { RedriveExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import {
  ArnSchema,
  ExecutionError,
  parseOrThrow,
  StepFunctionsNameSchema,
  type UpgradeRequest,
  type UpgradeRequestInput,
  UpgradeRequestSchema,
} from '@eks-upgrade/core-models';
import { assertExecutionInputSize } from './execution-input-size.js';
import { executionNameForRequest } from './execution-name.js';
import { getExecutionStatus, listExecutions } from './execution-reads.js';
import type { SfnCalls } from './sfn-calls.js';

// Starting, stopping and redriving an upgrade execution; `StepFunctionsClient` documents each.

/** Options of `startExecution`. */
export interface StartExecutionOptions {
  /** Execution name; derived from the request by `executionNameForRequest()` when absent. */
  name?: string;
  /** Refuse to start while this many executions of the same cluster run (default 1). */
  maxConcurrentUpgrades?: number;
  /**
   * Start on this alias or version ARN of the machine (see `StateMachineVersionsClient`); the
   * running executions counted against `maxConcurrentUpgrades` are still the whole machine's.
   */
  startOn?: string;
}

export async function startExecution(
  calls: SfnCalls,
  stateMachineArn: string,
  input: UpgradeRequestInput,
  options: StartExecutionOptions = {},
): Promise<string> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  const parsed = parseOrThrow(UpgradeRequestSchema, input, 'upgrade request');
  const name = parseOrThrow(
    StepFunctionsNameSchema,
    options.name ?? executionNameForRequest(parsed),
    'execution name',
  );
  const request: UpgradeRequest = { ...parsed, upgradeId: parsed.upgradeId ?? name };
  const body = JSON.stringify(request);
  assertExecutionInputSize(body);
  const startOn =
    options.startOn === undefined ? arn : parseOrThrow(ArnSchema, options.startOn, 'alias or version ARN');
  const maxConcurrent = options.maxConcurrentUpgrades ?? 1;
  const running = await runningExecutionsOfCluster(calls, arn, request.clusterName, name);
  if (running.length >= maxConcurrent) {
    throw new ExecutionError(
      `Cluster ${request.clusterName} already has ${running.length} upgrade(s) running (${running.join(', ')}); ` +
        `at most ${maxConcurrent} may run at once. Wait for it to finish or stop it first.`,
      { status: 'RUNNING', ...(running[0] ? { executionArn: running[0] } : {}) },
    );
  }
  const output = await calls.call('StartExecution', `start execution ${name}`, () =>
    calls.client.send(new StartExecutionCommand({ stateMachineArn: startOn, name, input: body })),
  );
  return output.executionArn as string;
}

/** ARNs of the running executions of `clusterName`, leaving out `ownName` (an idempotent retry). */
async function runningExecutionsOfCluster(
  calls: SfnCalls,
  stateMachineArn: string,
  clusterName: string,
  ownName: string,
): Promise<string[]> {
  const running = (await listExecutions(calls, stateMachineArn, { statusFilter: 'RUNNING' })).filter(
    (execution) => execution.name !== ownName,
  );
  const ofCluster: string[] = [];
  for (const execution of running) {
    const result = await getExecutionStatus(calls, execution.executionArn);
    const input = result.input as { clusterName?: unknown } | undefined;
    if (result.status === 'RUNNING' && input?.clusterName === clusterName) {
      ofCluster.push(execution.executionArn);
    }
  }
  return ofCluster;
}

export async function stopExecution(
  calls: SfnCalls,
  executionArn: string,
  error?: string,
  cause?: string,
): Promise<void> {
  const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
  await calls.call('StopExecution', `stop execution ${arn}`, () =>
    calls.client.send(
      new StopExecutionCommand({
        executionArn: arn,
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      }),
    ),
  );
}

export async function redriveExecution(calls: SfnCalls, executionArn: string): Promise<Date | undefined> {
  const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
  const clientToken = randomUUID();
  const output = await calls.call('RedriveExecution', `redrive execution ${arn}`, () =>
    calls.client.send(new RedriveExecutionCommand({ executionArn: arn, clientToken })),
  );
  return output.redriveDate;
}
