import { describe, expect, it } from 'vitest';
import { request, snapshot, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { codes, rules } from '../__fixtures__/rules-plan.js';

describe('Function: checkVersionSupport (through buildRulesPlan)', () => {
  it('blocks a target EKS does not support', () => {
    // Act
    const plan = rules(request({ targetVersion: '1.33' }));

    // Assess
    expect(plan.blocked).toBe(true);
    expect(codes(plan.blockers)).toContain('UNSUPPORTED_TARGET');
    expect(plan.blockers.find((issue) => issue.code === 'UNSUPPORTED_TARGET')?.message).toMatch(/1\.33/);
  });

  it('warns when the target is in extended support', () => {
    // Prepare
    const snap = snapshot({
      supportedVersions: [
        { version: '1.30', status: 'EXTENDED_SUPPORT' },
        { version: '1.31', status: 'EXTENDED_SUPPORT', endOfExtendedSupportDate: '2027-11-26T00:00:00Z' },
      ],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(plan.blocked).toBe(false);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'EXTENDED_SUPPORT', message: expect.stringMatching(/2027/) }),
    ]);
  });

  it('blocks, in place only, a hop EKS no longer supports', () => {
    // Prepare
    const snap = snapshot({
      supportedVersions: [
        { version: '1.31', status: 'STANDARD_SUPPORT' },
        { version: '1.32', status: 'STANDARD_SUPPORT' },
      ],
    });

    // Act
    const inPlace = rules(request(), snap);
    const blueGreen = rules(request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), snap);

    // Assess
    expect(inPlace.blockers).toEqual([
      {
        code: 'UNSUPPORTED_HOP',
        message: 'The in-place path passes through Kubernetes 1.30, which EKS no longer supports',
      },
    ]);
    expect(blueGreen.blockers).toEqual([]);
  });

  it('checks nothing when the snapshot lists no supported versions', () => {
    // Act
    const plan = rules(request({ targetVersion: '1.33' }), snapshot({ supportedVersions: [] }));

    // Assess
    expect(codes(plan.blockers)).not.toContain('UNSUPPORTED_TARGET');
    expect(codes(plan.warnings)).not.toContain('EXTENDED_SUPPORT');
  });
});
