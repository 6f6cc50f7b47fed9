import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeServiceException,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  EventBridgeClient as SdkEventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { AWSServiceError, UPGRADE_EVENT_TYPES, ValidationError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { minimumBatchCount } from '../events/batching.js';
import { putEventsEntrySize } from '../events/upgrade-event-entry.js';
import type { UpgradeEventInput } from '../events/upgrade-event-publisher.js';
import { EventBridgeClient } from './event-bridge-client.js';

const sdkMock = mockClient(SdkEventBridgeClient);

function newClient(
  options: { maxAttempts?: number; busName?: string; source?: string } = {},
): EventBridgeClient {
  return new EventBridgeClient({
    client: new SdkEventBridgeClient({ region: 'us-east-1' }),
    retry: {
      baseDelayMs: 0,
      maxDelayMs: 0,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    },
    ...(options.busName ? { busName: options.busName } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
}

function sdkError(name: string, httpStatusCode = 400): EventBridgeServiceException {
  return new EventBridgeServiceException({
    name,
    message: `${name} happened`,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1' },
  });
}

const phaseEvent = (index: number): UpgradeEventInput => ({
  type: 'phase.started',
  detail: { clusterName: `cluster-${index}`, phase: 'execution', stepId: `step-${index}` },
});

/** An event whose entry is about `bytes` long (the padding goes into the detail). */
const largeEvent = (index: number, bytes: number): UpgradeEventInput => ({
  type: 'upgrade.failed',
  detail: { clusterName: `cluster-${index}`, error: 'x'.repeat(bytes) },
});

/** PutEvents answers every entry with an id `ev-<call>-<position>`. */
function answerAllPublished(): void {
  let call = 0;
  sdkMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    call++;
    return {
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, position) => ({ EventId: `ev-${call}-${position}` })),
    };
  });
}

function sentEntries(callIndex: number): PutEventsRequestEntry[] {
  return (sdkMock.commandCalls(PutEventsCommand)[callIndex]!.args[0].input.Entries ??
    []) as PutEventsRequestEntry[];
}

beforeEach(() => {
  sdkMock.reset();
});

