/**
 * A rule with an SQS target receives exactly the events `matchesEventPattern` says match: one
 * rule per corpus pattern, every corpus event published once, each queue read back.
 *
 * Pairs on which moto 5.2.1's own matcher disagrees with EventBridge are kept out of this
 * comparison (see MOTO_DIVERGENT_PATTERNS in the fixture: arrays of objects, 1 vs true, numeric
 * on booleans, `time` as epoch seconds, `[]`/`{}` as values, nested arrays); they are checked
 * against the AWS documentation in the unit tests instead.
 */
import { PutEventsCommand, EventBridgeClient as SdkEventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { useMoto } from '@eks-upgrade/testing';
import { describe, expect, it } from 'vitest';
import { EventBridgeClient, matchesEventPattern } from '../../src/index.js';
import {
  CORPUS_EVENTS,
  CORPUS_PATTERNS,
  CORPUS_SOURCE,
  DIVERGENT_EVENTS,
  DOCUMENTED_EVENTS,
  DOCUMENTED_PATTERNS,
  MOTO_DIVERGENT_PATTERNS,
} from '../fixtures/pattern-corpus.js';
import { createQueue, receiveAll } from './sqs-helpers.js';

const moto = useMoto();

const caseIdsOf = (bodies: Record<string, unknown>[]) =>
  bodies.map((body) => (body.detail as { caseId: string }).caseId).sort();

describe('Integration: pattern corpus against moto', () => {
  it('delivers to each rule exactly the events matchesEventPattern matches', async () => {
    // Prepare: a catch-all rule (to see each event as delivered) and one rule per pattern.
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const all = await createQueue(sqs, 'corpus-all');
    await events.createRule({
      name: 'corpus-all',
      eventPattern: { source: [CORPUS_SOURCE] },
      targets: [{ id: 'all', arn: all.arn }],
    });
    const queues = new Map<string, string>();
    for (const [index, entry] of CORPUS_PATTERNS.entries()) {
      const queue = await createQueue(sqs, `corpus-${index}`);
      queues.set(entry.name, queue.url);
      await events.createRule({
        name: `corpus-${index}`,
        eventPattern: entry.pattern,
        targets: [{ id: 'q', arn: queue.arn }],
      });
    }

    // Act: publish every corpus event once (raw entries: the details are not upgrade details).
    const sdk = new SdkEventBridgeClient(moto.clientConfig());
    for (let start = 0; start < CORPUS_EVENTS.length; start += 10) {
      const response = await sdk.send(
        new PutEventsCommand({
          Entries: CORPUS_EVENTS.slice(start, start + 10).map((event) => ({
            Source: CORPUS_SOURCE,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            ...(event.resources ? { Resources: event.resources } : {}),
          })),
        }),
      );
      expect(response.FailedEntryCount).toBe(0);
    }

    // Assess: compare each queue with the matcher's verdicts on the envelopes as delivered.
    // moto's default SQS input template leaves `account` out of the delivered envelope, although
    // the envelope it matched on had it: put it back so we predict on what moto matched.
    const delivered = (await receiveAll(sqs, all.url)).map((envelope) => ({
      account: moto.accountId,
      ...envelope,
    }));
    expect(caseIdsOf(delivered)).toEqual(CORPUS_EVENTS.map((event) => event.caseId).sort());
    let pairs = 0;
    for (const entry of CORPUS_PATTERNS) {
      const received = caseIdsOf(await receiveAll(sqs, queues.get(entry.name)!));
      const predicted = caseIdsOf(
        delivered.filter((envelope) => matchesEventPattern(entry.pattern, envelope)),
      );
      pairs += delivered.length;
      expect({ pattern: entry.name, received }).toEqual({ pattern: entry.name, received: predicted });
      expect({ pattern: entry.name, received }).toEqual({
        pattern: entry.name,
        received: [...entry.matches].sort(),
      });
    }
    expect(pairs).toBeGreaterThanOrEqual(30);
  });

  it('delivers the documented anything-but lists, dotted names and ARN wildcard as the matcher says', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const queues = new Map<string, string>();
    for (const [index, entry] of DOCUMENTED_PATTERNS.entries()) {
      const queue = await createQueue(sqs, `documented-${index}`);
      queues.set(entry.name, queue.url);
      await events.createRule({
        name: `documented-${index}`,
        eventPattern: entry.pattern,
        targets: [{ id: 'q', arn: queue.arn }],
      });
    }
    // Act
    const sdk = new SdkEventBridgeClient(moto.clientConfig());
    const response = await sdk.send(
      new PutEventsCommand({
        Entries: DOCUMENTED_EVENTS.map((event) => ({
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Resources: event.resources,
        })),
      }),
    );
    // Assess
    expect(response.FailedEntryCount).toBe(0);
    for (const entry of DOCUMENTED_PATTERNS) {
      const received = caseIdsOf(await receiveAll(sqs, queues.get(entry.name)!));
      const predicted = DOCUMENTED_EVENTS.filter((event) => matchesEventPattern(entry.pattern, event))
        .map((event) => event.id)
        .sort();
      expect({ pattern: entry.name, received }).toEqual({ pattern: entry.name, received: predicted });
      expect({ pattern: entry.name, received }).toEqual({
        pattern: entry.name,
        received: [...entry.matches].sort(),
      });
    }
  });

  it('moto really disagrees with EventBridge on the pairs kept out of the comparison', async () => {
    // Prepare
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const sqs = new SQSClient(moto.clientConfig());
    const queues = new Map<string, string>();
    for (const [index, entry] of MOTO_DIVERGENT_PATTERNS.entries()) {
      const queue = await createQueue(sqs, `divergent-${index}`);
      queues.set(entry.name, queue.url);
      await events.createRule({
        name: `divergent-${index}`,
        eventPattern: entry.pattern,
        targets: [{ id: 'q', arn: queue.arn }],
      });
    }
    // Act
    const sdk = new SdkEventBridgeClient(moto.clientConfig());
    await sdk.send(
      new PutEventsCommand({
        Entries: DIVERGENT_EVENTS.map((event) => ({
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Time: new Date(event.time),
        })),
      }),
    );
    // Assess: if moto ever agrees, the pair belongs in CORPUS_PATTERNS instead.
    for (const entry of MOTO_DIVERGENT_PATTERNS) {
      const received = caseIdsOf(await receiveAll(sqs, queues.get(entry.name)!));
      const eventBridge = DIVERGENT_EVENTS.filter((event) => matchesEventPattern(entry.pattern, event))
        .map((event) => event.id)
        .sort();
      expect({
        pattern: entry.name,
        motoAgrees: JSON.stringify(received) === JSON.stringify(eventBridge),
      }).toEqual({
        pattern: entry.name,
        motoAgrees: false,
      });
    }
  });
});
