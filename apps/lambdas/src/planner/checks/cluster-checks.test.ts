import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { codes, rules } from '../__fixtures__/rules-plan.js';

describe('Function: checkUpgradeInsights (through buildRulesPlan)', () => {
  it('blocks on an ERROR insight and warns on a WARNING one', () => {
    // Prepare
    const snap = snapshot({
      insights: [
        {
          id: 'i-err',
          name: 'Deprecated APIs removed in Kubernetes v1.30',
          status: 'ERROR',
          reason: 'flowcontrol v1beta2 in use',
        },
        { id: 'i-warn', name: 'Cluster health issues', status: 'WARNING', reason: 'one node NotReady' },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        code: 'INSIGHT_ERROR',
        resource: 'i-err',
        message: expect.stringMatching(/flowcontrol/),
      }),
    ]);
    expect(codes(plan.warnings)).toEqual(['INSIGHT_WARNING']);
  });
});

describe('Function: checkUpgradeInsights (the insight version against the path)', () => {
  const insight = (
    id: string,
    status: 'ERROR' | 'WARNING' | 'UNKNOWN' | 'PASSING',
    kubernetesVersion?: string,
  ) => ({
    id,
    name: `Check ${id}`,
    status,
    reason: `reason ${id}`,
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
  });

  it('blocks 1.29 → 1.31 on a WARNING or UNKNOWN insight about a hop, and only warns on one beyond the target, at the current version or without a version', () => {
    // Prepare
    const snap = snapshot({
      insights: [
        { ...insight('w-1.31', 'WARNING', '1.31'), recommendation: 'Move off flowcontrol v1beta3' },
        insight('u-1.30', 'UNKNOWN', '1.30'),
        insight('w-1.32', 'WARNING', '1.32'),
        insight('w-1.29', 'WARNING', '1.29'),
        insight('w-none', 'WARNING'),
        insight('u-none', 'UNKNOWN'),
        insight('w-unreadable', 'WARNING', 'next'),
        insight('e-none', 'ERROR'),
        insight('e-1.33', 'ERROR', '1.33'),
        insight('p-1.31', 'PASSING', '1.31'),
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(true);
    expect(plan.blockers).toEqual([
      {
        code: 'INSIGHT_WARNING',
        message:
          'Upgrade insight "Check w-1.31" (1.31): reason w-1.31. It concerns Kubernetes 1.31, which this upgrade reaches (EKS reports what breaks after the next version as WARNING, not ERROR): resolve it (Move off flowcontrol v1beta3), refresh the insights (`aws eks start-insights-refresh --cluster-name prod`) and plan again',
        resource: 'w-1.31',
      },
      {
        code: 'INSIGHT_UNKNOWN',
        message:
          'Upgrade insight "Check u-1.30" (1.30): reason u-1.30. EKS could not tell whether it affects Kubernetes 1.30, which this upgrade reaches: resolve it, refresh the insights (`aws eks start-insights-refresh --cluster-name prod`) and plan again',
        resource: 'u-1.30',
      },
      { code: 'INSIGHT_ERROR', message: 'Upgrade insight "Check e-none": reason e-none', resource: 'e-none' },
      {
        code: 'INSIGHT_ERROR',
        message: 'Upgrade insight "Check e-1.33" (1.33): reason e-1.33',
        resource: 'e-1.33',
      },
    ]);
    expect(plan.warnings).toEqual([
      {
        code: 'INSIGHT_WARNING',
        message: 'Upgrade insight "Check w-1.32" (1.32): reason w-1.32',
        resource: 'w-1.32',
      },
      {
        code: 'INSIGHT_WARNING',
        message: 'Upgrade insight "Check w-1.29" (1.29): reason w-1.29',
        resource: 'w-1.29',
      },
      {
        code: 'INSIGHT_WARNING',
        message: 'Upgrade insight "Check w-none": reason w-none',
        resource: 'w-none',
      },
      {
        code: 'INSIGHT_UNKNOWN',
        message: 'Upgrade insight "Check u-none": reason u-none',
        resource: 'u-none',
      },
      {
        code: 'INSIGHT_WARNING',
        message: 'Upgrade insight "Check w-unreadable" (next): reason w-unreadable',
        resource: 'w-unreadable',
      },
    ]);
  });

  it('only warns on a WARNING insight about 1.31 when the upgrade stops at 1.30', () => {
    // Prepare
    const snap = snapshot({ insights: [insight('w-1.31', 'WARNING', '1.31')] });

    // Act
    const plan = rules(request({ targetVersion: '1.30' }), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(codes(plan.warnings)).toEqual(['INSIGHT_WARNING']);
  });

  it('blocks blue/green 1.29 → 1.31 on a WARNING insight about 1.31: the workloads move to a 1.31 cluster', () => {
    // Prepare
    const snap = snapshot({ insights: [insight('w-1.31', 'WARNING', 'v1.31')] });

    // Act
    const plan = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(codes(plan.blockers)).toEqual(['INSIGHT_WARNING']);
    expect(plan.blockers[0]!.message).toMatch(/It concerns Kubernetes 1\.31, which this upgrade reaches/);
  });
});
