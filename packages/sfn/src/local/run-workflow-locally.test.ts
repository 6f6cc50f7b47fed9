import { UpgradeEventSchema, ValidationFailureDetailSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  BLUE_GREEN_REQUEST,
  fakeLambdaHandlers,
  IN_PLACE_REQUEST,
  lambdaCalls,
} from '../../test/support/fake-upgrade.js';
import { createUpgradeStateMachineDefinition } from '../workflow/upgrade-workflow.js';
import {
  type LocalPutEventsEntry,
  type LocalRunResult,
  localTaskError,
  runWorkflowLocally,
} from './run-workflow-locally.js';

const definition = createUpgradeStateMachineDefinition();
// The failed phase is closed (phase.failed) before the rollback starts.
const ROLLBACK_EVENTS = ['phase.failed', 'rollback.triggered', 'rollback.completed', 'upgrade.failed'];

function eventTypes(result: LocalRunResult): string[] {
  return result.publishedEvents.map((event) => event.detailType);
}

/** Published events that are not valid core-models `UpgradeEvent`s (type and detail). */
function invalidEvents(result: LocalRunResult): string[] {
  return result.publishedEvents
    .filter(
      (event) => !UpgradeEventSchema.safeParse({ type: event.detailType, detail: event.detail }).success,
    )
    .map((event) => `${event.detailType} (${event.stateName})`);
}

/** The detail of the first published event of a type. */
function detailOf(result: LocalRunResult, type: string): Record<string, unknown> | undefined {
  return result.publishedEvents.find((event) => event.detailType === type)?.detail;
}

/**
 * The workflow paths with the real phase code run in apps/cli/test/workflow/. These are the paths
 * the real phases never take, so they run with the fake of test/support/fake-upgrade.ts.
 */
describe('Function: runWorkflowLocally (paths only a fake phase takes)', () => {
  it('perception failing after its retries (the Lambda service, not the code) publishes upgrade.failed and does not roll back', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ perceptionUnavailable: true }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lambda.ServiceException');
    expect(lambdaCalls(result)).toEqual(['perception', 'perception', 'perception', 'perception']);
    expect(result.taskInvocations.filter((call) => call.functionName).map((call) => call.atSeconds)).toEqual([
      0, 2, 5, 10,
    ]);
    expect(eventTypes(result)).toEqual(['phase.started', 'phase.failed', 'upgrade.failed']);
    expect(result.publishedEvents.at(-1)?.detail).toMatchObject({
      phase: 'perception',
      error: 'Lambda.ServiceException',
    });
    expect(invalidEvents(result)).toEqual([]);
    expect(result.timeline).toMatchObject([
      { phase: 'perception', status: 'failed', error: 'Lambda.ServiceException' },
    ]);
  });

  it('a bake failing at 50 % traffic (healthy when shifted) rolls back before the next shift', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ bakeFailsAt: 'traffic-50' }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.BakeValidationFailed');
    expect(result.cause).toContain('api-5xx');
    const calls = lambdaCalls(result);
    expect(calls.slice(-2)).toEqual(['validation:bake:traffic-50', 'rollback']);
    expect(calls).not.toContain('execution:traffic-75');
    // the step's phase.failed (in its child execution), then the execution phase's
    expect(eventTypes(result).slice(-7)).toEqual([
      'traffic.shifted',
      'validation.failure',
      'phase.failed',
      ...ROLLBACK_EVENTS,
    ]);
    expect(
      result.publishedEvents.filter((event) => event.detailType === 'traffic.shifted').at(-1)?.detail.weight,
    ).toBe(50);
    // the ValidationResult's failedChecks travel in the event itself (plain JSONPath), schema-valid
    const failures = result.publishedEvents
      .filter((event) => event.detailType === 'validation.failure')
      .map((event) => event.detail);
    expect(failures).toEqual([
      expect.objectContaining({
        clusterName: 'payments-prod',
        stepId: 'traffic-50',
        failedChecks: ['alarm:api-5xx'],
      }),
    ]);
    expect(ValidationFailureDetailSchema.safeParse(failures[0]).success).toBe(true);
    expect(invalidEvents(result)).toEqual([]);
  });

  it('a rollback function that throws fails the execution with both causes', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ updateFailsAt: 'cp-1.30', rollbackFails: true }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.RollbackFailed');
    expect(result.cause).toContain(
      'Upgrade failed with Upgrade.ValidationFailed: Update update-cp-1.30 ended Failed',
    );
    expect(result.cause).toContain('Rollback failed with RollbackError');
    expect(result.cause).toContain('more than 7 days');
    expect(lambdaCalls(result).slice(-2)).toEqual(['validation:step:cp-1.30', 'rollback']);
    expect(eventTypes(result).slice(-6)).toEqual(['validation.failure', 'phase.failed', ...ROLLBACK_EVENTS]);
    expect(detailOf(result, 'rollback.completed')).toMatchObject({ success: false });
    expect(invalidEvents(result)).toEqual([]);
    expect(detailOf(result, 'upgrade.failed')).toMatchObject({ error: 'Upgrade.RollbackFailed' });
    expect(
      result.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rollback failed']);
    expect(result.timeline.at(-1)).toMatchObject({
      phase: 'rollback',
      status: 'failed',
      error: 'RollbackError',
    });
  });
});

