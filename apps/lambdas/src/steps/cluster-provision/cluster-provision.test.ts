import {
  CreateClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster, eksGreenCluster } from '../../phases/__fixtures__/aws.js';
import { blueGreenRequest } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { stepKindParts } from '../__fixtures__/step-kind-parts.js';
import { clusterProvision } from './cluster-provision.js';

const eks = mockClient(EKSClient);

describe('Step kind: cluster_provision', () => {
  beforeEach(() => {
    eks.reset();
  });

  describe('Phase: execution', () => {
    const NOW = new Date('2026-11-25T10:00:00Z');
    const deps = () => awsPhaseDependencies(NOW);
    const bgRequest = blueGreenRequest;

    it('creates the green cluster as a copy of the blue cluster, once', async () => {
      // Prepare
      eks
        .on(DescribeClusterCommand, { name: 'prod-1-31' })
        .rejectsOnce(
          new ResourceNotFoundException({ message: 'No cluster found for name: prod-1-31.', $metadata: {} }),
        )
        .resolves({ cluster: eksGreenCluster({ status: 'CREATING' }) });
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
      eks
        .on(CreateClusterCommand)
        .resolves({ cluster: eksCluster({ name: 'prod-1-31', version: '1.31', status: 'CREATING' }) });
      const step: PlanStep = {
        id: 'provision-prod-1-31',
        kind: 'cluster_provision',
        description: 'Create green',
        sourceClusterName: 'prod',
        clusterName: 'prod-1-31',
        version: '1.31',
      };

      // Act
      const first = await executeStep({ request: bgRequest(), step }, deps());
      const retry = await executeStep({ request: bgRequest(), step }, deps());

      // Assess
      expect(first).toMatchObject({ status: 'in_progress', clusterName: 'prod-1-31' });
      expect(retry).toMatchObject({
        status: 'in_progress',
        message: 'Cluster prod-1-31 is already being created',
      });
      expect(eks).toHaveReceivedCommandTimes(CreateClusterCommand, 1);
      expect(eks.commandCalls(CreateClusterCommand)[0]?.args[0].input).toEqual({
        name: 'prod-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: {
          subnetIds: ['subnet-0a1', 'subnet-0a2'],
          securityGroupIds: ['sg-0a1'],
          endpointPublicAccess: false,
          endpointPrivateAccess: true,
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
        tags: { team: 'platform', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
        accessConfig: {
          authenticationMode: 'API_AND_CONFIG_MAP',
          bootstrapClusterCreatorAdminPermissions: false,
        },
        upgradePolicy: { supportType: 'STANDARD' },
      });
    });

    it('refuses to adopt a cluster of the green name that eks-upgrade did not create for this blue', async () => {
      // Prepare: someone else's prod-1-31 (no green tags), and one created for another blue.
      const step = clusterProvision.example;
      eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });

      const foreign: Record<string, string>[] = [
        { team: 'platform' },
        { 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'staging' },
      ];
      for (const tags of foreign) {
        eks
          .on(DescribeClusterCommand, { name: 'prod-1-31' })
          .resolves({ cluster: eksGreenCluster({ tags }) });

        // Act
        const attempt = executeStep({ request: bgRequest(), step }, deps());

        // Assess
        await expect(attempt).rejects.toMatchObject({
          name: 'ExecutionError',
          message:
            'Cluster prod-1-31 already exists and was not created by eks-upgrade for prod (it lacks the eks-upgrade:role=green and eks-upgrade:blue-cluster=prod tags); choose another green cluster name (request greenClusterName)',
        });
      }
      expect(eks).not.toHaveReceivedCommand(CreateClusterCommand);
    });
  });
});

describe('Module: clusterProvision', () => {
  it('describes, undoes, judges, times and declares its example step as the registry uses it', () => {
    // Act
    const parts = stepKindParts(clusterProvision);

    // Assess
    expect(parts).toEqual({
      describe: 'Create the green cluster prod-1-31 at 1.31, shaped like prod',
      rollback: 'undo:green-cluster',
      health: {
        clusterName: 'prod-1-31',
      },
      final: {
        nodegroupVersions: [],
        addonVersions: [],
      },
      typicalDurationSeconds: 900,
      operations: {
        execution: ['describeCluster', 'createCluster'],
        validation: [],
        rollback: [
          'describeCluster',
          'listNodegroupNames',
          'describeNodegroup',
          'deleteNodegroup',
          'listFargateProfiles',
          'describeFargateProfile',
          'deleteFargateProfile',
          'deleteCluster',
        ],
      },
    });
  });
});
