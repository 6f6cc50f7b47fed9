import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ExecutionError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StepFunctionsClient, type WaitProgress } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';

function describeOutput(status: string, extra: Record<string, unknown> = {}) {
  return {
    executionArn: EXECUTION_ARN,
    stateMachineArn: MACHINE_ARN,
    name: 'run-1',
    status,
    startDate: new Date('2026-11-25T10:00:00Z'),
    input: '{"clusterName":"prod"}',
    ...extra,
  } as never;
}

describe('Class: StepFunctionsClient', () => {
  let client: StepFunctionsClient;
  beforeEach(() => {
    sfnMock.reset();
    vi.useFakeTimers();
    client = new StepFunctionsClient({ client: new SFNClient({ region: 'us-east-1' }) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('Method: waitForExecution', () => {
    it('polls after 1, 2, 4, 8 then every 10 seconds until a terminal status', async () => {
      // Prepare
      const statuses = [...Array.from({ length: 7 }, () => 'RUNNING'), 'SUCCEEDED'];
      const behaviour = sfnMock.on(DescribeExecutionCommand);
      for (const status of statuses)
        behaviour.resolvesOnce(describeOutput(status, { output: '{"ok":true}' }));
      const pollTimes: number[] = [];
      const start = Date.now();
      // Act
      const waiting = client.waitForExecution(EXECUTION_ARN, {
        onProgress: () => pollTimes.push((Date.now() - start) / 1000),
      });
      await vi.advanceTimersByTimeAsync(60_000);
      const result = await waiting;
      // Assess
      expect(pollTimes).toEqual([0, 1, 3, 7, 15, 25, 35, 45]);
      expect(result.status).toBe('SUCCEEDED');
      expect(result.output).toEqual({ ok: true });
      expect(sfnMock).toHaveReceivedCommandTimes(DescribeExecutionCommand, 8);
    });

    it.each(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])('stops at %s', async (status) => {
      // Prepare
      sfnMock
        .on(DescribeExecutionCommand)
        .resolvesOnce(describeOutput('RUNNING'))
        .resolves(describeOutput(status, { error: 'E', cause: 'C' }));
      // Act
      const waiting = client.waitForExecution(EXECUTION_ARN);
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await waiting;
      // Assess
      expect(result.status).toBe(status);
      expect(result.error).toBe('E');
      expect(sfnMock).toHaveReceivedCommandTimes(DescribeExecutionCommand, 2);
    });

    it('keeps polling through PENDING_REDRIVE', async () => {
      // Prepare
      sfnMock
        .on(DescribeExecutionCommand)
        .resolvesOnce(describeOutput('PENDING_REDRIVE'))
        .resolves(describeOutput('SUCCEEDED'));
      // Act
      const waiting = client.waitForExecution(EXECUTION_ARN);
      await vi.advanceTimersByTimeAsync(5_000);
      // Assess
      await expect(waiting).resolves.toMatchObject({ status: 'SUCCEEDED' });
    });

    it('raises ExecutionError after maxWaitSeconds without stopping the execution', async () => {
      // Prepare
      sfnMock.on(DescribeExecutionCommand).resolves(describeOutput('RUNNING'));
      const progress: WaitProgress[] = [];
      // Act
      const waiting = client.waitForExecution(EXECUTION_ARN, {
        maxWaitSeconds: 30,
        onProgress: (update) => progress.push(update),
      });
      const assessment = expect(waiting).rejects.toSatisfy(
        (error) =>
          ExecutionError.isInstance(error) &&
          error.status === 'RUNNING' &&
          error.executionArn === EXECUTION_ARN &&
          /still RUNNING after 30 s/.test(error.message),
      );
      await vi.advanceTimersByTimeAsync(60_000);
      await assessment;
      // Assess: polls at 0, 1, 3, 7, 15, 25 and a last one at the deadline
      expect(progress.map((update) => update.elapsedSeconds)).toEqual([0, 1, 3, 7, 15, 25, 30]);
      expect(sfnMock).not.toHaveReceivedCommand(StopExecutionCommand);
    });

    it('stops waiting when the signal aborts', async () => {
      // Prepare
      sfnMock.on(DescribeExecutionCommand).resolves(describeOutput('RUNNING'));
      const controller = new AbortController();
      // Act
      const waiting = client.waitForExecution(EXECUTION_ARN, { signal: controller.signal });
      const assessment = expect(waiting).rejects.toSatisfy(
        (error) => ExecutionError.isInstance(error) && /aborted/.test(error.message),
      );
      await vi.advanceTimersByTimeAsync(2_000);
      controller.abort(new Error('user pressed Ctrl-C'));
      await vi.advanceTimersByTimeAsync(0);
      await assessment;
      // Assess
      expect(sfnMock).toHaveReceivedCommandTimes(DescribeExecutionCommand, 2);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sfnMock).toHaveReceivedCommandTimes(DescribeExecutionCommand, 2);
    });

    it('does not call AWS when the signal is already aborted', async () => {
      // Prepare
      const controller = new AbortController();
      controller.abort();
      // Act / Assess
      await expect(client.waitForExecution(EXECUTION_ARN, { signal: controller.signal })).rejects.toSatisfy(
        (error) => ExecutionError.isInstance(error),
      );
      expect(sfnMock.calls()).toHaveLength(0);
    });
  });

  describe('Method: listExecutions', () => {
    it('reads every page with the status filter and 1000 a page', async () => {
      // Prepare
      const item = (name: string) => ({
        executionArn: `${EXECUTION_ARN}-${name}`,
        stateMachineArn: MACHINE_ARN,
        name,
        status: 'FAILED' as const,
        startDate: new Date(),
      });
      sfnMock
        .on(ListExecutionsCommand)
        .resolvesOnce({ executions: [item('a')], nextToken: 'n' })
        .resolvesOnce({ executions: [item('b')] });
      // Act
      const executions = await client.listExecutions(MACHINE_ARN, { statusFilter: 'FAILED' });
      // Assess
      expect(executions.map((execution) => execution.name)).toEqual(['a', 'b']);
      expect(sfnMock).toHaveReceivedNthCommandWith(ListExecutionsCommand, 1, {
        stateMachineArn: MACHINE_ARN,
        statusFilter: 'FAILED',
        maxResults: 1000,
      });
      expect(sfnMock).toHaveReceivedNthCommandWith(ListExecutionsCommand, 2, { nextToken: 'n' });
    });
  });

  describe('Method: stopExecution', () => {
    it('passes error and cause', async () => {
      // Prepare
      sfnMock.on(StopExecutionCommand).resolves({ stopDate: new Date() });
      // Act
      await client.stopExecution(EXECUTION_ARN, 'Operator.Stopped', 'window closed');
      // Assess
      expect(sfnMock).toHaveReceivedCommandWith(StopExecutionCommand, {
        executionArn: EXECUTION_ARN,
        error: 'Operator.Stopped',
        cause: 'window closed',
      });
    });
  });

  describe('Method: getPhaseTimeline', () => {
    it('reads every history page and builds phases and steps with errors', async () => {
      // Prepare
      const t = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, seconds));
      const entered = (id: number, seconds: number, type: string, name: string, input: unknown = {}) => ({
        id,
        timestamp: t(seconds),
        type,
        stateEnteredEventDetails: { name, input: JSON.stringify(input) },
      });
      sfnMock
        .on(GetExecutionHistoryCommand)
        .resolvesOnce({
          // written by hand with only the fields the timeline reads, hence the casts
          events: [
            {
              id: 1,
              timestamp: t(0),
              type: 'ExecutionStarted',
              executionStartedEventDetails: { input: '{}' },
            },
            entered(2, 1, 'TaskStateEntered', 'Perception: Collect cluster state'),
            {
              id: 3,
              timestamp: t(2),
              type: 'TaskFailed',
              taskFailedEventDetails: { error: 'Lambda.ServiceException', cause: 'x' },
            },
            { id: 4, timestamp: t(4), type: 'TaskSucceeded', taskSucceededEventDetails: { output: '{}' } },
            entered(5, 5, 'TaskStateEntered', 'Reasoning: Plan the upgrade'),
          ],
          nextToken: 'h2',
        } as never)
        .resolvesOnce({
          events: [
            entered(6, 6, 'MapStateEntered', 'Upgrade: Run plan steps'),
            {
              id: 7,
              timestamp: t(6),
              type: 'MapIterationStarted',
              mapIterationStartedEventDetails: { name: 'Upgrade: Run plan steps', index: 0 },
            },
            entered(8, 7, 'TaskStateEntered', 'Step: Execute', {
              step: { id: 'cp-1.30', kind: 'control_plane_upgrade' },
            }),
            {
              id: 9,
              timestamp: t(9),
              type: 'TaskFailed',
              taskFailedEventDetails: { error: 'UpdateFailed', cause: 'EKS said no' },
            },
            entered(10, 10, 'TaskStateEntered', 'Rollback: Undo changes'),
            { id: 11, timestamp: t(12), type: 'TaskSucceeded', taskSucceededEventDetails: { output: '{}' } },
            {
              id: 12,
              timestamp: t(13),
              type: 'ExecutionFailed',
              executionFailedEventDetails: { error: 'UpdateFailed', cause: 'EKS said no' },
            },
          ],
        } as never);
      // Act
      const timeline = await client.getPhaseTimeline(EXECUTION_ARN);
      // Assess
      expect(sfnMock).toHaveReceivedNthCommandWith(GetExecutionHistoryCommand, 1, {
        executionArn: EXECUTION_ARN,
        maxResults: 1000,
        includeExecutionData: true,
      });
      expect(timeline).toEqual([
        { phase: 'perception', status: 'succeeded', startedAt: t(1), endedAt: t(5) },
        { phase: 'reasoning', status: 'succeeded', startedAt: t(5), endedAt: t(6) },
        {
          phase: 'execution',
          stepId: 'cp-1.30',
          stepKind: 'control_plane_upgrade',
          stepIndex: 0,
          status: 'failed',
          startedAt: t(7),
          endedAt: t(10),
          error: 'UpdateFailed',
          cause: 'EKS said no',
        },
        {
          phase: 'rollback',
          status: 'failed',
          startedAt: t(10),
          endedAt: t(13),
          error: 'UpdateFailed',
          cause: 'EKS said no',
        },
      ]);
    });
  });
});
