import {
  CreateClusterCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
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
  id: 'decommission-prod',
  kind: 'cluster_decommission',
  description: 'Delete blue',
  clusterName: 'prod',
};

describe('Step kind: cluster_decommission on moto (AWS gateway)', () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it('deletes the node groups and the Fargate profiles, one profile at a time, then the cluster', async () => {
    // Prepare
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        version: '1.30',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'] },
      }),
    );
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'prod',
        nodegroupName: 'general',
        nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
        subnets: ['subnet-0a1'],
      }),
    );
    for (const name of ['web', 'jobs']) {
      await eks.send(
        new CreateFargateProfileCommand({
          clusterName: 'prod',
          fargateProfileName: name,
          podExecutionRoleArn: 'arn:aws:iam::123456789012:role/eks-fargate-pods',
          subnets: ['subnet-0a1'],
          selectors: [{ namespace: name }],
        }),
      );
    }
    const gateway = createAwsClusterGateway({ region: 'us-east-1', clientConfig });
    const deps = { gateway, config: config(), clock: { now: () => new Date() } };
    const bg = request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING });

    // (only blue exists here: each call says there is no green to promote, green-promotion-tags.test.ts has the tags)
    const NO_GREEN = 'Green cluster prod-1-31 not found: nothing to promote';

    // Act
    const first = await executeStep({ request: bg, step: STEP }, deps);
    const left = {
      nodegroups: (await eks.send(new ListNodegroupsCommand({ clusterName: 'prod' }))).nodegroups,
      profiles: (await eks.send(new ListFargateProfilesCommand({ clusterName: 'prod' }))).fargateProfileNames,
    };
    const messages = [first.message];
    for (let call = 0; call < 5 && (await gateway.describeCluster('prod')); call += 1) {
      messages.push((await executeStep({ request: bg, step: STEP }, deps)).message);
    }

    // Assess: moto deletes at once, so each call shows the next step of the order, and the cluster is gone after DeleteCluster.
    // One of the two profiles is deleted per call (EKS deletes one at a time); the other is left.
    expect(left.nodegroups).toEqual([]);
    expect(left.profiles).toHaveLength(1);
    const [remaining] = left.profiles ?? [];
    expect(['web', 'jobs']).toContain(remaining);
    expect(messages).toEqual([
      expect.stringMatching(
        /^Deleting node groups general of prod and deleting Fargate profiles (web, jobs|jobs, web) of prod, one at a time.*; Green cluster prod-1-31 not found: nothing to promote$/,
      ),
      `Deleting Fargate profiles ${remaining} of prod, one at a time; the cluster is deleted once they are gone; ${NO_GREEN}`,
      `DeleteCluster prod started; ${NO_GREEN}`,
    ]);
    expect(await gateway.describeCluster('prod')).toBeUndefined();
  });
});
