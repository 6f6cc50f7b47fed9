import { ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { request, snapshot } from '../phases/__fixtures__/snapshots.js';
import { codes, rules } from './__fixtures__/rules-plan.js';

describe('Function: buildRulesPlan', () => {
  it('blocks a downgrade and an upgrade to the current version, with no steps', () => {
    // Act
    const down = rules(request({ targetVersion: '1.28' }));
    const same = rules(request({ targetVersion: '1.29' }));

    // Assess
    expect(codes(down.blockers)).toContain('DOWNGRADE');
    expect(codes(same.blockers)).toEqual(['ALREADY_AT_TARGET']);
    expect([down.steps, same.steps, down.hops]).toEqual([[], [], []]);
  });

  it('blocks in place when a node group uses a custom AMI, and when the cluster is unhealthy', () => {
    // Prepare
    const snap = snapshot({
      status: 'UPDATING',
      healthIssues: [{ code: 'Ec2SubnetNotFound', message: 'subnet-0a2 was deleted' }],
      nodegroups: [{ name: 'gpu', version: '1.29', status: 'ACTIVE', amiType: 'CUSTOM', customAmi: true }],
    });

    // Act
    const plan = rules(request(), snap);

    // Assess
    expect(codes(plan.blockers)).toEqual(['CLUSTER_NOT_ACTIVE', 'CLUSTER_UNHEALTHY', 'CUSTOM_AMI_NODEGROUP']);
  });

  it('refuses a snapshot of another cluster', () => {
    // Act & Assess
    expect(() => rules(request({ clusterName: 'staging' }))).toThrow(ValidationError);
  });
});
