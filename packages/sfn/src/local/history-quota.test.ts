import { describe, expect, it } from 'vitest';
import {
  EXECUTION_HISTORY_EVENT_QUOTA,
  HistoryEventCounter,
  historyEventsOfLogEvent,
} from './history-quota.js';
import { localTaskError, runWorkflowLocally } from './run-workflow-locally.js';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** Pass → Task (Lambda, retried on Lambda.ServiceException) → Succeed. */
const straightLine = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: LAMBDA,
      Parameters: { FunctionName: 'work', 'Payload.$': '$' },
      ResultSelector: { 'value.$': '$.Payload' },
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 2 }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

/** A loop that polls forever: Choice → Task → Choice ..., with a Catch that must never run. */
const endlessPoll = {
  StartAt: 'More?',
  States: {
    'More?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Done' }],
      Default: 'Poll',
    },
    Poll: {
      Type: 'Task',
      Resource: LAMBDA,
      Parameters: { FunctionName: 'poll', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
      Next: 'More?',
    },
    Caught: { Type: 'Pass', End: true },
    Done: { Type: 'Succeed' },
  },
};

describe('Class: HistoryEventCounter', () => {
  it('passes the quota only once the count is above it', () => {
    // Arrange
    const counter = new HistoryEventCounter(10);
    // Act
    counter.add(10);
    const atQuota = counter.exceeded();
    counter.add(1);
    // Assess
    expect(atQuota).toBe(false);
    expect(counter.exceeded()).toBe(true);
    expect(counter.cause()).toBe(
      'The execution history passed the Step Functions quota of 10 events (Standard workflows) after 11 events; Step Functions fails such an execution and no Catch runs',
    );
  });

  it('counts a state visit as entered + exited and leaves Task attempts to the runner', () => {
    expect(
      ['ExecutionStarted', 'StateEntered', 'StateExited', 'StateFailed', 'StateCaught'].map(
        historyEventsOfLogEvent,
      ),
    ).toEqual([1, 1, 1, 0, 0]);
    expect(EXECUTION_HISTORY_EVENT_QUOTA).toBe(25_000);
  });
});

describe('Function: runWorkflowLocally (history quota)', () => {
  it('counts the history events AWS records: execution, each state entered and exited, each Task attempt', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: straightLine,
      input: {},
      lambdaHandlers: { work: () => 'ok' },
      validate: false,
    });
    // Assess: ExecutionStarted 1, Pass 2, Task 2 + (Scheduled, Started, Succeeded) 3, Succeed 2, ExecutionSucceeded 1
    expect(result.status).toBe('SUCCEEDED');
    expect(result.historyEventCount).toBe(11);
  });

  it('counts every retried attempt: TaskScheduled, TaskStarted and TaskFailed again', async () => {
    // Arrange
    let calls = 0;
    // Act
    const result = await runWorkflowLocally({
      definition: straightLine,
      input: {},
      lambdaHandlers: {
        work: () => {
          calls += 1;
          if (calls === 1) throw localTaskError('Lambda.ServiceException', 'transient');
          return 'ok';
        },
      },
      validate: false,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toBe(2);
    expect(result.historyEventCount).toBe(14);
  });

  it('fails an execution that passes 25,000 history events with States.Runtime, and no Catch runs', async () => {
    // Arrange: each round is Choice (2) + Task (2 + 3) = 7 events, forever.
    const polls: number[] = [];
    // Act
    const result = await runWorkflowLocally({
      definition: endlessPoll,
      input: { done: false },
      lambdaHandlers: {
        poll: (payload) => {
          polls.push(polls.length);
          return payload;
        },
      },
      validate: false,
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toMatch(/passed the Step Functions quota of 25,000 events/);
    expect(result.historyEventCount).toBeGreaterThan(EXECUTION_HISTORY_EVENT_QUOTA);
    expect(result.historyEventCount).toBeLessThanOrEqual(EXECUTION_HISTORY_EVENT_QUOTA + 8);
    // 1 (ExecutionStarted) + 7 per round: the 3,572nd attempt is the one past the quota and never runs.
    expect(polls).toHaveLength(3571);
    expect(result.eventLog.some((event) => event.stateName === 'Caught')).toBe(false);
    expect(result.eventLog.at(-1)).toMatchObject({ type: 'ExecutionFailed', error: 'States.Runtime' });
  });

  it('a run under the quota is not affected by it', async () => {
    // Act
    let rounds = 0;
    const result = await runWorkflowLocally({
      definition: endlessPoll,
      input: { done: false },
      lambdaHandlers: {
        poll: () => {
          rounds += 1;
          return { done: rounds >= 100 };
        },
      },
      validate: false,
    });
    // Assess: 1 + 100 × 7 + Choice 2 + Succeed 2 + 1
    expect(result.status).toBe('SUCCEEDED');
    expect(result.historyEventCount).toBe(706);
  });
});
