import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  type EKSClient,
  ListAddonsCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { eksAddon, eksCluster, eksNodegroup, eksUpdate } from '../../../phases/__fixtures__/aws.js';

/**
 * Mocks EKS as the in-place cluster `prod` after `cp-1.30` succeeded `hoursAgo` hours before
 * `now`: node groups general and batch (general at `nodegroupVersion`), vpc-cni moved to
 * v1.18.5 (which EKS lists for 1.29 and 1.30), coredns not yet, no rollback-readiness insight,
 * and a native rollback answered with update `rb-1`.
 */
export function mockUpgradedInPlace(
  eks: AwsClientStub<EKSClient>,
  now: Date,
  options: { version?: string; nodegroupVersion?: string; hoursAgo?: number } = {},
): void {
  const version = options.version ?? '1.30';
  eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version }) });
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general', 'batch'] });
  eks.on(DescribeNodegroupCommand, { nodegroupName: 'general' }).resolves({
    nodegroup: eksNodegroup('general', options.nodegroupVersion ?? '1.29'),
  });
  eks
    .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
    .resolves({ nodegroup: eksNodegroup('batch', '1.29') });
  eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni', 'coredns'] });
  eks
    .on(DescribeAddonCommand, { addonName: 'vpc-cni' })
    .resolves({ addon: eksAddon('vpc-cni', 'v1.18.5-eksbuild.1') });
  eks
    .on(DescribeAddonCommand, { addonName: 'coredns' })
    .resolves({ addon: eksAddon('coredns', 'v1.11.1-eksbuild.8') });
  eks.on(ListUpdatesCommand).resolves({ updateIds: ['upd-1'] });
  eks.on(DescribeUpdateCommand, { updateId: 'upd-1' }).resolves({
    update: eksUpdate('upd-1', {
      status: 'Successful',
      params: [{ type: 'Version', value: version }],
      createdAt: new Date(now.getTime() - (options.hoursAgo ?? 2) * 3600_000),
    }),
  });
  eks.on(DescribeAddonVersionsCommand).resolves({
    addons: [
      {
        addonName: 'vpc-cni',
        addonVersions: [
          {
            addonVersion: 'v1.18.5-eksbuild.1',
            compatibilities: [{ clusterVersion: '1.29' }, { clusterVersion: '1.30', defaultVersion: true }],
          },
          {
            addonVersion: 'v1.18.3-eksbuild.1',
            compatibilities: [{ clusterVersion: '1.29', defaultVersion: true }, { clusterVersion: '1.30' }],
          },
        ],
      },
    ],
  });
  eks.on(ListInsightsCommand).resolves({ insights: [] });
  eks.on(UpdateClusterVersionCommand).resolves({
    update: eksUpdate('rb-1', { type: 'VersionRollback', params: [{ type: 'Version', value: '1.29' }] }),
  });
}
