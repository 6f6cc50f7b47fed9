import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { AWSServiceError, ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { findPendingGateInHistory, pendingGatePlan } from './approval-gates.js';
import { fromAwsHistoryEvents } from './phase-timeline.js';
import { StepFunctionsClient } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAf-token-1';
const T0 = new Date('2026-11-25T10:00:00Z');

const PENDING_DETAIL = {
  clusterName: 'prod',
  upgradeId: 'run-1',
  executionArn: EXECUTION_ARN,
  planId: 'plan-prod-1.31',
  stepId: 'gate-workload',
  gate: {
    purpose: 'workload',
    summary: 'Deploy workloads to prod-1-31, then approve with its traffic target',
    timeoutSeconds: 3600,
    acceptsTrafficTarget: true,
  },
  taskToken: TOKEN,
};

function sdkError(name: string, status: number, fault: 'client' | 'server'): SFNServiceException {
  return new SFNServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

let nextId = 1;
function event(type: string, seconds: number, details: Record<string, unknown> = {}): HistoryEvent {
  return {
    id: nextId++,
    type,
    timestamp: new Date(T0.getTime() + seconds * 1000),
    ...details,
  } as HistoryEvent;
}

/** A gate Task as Step Functions records it: TaskStateEntered, then TaskScheduled with the effective parameters. */
function gateScheduled(
  seconds: number,
  detail: unknown = PENDING_DETAIL,
  detailAsText = false,
): HistoryEvent[] {
  return [
    event('TaskStateEntered', seconds, { stateEnteredEventDetails: { name: 'Wait at gate', input: '{}' } }),
    event('TaskScheduled', seconds, {
      taskScheduledEventDetails: {
        resourceType: 'events',
        resource: 'putEvents.waitForTaskToken',
        region: 'us-east-1',
        parameters: JSON.stringify({
          Entries: [
            {
              Source: 'eks-upgrade-agent',
              DetailType: 'gate.pending',
              Detail: detailAsText ? JSON.stringify(detail) : detail,
              EventBusName: 'default',
            },
          ],
        }),
        timeoutInSeconds: 3600,
      },
    }),
  ];
}

function gateEnded(type: string, seconds: number): HistoryEvent {
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
  return event(type, seconds, { [key]: { resourceType: 'events', resource: 'putEvents.waitForTaskToken' } });
}

describe('Function: findPendingGateInHistory', () => {
  beforeEach(() => {
    nextId = 1;
  });

  it('finds the gate a Task waits at, with its token, since when and until when', () => {
    // Act
    const pending = findPendingGateInHistory(
      fromAwsHistoryEvents([event('ExecutionStarted', 0), ...gateScheduled(60)]),
    );

    // Assess
    expect(pending).toEqual({
      detail: PENDING_DETAIL,
      taskToken: TOKEN,
      pendingSince: new Date('2026-11-25T10:01:00Z'),
      timesOutAt: new Date('2026-11-25T11:01:00Z'),
      stateName: 'Wait at gate',
      stateInput: {},
    });
  });

  it('reads a Detail given as JSON text as well as an object', () => {
    // Act
    const pending = findPendingGateInHistory(fromAwsHistoryEvents(gateScheduled(0, PENDING_DETAIL, true)));

    // Assess
    expect(pending?.taskToken).toBe(TOKEN);
  });

  it.each(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut'])(
    'says no gate is pending once %s ended it',
    (type) => {
      // Act
      const pending = findPendingGateInHistory(
        fromAwsHistoryEvents([...gateScheduled(0), gateEnded(type, 30)]),
      );

      // Assess
      expect(pending).toBeUndefined();
    },
  );

  it('keeps the gate pending through other tasks ending, and says none once the execution ended', () => {
    // Prepare
    const lambdaDone = event('TaskSucceeded', 10, {
      taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{}' },
    });
    const waiting = [...gateScheduled(0), lambdaDone];

    // Act, Assess
    expect(findPendingGateInHistory(fromAwsHistoryEvents(waiting))?.taskToken).toBe(TOKEN);
    expect(
      findPendingGateInHistory(fromAwsHistoryEvents([...waiting, event('ExecutionAborted', 20)])),
    ).toBeUndefined();
  });

  it('finds the second gate after the first was answered', () => {
    // Prepare
    const second = { ...PENDING_DETAIL, stepId: 'gate-decommission', taskToken: 'token-2' };

    // Act
    const pending = findPendingGateInHistory(
      fromAwsHistoryEvents([...gateScheduled(0), gateEnded('TaskSucceeded', 5), ...gateScheduled(9, second)]),
    );

    // Assess
    expect(pending?.detail.stepId).toBe('gate-decommission');
    expect(pending?.taskToken).toBe('token-2');
  });

  it('ignores a plain putEvents task and refuses a gate.pending detail that breaks the schema', () => {
    // Prepare
    const plainPut = event('TaskScheduled', 0, {
      taskScheduledEventDetails: {
        resourceType: 'events',
        resource: 'putEvents',
        parameters: JSON.stringify({ Entries: [{ DetailType: 'gate.pending', Detail: {} }] }),
      },
    });
    const { taskToken: _left, ...withoutToken } = PENDING_DETAIL;

    // Act, Assess
    expect(findPendingGateInHistory(fromAwsHistoryEvents([plainPut]))).toBeUndefined();
    expect(() => findPendingGateInHistory(fromAwsHistoryEvents(gateScheduled(0, withoutToken)))).toThrow(
      /gate.pending detail of history event 3: taskToken/,
    );
  });
});

describe('Class: StepFunctionsClient (approval gates)', () => {
  const pauses: number[] = [];
  const client = new StepFunctionsClient({
    client: new SFNClient({ region: 'us-east-1' }),
    retry: { sleep: async (milliseconds) => void pauses.push(milliseconds) },
  });
  beforeEach(() => {
    sfnMock.reset();
    pauses.length = 0;
    nextId = 1;
  });

  describe('Method: findPendingGate', () => {
    it('reads the history to its last page, where the gate is', async () => {
      // Prepare
      sfnMock
        .on(GetExecutionHistoryCommand, { executionArn: EXECUTION_ARN, nextToken: undefined })
        .resolves({ events: [event('ExecutionStarted', 0)], nextToken: 'page-2' })
        .on(GetExecutionHistoryCommand, { executionArn: EXECUTION_ARN, nextToken: 'page-2' })
        .resolves({ events: gateScheduled(60) });

      // Act
      const pending = await client.findPendingGate(EXECUTION_ARN);

      // Assess
      expect(pending?.detail).toEqual(PENDING_DETAIL);
      expect(sfnMock).toHaveReceivedCommandTimes(GetExecutionHistoryCommand, 2);
      expect(sfnMock).toHaveReceivedNthCommandWith(GetExecutionHistoryCommand, 2, {
        executionArn: EXECUTION_ARN,
        includeExecutionData: true,
        maxResults: 1000,
        nextToken: 'page-2',
      });
    });
  });

  describe('Method: sendTaskSuccess', () => {
    it('sends the decision as the output, through throttling', async () => {
      // Prepare
      sfnMock
        .on(SendTaskSuccessCommand)
        .rejectsOnce(sdkError('ThrottlingException', 400, 'client'))
        .resolves({});
      const decision = {
        planId: 'plan-prod-1.31',
        approvedBy: 'alice',
        trafficTarget: { setIdentifier: 'green', target: 'green-alb.example.com' },
      };

      // Act
      await client.sendTaskSuccess(TOKEN, decision);

      // Assess
      expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
      expect(sfnMock.commandCalls(SendTaskSuccessCommand)[1]?.args[0].input).toEqual({
        taskToken: TOKEN,
        output: JSON.stringify(decision),
      });
      expect(pauses).toHaveLength(1);
    });

    it('refuses a decision with an unknown field before any call', async () => {
      // Act
      const sent = client.sendTaskSuccess(TOKEN, { approved: true } as never);

      // Assess
      await expect(sent).rejects.toThrow(ValidationError);
      await expect(sent).rejects.toThrow('Unrecognized key: "approved"');
      expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
    });

    it('says a timed-out gate timed out, keeping the AWS error as cause, without retrying', async () => {
      // Prepare
      sfnMock.on(SendTaskSuccessCommand).rejects(sdkError('TaskTimedOut', 400, 'client'));

      // Act
      const error = await client.sendTaskSuccess(TOKEN, {}).catch((failure: unknown) => failure);

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect((error as ExecutionError).message).toContain('Cannot approve the gate: it timed out');
      expect(AWSServiceError.isInstance((error as ExecutionError).cause)).toBe(true);
      expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    });

    it('names the token field when Step Functions does not know the token', async () => {
      // Prepare
      sfnMock.on(SendTaskSuccessCommand).rejects(sdkError('InvalidToken', 400, 'client'));

      // Act
      const error = await client.sendTaskSuccess(TOKEN).catch((failure: unknown) => failure);

      // Assess
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toEqual(['taskToken']);
    });
  });

  describe('Method: sendTaskFailure', () => {
    it('rejects with Upgrade.GateRejected and the reason as cause', async () => {
      // Prepare
      sfnMock.on(SendTaskFailureCommand).resolves({});

      // Act
      await client.sendTaskFailure(TOKEN, 'Upgrade.GateRejected', 'CHG-1234 not approved');

      // Assess
      expect(sfnMock).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
      expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
        taskToken: TOKEN,
        error: 'Upgrade.GateRejected',
        cause: 'CHG-1234 not approved',
      });
    });

    it('says an already answered gate was answered', async () => {
      // Prepare
      sfnMock.on(SendTaskFailureCommand).rejects(sdkError('TaskDoesNotExist', 400, 'client'));

      // Act
      const failed = client.sendTaskFailure(TOKEN, 'Upgrade.GateRejected');

      // Assess
      await expect(failed).rejects.toThrow(
        'Cannot reject the gate: it was already answered or its execution ended',
      );
    });

    it('refuses an over-long cause and an empty token before any call', async () => {
      // Act, Assess
      await expect(client.sendTaskFailure(TOKEN, 'Upgrade.GateRejected', 'x'.repeat(32_769))).rejects.toThrow(
        'cause: must be at most 32768 characters',
      );
      await expect(client.sendTaskFailure('', 'Upgrade.GateRejected')).rejects.toThrow(
        'taskToken: must be 1-2048 characters (is 0)',
      );
      expect(sfnMock).toHaveReceivedCommandTimes(SendTaskFailureCommand, 0);
    });
  });
});

