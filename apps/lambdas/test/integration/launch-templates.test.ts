import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsEc2LaunchTemplates } from '../../src/gateway/aws/aws-ec2-launch-templates.js';
import { Ec2QueryClient } from '../../src/gateway/aws/aws-ec2-query.js';
import { createAwsClusterGateway } from '../../src/gateway/aws/create-aws-cluster-gateway.js';
import { readLaunchTemplates } from '../../src/launch-templates/launch-template-pins.js';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const endpoint = inject('motoEndpoint');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const clientConfig = { endpoint, credentials };
const eks = new EKSClient({ region: 'us-east-1', ...clientConfig });
/** The real EC2 Query client, also used to create the templates the tests read. */
const ec2 = new Ec2QueryClient({ region: 'us-east-1', credentials: async () => credentials, endpoint });
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** CreateLaunchTemplate (EC2 Query parameters, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html): its id. */
async function createLaunchTemplate(name: string, data: Record<string, string>): Promise<string> {
  const root = await ec2.send({
    action: 'CreateLaunchTemplate',
    parameters: {
      LaunchTemplateName: name,
      ...Object.fromEntries(Object.entries(data).map(([key, value]) => [`LaunchTemplateData.${key}`, value])),
    },
  });
  const id = root.children
    .find((child) => child.name === 'launchTemplate')
    ?.children.find((child) => child.name === 'launchTemplateId')?.text;
  if (!id) throw new Error('moto returned no launch template id');
  return id;
}

describe('EC2 launch templates on moto (AWS gateway, EC2 Query client)', () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it('reads the versions asked for, by id and by name: user data, security groups and network interface groups', async () => {
    // Prepare
    const id = await createLaunchTemplate('prod-general', {
      UserData: base64('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n'),
      'SecurityGroupId.1': 'sg-0cluster',
      'SecurityGroupId.2': 'sg-0extra',
    });
    await ec2.send({
      action: 'CreateLaunchTemplateVersion',
      parameters: {
        LaunchTemplateId: id,
        'LaunchTemplateData.NetworkInterface.1.DeviceIndex': '0',
        'LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1': 'sg-0eni',
      },
    });
    const launchTemplates = new AwsEc2LaunchTemplates({
      region: 'us-east-1',
      credentials: async () => credentials,
      endpoint,
    });

    // Act
    const byId = await launchTemplates.describeLaunchTemplateVersions({ id }, ['1', '2']);
    const byName = await launchTemplates.describeLaunchTemplateVersions({ name: 'prod-general' }, [
      '$Latest',
    ]);

    // Assess
    expect(byId).toEqual([
      {
        templateId: id,
        templateName: 'prod-general',
        versionNumber: '1',
        defaultVersion: true,
        userData: base64('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n'),
        securityGroupIds: ['sg-0cluster', 'sg-0extra'],
        networkInterfaceGroups: [],
      },
      {
        templateId: id,
        templateName: 'prod-general',
        versionNumber: '2',
        defaultVersion: false,
        securityGroupIds: [],
        networkInterfaceGroups: [['sg-0eni']],
      },
    ]);
    expect(byName).toEqual([byId[1]]);
  });

  it('maps a template EC2 does not have to a non-retryable AWSServiceError with its code', async () => {
    // Prepare
    const launchTemplates = new AwsEc2LaunchTemplates({
      region: 'us-east-1',
      credentials: async () => credentials,
      endpoint,
    });

    // Act
    const failure = await launchTemplates
      .describeLaunchTemplateVersions({ id: 'lt-0123456789abcdef0' }, ['1'])
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      service: 'EC2',
      operation: 'DescribeLaunchTemplateVersions',
      code: expect.stringMatching(/^InvalidLaunchTemplate/) as unknown as string,
      retryable: false,
    });
  });

  // Perception as a whole needs EKS calls moto lacks (ListAddons, insights): its launch-template
  // read runs here on the AWS gateway's DescribeCluster and node groups instead.
  it("reads what blue's node groups' templates pin: AL2023 nodeadm user data naming blue's name, endpoint and CA", async () => {
    // Prepare
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        version: '1.30',
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'] },
      }),
    );
    const blue = (await eks.send(new DescribeClusterCommand({ name: 'prod' }))).cluster!;
    const nodeConfig = [
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  cluster:',
      '    name: prod',
      `    apiServerEndpoint: ${blue.endpoint}`,
      `    certificateAuthority: ${blue.certificateAuthority?.data}`,
      '    cidr: 10.100.0.0/16',
    ].join('\n');
    const userData = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="BOUNDARY"',
      '',
      '--BOUNDARY',
      'Content-Type: application/node.eks.aws',
      '',
      nodeConfig,
      '--BOUNDARY--',
      '',
    ].join('\n');
    const pinned = await createLaunchTemplate('prod-general', { UserData: base64(userData) });
    const clean = await createLaunchTemplate('prod-batch', { 'SecurityGroupId.1': 'sg-0a1b2c3d4e5f60009' });
    for (const [nodegroupName, id] of [
      ['general', pinned],
      ['batch', clean],
    ] as const) {
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'prod',
          nodegroupName,
          nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
          subnets: ['subnet-0a1'],
          launchTemplate: { id, version: '1' },
        }),
      );
    }
    const gateway = createAwsClusterGateway({ region: 'us-east-1', clientConfig });

    // Act
    const cluster = await gateway.describeCluster('prod');
    const nodegroups = await gateway.listNodegroups('prod');
    const readings = await readLaunchTemplates(gateway, cluster!, nodegroups);

    // Assess
    expect(nodegroups.map((nodegroup) => nodegroup.launchTemplate)).toEqual([
      { id: clean, name: 'prod-batch', version: '1' },
      { id: pinned, name: 'prod-general', version: '1' },
    ]);
    expect(Object.fromEntries(readings)).toEqual({
      general: {
        status: 'read',
        version: '1',
        pins: ['cluster-name', 'api-server-endpoint', 'certificate-authority'].map((names) => ({
          setting: 'UserData',
          names,
          format: 'AL2023 nodeadm NodeConfig',
        })),
      },
      batch: { status: 'read', version: '1', pins: [] },
    });
  });
});
