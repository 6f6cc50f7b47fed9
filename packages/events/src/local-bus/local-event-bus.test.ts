import { ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it, vi } from 'vitest';
import { buildRollbackTriggerPattern, buildUpgradeMonitoringPattern } from '../rules/prebuilt-patterns.js';
import { LocalEventBus } from './local-event-bus.js';

const fixedClock = () => new Date('2025-06-01T10:20:30.456Z');

function newBus(): LocalEventBus {
  let next = 0;
  return new LocalEventBus({ clock: fixedClock, idGenerator: () => `id-${++next}` });
}

describe('Class: LocalEventBus', () => {
  describe('Method: publishEvent', () => {
    it('records the event in the EventBridge envelope', async () => {
      // Prepare
      const bus = newBus();
      // Act
      const id = await bus.publishUpgradeStarted('prod', '1.31', 'in_place');
      // Assess
      expect(id).toBe('id-1');
      expect(bus.events).toEqual([
        {
          version: '0',
          id: 'id-1',
          'detail-type': 'upgrade.started',
          source: 'eks-upgrade-agent',
          account: '123456789012',
          time: '2025-06-01T10:20:30Z',
          region: 'us-east-1',
          resources: [],
          detail: { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' },
        },
      ]);
    });

    it('validates like EventBridgeClient', async () => {
      await expect(newBus().publishTrafficShifted('prod', 'b', 'g', 101)).rejects.toThrow(ValidationError);
    });
  });

  describe('Method: putRule', () => {
    it('delivers matching events to callbacks and records which rules matched', async () => {
      // Prepare
      const bus = newBus();
      const rollback = vi.fn();
      const monitor = vi.fn();
      bus.putRule({
        name: 'rollback',
        eventPattern: buildRollbackTriggerPattern(),
        targets: [{ id: 'cb', handler: rollback }],
      });
      bus.putRule({
        name: 'monitor-prod',
        eventPattern: buildUpgradeMonitoringPattern('prod'),
        targets: [{ id: 'cb', handler: monitor }],
      });
      // Act
      await bus.publishPhaseStarted('prod', 'validation');
      await bus.publishValidationResult('prod', false, { errorRate: 0.3 });
      await bus.publishValidationResult('staging', false, {});
      // Assess
      expect(bus.records.map((record) => record.matchedRules)).toEqual([
        ['monitor-prod'],
        ['rollback', 'monitor-prod'],
        ['rollback'],
      ]);
      expect(rollback).toHaveBeenCalledTimes(2);
      expect(monitor).toHaveBeenCalledTimes(2);
      expect(rollback.mock.calls[0]![0]).toMatchObject({
        'detail-type': 'validation.failure',
        detail: { clusterName: 'prod' },
      });
      expect(rollback.mock.calls[0]![1]).toMatchObject({ ruleName: 'rollback', targetId: 'cb' });
    });

    it('routes ARN targets to registered handlers, with input, inputPath and inputTransformer applied', async () => {
      // Prepare
      const bus = newBus();
      const queue = 'arn:aws:sqs:us-east-1:123456789012:q';
      const received: unknown[] = [];
      bus.registerTarget(queue, (input) => {
        received.push(input);
      });
      bus.putRule({
        name: 'r',
        eventPattern: { 'detail-type': ['phase.failed'] },
        targets: [
          { id: 'const', arn: queue, input: { fixed: true } },
          { id: 'path', arn: queue, inputPath: '$.detail.error' },
          {
            id: 'transform',
            arn: queue,
            inputTransformer: {
              inputPathsMap: { cluster: '$.detail.clusterName', phase: '$.detail.phase' },
              inputTemplate: '{"cluster": "<cluster>", "rule": "<aws.events.rule-name>", "p": "<phase>"}',
            },
          },
          { id: 'unrouted', arn: 'arn:aws:lambda:us-east-1:123456789012:function:nobody' },
        ],
      });
      // Act
      await bus.publishPhaseFailed('prod', 'execution', 'boom');
      // Assess
      expect(received).toEqual([{ fixed: true }, 'boom', { cluster: 'prod', rule: 'r', p: 'execution' }]);
      expect(bus.records[0]!.deliveries.map((delivery) => [delivery.targetId, delivery.status])).toEqual([
        ['const', 'delivered'],
        ['path', 'delivered'],
        ['transform', 'delivered'],
        ['unrouted', 'no-handler'],
      ]);
    });

    it('records a failing target without failing the publish', async () => {
      // Prepare
      const bus = newBus();
      const failure = new Error('target down');
      bus.putRule({
        name: 'r',
        eventPattern: { source: ['eks-upgrade-agent'] },
        targets: [
          {
            id: 'bad',
            handler: () => {
              throw failure;
            },
          },
        ],
      });
      // Act
      await bus.publishClusterDecommissioned('prod-blue');
      // Assess
      expect(bus.records[0]!.deliveries[0]).toMatchObject({ status: 'failed', error: failure });
    });

    it('stops a rule that re-triggers itself instead of looping forever', async () => {
      // Prepare
      const bus = new LocalEventBus({ maxNestedPublishes: 5 });
      bus.putRule({
        name: 'echo',
        eventPattern: { 'detail-type': ['phase.started'] },
        targets: [
          { id: 'again', handler: () => bus.publishPhaseStarted('prod', 'execution').then(() => undefined) },
        ],
      });
      // Act
      await bus.publishPhaseStarted('prod', 'execution');
      // Assess
      expect(bus.records).toHaveLength(5);
      const deepest = bus.records[4]!.deliveries[0]!;
      expect(deepest.status).toBe('failed');
      expect(ExecutionError.isInstance(deepest.error)).toBe(true);
      expect((deepest.error as Error).message).toMatch(/Event loop: phase.started published 5 levels deep/);
    });

    it('rejects an invalid rule before storing it', () => {
      // Prepare
      const bus = newBus();
      // Act / Assess
      expect(() => bus.putRule({ name: 'r', eventPattern: { source: [] } })).toThrow(
        /eventPattern: source: must not be an empty array/,
      );
      expect(bus.listRules()).toEqual([]);
    });

    it('replaces a rule with the same name', async () => {
      const bus = newBus();
      bus.putRule({ name: 'r', eventPattern: { source: ['x'] } });
      bus.putRule({ name: 'r', eventPattern: { source: ['eks-upgrade-agent'] } });
      await bus.publishClusterDecommissioned('c');
      expect(bus.records[0]!.matchedRules).toEqual(['r']);
    });
  });

  describe('Methods: enableRule, disableRule, deleteRule, listRules', () => {
    it('stops and restarts matching, lists by prefix and deletes', async () => {
      // Prepare
      const bus = newBus();
      const arn = bus.putRule({ name: 'eks-upgrade-a', eventPattern: { source: ['eks-upgrade-agent'] } });
      bus.putRule({ name: 'other', eventPattern: { source: ['eks-upgrade-agent'] } });
      // Act
      bus.disableRule('eks-upgrade-a');
      await bus.publishClusterDecommissioned('c');
      bus.enableRule('eks-upgrade-a');
      await bus.publishClusterDecommissioned('c');
      // Assess
      expect(arn).toBe('arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-a');
      expect(bus.records.map((record) => record.matchedRules)).toEqual([
        ['other'],
        ['eks-upgrade-a', 'other'],
      ]);
      expect(bus.listRules('eks-upgrade').map((rule) => rule.name)).toEqual(['eks-upgrade-a']);
      expect(bus.getRule('other')?.eventPattern).toEqual({ source: ['eks-upgrade-agent'] });
      expect(bus.deleteRule('other')).toBe(true);
      expect(bus.deleteRule('other')).toBe(false);
      expect(() => bus.enableRule('missing')).toThrow(ValidationError);
    });
  });

  describe('Method: putEvents', () => {
    it('publishes raw entries like PutEvents and answers in its shape', async () => {
      // Prepare
      const bus = newBus();
      bus.putRule({ name: 'r', eventPattern: { detail: { weight: [{ numeric: ['>=', 50] }] } } });
      // Act
      const answer = await bus.putEvents([
        {
          Source: 'custom',
          DetailType: 'traffic.shifted',
          Detail: { weight: 50 },
          Time: '2025-01-01T00:00:00Z',
        },
        { Source: 'custom', DetailType: 'traffic.shifted', Detail: '{"weight": 10}', Resources: ['arn:x'] },
      ]);
      // Assess
      expect(answer).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }, { EventId: 'id-2' }] });
      expect(bus.records.map((record) => record.matchedRules)).toEqual([['r'], []]);
      expect(bus.events[0]).toMatchObject({ source: 'custom', time: '2025-01-01T00:00:00Z' });
      expect(bus.events[1]).toMatchObject({ resources: ['arn:x'], time: '2025-06-01T10:20:30Z' });
    });

    it('rejects malformed entries', async () => {
      await expect(newBus().putEvents([{ Source: '', DetailType: 'x', Detail: '[1]' }])).rejects.toThrow(
        /Entries\[0\]\.Source: is required; Entries\[0\]\.Detail: must be a JSON object/,
      );
    });
  });

  describe('Method: clearRecords', () => {
    it('forgets published events but keeps rules', async () => {
      const bus = newBus();
      bus.putRule({ name: 'r', eventPattern: { source: ['eks-upgrade-agent'] } });
      await bus.publishClusterDecommissioned('c');
      bus.clearRecords();
      expect(bus.records).toEqual([]);
      expect(bus.listRules()).toHaveLength(1);
    });
  });
});
