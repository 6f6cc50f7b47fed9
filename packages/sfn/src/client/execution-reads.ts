import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListMapRunsCommand,
} from '@aws-sdk/client-sfn';
import { ArnSchema, parseOrThrow } from '@eks-upgrade/core-models';
import type { ExecutionResult, ExecutionStatus, ExecutionSummary } from '../models/state-machine.js';
import { fromAwsHistoryEvents, type WorkflowHistoryEvent } from './phase-timeline.js';
import { toExecutionResult, toExecutionSummary, toMapRunSummary } from './sdk-model-conversions.js';
import type { SfnCalls } from './sfn-calls.js';

// Reading executions: one's status, a machine's or a Map Run's executions, the Map Runs of an
// execution, and its whole history; `StepFunctionsClient` documents each.

/** The largest page ListExecutions and GetExecutionHistory return. */
export const MAX_PAGE_SIZE = 1000;

/** Options of `listExecutions`. */
export interface ListExecutionsOptions {
  statusFilter?: ExecutionStatus;
  /** Page size, at most 1000 (the default). */
  pageSize?: number;
}

/**
 * A Map Run: one run of a Distributed Map state, whose items run as child executions
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html).
 */
export interface MapRunSummary {
  mapRunArn: string;
  /** The execution whose Distributed Map started it. */
  executionArn: string;
  startDate: Date;
  /** Absent while the Map Run is still running. */
  stopDate: Date | undefined;
}

export async function getExecutionStatus(calls: SfnCalls, executionArn: string): Promise<ExecutionResult> {
  const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
  const output = await calls.call('DescribeExecution', `describe execution ${arn}`, () =>
    calls.client.send(new DescribeExecutionCommand({ executionArn: arn })),
  );
  return toExecutionResult(output, arn);
}

export async function listExecutions(
  calls: SfnCalls,
  stateMachineArn: string,
  options: ListExecutionsOptions = {},
): Promise<ExecutionSummary[]> {
  const arn = parseOrThrow(ArnSchema, stateMachineArn, 'state machine ARN');
  const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const executions = await calls.allPages(
    'ListExecutions',
    `list executions of ${arn}`,
    (nextToken) =>
      calls.client.send(
        new ListExecutionsCommand({
          stateMachineArn: arn,
          ...(options.statusFilter ? { statusFilter: options.statusFilter } : {}),
          maxResults: pageSize,
          nextToken,
        }),
      ),
    (listed) => listed.nextToken,
    (listed) => listed.executions,
  );
  return executions.map(toExecutionSummary);
}

export async function listMapRuns(calls: SfnCalls, executionArn: string): Promise<MapRunSummary[]> {
  const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
  const mapRuns = await calls.allPages(
    'ListMapRuns',
    `list the Map Runs of ${arn}`,
    (nextToken) =>
      calls.client.send(new ListMapRunsCommand({ executionArn: arn, maxResults: MAX_PAGE_SIZE, nextToken })),
    (page) => page.nextToken,
    (page) => page.mapRuns,
  );
  return mapRuns.map(toMapRunSummary).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

export async function listMapRunExecutions(
  calls: SfnCalls,
  mapRunArn: string,
  options: ListExecutionsOptions = {},
): Promise<ExecutionSummary[]> {
  const arn = parseOrThrow(ArnSchema, mapRunArn, 'Map Run ARN');
  const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const executions = await calls.allPages(
    'ListExecutions',
    `list the child executions of Map Run ${arn}`,
    (nextToken) =>
      calls.client.send(
        new ListExecutionsCommand({
          mapRunArn: arn,
          ...(options.statusFilter ? { statusFilter: options.statusFilter } : {}),
          maxResults: pageSize,
          nextToken,
        }),
      ),
    (listed) => listed.nextToken,
    (listed) => listed.executions,
  );
  return executions.map(toExecutionSummary).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

export async function getExecutionHistory(
  calls: SfnCalls,
  executionArn: string,
): Promise<WorkflowHistoryEvent[]> {
  const arn = parseOrThrow(ArnSchema, executionArn, 'execution ARN');
  const events: HistoryEvent[] = await calls.allPages(
    'GetExecutionHistory',
    `read the history of ${arn}`,
    (nextToken) =>
      calls.client.send(
        new GetExecutionHistoryCommand({
          executionArn: arn,
          includeExecutionData: true,
          maxResults: MAX_PAGE_SIZE,
          nextToken,
        }),
      ),
    (page) => page.nextToken,
    (page) => page.events,
  );
  return fromAwsHistoryEvents(events);
}
