import {
  type Cluster,
  CreateClusterCommand,
  type CreateClusterRequest,
  DescribeClusterCommand,
  EKSClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsGateway } from '../../phases/__fixtures__/aws.js';
import { config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { GREEN_CLUSTER_FIELDS } from './green-cluster-spec.js';

const eks = mockClient(EKSClient);

/**
 * A blue cluster with every field DescribeCluster can report set. `Required<Cluster>` makes a
 * field a new SDK adds to Cluster a compile error here, so it is looked at.
 */
const BLUE: Required<Cluster> = {
  name: 'prod',
  arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
  createdAt: new Date('2025-06-01T08:00:00Z'),
  version: '1.30',
  endpoint: 'https://0A1B2C3D4E5F.gr7.us-east-1.eks.amazonaws.com',
  roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
  resourcesVpcConfig: {
    subnetIds: ['subnet-0a1', 'subnet-0a2'],
    securityGroupIds: ['sg-0a1'],
    clusterSecurityGroupId: 'sg-0cluster',
    vpcId: 'vpc-0a1',
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['203.0.113.0/24'],
    controlPlaneEgressMode: 'AWS_MANAGED',
  },
  kubernetesNetworkConfig: {
    serviceIpv4Cidr: '10.100.0.0/16',
    ipFamily: 'ipv4',
    elasticLoadBalancing: { enabled: true },
  },
  logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
  identity: { oidc: { issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/BLUE' } },
  status: 'ACTIVE',
  certificateAuthority: { data: 'LS0tLS1CRUdJTi...' },
  clientRequestToken: 'blue-token',
  platformVersion: 'eks.12',
  tags: { team: 'platform', 'aws:cloudformation:stack-name': 'prod-stack' },
  encryptionConfig: [
    { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1' } },
  ],
  connectorConfig: {},
  id: 'cluster-id',
  health: { issues: [] },
  outpostConfig: {
    outpostArns: ['arn:aws:outposts:us-east-1:123456789012:outpost/op-1'],
    controlPlaneInstanceType: 'm5.large',
  },
  accessConfig: { authenticationMode: 'CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true },
  upgradePolicy: { supportType: 'STANDARD' },
  zonalShiftConfig: { enabled: true },
  remoteNetworkConfig: {
    remoteNodeNetworks: [{ cidrs: ['192.168.0.0/16'] }],
    remotePodNetworks: [{ cidrs: ['172.31.0.0/16'] }],
  },
  computeConfig: {
    enabled: true,
    nodePools: ['general-purpose'],
    nodeRoleArn: 'arn:aws:iam::123456789012:role/auto-node',
  },
  storageConfig: { blockStorage: { enabled: true } },
  deletionProtection: true,
  controlPlaneScalingConfig: { tier: 'tier-xl' },
  kubeApiServerConfig: { eventTtl: '2h', serviceNodePortRange: { minPort: 30000, maxPort: 32767 } },
  kubeSchedulerConfig: { nodeResourcesFit: { scoringStrategy: { type: 'MostAllocated' } } },
  kubeControllerManagerConfig: { podGcControllerConfig: { terminatedPodGcThreshold: 100 } },
};

/** What CreateCluster must receive for a green copy of BLUE at 1.31: the whole input. */
const EXPECTED_GREEN: CreateClusterRequest = {
  name: 'prod-1-31',
  version: '1.31',
  roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
  resourcesVpcConfig: {
    subnetIds: ['subnet-0a1', 'subnet-0a2'],
    securityGroupIds: ['sg-0a1'],
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['203.0.113.0/24'],
    controlPlaneEgressMode: 'AWS_MANAGED',
  },
  kubernetesNetworkConfig: {
    serviceIpv4Cidr: '10.100.0.0/16',
    ipFamily: 'ipv4',
    elasticLoadBalancing: { enabled: true },
  },
  logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
  tags: { team: 'platform', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
  encryptionConfig: [
    { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1' } },
  ],
  outpostConfig: {
    outpostArns: ['arn:aws:outposts:us-east-1:123456789012:outpost/op-1'],
    controlPlaneInstanceType: 'm5.large',
  },
  accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: false },
  upgradePolicy: { supportType: 'STANDARD' },
  zonalShiftConfig: { enabled: true },
  remoteNetworkConfig: {
    remoteNodeNetworks: [{ cidrs: ['192.168.0.0/16'] }],
    remotePodNetworks: [{ cidrs: ['172.31.0.0/16'] }],
  },
  computeConfig: {
    enabled: true,
    nodePools: ['general-purpose'],
    nodeRoleArn: 'arn:aws:iam::123456789012:role/auto-node',
  },
  storageConfig: { blockStorage: { enabled: true } },
  deletionProtection: true,
  controlPlaneScalingConfig: { tier: 'tier-xl' },
  kubeApiServerConfig: { eventTtl: '2h', serviceNodePortRange: { minPort: 30000, maxPort: 32767 } },
  kubeSchedulerConfig: { nodeResourcesFit: { scoringStrategy: { type: 'MostAllocated' } } },
  kubeControllerManagerConfig: { podGcControllerConfig: { terminatedPodGcThreshold: 100 } },
};

const STEP: PlanStep = {
  id: 'provision-prod-1-31',
  kind: 'cluster_provision',
  description: 'Create green',
  sourceClusterName: 'prod',
  clusterName: 'prod-1-31',
  version: '1.31',
};

async function createGreenFrom(blue: Cluster): Promise<CreateClusterRequest> {
  eks
    .on(DescribeClusterCommand, { name: 'prod-1-31' })
    .rejects(
      new ResourceNotFoundException({ message: 'No cluster found for name: prod-1-31.', $metadata: {} }),
    );
  eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: blue });
  eks
    .on(CreateClusterCommand)
    .resolves({ cluster: { name: 'prod-1-31', version: '1.31', status: 'CREATING' } });
  const deps = {
    gateway: awsGateway(),
    config: config(),
    clock: { now: () => new Date('2026-11-25T10:00:00Z') },
  };
  await executeStep(
    { request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), step: STEP },
    deps,
  );
  const calls = eks.commandCalls(CreateClusterCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
}

describe('Step kind: cluster_provision, the green copy', () => {
  beforeEach(() => {
    eks.reset();
  });

  it('sends CreateCluster every setting blue reports, adapted where the table says so', async () => {
    // Act
    const input = await createGreenFrom(BLUE);

    // Assess
    expect(input).toEqual(EXPECTED_GREEN);
  });

  it('copies each field the table marks copied, and sends none it marks not copied', async () => {
    // Act
    const input = await createGreenFrom(BLUE);

    // Assess
    for (const [field, copy] of Object.entries(GREEN_CLUSTER_FIELDS)) {
      const key = field as keyof CreateClusterRequest;
      if (copy === 'copied') {
        const reported =
          key === 'resourcesVpcConfig'
            ? { ...BLUE.resourcesVpcConfig, clusterSecurityGroupId: undefined, vpcId: undefined }
            : BLUE[key as keyof Cluster];
        expect(JSON.parse(JSON.stringify(input[key])), `${key} is copied`).toEqual(
          JSON.parse(JSON.stringify(reported)),
        );
      } else if ('notCopied' in copy) {
        expect(input[key], `${key} is not copied`).toBeUndefined();
      } else {
        expect(input[key], `${key} is set for green`).toBeDefined();
      }
    }
  });

  it('keeps API authentication, and creates a blue without reported settings with EKS defaults', async () => {
    // Act
    const input = await createGreenFrom({
      name: 'prod',
      version: '1.30',
      status: 'ACTIVE',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
      resourcesVpcConfig: { subnetIds: ['subnet-0a1'], securityGroupIds: [] },
      accessConfig: { authenticationMode: 'API' },
    });

    // Assess
    expect(input).toEqual({
      name: 'prod-1-31',
      version: '1.31',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
      resourcesVpcConfig: { subnetIds: ['subnet-0a1'], securityGroupIds: [] },
      tags: { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
    });
  });

  it('sends no IPv4 service range for an IPv6 blue (EKS assigns the IPv6 one)', async () => {
    // Act
    const input = await createGreenFrom({
      ...BLUE,
      kubernetesNetworkConfig: {
        ipFamily: 'ipv6',
        serviceIpv6Cidr: 'fd00:1::/108',
        serviceIpv4Cidr: '10.0.0.0/16',
      },
    });

    // Assess
    expect(input.kubernetesNetworkConfig).toEqual({ ipFamily: 'ipv6' });
  });
});