describe('Function: runWorkflowLocally (the rollback waits for its undos)', () => {
  it('runs the rollback again, a poll interval apart, while an undo is pending, then publishes rollback.completed once', async () => {
    // Act: the green cluster's deletion ends on the third pass
    const result = await runWorkflowLocally({
      definition,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ bakeFailsAt: 'traffic-50', rollbackPendingPasses: 3 }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.BakeValidationFailed');
    const rollbacks = result.taskInvocations.filter((call) => call.functionName?.endsWith('-rollback'));
    expect(rollbacks.map((call) => (call.input as { pass: unknown }).pass)).toEqual([
      { count: 0, limit: 60 },
      { count: 1, limit: 60 },
      { count: 2, limit: 60 },
    ]);
    expect(rollbacks[0]?.input).not.toHaveProperty('previous');
    expect(rollbacks[2]?.input).toMatchObject({
      previous: { summary: 'Rollback after Upgrade.BakeValidationFailed, pass 2' },
    });
    // On the virtual clock, each pass (1 s of the fake's work) and then a poll interval (30 s).
    expect(rollbacks.map((call) => call.atSeconds - rollbacks[0]!.atSeconds)).toEqual([0, 31, 62]);
    expect(eventTypes(result).filter((type) => type === 'rollback.completed')).toHaveLength(1);
    expect(eventTypes(result).slice(-4)).toEqual(ROLLBACK_EVENTS);
    expect(
      result.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rolled back']);
    expect(invalidEvents(result)).toEqual([]);
  });

  it('stops after rollbackPolls further passes and ends partially rolled back with what still runs', async () => {
    // Prepare
    const bounded = createUpgradeStateMachineDefinition({ rollbackPolls: 4 });
    // Act: the deletion never ends
    const result = await runWorkflowLocally({
      definition: bounded,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ bakeFailsAt: 'traffic-50', rollbackPendingPasses: Infinity }),
    });
    // Assess: the first pass and 4 more
    expect(lambdaCalls(result).filter((call) => call === 'rollback')).toHaveLength(5);
    expect(result.error).toBe('Upgrade.PartiallyRolledBack');
    expect(result.cause).toContain(
      'Rolled back partially, left changed: ["still in progress after 4 polls: green-cluster: DeleteCluster started"]',
    );
    expect(eventTypes(result).filter((type) => type === 'rollback.completed')).toHaveLength(1);
    expect(detailOf(result, 'rollback.completed')).toMatchObject({
      success: true,
      notUndone: ['still in progress after 4 polls: green-cluster: DeleteCluster started'],
    });
  });
});

