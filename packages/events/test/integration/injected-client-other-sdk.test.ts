/**
 * An application with its own copy of the AWS SDK (here an older release, installed as
 * `aws-sdk-client-eventbridge-other`) injects its client; every call, the paginated ones
 * included, must work with it.
 */
import { EventBridgeClient as SdkEventBridgeClient } from '@aws-sdk/client-eventbridge';
import ourManifest from '@aws-sdk/client-eventbridge/package.json' with { type: 'json' };
import { SQSClient } from '@aws-sdk/client-sqs';
import { useMoto } from '@eks-upgrade/testing';
import { EventBridgeClient as OtherSdkEventBridgeClient } from 'aws-sdk-client-eventbridge-other';
import otherManifest from 'aws-sdk-client-eventbridge-other/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { EventBridgeClient } from '../../src/index.js';
import { createQueue, receiveAll } from './sqs-helpers.js';

const moto = useMoto();

describe('Class: EventBridgeClient with a client from another copy of the SDK (moto)', () => {
  const otherClient = () => new OtherSdkEventBridgeClient(moto.clientConfig());

  it('is a different release of @aws-sdk/client-eventbridge, whose client is not our SDK class', () => {
    // Assess
    expect(otherManifest.name).toBe('@aws-sdk/client-eventbridge');
    expect(otherManifest.version).not.toBe(ourManifest.version);
    expect(otherClient()).not.toBeInstanceOf(SdkEventBridgeClient);
  });

  it('creates rules, lists them over several pages, lists and removes targets, deletes a rule', async () => {
    // Prepare: moto pages ListRules by 50.
    const events = new EventBridgeClient({ client: otherClient() });
    const names = Array.from({ length: 53 }, (_, index) => `eks-upgrade-r${String(index).padStart(2, '0')}`);
    for (const name of names) await events.createRule({ name, eventPattern: { source: ['x'] } });
    const queue = await createQueue(new SQSClient(moto.clientConfig()), 'other-sdk');
    await events.createRule({
      name: 'eks-upgrade-r00',
      eventPattern: { source: ['x'] },
      targets: [
        { id: 'a', arn: queue.arn },
        { id: 'b', arn: queue.arn },
      ],
    });
    // Act
    const rules = await events.listRules('eks-upgrade-');
    const targets = await events.listTargets('eks-upgrade-r00');
    const { removedTargetIds } = await events.deleteRule('eks-upgrade-r00');
    // Assess
    expect(rules.map((rule) => rule.name).sort()).toEqual(names);
    expect(targets.map((target) => target.id).sort()).toEqual(['a', 'b']);
    expect(removedTargetIds.sort()).toEqual(['a', 'b']);
    expect(await events.getRule('eks-upgrade-r00')).toBeUndefined();
  });

  it('publishes upgrade events that a rule delivers', async () => {
    // Prepare
    const events = new EventBridgeClient({ client: otherClient() });
    const sqs = new SQSClient(moto.clientConfig());
    const queue = await createQueue(sqs, 'monitor-prod');
    await events.createUpgradeMonitoringRule('prod', [{ id: 'q', arn: queue.arn }]);
    // Act
    const results = await events.publishEvents([
      { type: 'phase.started', detail: { clusterName: 'prod', phase: 'execution' } },
      { type: 'phase.completed', detail: { clusterName: 'prod', phase: 'execution', durationSeconds: 5 } },
    ]);
    // Assess
    expect(results.map((result) => result.status)).toEqual(['published', 'published']);
    const received = await receiveAll(sqs, queue.url);
    expect(received.map((message) => message['detail-type']).sort()).toEqual([
      'phase.completed',
      'phase.started',
    ]);
  });
});
