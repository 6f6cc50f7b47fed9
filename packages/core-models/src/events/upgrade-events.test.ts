import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../validation/parse.js';
import {
  UPGRADE_EVENT_TYPES,
  UpgradeEventDetailSchemas,
  UpgradeEventSchema,
  UpgradeEventTypeSchema,
} from './upgrade-events.js';

const GATE_BASE = {
  clusterName: 'prod',
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:u-1',
  planId: 'plan-1',
  stepId: 'gate-workload',
};

/** One valid detail per event type. */
const VALID_DETAILS = {
  'upgrade.started': {
    clusterName: 'prod',
    targetVersion: '1.31',
    strategy: 'in_place',
    sourceVersion: '1.29',
  },
  'upgrade.completed': { clusterName: 'prod', targetVersion: '1.31', durationSeconds: 1200 },
  'upgrade.failed': {
    clusterName: 'prod',
    phase: 'perception',
    error: 'AccessDenied',
    cause: 'no eks:DescribeCluster',
  },
  'phase.started': { clusterName: 'prod', phase: 'execution', stepId: 'cp-1.30', upgradeId: 'u-1' },
  'phase.completed': { clusterName: 'prod', phase: 'reasoning', durationSeconds: 3 },
  'phase.failed': { clusterName: 'prod', phase: 'validation', error: 'Unhealthy' },
  'validation.success': {
    clusterName: 'prod',
    metrics: { healthyNodegroups: 2, weight: 50, ok: true, note: 'x' },
  },
  'validation.failure': { clusterName: 'prod', failedChecks: ['alarm:api-5xx'], summary: 'alarm in ALARM' },
  'rollback.triggered': {
    clusterName: 'prod',
    reason: 'validation failed at 50 %',
    failedPhase: 'validation',
  },
  'rollback.completed': { clusterName: 'prod', success: true, notUndone: ['node group general at 1.30'] },
  'traffic.shifted': {
    clusterName: 'prod',
    blueClusterName: 'prod',
    greenClusterName: 'prod-1-31',
    weight: 25,
    previousWeight: 10,
  },
  'cluster.provisioned': { clusterName: 'prod-1-31', sourceClusterName: 'prod', version: '1.31' },
  'cluster.decommissioned': { clusterName: 'prod', reason: 'green carries all traffic' },
  'gate.pending': {
    ...GATE_BASE,
    gate: {
      purpose: 'workload',
      summary: 'Deploy workloads to prod-1-31',
      timeoutSeconds: 3600,
      acceptsTrafficTarget: true,
    },
    taskToken: 'AQCEAAAAKgAAAAMAAAAA-token',
  },
  'gate.approved': {
    ...GATE_BASE,
    purpose: 'workload',
    decision: {
      approvedBy: 'alice',
      trafficTarget: { setIdentifier: 'green', target: 'green-alb.example.com' },
    },
  },
  'gate.rejected': { ...GATE_BASE, purpose: 'plan', reason: 'CHG-1234 not approved' },
  'gate.timed_out': { ...GATE_BASE, purpose: 'decommission', timeoutSeconds: 3600 },
} as const;

/** One invalid detail per event type, with the field the error must name. */
const INVALID_DETAILS: Record<string, [unknown, string]> = {
  'upgrade.started': [{ clusterName: 'prod', targetVersion: '1.31', strategy: 'rolling' }, 'strategy'],
  'upgrade.completed': [
    { clusterName: 'prod', targetVersion: '1.31', durationSeconds: -1 },
    'durationSeconds',
  ],
  'upgrade.failed': [{ clusterName: 'prod' }, 'error'],
  'phase.started': [{ clusterName: 'prod', phase: 'deploy' }, 'phase'],
  'phase.completed': [{ clusterName: '', phase: 'reasoning' }, 'clusterName'],
  'phase.failed': [{ clusterName: 'prod', phase: 'validation' }, 'error'],
  'validation.success': [{ clusterName: 'prod', metrics: { nested: { a: 1 } } }, 'metrics.nested'],
  'validation.failure': [{ clusterName: 'prod', failedChecks: 'alarm' }, 'failedChecks'],
  'rollback.triggered': [{ clusterName: 'prod' }, 'reason'],
  'rollback.completed': [{ clusterName: 'prod', success: 'yes' }, 'success'],
  'traffic.shifted': [
    { clusterName: 'p', blueClusterName: 'b', greenClusterName: 'g', weight: 101 },
    'weight',
  ],
  'cluster.provisioned': [{ clusterName: 'g', version: 'latest' }, 'version'],
  'cluster.decommissioned': [{}, 'clusterName'],
  'gate.pending': [
    {
      ...GATE_BASE,
      gate: { purpose: 'workload', summary: 's', timeoutSeconds: 30, acceptsTrafficTarget: true },
      taskToken: 't',
    },
    'gate.timeoutSeconds',
  ],
  'gate.approved': [
    { ...GATE_BASE, purpose: 'workload', decision: { approvedBy: 'a', token: 'x' } },
    'decision',
  ],
  'gate.rejected': [{ ...GATE_BASE, purpose: 'plan' }, 'reason'],
  'gate.timed_out': [{ ...GATE_BASE, purpose: 'later' }, 'purpose'],
};

describe('Event types', () => {
  it('has exactly the 17 types', () => {
    expect(UPGRADE_EVENT_TYPES).toHaveLength(17);
    expect(Object.keys(UpgradeEventDetailSchemas).sort()).toEqual([...UPGRADE_EVENT_TYPES].sort());
    expect(UpgradeEventTypeSchema.safeParse('upgrade.paused').error?.issues[0]?.message).toContain(
      'must be one of upgrade.started',
    );
  });

  it.each(UPGRADE_EVENT_TYPES)('validates a good %s detail', (type) => {
    expect(() =>
      parseOrThrow(UpgradeEventDetailSchemas[type], VALID_DETAILS[type], `${type} detail`),
    ).not.toThrow();
  });

  it.each(UPGRADE_EVENT_TYPES)('rejects a bad %s detail naming the field', (type) => {
    const [detail, field] = INVALID_DETAILS[type]!;
    const result = UpgradeEventDetailSchemas[type].safeParse(detail);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it('checks an event envelope against the schema of its type', () => {
    const good = {
      type: 'traffic.shifted',
      detail: VALID_DETAILS['traffic.shifted'],
      time: new Date(),
      resources: ['arn:x'],
    };
    expect(UpgradeEventSchema.safeParse(good).success).toBe(true);
    const mismatched = { type: 'traffic.shifted', detail: VALID_DETAILS['upgrade.started'] };
    expect(UpgradeEventSchema.safeParse(mismatched).success).toBe(false);
    expect(UpgradeEventSchema.safeParse({ type: 'nope', detail: {} }).success).toBe(false);
  });
});
