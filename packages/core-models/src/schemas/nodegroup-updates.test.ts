import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../config/agent-config.js';
import { ClusterSnapshotSchema } from './cluster-snapshot.js';
import { UpgradeRequestSchema } from './upgrade-request.js';

const request = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' } as const;

describe('Schema: UpgradeRequest nodegroupUpdates', () => {
  it('takes force, the update strategy and a launch template version or AMI release per node group and hop', () => {
    // Act
    const parsed = UpgradeRequestSchema.parse({
      ...request,
      nodegroupUpdates: {
        force: true,
        updateStrategy: 'MINIMAL',
        nodegroups: {
          gpu: { '1.30': { launchTemplateVersion: '7' }, '1.31': { releaseVersion: '1.31.0-20260101' } },
        },
      },
    });

    // Assess
    expect(parsed.nodegroupUpdates).toEqual({
      force: true,
      updateStrategy: 'MINIMAL',
      nodegroups: {
        gpu: { '1.30': { launchTemplateVersion: '7' }, '1.31': { releaseVersion: '1.31.0-20260101' } },
      },
    });
  });

  it.each([
    [{ nodegroups: { gpu: { '1.31': {} } } }, 'must name either launchTemplateVersion or releaseVersion'],
    [
      { nodegroups: { gpu: { '1.31': { launchTemplateVersion: '7', releaseVersion: 'r' } } } },
      'must name either launchTemplateVersion or releaseVersion',
    ],
    [
      { nodegroups: { gpu: { '1.31': { launchTemplateVersion: '$Latest' } } } },
      'must be a launch template version number',
    ],
    [{ updateStrategy: 'FAST' }, 'must be DEFAULT or MINIMAL'],
    [{ surge: 2 }, 'Unrecognized key'],
  ])('refuses %j', (nodegroupUpdates, message) => {
    // Act
    const result = UpgradeRequestSchema.safeParse({ ...request, nodegroupUpdates });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toContain(message);
  });
});

describe('Config: upgrade node group update settings', () => {
  it('defaults to no force and each group its own strategy', () => {
    // Act
    const config = AgentConfigSchema.parse({});

    // Assess
    expect(config.upgrade.nodegroupForceUpdate).toBe(false);
    expect(config.upgrade.nodegroupUpdateStrategy).toBeUndefined();
  });
});

describe('Schema: ClusterSnapshot Auto Mode and insights refresh', () => {
  it('defaults autoMode to false and keeps the refresh outcome', () => {
    // Act
    const snapshot = ClusterSnapshotSchema.parse({
      clusterName: 'prod',
      version: '1.30',
      status: 'ACTIVE',
      capturedAt: '2026-11-25T10:00:00Z',
      insightsRefresh: { status: 'TIMED_OUT' },
    });

    // Assess
    expect(snapshot.autoMode).toBe(false);
    expect(snapshot.insightsRefresh).toEqual({ status: 'TIMED_OUT', message: '' });
  });
});
