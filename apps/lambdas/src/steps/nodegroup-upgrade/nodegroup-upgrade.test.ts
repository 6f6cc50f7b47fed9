import {
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksNodegroup, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { request } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { nodegroupUpgrade } from './nodegroup-upgrade.js';

const eks = mockClient(EKSClient);

describe('Step kind: nodegroup_upgrade', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const nodegroupStep: PlanStep = {
      id: 'ng-general-1.30',
      kind: 'nodegroup_upgrade',
      description: 'Upgrade general',
      clusterName: 'prod',
      nodegroupName: 'general',
      fromVersion: '1.29',
      toVersion: '1.30',
    };

    it('upgrades a node group, and skips it once it runs the target', async () => {
      // Prepare
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
      eks
        .on(DescribeNodegroupCommand)
        .resolvesOnce({ nodegroup: eksNodegroup('general', '1.29') })
        .resolves({ nodegroup: eksNodegroup('general', '1.30') });
      eks.on(UpdateNodegroupVersionCommand).resolves({ update: eksUpdate('ng-1') });

      // Act
      const first = await executeStep({ request: request(), step: nodegroupStep }, deps());
      const later = await executeStep({ request: request(), step: nodegroupStep }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', updateId: 'ng-1', nodegroupName: 'general' });
      expect(later).toMatchObject({ status: 'skipped', nodegroupName: 'general' });
      expect(eks).toHaveReceivedCommandTimes(UpdateNodegroupVersionCommand, 1);
      expect(eks).toHaveReceivedCommandWith(UpdateNodegroupVersionCommand, {
        clusterName: 'prod',
        nodegroupName: 'general',
        version: '1.30',
      });
    });
  });
});

describe('Module: nodegroupUpgrade', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(nodegroupUpgrade);

    // Assess
    expect(parts).toEqual({
      describe: 'Upgrade node group general of prod 1.29 → 1.30',
      rollback: 'undo:nodegroups',
      health: {
        clusterName: 'prod',
      },
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 1200,
      operations: {
        execution: ['describeNodegroup', 'listUpdateIds', 'describeUpdate', 'updateNodegroupVersion'],
        validation: ['describeUpdate'],
        rollback: [
          'describeCluster',
          'listUpdateIds',
          'describeUpdate',
          'listNodegroups',
          'updateNodegroupVersion',
        ],
      },
    });
  });
});
