import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromAwsHistoryEvents } from './phase-timeline.js';
import { StepFunctionsClient } from './step-functions-client.js';
import { buildStepRunDetail, currentStepRun, StepRunReader, stepRunDetailsOfChildren } from './step-runs.js';

const sfnMock = mockClient(SFNClient);
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';
const MAP_RUN_1 = 'arn:aws:states:us-east-1:123456789012:mapRun:eks-upgrade-workflow/Step-Run:1111';
const MAP_RUN_2 = 'arn:aws:states:us-east-1:123456789012:mapRun:eks-upgrade-workflow/Step-Run:2222';
const CHILD_CP = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow/Step-Run:cp';
const CHILD_NG = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow/Step-Run:ng';
const T0 = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** The calls of one command, each with its whole input. */
function inputsOf(command: abstract new (...args: never[]) => unknown): unknown[] {
  return sfnMock
    .calls()
    .map((call) => call.args[0])
    .filter((sent) => sent instanceof command)
    .map((sent) => (sent as { input: unknown }).input);
}

const STEP_CP = { id: 'cp-1.31', kind: 'control_plane_upgrade', clusterName: 'prod' };
const CHILD_INPUT = { step: STEP_CP, steps: { index: 0 }, request: { clusterName: 'prod' } };

/** A child execution's history as GetExecutionHistory returns it (AWS event shapes). */
function childHistory(options: { ended: boolean; retried?: boolean; polls?: number }): HistoryEvent[] {
  let id = 0;
  const event = (seconds: number, type: string, details: Record<string, unknown> = {}): HistoryEvent =>
    ({ id: ++id, timestamp: at(seconds), type, ...details }) as HistoryEvent;
  const entered = (seconds: number, kind: string, name: string) =>
    event(seconds, `${kind}StateEntered`, {
      stateEnteredEventDetails: { name, input: JSON.stringify(CHILD_INPUT) },
    });
  const exited = (seconds: number, kind: string, name: string, output: unknown) =>
    event(seconds, `${kind}StateExited`, {
      stateExitedEventDetails: { name, output: JSON.stringify(output) },
    });
  const events: HistoryEvent[] = [
    event(0, 'ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(CHILD_INPUT) } }),
    entered(0, 'Task', 'Step: Execute'),
    event(0, 'TaskScheduled', { taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke' } }),
    event(0, 'TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } }),
  ];
  if (options.retried) {
    events.push(
      event(1, 'TaskFailed', {
        taskFailedEventDetails: {
          error: 'AWSServiceError.Retryable',
          cause: 'ThrottlingException: Rate exceeded',
        },
      }),
      event(6, 'TaskScheduled', {
        taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke' },
      }),
      event(6, 'TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } }),
    );
  }
  events.push(
    event(7, 'TaskSucceeded', { taskSucceededEventDetails: { output: '{}' } }),
    exited(7, 'Task', 'Step: Execute', {
      ...CHILD_INPUT,
      execution: {
        stepResult: { status: 'in_progress', message: 'UpdateClusterVersion 1.30 → 1.31 started' },
      },
    }),
  );
  const polls = options.polls ?? 2;
  for (let poll = 1; poll <= polls; poll += 1) {
    const last = poll === polls && options.ended;
    events.push(
      entered(30 * poll, 'Task', 'Step: Validate'),
      exited(30 * poll + 1, 'Task', 'Step: Validate', {
        ...CHILD_INPUT,
        check: {
          validation: last
            ? { status: 'healthy', summary: 'prod: healthy' }
            : { status: 'in_progress', summary: 'prod: waiting (update in progress)' },
        },
      }),
    );
  }
  if (options.ended) {
    const end = 30 * polls + 2;
    events.push(
      entered(end, 'Pass', 'Step: Report success'),
      exited(end, 'Pass', 'Step: Report success', { outcome: 'succeeded', stepId: 'cp-1.31', index: 0 }),
      event(end, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '{}' } }),
    );
  }
  return events;
}

describe('Function: buildStepRunDetail', () => {
  it('reads the start, what Execution started, each poll, a retry and the end of a step', () => {
    // Act
    const detail = buildStepRunDetail(
      { name: 'cp', executionArn: CHILD_CP },
      fromAwsHistoryEvents(childHistory({ ended: true, retried: true, polls: 2 })),
    );
    // Assess
    expect(detail).toEqual({
      name: 'cp',
      executionArn: CHILD_CP,
      stepId: 'cp-1.31',
      stepKind: 'control_plane_upgrade',
      stepIndex: 0,
      status: 'succeeded',
      outcome: 'succeeded',
      startedAt: at(0),
      endedAt: at(62),
      polls: 2,
      retries: 1,
      events: [
        { at: at(0), kind: 'started', message: 'started' },
        {
          at: at(6),
          kind: 'retry',
          message:
            'Step: Execute failed with AWSServiceError.Retryable (ThrottlingException: Rate exceeded): retried',
        },
        { at: at(7), kind: 'executed', message: 'UpdateClusterVersion 1.30 → 1.31 started' },
        { at: at(31), kind: 'poll', message: 'poll 1: in_progress: prod: waiting (update in progress)' },
        { at: at(61), kind: 'poll', message: 'poll 2: healthy: prod: healthy' },
        { at: at(62), kind: 'ended', message: 'succeeded' },
      ],
    });
  });

  it('reports a step that reported failed as failed, with its error, though its child execution succeeded', () => {
    // Prepare
    const events = fromAwsHistoryEvents([
      {
        id: 1,
        timestamp: at(0),
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: JSON.stringify(CHILD_INPUT) },
      },
      {
        id: 2,
        timestamp: at(5),
        type: 'PassStateExited',
        stateExitedEventDetails: {
          name: 'Step: Report failure',
          output: JSON.stringify({
            outcome: 'failed',
            stepId: 'cp-1.31',
            index: 0,
            failure: { Error: 'Upgrade.StepFailed', Cause: 'UpdateClusterVersion refused' },
          }),
        },
      },
      {
        id: 3,
        timestamp: at(5),
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: '{}' },
      },
    ]);
    // Act
    const detail = buildStepRunDetail({ name: 'cp' }, events);
    // Assess
    expect(detail).toMatchObject({
      status: 'failed',
      outcome: 'failed',
      error: 'Upgrade.StepFailed',
      cause: 'UpdateClusterVersion refused',
      endedAt: at(5),
    });
    expect(detail.events.at(-1)).toEqual({
      at: at(5),
      kind: 'ended',
      message: 'failed: Upgrade.StepFailed: UpdateClusterVersion refused',
    });
  });

  it('names the state a running step is in, and currentStepRun picks the running step', () => {
    // Act
    const running = buildStepRunDetail(
      { name: 'cp' },
      fromAwsHistoryEvents(childHistory({ ended: false, polls: 1 })),
    );
    const done = buildStepRunDetail(
      { name: 'ng' },
      fromAwsHistoryEvents(childHistory({ ended: true, polls: 1 })),
    );
    // Assess
    expect(running).toMatchObject({ status: 'running', currentState: 'Step: Validate', polls: 1 });
    expect(running.endedAt).toBeUndefined();
    expect(currentStepRun([done, running])).toBe(running);
    expect(currentStepRun([done])).toBeUndefined();
  });
});

describe('Class: StepRunReader (with StepFunctionsClient)', () => {
  let client: StepFunctionsClient;
  beforeEach(() => {
    sfnMock.reset();
    client = new StepFunctionsClient({ client: new SFNClient({ region: 'us-east-1' }) });
  });

  it('lists every page of Map Runs, of each run’s children and of each child’s history, asking for the whole of each', async () => {
    // Prepare
    sfnMock
      .on(ListMapRunsCommand, { executionArn: EXECUTION_ARN, maxResults: 1000, nextToken: undefined })
      .resolves({
        mapRuns: [
          { executionArn: EXECUTION_ARN, mapRunArn: MAP_RUN_2, stateMachineArn: 'x', startDate: at(100) },
        ],
        nextToken: 'runs-2',
      })
      .on(ListMapRunsCommand, { executionArn: EXECUTION_ARN, maxResults: 1000, nextToken: 'runs-2' })
      .resolves({
        mapRuns: [
          {
            executionArn: EXECUTION_ARN,
            mapRunArn: MAP_RUN_1,
            stateMachineArn: 'x',
            startDate: at(0),
            stopDate: at(90),
          },
        ],
      });
    sfnMock
      .on(ListExecutionsCommand, { mapRunArn: MAP_RUN_1, maxResults: 1000, nextToken: undefined })
      .resolves({
        executions: [
          { executionArn: CHILD_CP, stateMachineArn: 'x', name: 'cp', status: 'SUCCEEDED', startDate: at(0) },
        ],
      })
      .on(ListExecutionsCommand, { mapRunArn: MAP_RUN_2, maxResults: 1000, nextToken: undefined })
      .resolves({ executions: [], nextToken: 'children-2' })
      .on(ListExecutionsCommand, { mapRunArn: MAP_RUN_2, maxResults: 1000, nextToken: 'children-2' })
      .resolves({
        executions: [
          { executionArn: CHILD_NG, stateMachineArn: 'x', name: 'ng', status: 'RUNNING', startDate: at(100) },
        ],
      });
    const cpHistory = childHistory({ ended: true, polls: 2 });
    sfnMock
      .on(GetExecutionHistoryCommand, {
        executionArn: CHILD_CP,
        includeExecutionData: true,
        maxResults: 1000,
        nextToken: undefined,
      })
      .resolves({ events: cpHistory.slice(0, 5), nextToken: 'history-2' })
      .on(GetExecutionHistoryCommand, {
        executionArn: CHILD_CP,
        includeExecutionData: true,
        maxResults: 1000,
        nextToken: 'history-2',
      })
      .resolves({ events: cpHistory.slice(5) })
      .on(GetExecutionHistoryCommand, { executionArn: CHILD_NG })
      .resolves({
        events: childHistory({ ended: false, polls: 1 }).map((event) => ({ ...event, timestamp: at(100) })),
      });
    const reader = new StepRunReader(client, EXECUTION_ARN);

    // Act
    const steps = await reader.refresh();

    // Assess
    expect(inputsOf(ListMapRunsCommand)).toEqual([
      { executionArn: EXECUTION_ARN, maxResults: 1000, nextToken: undefined },
      { executionArn: EXECUTION_ARN, maxResults: 1000, nextToken: 'runs-2' },
    ]);
    expect(inputsOf(ListExecutionsCommand)).toEqual([
      { mapRunArn: MAP_RUN_1, maxResults: 1000, nextToken: undefined },
      { mapRunArn: MAP_RUN_2, maxResults: 1000, nextToken: undefined },
      { mapRunArn: MAP_RUN_2, maxResults: 1000, nextToken: 'children-2' },
    ]);
    expect(inputsOf(GetExecutionHistoryCommand)).toEqual([
      { executionArn: CHILD_CP, includeExecutionData: true, maxResults: 1000, nextToken: undefined },
      { executionArn: CHILD_CP, includeExecutionData: true, maxResults: 1000, nextToken: 'history-2' },
      { executionArn: CHILD_NG, includeExecutionData: true, maxResults: 1000, nextToken: undefined },
    ]);
    expect(steps.map((step) => [step.name, step.mapRunArn, step.status, step.polls])).toEqual([
      ['cp', MAP_RUN_1, 'succeeded', 2],
      ['ng', MAP_RUN_2, 'running', 1],
    ]);
    expect(currentStepRun(steps)?.name).toBe('ng');
  });

  it('on a refresh, lists again only the running Map Run and reads again only the child that had not ended', async () => {
    // Prepare
    sfnMock
      .on(ListMapRunsCommand)
      .resolves({
        mapRuns: [
          {
            executionArn: EXECUTION_ARN,
            mapRunArn: MAP_RUN_1,
            stateMachineArn: 'x',
            startDate: at(0),
            stopDate: at(90),
          },
          { executionArn: EXECUTION_ARN, mapRunArn: MAP_RUN_2, stateMachineArn: 'x', startDate: at(100) },
        ],
      })
      .on(ListExecutionsCommand, { mapRunArn: MAP_RUN_1 })
      .resolves({
        executions: [
          { executionArn: CHILD_CP, stateMachineArn: 'x', name: 'cp', status: 'SUCCEEDED', startDate: at(0) },
        ],
      })
      .on(ListExecutionsCommand, { mapRunArn: MAP_RUN_2 })
      .resolves({
        executions: [
          { executionArn: CHILD_NG, stateMachineArn: 'x', name: 'ng', status: 'RUNNING', startDate: at(100) },
        ],
      })
      .on(GetExecutionHistoryCommand, { executionArn: CHILD_CP })
      .resolves({ events: childHistory({ ended: true }) })
      .on(GetExecutionHistoryCommand, { executionArn: CHILD_NG })
      .resolves({ events: childHistory({ ended: false }) });
    const parent = fromAwsHistoryEvents([
      { id: 1, timestamp: at(0), type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: MAP_RUN_1 } },
      {
        id: 2,
        timestamp: at(100),
        type: 'MapRunStarted',
        mapRunStartedEventDetails: { mapRunArn: MAP_RUN_2 },
      },
    ]);
    const reader = new StepRunReader(client, EXECUTION_ARN);
    await reader.refresh(parent);
    sfnMock.resetHistory();

    // Act
    await reader.refresh(parent);

    // Assess
    expect(inputsOf(ListMapRunsCommand)).toEqual([
      { executionArn: EXECUTION_ARN, maxResults: 1000, nextToken: undefined },
    ]);
    expect(inputsOf(ListExecutionsCommand)).toEqual([
      { mapRunArn: MAP_RUN_2, maxResults: 1000, nextToken: undefined },
    ]);
    expect(inputsOf(GetExecutionHistoryCommand)).toEqual([
      { executionArn: CHILD_NG, includeExecutionData: true, maxResults: 1000, nextToken: undefined },
    ]);
  });

  it('asks nothing while the parent’s history shows no Map Run, nor once every run stopped and every child ended', async () => {
    // Prepare
    sfnMock
      .on(ListMapRunsCommand)
      .resolves({
        mapRuns: [
          {
            executionArn: EXECUTION_ARN,
            mapRunArn: MAP_RUN_1,
            stateMachineArn: 'x',
            startDate: at(0),
            stopDate: at(90),
          },
        ],
      })
      .on(ListExecutionsCommand)
      .resolves({
        executions: [
          { executionArn: CHILD_CP, stateMachineArn: 'x', name: 'cp', status: 'SUCCEEDED', startDate: at(0) },
        ],
      })
      .on(GetExecutionHistoryCommand)
      .resolves({ events: childHistory({ ended: true }) });
    const reader = new StepRunReader(client, EXECUTION_ARN);
    const withRun = fromAwsHistoryEvents([
      { id: 1, timestamp: at(0), type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: MAP_RUN_1 } },
    ]);

    // Act
    const before = await reader.refresh([]);
    const callsBefore = sfnMock.calls().length;
    await reader.refresh(withRun);
    const callsFirst = sfnMock.calls().length;
    const after = await reader.refresh(withRun);

    // Assess
    expect(before).toEqual([]);
    expect(callsBefore).toBe(0);
    expect(callsFirst).toBe(3);
    expect(sfnMock.calls().length).toBe(3);
    expect(after.map((step) => [step.stepId, step.status])).toEqual([['cp-1.31', 'succeeded']]);
  });
});

describe('Function: stepRunDetailsOfChildren', () => {
  it('reads a local run’s child executions as the reader reads AWS’s, in the order they started', () => {
    // Prepare
    const history = fromAwsHistoryEvents(childHistory({ ended: true, polls: 1 }));
    const later = history.map((event) => ({
      ...event,
      timestamp: new Date(event.timestamp.getTime() + 60_000),
    }));
    // Act
    const steps = stepRunDetailsOfChildren([
      { name: 'second', status: 'SUCCEEDED', eventLog: later },
      { name: 'first', status: 'SUCCEEDED', eventLog: history },
    ]);
    // Assess
    expect(steps.map((step) => [step.name, step.status, step.polls, step.events.length])).toEqual([
      ['first', 'succeeded', 1, 4],
      ['second', 'succeeded', 1, 4],
    ]);
  });
});
