import { describe, expect, it } from 'vitest';
import { snapshot } from '../../phases/__fixtures__/snapshots.js';
import { PlanBuilder } from '../plan-builder.js';
import { checkFargateProfiles } from './fargate-checks.js';

describe('Function: checkFargateProfiles', () => {
  it('warns, naming the profiles, when the cluster has Fargate profiles', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkFargateProfiles(snapshot({ fargateProfiles: ['fp-default', 'fp-batch'] }), builder);

    // Assess
    expect(builder.warnings).toEqual([
      {
        code: 'FARGATE_PROFILES',
        message:
          'Fargate profiles (fp-default, fp-batch) keep their old kubelet until their pods are restarted after each hop',
      },
    ]);
    expect(builder.blockers).toEqual([]);
  });

  it('says nothing without Fargate profiles', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    checkFargateProfiles(snapshot(), builder);

    // Assess
    expect(builder.warnings).toEqual([]);
  });
});
