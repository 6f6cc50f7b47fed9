import { type Cluster, CreateClusterCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import type { PlanStep } from '@eks-upgrade/core-models';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsClusterGateway } from '../../src/gateway/aws/create-aws-cluster-gateway.js';
import { config, request, TRAFFIC_ROUTING } from '../../src/phases/__fixtures__/snapshots.js';
import { executeStep } from '../../src/phases/execution.js';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const endpoint = inject('motoEndpoint');
const clientConfig = { endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const eks = new EKSClient({ region: 'us-east-1', ...clientConfig });

const STEP: PlanStep = {
  id: 'provision-prod-1-31',
  kind: 'cluster_provision',
  description: 'Create green',
  sourceClusterName: 'prod',
  clusterName: 'prod-1-31',
  version: '1.31',
};

async function describeOnMoto(name: string): Promise<Cluster> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
  if (!cluster) throw new Error(`moto describes no cluster ${name}`);
  return cluster;
}

describe('Step kind: cluster_provision on moto (AWS gateway)', () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it("creates a green cluster whose DescribeCluster matches blue's on every copied field moto stores", async () => {
    // Prepare: a private-only, logged, encrypted, hybrid-nodes blue.
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        version: '1.30',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: {
          subnetIds: ['subnet-0a1', 'subnet-0a2'],
          securityGroupIds: ['sg-0a1'],
          endpointPublicAccess: false,
          endpointPrivateAccess: true,
        },
        kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: '172.20.0.0/16' },
        logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
        encryptionConfig: [
          { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1' } },
        ],
        remoteNetworkConfig: { remoteNodeNetworks: [{ cidrs: ['192.168.0.0/16'] }] },
        tags: { team: 'platform' },
      }),
    );
    const gateway = createAwsClusterGateway({ region: 'us-east-1', clientConfig });

    // Act
    const outcome = await executeStep(
      { request: request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }), step: STEP },
      { gateway, config: config(), clock: { now: () => new Date() } },
    );
    const blue = await describeOnMoto('prod');
    const green = await describeOnMoto('prod-1-31');

    // Assess
    expect(outcome).toMatchObject({ status: 'in_progress', clusterName: 'prod-1-31' });
    expect(green.version).toBe('1.31');
    expect(green.roleArn).toBe(blue.roleArn);
    expect(green.resourcesVpcConfig).toEqual(blue.resourcesVpcConfig);
    expect(green.resourcesVpcConfig).toMatchObject({
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
    });
    expect(green.kubernetesNetworkConfig).toEqual(blue.kubernetesNetworkConfig);
    expect(green.logging).toEqual(blue.logging);
    expect(green.encryptionConfig).toEqual(blue.encryptionConfig);
    expect(green.remoteNetworkConfig).toEqual(blue.remoteNetworkConfig);
    expect(green.tags).toEqual({
      ...blue.tags,
      'eks-upgrade:blue-cluster': 'prod',
      'eks-upgrade:role': 'green',
    });
  });
});
