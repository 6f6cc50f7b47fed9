import { describe, expect, it } from 'vitest';
import { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

describe('Class: PlanBuilder', () => {
  it('keeps blockers, warnings and steps in the order they come, with a resource only when given', () => {
    // Prepare
    const builder = new PlanBuilder();

    // Act
    builder.block(PlanIssueCode.DOWNGRADE, 'first blocker');
    builder.warn(PlanIssueCode.FARGATE_PROFILES, 'a warning');
    builder.block(PlanIssueCode.ADDON_NOT_ACTIVE, 'second blocker', 'addon:coredns');
    builder.warn(PlanIssueCode.NODEGROUP_SKEW, 'an empty resource is left out', '');
    builder.add({
      id: 'decommission-prod',
      kind: 'cluster_decommission',
      description: 'd',
      clusterName: 'prod',
    });

    // Assess
    expect(builder.blockers).toEqual([
      { code: 'DOWNGRADE', message: 'first blocker' },
      { code: 'ADDON_NOT_ACTIVE', message: 'second blocker', resource: 'addon:coredns' },
    ]);
    expect(builder.warnings).toEqual([
      { code: 'FARGATE_PROFILES', message: 'a warning' },
      { code: 'NODEGROUP_SKEW', message: 'an empty resource is left out' },
    ]);
    expect(builder.steps).toEqual([
      { id: 'decommission-prod', kind: 'cluster_decommission', description: 'd', clusterName: 'prod' },
    ]);
  });
});
