/**
 * The tag removals of green's promotion on moto (AWS gateway). moto's EKS implements
 * TagResource / UntagResource / ListTagsForResource for clusters only (not node groups, and it
 * has no add-ons, access entries or Pod Identity associations), so the promotion as a whole is
 * tested with mocked clients (green-promotion.test.ts) and in the workflow test; here the two
 * gateway operations meet the services' real request handling.
 */
import { CreateClusterCommand, EKSClient, ListTagsForResourceCommand } from '@aws-sdk/client-eks';
import { GetOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsClusterGateway } from '../../src/gateway/aws/create-aws-cluster-gateway.js';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const endpoint = inject('motoEndpoint');
const clientConfig = { endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const eks = new EKSClient({ region: 'us-east-1', ...clientConfig });
const iam = new IAMClient({ region: 'us-east-1', ...clientConfig });
const gateway = () => createAwsClusterGateway({ region: 'us-east-1', clientConfig });
const GREEN_TAGS = { 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' };
const GREEN_TAG_KEYS = Object.keys(GREEN_TAGS);

describe("Green's promotion tags on moto (AWS gateway)", () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it("removes the green tags from the cluster (ARN read with DescribeCluster) and keeps the cluster's own", async () => {
    // Prepare
    await eks.send(
      new CreateClusterCommand({
        name: 'prod-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'] },
        tags: { team: 'platform', ...GREEN_TAGS },
      }),
    );
    const before = await gateway().describeCluster('prod-1-31');

    // Act: one key a call, because moto reads only the first of a repeated `tagKeys` query
    // parameter (EKS takes them all: DELETE /tags/{resourceArn}?tagKeys=…&tagKeys=…,
    // https://docs.aws.amazon.com/eks/latest/APIReference/API_UntagResource.html); the promotion
    // sends both in one call, which the mocked-client tests assert.
    for (const key of GREEN_TAG_KEYS) {
      await gateway().untagEksResource({ type: 'cluster', clusterName: 'prod-1-31' }, [key]);
    }
    const after = await gateway().describeCluster('prod-1-31');
    const listed = await eks.send(new ListTagsForResourceCommand({ resourceArn: after?.arn }));

    // Assess
    expect(before?.tags).toEqual({ team: 'platform', ...GREEN_TAGS });
    expect(after?.tags).toEqual({ team: 'platform' });
    expect(listed.tags).toEqual({ team: 'platform' });
  });

  it("reads the IAM OIDC provider's tags and removes the green ones", async () => {
    // Prepare
    const issuerUrl = 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN1';
    const arn = await gateway().createOidcProvider({
      issuerUrl,
      clientIds: ['sts.amazonaws.com'],
      tags: { owner: 'platform', ...GREEN_TAGS },
    });
    const found = await gateway().findOidcProvider(issuerUrl);

    // Act
    await gateway().untagOidcProvider(arn, GREEN_TAG_KEYS);
    const after = await gateway().findOidcProvider(issuerUrl);
    const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));

    // Assess
    expect(found?.tags).toEqual({ owner: 'platform', ...GREEN_TAGS });
    expect(after).toEqual({
      arn,
      issuerUrl,
      clientIds: ['sts.amazonaws.com'],
      tags: { owner: 'platform' },
    });
    expect(provider.Tags).toEqual([{ Key: 'owner', Value: 'platform' }]);
  });
});