describe('Class: EventBridgeClient', () => {
  describe('Method: constructor', () => {
    it('uses the default bus and source', () => {
      // Act
      const client = newClient();
      // Assess
      expect(client.busName).toBe('default');
      expect(client.source).toBe('eks-upgrade-agent');
    });

    it('creates an SDK client in the given region when none is injected', async () => {
      // Act
      const client = new EventBridgeClient({ region: 'eu-west-1' });
      // Assess
      await expect(client.client.config.region()).resolves.toBe('eu-west-1');
    });

    it('rejects an invalid bus name or a reserved source', () => {
      expect(() => newClient({ busName: 'bad bus' })).toThrow(ValidationError);
      expect(() => newClient({ source: 'aws.ec2' })).toThrow(/source: must not start with aws\./);
    });
  });

  describe('Method: publishEvents', () => {
    it('sends 11 events in 2 PutEvents calls (10 + 1) and answers in request order', async () => {
      // Prepare
      answerAllPublished();
      const events = Array.from({ length: 11 }, (_, index) => phaseEvent(index));
      // Act
      const results = await newClient().publishEvents(events);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 2);
      expect(sentEntries(0)).toHaveLength(10);
      expect(sentEntries(1)).toHaveLength(1);
      expect(results.map((result) => result.index)).toEqual([...Array(11).keys()]);
      expect(results.map((result) => result.status === 'published' && result.eventId)).toEqual([
        ...Array.from({ length: 10 }, (_, position) => `ev-1-${position}`),
        'ev-2-0',
      ]);
    });

    it('builds each entry from the event: source, type, validated detail, bus, time and resources', async () => {
      // Prepare
      answerAllPublished();
      const time = new Date('2025-02-03T04:05:06Z');
      // Act
      await newClient({ busName: 'upgrades', source: 'my-agent' }).publishEvents([
        {
          type: 'validation.success',
          detail: { clusterName: 'prod' },
          time,
          resources: ['arn:aws:eks:us-east-1:123456789012:cluster/prod'],
        },
      ]);
      // Assess
      expect(sdkMock).toHaveReceivedCommandWith(PutEventsCommand, {
        Entries: [
          {
            Source: 'my-agent',
            DetailType: 'validation.success',
            // The schema's default (metrics: {}) is applied before sending.
            Detail: JSON.stringify({ clusterName: 'prod', metrics: {} }),
            EventBusName: 'upgrades',
            Time: time,
            Resources: ['arn:aws:eks:us-east-1:123456789012:cluster/prod'],
          },
        ],
      });
    });

    it('splits 10 events of 40 KB by size: every call stays within 256 KB, as few calls as possible', async () => {
      // Prepare
      answerAllPublished();
      const events = Array.from({ length: 10 }, (_, index) => largeEvent(index, 40 * 1024));
      // Act
      const results = await newClient().publishEvents(events);
      // Assess
      const calls = sdkMock.commandCalls(PutEventsCommand);
      const callSizes = calls.map((_, index) =>
        sentEntries(index).reduce((sum, entry) => sum + putEventsEntrySize(entry), 0),
      );
      const entrySizes = calls.flatMap((_, index) => sentEntries(index).map(putEventsEntrySize));
      expect(calls).toHaveLength(2);
      expect(calls.length).toBe(minimumBatchCount(entrySizes));
      for (const size of callSizes) expect(size).toBeLessThanOrEqual(256 * 1024);
      expect(calls.map((_, index) => sentEntries(index).length)).toEqual([6, 4]);
      expect(results.every((result) => result.status === 'published')).toBe(true);
    });

    it('packs a small event into the room a large one left', async () => {
      // Prepare
      answerAllPublished();
      const events = [largeEvent(0, 200 * 1024), largeEvent(1, 100 * 1024), largeEvent(2, 40 * 1024)];
      // Act
      await newClient().publishEvents(events);
      // Assess
      expect(sentEntries(0).map((entry) => JSON.parse(entry.Detail!).clusterName)).toEqual([
        'cluster-0',
        'cluster-2',
      ]);
      expect(sentEntries(1).map((entry) => JSON.parse(entry.Detail!).clusterName)).toEqual(['cluster-1']);
    });

    it('rejects an event too large for one entry before sending anything', async () => {
      // Prepare
      answerAllPublished();
      // Act
      const publishing = newClient().publishEvents([phaseEvent(0), largeEvent(1, 256 * 1024)]);
      // Assess
      await expect(publishing).rejects.toThrow(ValidationError);
      await expect(publishing).rejects.toThrow(/events\[1\]: is \d+ bytes/);
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 0);
    });

    it('rejects an invalid detail before sending anything, naming the field', async () => {
      // Prepare
      answerAllPublished();
      const bad = {
        type: 'upgrade.started',
        detail: { clusterName: 'prod', targetVersion: 'latest', strategy: 'in_place' },
      };
      // Act
      const publishing = newClient().publishEvents([phaseEvent(0), bad as UpgradeEventInput]);
      // Assess
      const error = (await publishing.catch((caught: unknown) => caught)) as ValidationError;
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(error.fields).toEqual(['events[1].detail.targetVersion']);
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 0);
    });

    it('resends only the failed entries, and reports every event published', async () => {
      // Prepare
      sdkMock
        .on(PutEventsCommand)
        .resolvesOnce({
          FailedEntryCount: 2,
          Entries: [
            { EventId: 'a' },
            { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
            { EventId: 'c' },
            { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
            { EventId: 'e' },
          ],
        })
        .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }, { EventId: 'd' }] });
      const events = Array.from({ length: 5 }, (_, index) => phaseEvent(index));
      // Act
      const results = await newClient().publishEvents(events);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 2);
      expect(sentEntries(1).map((entry) => JSON.parse(entry.Detail!).clusterName)).toEqual([
        'cluster-1',
        'cluster-3',
      ]);
      expect(results).toEqual([
        { status: 'published', index: 0, eventId: 'a', attempts: 1 },
        { status: 'published', index: 1, eventId: 'b', attempts: 2 },
        { status: 'published', index: 2, eventId: 'c', attempts: 1 },
        { status: 'published', index: 3, eventId: 'd', attempts: 2 },
        { status: 'published', index: 4, eventId: 'e', attempts: 1 },
      ]);
    });

    it('reports an entry that keeps failing after the last attempt, without dropping it', async () => {
      // Prepare
      sdkMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
        FailedEntryCount: 1,
        Entries: input.Entries.map((entry) =>
          JSON.parse(entry.Detail!).clusterName === 'cluster-1'
            ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }
            : { EventId: 'ok' },
        ),
      }));
      // Act
      const results = await newClient({ maxAttempts: 3 }).publishEvents([phaseEvent(0), phaseEvent(1)]);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 3);
      expect(results[0]).toMatchObject({ status: 'published', attempts: 1 });
      expect(results[1]).toMatchObject({
        status: 'failed',
        index: 1,
        errorCode: 'ThrottlingException',
        attempts: 3,
      });
      const failure = results[1] as Extract<(typeof results)[number], { status: 'failed' }>;
      expect(AWSServiceError.isInstance(failure.error)).toBe(true);
      expect(failure.error).toMatchObject({
        operation: 'PutEvents',
        code: 'ThrottlingException',
        retryable: true,
      });
    });

    it('does not resend an entry that failed for good', async () => {
      // Prepare
      sdkMock.on(PutEventsCommand).resolves({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'InvalidArgument', ErrorMessage: 'bad' }],
      });
      // Act
      const results = await newClient().publishEvents([phaseEvent(0), phaseEvent(1)]);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 1);
      expect(results[1]).toMatchObject({
        status: 'failed',
        errorCode: 'InvalidArgument',
        errorMessage: 'bad',
        attempts: 1,
      });
    });

    it('resends a batch whose call was throttled', async () => {
      // Prepare
      sdkMock
        .on(PutEventsCommand)
        .rejectsOnce(sdkError('ThrottlingException'))
        .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }] });
      // Act
      const results = await newClient().publishEvents([phaseEvent(0)]);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 2);
      expect(results[0]).toMatchObject({ status: 'published', eventId: 'a', attempts: 2 });
    });

    it('reports the batch of a call still throttled after the last attempt', async () => {
      // Prepare
      const throttled = sdkError('ThrottlingException');
      sdkMock.on(PutEventsCommand).rejects(throttled);
      // Act
      const results = await newClient({ maxAttempts: 2 }).publishEvents([phaseEvent(0), phaseEvent(1)]);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 2);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'failed', errorCode: 'ThrottlingException', attempts: 2 });
        expect((result as Extract<typeof result, { status: 'failed' }>).error.cause).toBe(throttled);
      }
    });

    it('fails every unsent event with the mapped error when a call cannot succeed, and stops calling', async () => {
      // Prepare
      const denied = sdkError('AccessDeniedException');
      sdkMock.on(PutEventsCommand).rejects(denied);
      const events = Array.from({ length: 15 }, (_, index) => phaseEvent(index));
      // Act
      const results = await newClient().publishEvents(events);
      // Assess
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 1);
      expect(results).toHaveLength(15);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'failed', errorCode: 'AccessDeniedException' });
        const failure = result as Extract<typeof result, { status: 'failed' }>;
        expect(AWSServiceError.isInstance(failure.error)).toBe(true);
        expect(failure.error.cause).toBe(denied);
        expect(failure.error.message).toMatch(
          /AccessDeniedException happened\. Grant the caller's IAM identity permission/,
        );
      }
    });
  });

  describe('Method: publishEvents (edge cases)', () => {
    it('sends nothing for no events', async () => {
      await expect(newClient().publishEvents([])).resolves.toEqual([]);
      expect(sdkMock.calls()).toHaveLength(0);
    });

    it('rejects a non-array input', async () => {
      await expect(newClient().publishEvents({} as never)).rejects.toThrow(
        'events: must be an array of events',
      );
    });
  });

  describe('Method: publishEvent', () => {
    it('returns the event id', async () => {
      // Prepare
      sdkMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }] });
      // Act / Assess
      await expect(newClient().publishEvent(phaseEvent(0))).resolves.toBe('id-1');
    });

    it('throws the AWSServiceError of a failed entry', async () => {
      // Prepare
      sdkMock.on(PutEventsCommand).resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }],
      });
      // Act
      const publishing = newClient().publishEvent(phaseEvent(0));
      // Assess
      await expect(publishing).rejects.toBeInstanceOf(AWSServiceError);
      await expect(publishing).rejects.toMatchObject({
        code: 'AccessDeniedException',
        operation: 'PutEvents',
      });
    });

    it('maps an SDK failure with the SDK error as cause', async () => {
      // Prepare
      const failure = sdkError('ResourceNotFoundException');
      sdkMock.on(PutEventsCommand).rejects(failure);
      // Act
      const publishing = newClient().publishEvent(phaseEvent(0));
      // Assess
      await expect(publishing).rejects.toMatchObject({ code: 'ResourceNotFoundException', cause: failure });
    });
  });

  describe('Typed helpers', () => {
    const GATE = {
      clusterName: 'prod-green',
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:u-1',
      planId: 'plan-1',
      stepId: 'gate-workload-prod-green',
    };
    const WORKLOAD_GATE = {
      purpose: 'workload' as const,
      summary: 'Deploy workloads to prod-green',
      timeoutSeconds: 3600,
      acceptsTrafficTarget: true,
    };
    const helperCalls: Array<
      [string, (client: EventBridgeClient) => Promise<string>, Record<string, unknown>]
    > = [
      [
        'upgrade.started',
        (client) => client.publishUpgradeStarted('prod', '1.31', 'blue_green', { upgradeId: 'u1' }),
        { clusterName: 'prod', targetVersion: '1.31', strategy: 'blue_green', upgradeId: 'u1' },
      ],
      [
        'upgrade.completed',
        (client) => client.publishUpgradeCompleted('prod', '1.31', 1840),
        { clusterName: 'prod', targetVersion: '1.31', durationSeconds: 1840 },
      ],
      [
        'upgrade.failed',
        (client) => client.publishUpgradeFailed('prod', 'boom', { phase: 'reasoning' }),
        { clusterName: 'prod', error: 'boom', phase: 'reasoning' },
      ],
      [
        'phase.started',
        (client) => client.publishPhaseStarted('prod', 'execution', { stepId: 's1' }),
        { clusterName: 'prod', phase: 'execution', stepId: 's1' },
      ],
      [
        'phase.completed',
        (client) => client.publishPhaseCompleted('prod', 'perception', { durationSeconds: 4 }),
        { clusterName: 'prod', phase: 'perception', durationSeconds: 4 },
      ],
      [
        'phase.failed',
        (client) => client.publishPhaseFailed('prod', 'execution', 'ResourceInUseException'),
        { clusterName: 'prod', phase: 'execution', error: 'ResourceInUseException' },
      ],
      [
        'validation.success',
        (client) => client.publishValidationSuccess('prod', { nodesReady: 3 }),
        { clusterName: 'prod', metrics: { nodesReady: 3 } },
      ],
      [
        'validation.failure',
        (client) => client.publishValidationFailure('prod', ['ng-1 DEGRADED'], { errorRate: 0.2 }),
        { clusterName: 'prod', failedChecks: ['ng-1 DEGRADED'], metrics: { errorRate: 0.2 } },
      ],
      [
        'rollback.triggered',
        (client) =>
          client.publishRollbackTriggered('prod', 'validation failed', { failedPhase: 'validation' }),
        { clusterName: 'prod', reason: 'validation failed', failedPhase: 'validation' },
      ],
      [
        'rollback.completed',
        (client) => client.publishRollbackCompleted('prod', true),
        { clusterName: 'prod', success: true, notUndone: [] },
      ],
      [
        'traffic.shifted',
        (client) =>
          client.publishTrafficShifted('prod', 'prod-blue', 'prod-green', 50, { previousWeight: 25 }),
        {
          clusterName: 'prod',
          blueClusterName: 'prod-blue',
          greenClusterName: 'prod-green',
          weight: 50,
          previousWeight: 25,
        },
      ],
      [
        'cluster.provisioned',
        (client) =>
          client.publishClusterProvisioned('prod-green', '1.31', { sourceClusterName: 'prod-blue' }),
        { clusterName: 'prod-green', version: '1.31', sourceClusterName: 'prod-blue' },
      ],
      [
        'cluster.decommissioned',
        (client) => client.publishClusterDecommissioned('prod-blue', { reason: 'done' }),
        { clusterName: 'prod-blue', reason: 'done' },
      ],
      [
        'gate.pending',
        (client) => client.publishGatePending({ ...GATE, gate: WORKLOAD_GATE, taskToken: 'token-1' }),
        { ...GATE, gate: WORKLOAD_GATE, taskToken: 'token-1' },
      ],
      [
        'gate.approved',
        (client) =>
          client.publishGateApproved({
            ...GATE,
            purpose: 'workload',
            decision: { trafficTarget: { setIdentifier: 'green' } },
          }),
        { ...GATE, purpose: 'workload', decision: { trafficTarget: { setIdentifier: 'green' } } },
      ],
      [
        'gate.rejected',
        (client) => client.publishGateRejected({ ...GATE, purpose: 'workload', reason: 'pods crash-loop' }),
        { ...GATE, purpose: 'workload', reason: 'pods crash-loop' },
      ],
      [
        'gate.timed_out',
        (client) => client.publishGateTimedOut({ ...GATE, purpose: 'workload', timeoutSeconds: 3600 }),
        { ...GATE, purpose: 'workload', timeoutSeconds: 3600 },
      ],
    ];

    it('has a helper for each of the 17 event types', () => {
      expect(helperCalls.map(([type]) => type).sort()).toEqual([...UPGRADE_EVENT_TYPES].sort());
    });

    it.each(helperCalls)('publishes %s with its detail', async (type, publish, detail) => {
      // Prepare
      answerAllPublished();
      // Act
      const id = await publish(newClient());
      // Assess
      expect(id).toBe('ev-1-0');
      const [entry] = sentEntries(0);
      expect(entry?.DetailType).toBe(type);
      expect(JSON.parse(entry!.Detail!)).toEqual(detail);
    });

    it('publishValidationResult publishes success or failure with the metrics', async () => {
      // Prepare
      answerAllPublished();
      const client = newClient();
      // Act
      await client.publishValidationResult('prod', true, { nodesReady: 3 });
      await client.publishValidationResult('prod', false, { nodesReady: 1 });
      // Assess
      expect(sentEntries(0)[0]?.DetailType).toBe('validation.success');
      expect(JSON.parse(sentEntries(0)[0]!.Detail!)).toEqual({
        clusterName: 'prod',
        metrics: { nodesReady: 3 },
      });
      expect(sentEntries(1)[0]?.DetailType).toBe('validation.failure');
      expect(JSON.parse(sentEntries(1)[0]!.Detail!)).toEqual({
        clusterName: 'prod',
        metrics: { nodesReady: 1 },
        failedChecks: [],
      });
    });

    it('rejects an invalid helper argument before sending', async () => {
      // Prepare
      answerAllPublished();
      // Act
      const publishing = newClient().publishTrafficShifted('prod', 'b', 'g', 150);
      // Assess
      await expect(publishing).rejects.toThrow(/events\[0\]\.detail\.weight/);
      expect(sdkMock).toHaveReceivedCommandTimes(PutEventsCommand, 0);
    });
  });

  describe('Method: createRule', () => {
    const queueArn = 'arn:aws:sqs:us-east-1:123456789012:alerts';

    it('puts the rule, then its targets with every option, and returns the rule ARN', async () => {
      // Prepare
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/r1' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
      // Act
      const arn = await newClient().createRule({
        name: 'r1',
        description: 'alerts',
        eventPattern: { source: ['eks-upgrade-agent'] },
        tags: { team: 'platform' },
        targets: [
          {
            id: 'q',
            arn: queueArn,
            input: { hello: 'world' },
            deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
          },
          {
            id: 'sfn',
            arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
            roleArn: 'arn:aws:iam::123456789012:role/events',
            inputTransformer: {
              inputPathsMap: { cluster: '$.detail.clusterName' },
              inputTemplate: '{"c": <cluster>}',
            },
          },
        ],
      });
      // Assess
      expect(arn).toBe('arn:aws:events:us-east-1:123456789012:rule/r1');
      expect(sdkMock).toHaveReceivedCommandWith(PutRuleCommand, {
        Name: 'r1',
        EventBusName: 'default',
        EventPattern: '{"source":["eks-upgrade-agent"]}',
        State: 'ENABLED',
        Description: 'alerts',
        Tags: [{ Key: 'team', Value: 'platform' }],
      });
      expect(sdkMock).toHaveReceivedCommandWith(PutTargetsCommand, {
        Rule: 'r1',
        EventBusName: 'default',
        Targets: [
          {
            Id: 'q',
            Arn: queueArn,
            Input: '{"hello":"world"}',
            DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
          },
          {
            Id: 'sfn',
            Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
            RoleArn: 'arn:aws:iam::123456789012:role/events',
            InputTransformer: {
              InputTemplate: '{"c": <cluster>}',
              InputPathsMap: { cluster: '$.detail.clusterName' },
            },
          },
        ],
      });
      expect(sdkMock.calls().map((call) => call.args[0].constructor.name)).toEqual([
        'PutRuleCommand',
        'PutTargetsCommand',
      ]);
    });

    it('validates the whole rule before any call', async () => {
      // Act
      const creating = newClient().createRule({
        name: 'bad name!',
        eventPattern: { detail: { weight: [{ numeric: ['>', 5, '<', 1] }] } },
        targets: [{ id: 'q', arn: 'not-an-arn', input: '{oops', inputPath: '$.detail' }],
      });
      // Assess
      await expect(creating).rejects.toThrow(ValidationError);
      const error = (await creating.catch((caught: unknown) => caught)) as ValidationError;
      expect(error.fields).toEqual(
        expect.arrayContaining(['name', 'eventPattern', 'targets[0].arn', 'targets[0].input']),
      );
      expect(error.message).toMatch(
        /detail\.weight\[0\]\.numeric: numeric lower bound must be below the upper bound/,
      );
      expect(sdkMock.calls()).toHaveLength(0);
    });

    it('rejects more than 5 targets and duplicate target ids', async () => {
      const targets = Array.from({ length: 6 }, (_, index) => ({ id: `t${index}`, arn: queueArn }));
      await expect(
        newClient().createRule({ name: 'r', eventPattern: { source: ['a'] }, targets }),
      ).rejects.toThrow(/targets: must list at most 5 targets/);
      await expect(
        newClient().createRule({
          name: 'r',
          eventPattern: { source: ['a'] },
          targets: [
            { id: 't', arn: queueArn },
            { id: 't', arn: queueArn },
          ],
        }),
      ).rejects.toThrow(/target ids must be unique/);
    });

    it('reports targets EventBridge refused', async () => {
      // Prepare
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      sdkMock.on(PutTargetsCommand).resolves({
        FailedEntryCount: 1,
        FailedEntries: [
          { TargetId: 'q', ErrorCode: 'ConcurrentModificationException', ErrorMessage: 'busy' },
        ],
      });
      // Act
      const creating = newClient().createRule({
        name: 'r',
        eventPattern: { source: ['a'] },
        targets: [{ id: 'q', arn: queueArn }],
      });
      // Assess
      await expect(creating).rejects.toBeInstanceOf(AWSServiceError);
      await expect(creating).rejects.toMatchObject({
        operation: 'PutTargets',
        code: 'ConcurrentModificationException',
        message: expect.stringContaining('q: ConcurrentModificationException: busy'),
      });
    });

    it('passes JSON text input through unchanged and keeps an SQS message group', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      await newClient().createRule({
        name: 'r',
        eventPattern: { source: ['a'] },
        targets: [{ id: 'q', arn: queueArn, input: '["a", 1]', sqsMessageGroupId: 'upgrades' }],
      });
      expect(sdkMock).toHaveReceivedCommandWith(PutTargetsCommand, {
        Targets: [
          { Id: 'q', Arn: queueArn, Input: '["a", 1]', SqsParameters: { MessageGroupId: 'upgrades' } },
        ],
      });
    });

    it('with removeOtherTargets, removes the targets the rule no longer lists', async () => {
      // Prepare
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      sdkMock.on(ListTargetsByRuleCommand).resolves({
        Targets: [
          { Id: 'q', Arn: queueArn },
          { Id: 'old', Arn: queueArn },
        ],
      });
      sdkMock.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
      // Act
      await newClient().createRule(
        { name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'q', arn: queueArn }] },
        { removeOtherTargets: true },
      );
      // Assess
      expect(sdkMock).toHaveReceivedCommandWith(RemoveTargetsCommand, { Rule: 'r', Ids: ['old'] });
    });

    it('with removeOtherTargets and nothing stale, removes nothing', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      sdkMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'q', Arn: queueArn }] });
      await newClient().createRule(
        { name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'q', arn: queueArn }] },
        { removeOtherTargets: true },
      );
      expect(sdkMock).toHaveReceivedCommandTimes(RemoveTargetsCommand, 0);
    });

    it('puts no targets when the rule has none', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      await newClient().createRule({ name: 'r', eventPattern: { source: ['a'] }, state: 'DISABLED' });
      expect(sdkMock).toHaveReceivedCommandWith(PutRuleCommand, { State: 'DISABLED' });
      expect(sdkMock).toHaveReceivedCommandTimes(PutTargetsCommand, 0);
    });
  });

  describe('Method: deleteRule', () => {
    it('removes every target of every page, 10 ids a call, then deletes the rule', async () => {
      // Prepare
      const ids = Array.from({ length: 12 }, (_, index) => `t${index}`);
      sdkMock
        .on(ListTargetsByRuleCommand)
        .resolvesOnce({
          Targets: ids.slice(0, 7).map((Id) => ({ Id, Arn: 'arn:aws:sqs:us-east-1:1:q' })),
          NextToken: 'p2',
        })
        .resolvesOnce({ Targets: ids.slice(7).map((Id) => ({ Id, Arn: 'arn:aws:sqs:us-east-1:1:q' })) });
      sdkMock.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
      sdkMock.on(DeleteRuleCommand).resolves({});
      // Act
      const result = await newClient().deleteRule('r1');
      // Assess
      expect(result.removedTargetIds).toEqual(ids);
      expect(sdkMock).toHaveReceivedNthCommandWith(ListTargetsByRuleCommand, 2, {
        Rule: 'r1',
        NextToken: 'p2',
      });
      const removals = sdkMock.commandCalls(RemoveTargetsCommand).map((call) => call.args[0].input.Ids);
      expect(removals).toEqual([ids.slice(0, 10), ids.slice(10)]);
      const deleteCall = sdkMock.commandCalls(DeleteRuleCommand)[0]!;
      expect(deleteCall.args[0].input).toEqual({ Name: 'r1', EventBusName: 'default' });
      expect(sdkMock.calls().map((call) => call.args[0].constructor.name)).toEqual([
        'ListTargetsByRuleCommand',
        'ListTargetsByRuleCommand',
        'RemoveTargetsCommand',
        'RemoveTargetsCommand',
        'DeleteRuleCommand',
      ]);
    });

    it('deletes a rule without targets with no RemoveTargets call', async () => {
      sdkMock.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
      sdkMock.on(DeleteRuleCommand).resolves({});
      await newClient().deleteRule('r1');
      expect(sdkMock).toHaveReceivedCommandTimes(RemoveTargetsCommand, 0);
      expect(sdkMock).toHaveReceivedCommandTimes(DeleteRuleCommand, 1);
    });

    it('keeps the rule when a target could not be removed', async () => {
      // Prepare
      sdkMock
        .on(ListTargetsByRuleCommand)
        .resolves({ Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:1:q' }] });
      sdkMock.on(RemoveTargetsCommand).resolves({
        FailedEntryCount: 1,
        FailedEntries: [{ TargetId: 't', ErrorCode: 'InternalException', ErrorMessage: 'x' }],
      });
      // Act
      const deleting = newClient().deleteRule('r1');
      // Assess
      await expect(deleting).rejects.toMatchObject({
        operation: 'RemoveTargets',
        code: 'InternalException',
        message: expect.stringContaining('t: InternalException: x'),
      });
      expect(sdkMock).toHaveReceivedCommandTimes(DeleteRuleCommand, 0);
    });
  });

  describe('Method: listTargets', () => {
    it('maps targets back to the model', async () => {
      sdkMock.on(ListTargetsByRuleCommand).resolves({
        Targets: [
          {
            Id: 'q',
            Arn: 'arn:aws:sqs:us-east-1:1:q',
            Input: '{}',
            DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:1:dlq' },
            RetryPolicy: { MaximumRetryAttempts: 2 },
            SqsParameters: { MessageGroupId: 'g' },
          },
        ],
      });
      await expect(newClient().listTargets('r1')).resolves.toEqual([
        {
          id: 'q',
          arn: 'arn:aws:sqs:us-east-1:1:q',
          input: '{}',
          deadLetterQueueArn: 'arn:aws:sqs:us-east-1:1:dlq',
          retryPolicy: { maximumRetryAttempts: 2 },
          sqsMessageGroupId: 'g',
        },
      ]);
    });
  });

  describe('Method: getRule', () => {
    it('returns the rule and its targets in the model', async () => {
      // Prepare
      sdkMock.on(DescribeRuleCommand).resolves({
        Name: 'r1',
        Arn: 'arn:r1',
        EventPattern: '{"source":["a"]}',
        State: 'DISABLED',
        Description: 'd',
      });
      sdkMock
        .on(ListTargetsByRuleCommand)
        .resolves({ Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:1:q' }] });
      // Act / Assess
      await expect(newClient().getRule('r1')).resolves.toEqual({
        name: 'r1',
        arn: 'arn:r1',
        eventPattern: { source: ['a'] },
        state: 'DISABLED',
        description: 'd',
        targets: [{ id: 'q', arn: 'arn:aws:sqs:us-east-1:1:q' }],
      });
    });

    it('returns undefined for a rule that does not exist', async () => {
      sdkMock.on(DescribeRuleCommand).rejects(sdkError('ResourceNotFoundException'));
      await expect(newClient().getRule('missing')).resolves.toBeUndefined();
      expect(sdkMock).toHaveReceivedCommandTimes(ListTargetsByRuleCommand, 0);
    });

    it('maps other failures', async () => {
      const denied = sdkError('AccessDeniedException');
      sdkMock.on(DescribeRuleCommand).rejects(denied);
      await expect(newClient().getRule('r1')).rejects.toMatchObject({
        operation: 'DescribeRule',
        cause: denied,
      });
    });
  });

  describe('Method: listRules', () => {
    it('returns the rules of every page, with parsed patterns', async () => {
      // Prepare
      sdkMock
        .on(ListRulesCommand)
        .resolvesOnce({
          Rules: [
            { Name: 'eks-upgrade-a', Arn: 'arn-a', State: 'ENABLED', EventPattern: '{"source":["x"]}' },
          ],
          NextToken: 'next',
        })
        .resolvesOnce({
          Rules: [{ Name: 'eks-upgrade-b', Arn: 'arn-b', State: 'DISABLED', Description: 'b' }],
        });
      // Act
      const rules = await newClient().listRules('eks-upgrade');
      // Assess
      expect(rules).toEqual([
        {
          name: 'eks-upgrade-a',
          arn: 'arn-a',
          eventBusName: 'default',
          state: 'ENABLED',
          eventPattern: { source: ['x'] },
        },
        { name: 'eks-upgrade-b', arn: 'arn-b', eventBusName: 'default', state: 'DISABLED', description: 'b' },
      ]);
      expect(sdkMock).toHaveReceivedNthCommandWith(ListRulesCommand, 1, {
        NamePrefix: 'eks-upgrade',
        EventBusName: 'default',
      });
      expect(sdkMock).toHaveReceivedNthCommandWith(ListRulesCommand, 2, {
        NamePrefix: 'eks-upgrade',
        NextToken: 'next',
      });
    });
  });

  describe('Methods: enableRule and disableRule', () => {
    it('enable and disable by name', async () => {
      sdkMock.on(EnableRuleCommand).resolves({});
      sdkMock.on(DisableRuleCommand).resolves({});
      const client = newClient({ busName: 'upgrades' });
      await client.enableRule('r1');
      await client.disableRule('r1');
      expect(sdkMock).toHaveReceivedCommandWith(EnableRuleCommand, { Name: 'r1', EventBusName: 'upgrades' });
      expect(sdkMock).toHaveReceivedCommandWith(DisableRuleCommand, { Name: 'r1', EventBusName: 'upgrades' });
    });

    it('rejects an invalid rule name before calling', async () => {
      await expect(newClient().enableRule('a/b')).rejects.toThrow(ValidationError);
      expect(sdkMock.calls()).toHaveLength(0);
    });
  });

  describe('Pre-built rules', () => {
    const targets = [{ id: 'q', arn: 'arn:aws:sqs:us-east-1:123456789012:ops' }];

    it('createUpgradeMonitoringRule matches every event of the cluster from our source', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn-m' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      await expect(newClient().createUpgradeMonitoringRule('prod', targets)).resolves.toBe('arn-m');
      expect(sdkMock).toHaveReceivedCommandWith(PutRuleCommand, {
        Name: 'eks-upgrade-monitor-prod',
        EventPattern: JSON.stringify({ source: ['eks-upgrade-agent'], detail: { clusterName: ['prod'] } }),
      });
    });

    it('createRollbackTriggerRule matches validation.failure and phase.failed, optionally of one cluster', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn-r' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      const client = newClient({ source: 'my-agent' });
      await client.createRollbackTriggerRule(targets);
      await client.createRollbackTriggerRule(targets, { clusterName: 'prod' });
      expect(sdkMock).toHaveReceivedNthCommandWith(PutRuleCommand, 1, {
        Name: 'eks-upgrade-rollback-trigger',
        EventPattern: JSON.stringify({
          source: ['my-agent'],
          'detail-type': ['validation.failure', 'phase.failed'],
        }),
      });
      expect(sdkMock).toHaveReceivedNthCommandWith(PutRuleCommand, 2, {
        Name: 'eks-upgrade-rollback-trigger-prod',
        EventPattern: JSON.stringify({
          source: ['my-agent'],
          'detail-type': ['validation.failure', 'phase.failed'],
          detail: { clusterName: ['prod'] },
        }),
      });
    });

    it('keeps generated names within 64 characters for long cluster names', async () => {
      sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
      sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
      await newClient().createUpgradeMonitoringRule('c'.repeat(100), targets);
      const name = sdkMock.commandCalls(PutRuleCommand)[0]!.args[0].input.Name!;
      expect(name).toHaveLength(64);
      expect(name).toMatch(/^eks-upgrade-monitor-c+-[0-9a-f]{8}$/);
    });
  });

  describe('Error mapping', () => {
    const rule = {
      name: 'r1',
      eventPattern: { source: ['a'] },
      targets: [{ id: 'q', arn: 'arn:aws:sqs:us-east-1:1:q' }],
    };
    it.each([
      ['PutRule', PutRuleCommand, (client: EventBridgeClient) => client.createRule(rule)],
      ['PutTargets', PutTargetsCommand, (client: EventBridgeClient) => client.createRule(rule)],
      ['ListTargetsByRule', ListTargetsByRuleCommand, (client: EventBridgeClient) => client.deleteRule('r1')],
      ['RemoveTargets', RemoveTargetsCommand, (client: EventBridgeClient) => client.deleteRule('r1')],
      ['DeleteRule', DeleteRuleCommand, (client: EventBridgeClient) => client.deleteRule('r1')],
      ['ListRules', ListRulesCommand, (client: EventBridgeClient) => client.listRules()],
      ['EnableRule', EnableRuleCommand, (client: EventBridgeClient) => client.enableRule('r1')],
      ['DisableRule', DisableRuleCommand, (client: EventBridgeClient) => client.disableRule('r1')],
      ['PutEvents', PutEventsCommand, (client: EventBridgeClient) => client.publishEvent(phaseEvent(0))],
    ] as const)(
      'maps a %s failure to AWSServiceError with the SDK error as cause',
      async (operation, command, act) => {
        // Prepare: every other call succeeds.
        sdkMock.on(PutRuleCommand).resolves({ RuleArn: 'arn' });
        sdkMock.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
        sdkMock
          .on(ListTargetsByRuleCommand)
          .resolves({ Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:1:q' }] });
        sdkMock.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
        const failure = sdkError('ResourceNotFoundException');
        sdkMock.on(command as typeof PutRuleCommand).rejects(failure);
        // Act
        const error = await act(newClient()).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        // Assess
        expect(AWSServiceError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          service: 'EventBridge',
          operation,
          code: 'ResourceNotFoundException',
          httpStatusCode: 400,
          requestId: 'req-1',
          cause: failure,
        });
        expect((error as AWSServiceError).message).toMatch(/Check the name and the region/);
      },
    );
  });
});
