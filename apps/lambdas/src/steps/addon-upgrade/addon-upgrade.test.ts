import {
  DescribeAddonCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAddonsCommand,
  ListUpdatesCommand,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksAddon, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { request } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { addonUpgrade } from './addon-upgrade.js';

const eks = mockClient(EKSClient);

describe('Step kind: addon_upgrade', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const addonStep: PlanStep = {
      id: 'addon-coredns-1.30',
      kind: 'addon_upgrade',
      description: 'Update coredns',
      clusterName: 'prod',
      addonName: 'coredns',
      fromVersion: 'v1.11.1-eksbuild.8',
      toVersion: 'v1.11.1-eksbuild.9',
      kubernetesVersion: '1.30',
    };

    it('updates an add-on once, and on retry returns the same running update', async () => {
      // Prepare
      eks.on(ListAddonsCommand).resolves({ addons: ['coredns'] });
      eks
        .on(DescribeAddonCommand)
        .resolvesOnce({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8') })
        .resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8', { status: 'UPDATING' }) });
      const update = eksUpdate('add-1', {
        type: 'AddonUpdate',
        params: [
          { type: 'AddonVersion', value: 'v1.11.1-eksbuild.9' },
          { type: 'ResolveConflicts', value: 'PRESERVE' },
        ],
      });
      eks.on(UpdateAddonCommand).resolves({ update });
      eks.on(ListUpdatesCommand, { name: 'prod', addonName: 'coredns' }).resolves({ updateIds: ['add-1'] });
      eks.on(DescribeUpdateCommand, { updateId: 'add-1', addonName: 'coredns' }).resolves({ update });

      // Act
      const first = await executeStep({ request: request(), step: addonStep }, deps());
      const retry = await executeStep({ request: request(), step: addonStep }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', updateId: 'add-1', addonName: 'coredns' });
      expect(retry).toMatchObject({ status: 'in_progress', updateId: 'add-1', addonName: 'coredns' });
      expect(eks).toHaveReceivedCommandTimes(UpdateAddonCommand, 1);
      expect(eks).toHaveReceivedCommandWith(UpdateAddonCommand, {
        clusterName: 'prod',
        addonName: 'coredns',
        addonVersion: 'v1.11.1-eksbuild.9',
        resolveConflicts: 'PRESERVE',
      });
    });
  });
});

describe('Module: addonUpgrade', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(addonUpgrade);

    // Assess
    expect(parts).toEqual({
      describe: 'Update add-on coredns of prod v1.11.1-eksbuild.8 → v1.11.1-eksbuild.9',
      rollback: 'undo:addons',
      health: {
        clusterName: 'prod',
      },
      final: {
        nodegroupVersions: [],
        addonVersions: [['coredns', 'v1.11.1-eksbuild.9']],
      },
      typicalDurationSeconds: 180,
      operations: {
        execution: ['describeAddon', 'listUpdateIds', 'describeUpdate', 'updateAddon'],
        validation: ['describeUpdate'],
        rollback: [
          'describeCluster',
          'listUpdateIds',
          'describeUpdate',
          'listAddons',
          'describeAddonVersions',
          'updateAddon',
        ],
      },
    });
  });
});
