import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListFargateProfilesCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsGateway, eksAddon, eksCluster, eksNodegroup } from './__fixtures__/aws.js';
import { request } from './__fixtures__/snapshots.js';
import { perceiveCluster } from './perception.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');

function addonVersions(addonName: string, rows: [string, string, boolean][]) {
  return {
    addons: [
      {
        addonName,
        type: 'networking',
        owner: 'aws',
        addonVersions: rows.map(([version, clusterVersion, isDefault]) => ({
          addonVersion: version,
          architecture: ['amd64', 'arm64'],
          compatibilities: [{ clusterVersion, platformVersions: ['*'], defaultVersion: isDefault }],
          requiresConfiguration: false,
        })),
      },
    ],
  };
}

describe('Function: perceiveCluster', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
    eks
      .on(ListNodegroupsCommand, { clusterName: 'prod' })
      .resolvesOnce({ nodegroups: ['general', 'batch'], nextToken: 'page-2' })
      .resolvesOnce({ nodegroups: ['gpu'] });
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'general' })
      .resolves({ nodegroup: eksNodegroup('general', '1.29') });
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'batch' })
      .resolves({ nodegroup: eksNodegroup('batch', '1.28') });
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'gpu' })
      .resolves({ nodegroup: eksNodegroup('gpu', '1.29', { amiType: 'CUSTOM', capacityType: 'SPOT' }) });
    eks
      .on(ListFargateProfilesCommand)
      .resolvesOnce({ fargateProfileNames: ['fp-default'], nextToken: 'f2' })
      .resolvesOnce({ fargateProfileNames: ['fp-batch'] });
    eks
      .on(ListAddonsCommand)
      .resolvesOnce({ addons: ['vpc-cni'], nextToken: 'a2' })
      .resolvesOnce({ addons: ['coredns'] });
    eks
      .on(DescribeAddonCommand, { addonName: 'vpc-cni' })
      .resolves({ addon: eksAddon('vpc-cni', 'v1.18.3-eksbuild.1') });
    eks.on(DescribeAddonCommand, { addonName: 'coredns' }).resolves({
      addon: eksAddon('coredns', 'v1.11.1-eksbuild.8', {
        status: 'DEGRADED',
        health: {
          issues: [
            { code: 'InsufficientNumberOfReplicas', message: '1 of 2 ready', resourceIds: ['coredns'] },
          ],
        },
      }),
    });
    eks.on(DescribeAddonVersionsCommand, { addonName: 'vpc-cni', kubernetesVersion: '1.30' }).resolves(
      addonVersions('vpc-cni', [
        ['v1.18.5-eksbuild.1', '1.30', true],
        ['v1.19.2-eksbuild.1', '1.30', false],
      ]),
    );
    eks
      .on(DescribeAddonVersionsCommand, { addonName: 'vpc-cni', kubernetesVersion: '1.31' })
      .resolvesOnce({ ...addonVersions('vpc-cni', [['v1.18.5-eksbuild.1', '1.31', false]]), nextToken: 'v2' })
      .resolvesOnce(addonVersions('vpc-cni', [['v1.19.2-eksbuild.1', '1.31', true]]));
    eks
      .on(DescribeAddonVersionsCommand, { addonName: 'coredns', kubernetesVersion: '1.30' })
      .resolves(addonVersions('coredns', [['v1.11.1-eksbuild.9', '1.30', true]]));
    eks
      .on(DescribeAddonVersionsCommand, { addonName: 'coredns', kubernetesVersion: '1.31' })
      .resolves({ addons: [] });
    eks
      .on(ListInsightsCommand)
      .resolvesOnce({
        insights: [
          {
            id: 'ins-pass',
            name: 'Kubelet version skew',
            category: 'UPGRADE_READINESS',
            kubernetesVersion: '1.30',
            insightStatus: { status: 'PASSING', reason: 'No issues' },
            description: 'Checks kubelet skew',
          },
        ],
        nextToken: 'i2',
      })
      .resolvesOnce({
        insights: [
          {
            id: 'ins-err',
            name: 'Deprecated APIs removed in Kubernetes v1.30',
            category: 'UPGRADE_READINESS',
            kubernetesVersion: '1.30',
            insightStatus: { status: 'ERROR', reason: 'Deprecated API usage detected' },
          },
        ],
      });
    eks.on(DescribeInsightCommand, { id: 'ins-err' }).resolves({
      insight: {
        id: 'ins-err',
        name: 'Deprecated APIs removed in Kubernetes v1.30',
        insightStatus: { status: 'ERROR', reason: 'flowcontrol.apiserver.k8s.io/v1beta2 used by 2 clients' },
        description: 'Checks for usage of APIs removed in 1.30',
        recommendation: 'Update manifests and clients to flowcontrol.apiserver.k8s.io/v1',
      },
    });
    eks
      .on(DescribeClusterVersionsCommand)
      .resolvesOnce({
        clusterVersions: [
          {
            clusterVersion: '1.29',
            versionStatus: 'EXTENDED_SUPPORT',
            endOfStandardSupportDate: new Date('2025-03-23T00:00:00Z'),
          },
          { clusterVersion: '1.30', versionStatus: 'STANDARD_SUPPORT' },
        ],
        nextToken: 'c2',
      })
      .resolvesOnce({
        clusterVersions: [
          { clusterVersion: '1.31', versionStatus: 'STANDARD_SUPPORT', defaultVersion: true },
          { clusterVersion: '1.24', versionStatus: 'UNSUPPORTED' },
        ],
      });
  });

  it('reads every page of node groups, add-ons, insights and versions into a snapshot', async () => {
    // Act
    const snapshot = await perceiveCluster(
      { request: request() },
      { gateway: awsGateway(), clock: { now: () => NOW } },
    );

    // Assess
    expect(snapshot).toMatchObject({
      clusterName: 'prod',
      version: '1.29',
      platformVersion: 'eks.23',
      status: 'ACTIVE',
      supportType: 'STANDARD',
      subnetIds: ['subnet-0a1', 'subnet-0a2'],
      capturedAt: NOW.toISOString(),
    });
    expect(
      snapshot.nodegroups.map((nodegroup) => [nodegroup.name, nodegroup.version, nodegroup.customAmi]),
    ).toEqual([
      ['general', '1.29', false],
      ['batch', '1.28', false],
      ['gpu', '1.29', true],
    ]);
    expect(snapshot.addons.map((addon) => addon.name)).toEqual(['vpc-cni', 'coredns']);
    expect(snapshot.fargateProfiles).toEqual(['fp-default', 'fp-batch']);
    expect(snapshot.addons[1]).toMatchObject({
      status: 'DEGRADED',
      healthIssues: [
        { code: 'InsufficientNumberOfReplicas', message: '1 of 2 ready', resourceIds: ['coredns'] },
      ],
    });
    expect(snapshot.supportedVersions.map((row) => `${row.version}:${row.status}`)).toEqual([
      '1.29:EXTENDED_SUPPORT',
      '1.30:STANDARD_SUPPORT',
      '1.31:STANDARD_SUPPORT',
    ]);
    expect(eks).toHaveReceivedCommandTimes(ListNodegroupsCommand, 2);
    expect(eks).toHaveReceivedNthCommandWith(ListNodegroupsCommand, 2, {
      clusterName: 'prod',
      nextToken: 'page-2',
    });
    expect(eks).toHaveReceivedCommandTimes(DescribeNodegroupCommand, 3);
    expect(eks).toHaveReceivedCommandTimes(ListAddonsCommand, 2);
  });

  it('records the compatible add-on versions for each hop, newest first, across pages', async () => {
    // Act
    const snapshot = await perceiveCluster({ request: request() }, { gateway: awsGateway() });

    // Assess
    expect(snapshot.addons[0]?.compatibility).toEqual([
      {
        kubernetesVersion: '1.30',
        defaultVersion: 'v1.18.5-eksbuild.1',
        versions: ['v1.19.2-eksbuild.1', 'v1.18.5-eksbuild.1'],
      },
      {
        kubernetesVersion: '1.31',
        defaultVersion: 'v1.19.2-eksbuild.1',
        versions: ['v1.19.2-eksbuild.1', 'v1.18.5-eksbuild.1'],
      },
    ]);
    expect(snapshot.addons[1]?.compatibility).toEqual([
      { kubernetesVersion: '1.30', defaultVersion: 'v1.11.1-eksbuild.9', versions: ['v1.11.1-eksbuild.9'] },
      { kubernetesVersion: '1.31', versions: [] },
    ]);
    expect(eks).toHaveReceivedCommandTimes(DescribeAddonVersionsCommand, 5);
  });

  it('describes only the non-passing insights, filtered to upgrade readiness', async () => {
    // Act
    const snapshot = await perceiveCluster({ request: request() }, { gateway: awsGateway() });

    // Assess
    expect(snapshot.insights).toEqual([
      expect.objectContaining({ id: 'ins-pass', status: 'PASSING', recommendation: '' }),
      expect.objectContaining({
        id: 'ins-err',
        status: 'ERROR',
        reason: 'flowcontrol.apiserver.k8s.io/v1beta2 used by 2 clients',
        recommendation: 'Update manifests and clients to flowcontrol.apiserver.k8s.io/v1',
      }),
    ]);
    expect(eks).toHaveReceivedCommandTimes(DescribeInsightCommand, 1);
    expect(eks).toHaveReceivedCommandWith(ListInsightsCommand, {
      filter: { categories: ['UPGRADE_READINESS'] },
    });
  });

  it('fails with a mapped AWSServiceError when the cluster does not exist', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).rejects(
      new ResourceNotFoundException({
        message: 'No cluster found for name: prod.',
        $metadata: { httpStatusCode: 404 },
      }),
    );

    // Act
    const error = await perceiveCluster({ request: request() }, { gateway: awsGateway() }).catch(
      (caught) => caught,
    );

    // Assess
    expect(AWSServiceError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException', operation: 'DescribeCluster' });
  });

  it('maps throttling on a describe call to a retryable AWSServiceError', async () => {
    // Prepare
    eks.on(DescribeNodegroupCommand, { nodegroupName: 'batch' }).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 429 },
      }),
    );

    // Act
    const error = await perceiveCluster({ request: request() }, { gateway: awsGateway() }).catch(
      (caught) => caught,
    );

    // Assess
    expect(error).toMatchObject({ name: 'AWSServiceError', code: 'ThrottlingException', retryable: true });
    expect(error.message).toMatch(/describe node group batch/);
  });
});
