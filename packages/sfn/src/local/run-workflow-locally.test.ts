import { describe, expect, it } from 'vitest';
import {
  BLUE_GREEN_REQUEST,
  eventTypes,
  fakeLambdaHandlers,
  IN_PLACE_REQUEST,
  invalidEventDetails,
  lambdaCalls,
  parseRequest,
  validationFailureDetails,
} from '../../test/support/fake-upgrade.js';
import { executionNameForRequest } from '../client/execution-name.js';
import { createUpgradeStateMachineDefinition } from '../workflow/upgrade-workflow.js';
import {
  type LocalPutEventsEntry,
  type LocalRunResult,
  localTaskError,
  runWorkflowLocally,
} from './run-workflow-locally.js';

const definition = createUpgradeStateMachineDefinition();

/** What one successful step publishes and calls, for building expected sequences. */
function stepCalls(id: string, extra: string[] = []): string[] {
  return [`execution:${id}`, `validation:step:${id}`, `validation:step:${id}`, ...extra];
}
function stepEvents(middle: string[] = []): string[] {
  return ['phase.started', 'validation.success', ...middle, 'phase.completed'];
}
const START_EVENTS = [
  'phase.started',
  'phase.completed',
  'phase.started',
  'phase.completed',
  'upgrade.started',
  'phase.started',
];
const FINISH_EVENTS = ['phase.started', 'validation.success', 'upgrade.completed'];
const ROLLBACK_EVENTS = ['rollback.triggered', 'rollback.completed', 'upgrade.failed'];

/** The detail of the first published event of a type. */
function detailOf(result: LocalRunResult, type: string): Record<string, unknown> | undefined {
  return result.publishedEvents.find((event) => event.detailType === type)?.detail;
}