describe('Function: pendingGatePlan', () => {
  const PLAN = {
    planId: 'plan-prod-1.31',
    clusterName: 'prod',
    sourceVersion: '1.30',
    targetVersion: '1.31',
    strategy: 'in_place',
    hops: ['1.31'],
    steps: [],
    blockers: [],
    warnings: [],
    blocked: false,
    source: 'rules',
    createdAt: '2026-11-25T10:00:00Z',
  };
  const pending = (stateInput: unknown, plan?: unknown) => ({
    detail: { ...PENDING_DETAIL, ...(plan ? { plan } : {}) } as never,
    taskToken: TOKEN,
    pendingSince: T0,
    timesOutAt: T0,
    stateName: 'Wait at gate',
    stateInput,
  });

  it('reads the plan from the gate event, else from the state the gate entered with', () => {
    expect(pendingGatePlan(pending({}, PLAN))?.planId).toBe('plan-prod-1.31');
    expect(pendingGatePlan(pending({ request: {}, plan: PLAN }))?.planId).toBe('plan-prod-1.31');
    expect(pendingGatePlan(pending({ request: {} }))).toBeUndefined();
  });

  it('refuses a state plan that is not a plan, naming the field', () => {
    expect(() => pendingGatePlan(pending({ plan: { ...PLAN, blocked: 'no' } }))).toThrow(
      'Invalid plan of the pending gate: blocked',
    );
  });
});