describe('Function: runWorkflowLocally (runner behaviour)', () => {
  const tiny = {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'fn', 'Payload.$': '$' },
        ResultSelector: { 'value.$': '$.Payload' },
        Retry: [
          { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Catch: [{ ErrorEquals: ['CustomError'], ResultPath: '$.caught', Next: 'Caught' }],
        TimeoutSeconds: 10,
        Next: 'Publish',
      },
      Publish: {
        Type: 'Task',
        Resource: 'arn:aws:states:::events:putEvents',
        Parameters: { Entries: [{ Source: 's', DetailType: 'phase.started', 'Detail.$': '$.value' }] },
        ResultPath: null,
        TimeoutSeconds: 10,
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };

  it('answers lambda tasks as { Payload, StatusCode } so ResultSelector works, and routes PutEvents', async () => {
    // Prepare
    const published: LocalPutEventsEntry[][] = [];
    // Act
    const result = await runWorkflowLocally({
      definition: tiny,
      input: { a: 1 },
      lambdaHandlers: { fn: (payload) => ({ echoed: payload }) },
      onPutEvents: (entries) => {
        published.push(entries);
        return undefined;
      },
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ value: { echoed: { a: 1 } } });
    expect(published).toEqual([[{ Source: 's', DetailType: 'phase.started', Detail: '{"echoed":{"a":1}}' }]]);
    expect(result.eventLog.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('gives a function error its own type for Catch, with the Lambda error JSON as cause', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: tiny,
      input: {},
      lambdaHandlers: {
        fn: () => {
          const error = new Error('nope');
          error.name = 'CustomError';
          throw error;
        },
      },
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      caught: { Error: 'CustomError', Cause: '{"errorType":"CustomError","errorMessage":"nope"}' },
    });
    expect(result.taskInvocations).toHaveLength(1);
  });

  it('retries Lambda.ServiceException on the virtual clock and fails after MaxAttempts', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: tiny,
      input: {},
      lambdaHandlers: {
        fn: () => {
          throw localTaskError('Lambda.ServiceException', 'busy');
        },
      },
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lambda.ServiceException');
    expect(result.taskInvocations.map((call) => [call.attempt, call.atSeconds])).toEqual([
      [1, 0],
      [2, 1],
      [3, 3],
      [4, 7],
    ]);
  });

  it('times a task out when its handler takes longer than TimeoutSeconds', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: tiny,
      input: {},
      lambdaHandlers: { fn: (_payload, context) => context.clock.advance(11) },
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
  });

  it('runs Wait states on the virtual clock, and tasks see the time they are called at', async () => {
    // Prepare
    const waiting = {
      StartAt: 'Bake',
      States: {
        Bake: { Type: 'Wait', Seconds: 3600, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'fn', 'Payload.$': '$' },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    };
    // Act
    const result = await runWorkflowLocally({
      definition: waiting,
      input: {},
      startTime: new Date('2026-01-01T00:00:00Z'),
      lambdaHandlers: { fn: (_payload, context) => ({ at: context.clock.now().toISOString() }) },
    });
    // Assess: an hour passed for the workflow (the test's own 5 s timeout guards real sleeping)
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ at: '2026-01-01T01:00:00.000Z' });
    expect(result.durations.virtualSeconds).toBe(3600);
    expect(result.taskInvocations.map((call) => call.atSeconds)).toEqual([3600]);
  });

  it('gives $$.State.EnteredTime on the virtual clock to the states after a Wait or a Task', async () => {
    // Prepare
    const definition = {
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Parameters: { 'start.$': '$$.State.EnteredTime' }, Next: 'Bake' },
        Bake: { Type: 'Wait', Seconds: 3600, Next: 'After bake' },
        'After bake': {
          Type: 'Pass',
          Parameters: { 'start.$': '$.start', 'afterBake.$': '$$.State.EnteredTime' },
          Next: 'Late?',
        },
        'Late?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.afterBake', TimestampGreaterThanEqualsPath: '$.start', Next: 'Done' }],
          Default: 'Never',
        },
        Never: { Type: 'Fail', Error: 'NotLater' },
        Done: { Type: 'Succeed' },
      },
    };
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: {},
      startTime: new Date('2026-01-01T00:00:00Z'),
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      afterBake: '2026-01-01T01:00:00.000Z',
    });
  });

  it("ends TIMED_OUT when the execution's TimeoutSeconds passes on the virtual clock, mid-Wait", async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: {
        TimeoutSeconds: 1400,
        StartAt: 'Bake',
        States: { Bake: { Type: 'Wait', Seconds: 3600, End: true } },
      },
      input: {},
    });
    // Assess
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error).toBe('States.Timeout');
    expect(result.durations.virtualSeconds).toBe(1400);
    expect(result.eventLog.at(-1)).toMatchObject({ type: 'ExecutionTimedOut', error: 'States.Timeout' });
  });

  it('uses a taskHandlers override before the lambda handlers, and reports a missing function', async () => {
    // Act
    const overridden = await runWorkflowLocally({
      definition: tiny,
      input: {},
      taskHandlers: { Call: () => ({ Payload: 'from override' }), Publish: () => ({}) },
    });
    const missing = await runWorkflowLocally({ definition: tiny, input: {} });
    // Assess
    expect(overridden.output).toEqual({ value: 'from override' });
    expect(overridden.taskInvocations.map((call) => call.stateName)).toEqual(['Call', 'Publish']);
    expect(missing.error).toBe('Lambda.ResourceNotFoundException');
  });

  it('keeps an upgrade going when publishing an event fails (events are best effort)', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
      onPutEvents: (entries) =>
        entries[0]?.DetailType === 'upgrade.started'
          ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'X' }] }
          : undefined,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(eventTypes(result)).not.toContain('upgrade.started');
    expect(
      result.taskInvocations
        .filter((call) => call.stateName === 'Upgrade: Publish started')
        .map((call) => call.error),
    ).toEqual(['EventBridge.FailedEntry', 'EventBridge.FailedEntry', 'EventBridge.FailedEntry']);
  });

  it('stops calling tasks and ends ABORTED when the signal aborts', async () => {
    // Prepare
    const controller = new AbortController();
    const handlers = fakeLambdaHandlers();
    const reasoning = handlers['eks-upgrade-agent-reasoning'];
    handlers['eks-upgrade-agent-reasoning'] = (payload, context) => {
      controller.abort();
      return reasoning?.(payload, context);
    };
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: handlers,
      signal: controller.signal,
    });
    // Assess
    expect(result.status).toBe('ABORTED');
    expect(lambdaCalls(result)).toEqual(['perception', 'reasoning']);
    expect(eventTypes(result)).not.toContain('upgrade.started');
  });

  it('refuses an invalid definition before running it', async () => {
    // Act / Assess
    await expect(runWorkflowLocally({ definition: { StartAt: 'X', States: {} }, input: {} })).rejects.toThrow(
      /Invalid state machine definition/,
    );
  });
});