describe('Function: runWorkflowLocally (the upgrade workflow)', () => {
  it('in place 1.29 → 1.31: two hops of control plane, add-ons and node groups succeed', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const hop = (version: string) => [
      ...stepCalls(`cp-${version}`),
      ...stepCalls(`addon-vpc-cni-${version}`),
      ...stepCalls(`addon-coredns-${version}`),
      ...stepCalls(`ng-workers-${version}`),
      ...stepCalls(`ng-system-${version}`),
    ];
    expect(lambdaCalls(result)).toEqual([
      'perception',
      'reasoning',
      ...hop('1.30'),
      ...hop('1.31'),
      'validation:final',
    ]);
    expect(eventTypes(result)).toEqual([
      ...START_EVENTS,
      ...Array.from({ length: 10 }, () => stepEvents()).flat(),
      ...FINISH_EVENTS,
    ]);
    expect(invalidEventDetails(result)).toEqual([]);
    const upgradeId = executionNameForRequest(parseRequest(IN_PLACE_REQUEST));
    expect(new Set(result.publishedEvents.map((event) => event.detail.upgradeId))).toEqual(
      new Set([upgradeId]),
    );
    expect(
      result.timeline.filter((entry) => entry.phase === 'execution').map((entry) => entry.stepId),
    ).toEqual([
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'addon-coredns-1.30',
      'ng-workers-1.30',
      'ng-system-1.30',
      'cp-1.31',
      'addon-vpc-cni-1.31',
      'addon-coredns-1.31',
      'ng-workers-1.31',
      'ng-system-1.31',
    ]);
    expect(result.timeline.every((entry) => entry.status === 'succeeded')).toBe(true);
    expect(result.output).toMatchObject({
      request: { clusterName: 'payments-prod' },
      plan: { hops: ['1.30', '1.31'] },
    });
  });

  it('blue/green: provision and bootstrap green, five traffic steps with bakes, decommission', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const traffic = (weight: number) => stepCalls(`traffic-${weight}`, [`validation:bake:traffic-${weight}`]);
    const bootstrap = [
      'green-ng-workers',
      'green-ng-system',
      'green-addon-vpc-cni',
      'green-addon-coredns',
      'green-addon-kube-proxy',
    ];
    expect(lambdaCalls(result)).toEqual([
      'perception',
      'reasoning',
      ...stepCalls('provision-green'),
      // node groups and add-ons of green: the generic execute → wait → poll → validate path
      ...bootstrap.flatMap((id) => stepCalls(id)),
      ...[10, 25, 50, 75, 100].flatMap(traffic),
      ...stepCalls('decommission-blue'),
      'validation:final',
    ]);
    expect(
      result.timeline
        .filter((entry) => entry.phase === 'execution')
        .map((entry) => [entry.stepKind, entry.status])
        .slice(0, 6),
    ).toEqual([
      ['cluster_provision', 'succeeded'],
      ['nodegroup_provision', 'succeeded'],
      ['nodegroup_provision', 'succeeded'],
      ['addon_install', 'succeeded'],
      ['addon_install', 'succeeded'],
      ['addon_install', 'succeeded'],
    ]);
    const bootstrapWaits = result.eventLog
      .filter((event) => event.type === 'WaitStateEntered' && event.stateName === 'Step: Wait for update')
      .map((event) => (event.input as { step: { id: string } }).step.id);
    expect(bootstrapWaits.filter((id) => bootstrap.includes(id))).toEqual(bootstrap);
    expect(eventTypes(result)).toEqual([
      ...START_EVENTS,
      ...stepEvents(['cluster.provisioned']),
      ...Array.from({ length: 5 }, () => stepEvents()).flat(),
      ...Array.from({ length: 5 }, () => stepEvents(['traffic.shifted', 'validation.success'])).flat(),
      ...stepEvents(['cluster.decommissioned']),
      ...FINISH_EVENTS,
    ]);
    expect(invalidEventDetails(result)).toEqual([]);
    const shifts = result.publishedEvents.filter((event) => event.detailType === 'traffic.shifted');
    expect(shifts.map((event) => [event.detail.previousWeight, event.detail.weight])).toEqual([
      [0, 10],
      [10, 25],
      [25, 50],
      [50, 75],
      [75, 100],
    ]);
    // five bakes of 300 s happened on the virtual clock
    expect(result.durations.virtualSeconds).toBeGreaterThanOrEqual(1500);
  });

  it('perception failing after its retries publishes upgrade.failed and does not roll back', async () => {
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
    expect(invalidEventDetails(result)).toEqual([]);
    expect(result.timeline).toMatchObject([
      { phase: 'perception', status: 'failed', error: 'Lambda.ServiceException' },
    ]);
  });

  it('a plan with blockers stops before any change', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({
        blockers: [{ code: 'INSIGHT_ERROR', message: 'Deprecated APIs in use: flowcontrol v1beta2' }],
      }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.PlanBlocked');
    expect(result.cause).toContain('Deprecated APIs in use');
    expect(lambdaCalls(result)).toEqual(['perception', 'reasoning']);
    expect(eventTypes(result)).toEqual([
      'phase.started',
      'phase.completed',
      'phase.started',
      'upgrade.failed',
    ]);
    expect(result.publishedEvents.at(-1)?.detail).toMatchObject({
      phase: 'reasoning',
      error: 'Upgrade.PlanBlocked',
    });
    expect(invalidEventDetails(result)).toEqual([]);
  });

  it('an update that ends Failed triggers the rollback and fails with the original cause', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ updateFailsAt: 'cp-1.31' }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.ValidationFailed');
    expect(result.cause).toBe('Update update-cp-1.31 ended Failed');
    const calls = lambdaCalls(result);
    expect(calls.slice(-4)).toEqual([
      'execution:cp-1.31',
      'validation:step:cp-1.31',
      'validation:step:cp-1.31',
      'rollback',
    ]);
    expect(calls).not.toContain('execution:addon-vpc-cni-1.31');
    expect(eventTypes(result).slice(-5)).toEqual(['phase.started', 'validation.failure', ...ROLLBACK_EVENTS]);
    expect(validationFailureDetails(result)).toEqual([
      expect.objectContaining({
        stepId: 'cp-1.31',
        summary: 'Update update-cp-1.31 ended Failed',
        failedChecks: ['update-status'],
      }),
    ]);
    const rollbackInput = result.taskInvocations.find((call) =>
      call.functionName?.endsWith('rollback'),
    )?.input;
    expect(rollbackInput).toMatchObject({
      plan: { planId: 'plan-payments-prod-1.31' },
      failure: { Error: 'Upgrade.ValidationFailed', Cause: 'Update update-cp-1.31 ended Failed' },
    });
    expect(
      result.publishedEvents.find((event) => event.detailType === 'rollback.triggered')?.detail,
    ).toMatchObject({
      failedPhase: 'execution',
      error: 'Upgrade.ValidationFailed',
    });
    expect(invalidEventDetails(result)).toEqual([]);
    const failedStep = result.timeline.find((entry) => entry.status === 'failed');
    expect(failedStep).toMatchObject({
      phase: 'execution',
      stepId: 'cp-1.31',
      error: 'Upgrade.ValidationFailed',
    });
    expect(result.timeline.at(-1)).toMatchObject({ phase: 'rollback', status: 'succeeded' });
  });

  it('validation failing at 50 % traffic rolls back before the next shift', async () => {
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
    expect(eventTypes(result).slice(-5)).toEqual([
      'traffic.shifted',
      'validation.failure',
      ...ROLLBACK_EVENTS,
    ]);
    expect(
      result.publishedEvents.filter((event) => event.detailType === 'traffic.shifted').at(-1)?.detail.weight,
    ).toBe(50);
    // the ValidationResult's failedChecks travel in the event (plain JSONPath), schema-valid
    const [failure, ...others] = validationFailureDetails(result);
    expect(others).toEqual([]);
    expect(failure?.failedChecks).toEqual(['alarm:api-5xx']);
    expect(failure).toMatchObject({ clusterName: 'payments-prod', stepId: 'traffic-50' });
    expect(invalidEventDetails(result)).toEqual([]);
  });

  it('a failing rollback fails the execution with both causes', async () => {
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
    expect(eventTypes(result).slice(-4)).toEqual([
      'validation.failure',
      'rollback.triggered',
      'rollback.completed',
      'upgrade.failed',
    ]);
    expect(
      result.publishedEvents.find((event) => event.detailType === 'rollback.completed')?.detail,
    ).toMatchObject({
      success: false,
    });
    expect(invalidEventDetails(result)).toEqual([]);
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

  it('a rollback that reports success: false fails the execution with both causes, like a throwing one', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ updateFailsAt: 'cp-1.30', rollbackIncomplete: true }),
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.RollbackFailed');
    expect(result.cause).toBe(
      'Upgrade failed with Upgrade.ValidationFailed: Update update-cp-1.30 ended Failed | ' +
        'Rollback failed with Upgrade.RollbackIncomplete: Rollback after Upgrade.ValidationFailed failed ' +
        'for the control plane Not undone: ["control plane stays at 1.30: the native rollback failed ' +
        '(ResourceInUseException)"]',
    );
    expect(lambdaCalls(result).slice(-2)).toEqual(['validation:step:cp-1.30', 'rollback']);
    expect(eventTypes(result).slice(-4)).toEqual([
      'validation.failure',
      'rollback.triggered',
      'rollback.completed',
      'upgrade.failed',
    ]);
    expect(detailOf(result, 'rollback.completed')).toMatchObject({
      success: false,
      summary: 'Rollback after Upgrade.ValidationFailed failed for the control plane',
      notUndone: ['control plane stays at 1.30: the native rollback failed (ResourceInUseException)'],
    });
    expect(detailOf(result, 'upgrade.failed')).toMatchObject({
      error: 'Upgrade.RollbackFailed',
      phase: 'execution',
    });
    expect(invalidEventDetails(result)).toEqual([]);
    expect(
      result.eventLog.filter((event) => event.type === 'FailStateEntered').map((event) => event.stateName),
    ).toEqual(['Upgrade: Rollback failed']);
    expect(result.timeline.at(-1)).toMatchObject({
      phase: 'rollback',
      status: 'failed',
      error: 'Upgrade.RollbackIncomplete',
    });
  });

  it('the execution times out (TimeoutSeconds on the virtual clock): no rollback, TIMED_OUT', async () => {
    // Prepare: provisioning and bootstrapping green plus five bakes of 300 s cannot fit in 1400 s;
    // the 50 % shift happens at about 1260 s, so the machine times out while that step bakes
    const short = createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 1400 });
    // Act
    const result = await runWorkflowLocally({
      definition: short,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
    });
    // Assess
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error).toBe('States.Timeout');
    expect(result.durations.virtualSeconds).toBe(1400);
    expect(lambdaCalls(result)).not.toContain('rollback');
    expect(lambdaCalls(result).at(-1)).toBe('validation:step:traffic-50');
    expect(eventTypes(result).at(-1)).toBe('traffic.shifted');
    expect(result.publishedEvents.at(-1)?.detail.weight).toBe(50);
    expect(result.eventLog.at(-1)).toMatchObject({ type: 'ExecutionTimedOut', error: 'States.Timeout' });
  });

  it('an update that never finishes fails the step after the operation and validation timeouts (bounded polls)', async () => {
    // Prepare: a machine timeout long enough for the poll bound to be what ends the step
    const patient = createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 86_400 });
    // Act
    const result = await runWorkflowLocally({
      definition: patient,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ neverFinishes: 'cp-1.30' }),
    });
    // Assess: (5400 s operation + 300 s validation) at a 30 s poll interval → 190 polls
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.ValidationTimeout');
    expect(lambdaCalls(result).filter((call) => call === 'validation:step:cp-1.30')).toHaveLength(190);
    expect(lambdaCalls(result).at(-1)).toBe('rollback');
    expect(eventTypes(result).slice(-4)).toEqual(['validation.failure', ...ROLLBACK_EVENTS]);
    expect(validationFailureDetails(result)).toEqual([
      expect.objectContaining({ stepId: 'cp-1.30', failedChecks: [] }),
    ]);
  });

  it('a long but finite update (a 20-minute control-plane update: 40 polls at 30 s) succeeds', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ pollsBeforeVerdictByStep: { 'cp-1.30': 39 } }),
    });
    // Assess: the old bound (validation timeout / poll interval = 10 polls) rolled this back
    expect(result.status).toBe('SUCCEEDED');
    const polls = result.taskInvocations.filter(
      (call) =>
        call.stateName === 'Step: Validate' && (call.input as { step: { id: string } }).step.id === 'cp-1.30',
    );
    expect(polls).toHaveLength(40);
    expect((polls.at(-1)?.atSeconds ?? 0) - (polls[0]?.atSeconds ?? 0)).toBeGreaterThanOrEqual(39 * 30);
    expect(lambdaCalls(result)).not.toContain('rollback');
    expect(eventTypes(result)).not.toContain('validation.failure');
  });

  it('keeps the step-scope poll bound apart from the bake and final validations', async () => {
    // Prepare: 100 s operation + 60 s validation at 20 s → 8 polls
    const short = createUpgradeStateMachineDefinition({
      operationTimeoutSeconds: 100,
      validationTimeoutSeconds: 60,
      pollIntervalSeconds: 20,
    });
    // Act
    const result = await runWorkflowLocally({
      definition: short,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ neverFinishes: 'ng-system-1.30' }),
    });
    // Assess
    expect(result.error).toBe('Upgrade.ValidationTimeout');
    expect(lambdaCalls(result).filter((call) => call === 'validation:step:ng-system-1.30')).toHaveLength(8);
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
