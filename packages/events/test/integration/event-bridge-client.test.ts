import {
  CreateEventBusCommand,
  PutTargetsCommand,
  EventBridgeClient as SdkEventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { describe, expect, it } from 'vitest';
import {
  buildRollbackTriggerPattern,
  buildUpgradeMonitoringPattern,
  EventBridgeClient,
  LocalEventBus,
  type UpgradeEventInput,
} from '../../src/index.js';
import { createQueue, receiveAll } from './sqs-helpers.js';

const moto = useMoto();

/** An SDK client that counts the commands it sends, by name. */
function countingSdkClient(): { sdk: SdkEventBridgeClient; calls: string[] } {
  const sdk = new SdkEventBridgeClient(moto.clientConfig());
  const calls: string[] = [];
  sdk.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize' },
  );
  return { sdk, calls };
}

const upgradeEvents: UpgradeEventInput[] = [
  { type: 'upgrade.started', detail: { clusterName: 'prod', targetVersion: '1.31', strategy: 'blue_green' } },
  { type: 'phase.started', detail: { clusterName: 'prod', phase: 'validation' } },
  { type: 'validation.failure', detail: { clusterName: 'prod', failedChecks: ['ng-1 DEGRADED'] } },
  { type: 'phase.failed', detail: { clusterName: 'staging', phase: 'execution', error: 'boom' } },
  {
    type: 'traffic.shifted',
    detail: { clusterName: 'prod', blueClusterName: 'b', greenClusterName: 'g', weight: 25 },
  },
];

