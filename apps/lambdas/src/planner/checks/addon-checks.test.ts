import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { codes, rules } from '../__fixtures__/rules-plan.js';
import { PlanBuilder } from '../plan-builder.js';
import { checkAddonHealth } from './addon-checks.js';

const degradedCoredns = () => {
  const base = snapshot();
  return snapshot({
    addons: base.addons.map((addon) =>
      addon.name === 'coredns'
        ? {
            ...addon,
            status: 'DEGRADED' as const,
            healthIssues: [{ code: 'ConfigurationConflict', message: 'conflict' }],
          }
        : addon,
    ),
  });
};

describe('Function: checkAddonHealth', () => {
  it('blocks an add-on that is not ACTIVE, with its health issues', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkAddonHealth(degradedCoredns(), builder);

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'ADDON_NOT_ACTIVE',
        message: 'Add-on coredns is DEGRADED; ConfigurationConflict: conflict',
        resource: 'addon:coredns',
      },
    ]);
    expect(builder.warnings).toEqual([]);
  });

  it('blocks an ACTIVE add-on that reports a health issue', () => {
    // Prepare
    const builder = new PlanBuilder();
    const base = snapshot();
    const snap = snapshot({
      addons: base.addons.map((addon) =>
        addon.name === 'vpc-cni'
          ? { ...addon, healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: '1 of 3 ready' }] }
          : addon,
      ),
    });

    // Act
    checkAddonHealth(snap, builder);

    // Assess
    expect(builder.blockers).toEqual([
      {
        code: 'ADDON_NOT_ACTIVE',
        message: 'Add-on vpc-cni is ACTIVE; InsufficientNumberOfReplicas: 1 of 3 ready',
        resource: 'addon:vpc-cni',
      },
    ]);
  });

  it('applies in place only: blue/green installs fresh copies on green', () => {
    // Act
    const inPlace = rules(request(), degradedCoredns());
    const blueGreen = rules(
      request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
      degradedCoredns(),
    );

    // Assess
    expect(codes(inPlace.blockers)).toEqual(['ADDON_NOT_ACTIVE']);
    expect(codes(blueGreen.blockers)).toEqual([]);
  });
});