describe('Integration: EventBridgeClient against moto', () => {
  it('publishes 11 events in 2 calls and an SQS-targeted rule receives all of them', async () => {
    // Prepare
    const { sdk, calls } = countingSdkClient();
    const events = new EventBridgeClient({ client: sdk });
    const sqs = new SQSClient(moto.clientConfig());
    const queue = await createQueue(sqs, 'monitor-prod');
    await events.createUpgradeMonitoringRule('prod', [{ id: 'q', arn: queue.arn }]);
    calls.length = 0;
    const batch = Array.from(
      { length: 11 },
      (_, index): UpgradeEventInput => ({
        type: 'phase.started',
        detail: { clusterName: 'prod', phase: 'execution', stepId: `step-${index}` },
      }),
    );
    // Act
    const results = await events.publishEvents(batch);
    // Assess
    expect(calls).toEqual(['PutEventsCommand', 'PutEventsCommand']);
    expect(results.every((result) => result.status === 'published')).toBe(true);
    const received = await receiveAll(sqs, queue.url);
    expect(received.map((body) => (body.detail as { stepId: string }).stepId).sort()).toEqual(
      batch.map((event) => (event.detail as { stepId: string }).stepId).sort(),
    );
    expect(received[0]).toMatchObject({
      version: '0',
      source: 'eks-upgrade-agent',
      'detail-type': 'phase.started',
    });
  });

  it('publishes 10 events of 40 KB in 2 calls', async () => {
    // Prepare
    const { sdk, calls } = countingSdkClient();
    const events = new EventBridgeClient({ client: sdk });
    const large = Array.from(
      { length: 10 },
      (_, index): UpgradeEventInput => ({
        type: 'upgrade.failed',
        detail: { clusterName: `c${index}`, error: 'x'.repeat(40 * 1024) },
      }),
    );
    // Act
    const results = await events.publishEvents(large);
    // Assess
    expect(calls).toEqual(['PutEventsCommand', 'PutEventsCommand']);
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('published'));
  });

  it('routes upgrade events through the pre-built rules as the local bus does', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const monitor = await createQueue(sqs, 'monitor');
    const rollbackAll = await createQueue(sqs, 'rollback-all');
    const rollbackProd = await createQueue(sqs, 'rollback-prod');
    await events.createUpgradeMonitoringRule('prod', [{ id: 'q', arn: monitor.arn }]);
    await events.createRollbackTriggerRule([{ id: 'q', arn: rollbackAll.arn }]);
    await events.createRollbackTriggerRule([{ id: 'q', arn: rollbackProd.arn }], { clusterName: 'prod' });
    const bus = new LocalEventBus();
    bus.putRule({ name: 'monitor', eventPattern: buildUpgradeMonitoringPattern('prod') });
    bus.putRule({ name: 'rollback-all', eventPattern: buildRollbackTriggerPattern() });
    bus.putRule({
      name: 'rollback-prod',
      eventPattern: buildRollbackTriggerPattern({ clusterName: 'prod' }),
    });
    // Act
    await events.publishEvents(upgradeEvents);
    await bus.publishEvents(upgradeEvents);
    // Assess
    for (const [rule, queue] of [
      ['monitor', monitor],
      ['rollback-all', rollbackAll],
      ['rollback-prod', rollbackProd],
    ] as const) {
      const received = (await receiveAll(sqs, queue.url)).map((body) => body['detail-type']).sort();
      const local = bus.records
        .filter((record) => record.matchedRules.includes(rule))
        .map((record) => record.event['detail-type'])
        .sort();
      expect({ rule, received }).toEqual({ rule, received: local });
    }
    expect(
      bus.records.find((record) => record.event['detail-type'] === 'validation.failure')?.matchedRules,
    ).toEqual(['monitor', 'rollback-all', 'rollback-prod']);
  });

  it('deleteRule removes the targets of a rule, then the rule', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const queues = await Promise.all([1, 2, 3].map((index) => createQueue(sqs, `q${index}`)));
    await events.createRule({
      name: 'eks-upgrade-doomed',
      eventPattern: { source: ['eks-upgrade-agent'] },
      targets: queues.map((queue, index) => ({ id: `t${index}`, arn: queue.arn })),
    });
    expect(await events.listTargets('eks-upgrade-doomed')).toHaveLength(3);
    // Act
    const { removedTargetIds } = await events.deleteRule('eks-upgrade-doomed');
    // Assess
    expect(removedTargetIds).toEqual(['t0', 't1', 't2']);
    expect(await events.listRules('eks-upgrade-doomed')).toEqual([]);
    const listing = events.listTargets('eks-upgrade-doomed');
    await expect(listing).rejects.toBeInstanceOf(AWSServiceError);
    await expect(listing).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      operation: 'ListTargetsByRule',
    });
  });

  it('deleteRule removes more than 10 targets in calls of 10 (targets added beyond our 5-target model)', async () => {
    // Prepare: moto does not enforce AWS's 5 targets per rule, so put 12 with the SDK directly.
    const { sdk, calls } = countingSdkClient();
    const events = new EventBridgeClient({ client: sdk });
    await events.createRule({ name: 'crowded', eventPattern: { source: ['x'] } });
    await sdk.send(
      new PutTargetsCommand({
        Rule: 'crowded',
        Targets: Array.from({ length: 12 }, (_, index) => ({
          Id: `t${index}`,
          Arn: `arn:aws:sqs:us-east-1:123456789012:q${index}`,
        })),
      }),
    );
    calls.length = 0;
    // Act
    const { removedTargetIds } = await events.deleteRule('crowded');
    // Assess
    expect(removedTargetIds).toHaveLength(12);
    expect(calls).toEqual([
      'ListTargetsByRuleCommand',
      'RemoveTargetsCommand',
      'RemoveTargetsCommand',
      'DeleteRuleCommand',
    ]);
    expect(await events.listRules('crowded')).toEqual([]);
  });

  it('re-creating a rule with removeOtherTargets converges on the listed targets; getRule reads it back', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const arn = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;
    const rule = {
      name: 'eks-upgrade-converge',
      description: 'converge',
      eventPattern: { source: ['eks-upgrade-agent'], detail: { clusterName: ['prod'] } },
    };
    await events.createRule({
      ...rule,
      targets: [
        { id: 'a', arn: arn('a') },
        { id: 'b', arn: arn('b') },
      ],
    });
    // Act
    await events.createRule(
      { ...rule, state: 'DISABLED', targets: [{ id: 'b', arn: arn('b2') }] },
      { removeOtherTargets: true },
    );
    const current = await events.getRule('eks-upgrade-converge');
    // Assess
    expect(current).toEqual({
      ...rule,
      arn: 'arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-converge',
      state: 'DISABLED',
      targets: [{ id: 'b', arn: arn('b2') }],
    });
    await expect(events.getRule('eks-upgrade-missing')).resolves.toBeUndefined();
  });

  it('works on a custom bus: its rules see its events, the default bus does not', async () => {
    // Prepare
    await new SdkEventBridgeClient(moto.clientConfig()).send(new CreateEventBusCommand({ Name: 'upgrades' }));
    const custom = new EventBridgeClient({ clientConfig: moto.clientConfig(), busName: 'upgrades' });
    const fallback = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const onCustom = await createQueue(sqs, 'on-custom');
    const onDefault = await createQueue(sqs, 'on-default');
    await custom.createUpgradeMonitoringRule('prod', [{ id: 'q', arn: onCustom.arn }]);
    await fallback.createUpgradeMonitoringRule('prod', [{ id: 'q', arn: onDefault.arn }]);
    // Act
    await custom.publishUpgradeStarted('prod', '1.31', 'in_place');
    // Assess
    expect((await receiveAll(sqs, onCustom.url)).map((body) => body['detail-type'])).toEqual([
      'upgrade.started',
    ]);
    expect(await receiveAll(sqs, onDefault.url)).toEqual([]);
    expect((await custom.listRules()).map((rule) => [rule.name, rule.eventBusName])).toEqual([
      ['eks-upgrade-monitor-prod', 'upgrades'],
    ]);
  });

  it('listRules follows every page', async () => {
    // Prepare: moto pages ListRules by 50.
    const { sdk, calls } = countingSdkClient();
    const events = new EventBridgeClient({ client: sdk });
    const names = Array.from({ length: 57 }, (_, index) => `eks-upgrade-r${String(index).padStart(2, '0')}`);
    for (const name of names) await events.createRule({ name, eventPattern: { source: ['x'] } });
    await events.createRule({ name: 'other-rule', eventPattern: { source: ['x'] } });
    calls.length = 0;
    // Act
    const rules = await events.listRules('eks-upgrade-');
    // Assess
    expect(calls).toEqual(['ListRulesCommand', 'ListRulesCommand']);
    expect(rules.map((rule) => rule.name).sort()).toEqual(names);
    expect(rules[0]).toMatchObject({
      state: 'ENABLED',
      eventPattern: { source: ['x'] },
      eventBusName: 'default',
    });
  });

  it('enables and disables a rule; a disabled rule delivers nothing', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const queue = await createQueue(sqs, 'toggle');
    await events.createRule({
      name: 'toggle',
      eventPattern: { source: ['eks-upgrade-agent'] },
      targets: [{ id: 'q', arn: queue.arn }],
    });
    // Act
    await events.disableRule('toggle');
    const disabled = await events.listRules('toggle');
    await events.enableRule('toggle');
    const enabled = await events.listRules('toggle');
    await events.publishClusterDecommissioned('prod-blue');
    // Assess
    expect(disabled[0]?.state).toBe('DISABLED');
    expect(enabled[0]?.state).toBe('ENABLED');
    expect(await receiveAll(sqs, queue.url)).toHaveLength(1);
  });

  it('keeps target options through a round trip', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const target = {
      id: 'q',
      arn: 'arn:aws:sqs:us-east-1:123456789012:x',
      inputTransformer: { inputPathsMap: { c: '$.detail.clusterName' }, inputTemplate: '{"cluster": <c>}' },
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
    };
    // Act
    await events.createRule({ name: 'opts', eventPattern: { source: ['a'] }, targets: [target] });
    // Assess
    expect(await events.listTargets('opts')).toEqual([target]);
  });

  it('reports every event as failed, none dropped, when PutEvents keeps failing (moto: Lambda target → HTTP 500)', async () => {
    // Prepare: moto answers PutEvents with HTTP 500 when a matching rule targets Lambda.
    const { sdk, calls } = countingSdkClient();
    const events = new EventBridgeClient({ client: sdk, retry: { maxAttempts: 2, baseDelayMs: 0 } });
    await events.createRule({
      name: 'to-lambda',
      eventPattern: { source: ['eks-upgrade-agent'] },
      targets: [
        { id: 'fn', arn: 'arn:aws:lambda:us-east-1:123456789012:function:eks-upgrade-agent-rollback' },
      ],
    });
    calls.length = 0;
    // Act
    const results = await events.publishEvents(upgradeEvents);
    // Assess: one call, then one resend of the same batch; every event reported with the 500.
    expect(calls).toEqual(['PutEventsCommand', 'PutEventsCommand']);
    expect(results).toHaveLength(upgradeEvents.length);
    for (const [index, result] of results.entries()) {
      expect(result).toMatchObject({ status: 'failed', index, attempts: 2 });
      const failure = result as Extract<typeof result, { status: 'failed' }>;
      expect(AWSServiceError.isInstance(failure.error)).toBe(true);
      expect(failure.error).toMatchObject({ operation: 'PutEvents', httpStatusCode: 500, retryable: true });
      expect(failure.error.cause).toBeDefined();
    }
  });
});
