import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type Addon, type Cluster, EKSClient, type Nodegroup, type Update } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AwsCloudWatchAlarms } from '../../gateway/aws/aws-cloudwatch-alarms.js';
import { AwsClusterGateway } from '../../gateway/aws/aws-cluster-gateway.js';
import { AwsEksApi } from '../../gateway/aws/aws-eks-api.js';
import { AwsEksPodIdentity } from '../../gateway/aws/aws-eks-pod-identity.js';
import { AwsEksTagging } from '../../gateway/aws/aws-eks-tagging.js';
import { AwsIamIdentity } from '../../gateway/aws/aws-iam-identity.js';
import { AwsRoute53Traffic } from '../../gateway/aws/aws-route53-traffic.js';
import { config } from './snapshots.js';

/** What a phase gets in these tests: the mocked AWS gateway, the default configuration, a clock stopped at `now`. */
export function awsPhaseDependencies(now: Date) {
  return { gateway: awsGateway(), config: config(), clock: { now: () => now } };
}

/** An AWS gateway whose clients aws-sdk-client-mock intercepts (mock the classes before calling). */
export function awsGateway(): AwsClusterGateway {
  return new AwsClusterGateway({
    eks: new AwsEksApi({ client: new EKSClient({ region: 'us-east-1' }) }),
    traffic: new AwsRoute53Traffic({ client: new Route53Client({ region: 'us-east-1' }) }),
    alarms: new AwsCloudWatchAlarms({ client: new CloudWatchClient({ region: 'us-east-1' }) }),
    podIdentity: new AwsEksPodIdentity({ client: new EKSClient({ region: 'us-east-1' }) }),
    iam: new AwsIamIdentity({ client: new IAMClient({ region: 'us-east-1' }) }),
    tagging: new AwsEksTagging({ client: new EKSClient({ region: 'us-east-1' }) }),
  });
}

const CREATED = new Date('2025-06-01T08:00:00Z');

/** A DescribeCluster `cluster` as EKS returns it. */
export function eksCluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    name: 'prod',
    arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
    createdAt: CREATED,
    version: '1.29',
    endpoint: 'https://0A1B2C3D4E5F.gr7.us-east-1.eks.amazonaws.com',
    roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1', 'subnet-0a2'],
      securityGroupIds: ['sg-0a1'],
      clusterSecurityGroupId: 'sg-0cluster',
      vpcId: 'vpc-0a1',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    status: 'ACTIVE',
    certificateAuthority: { data: 'LS0tLS1CRUdJTi...' },
    platformVersion: 'eks.23',
    tags: { team: 'platform' },
    health: { issues: [] },
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    upgradePolicy: { supportType: 'STANDARD' },
    ...overrides,
  };
}

/** A green cluster eks-upgrade created for blue `prod`: DescribeCluster returns the tags it was created with. */
export function eksGreenCluster(overrides: Partial<Cluster> = {}): Cluster {
  return eksCluster({
    name: 'prod-1-31',
    version: '1.31',
    tags: { team: 'platform', 'eks-upgrade:blue-cluster': 'prod', 'eks-upgrade:role': 'green' },
    ...overrides,
  });
}

/** A DescribeNodegroup `nodegroup`. */
export function eksNodegroup(name: string, version: string, overrides: Partial<Nodegroup> = {}): Nodegroup {
  return {
    nodegroupName: name,
    nodegroupArn: `arn:aws:eks:us-east-1:123456789012:nodegroup/prod/${name}/4ec6-1a2b`,
    clusterName: 'prod',
    version,
    releaseVersion: `${version}.3-20250519`,
    createdAt: CREATED,
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 1, maxSize: 6, desiredSize: 3 },
    instanceTypes: ['m6i.large'],
    subnets: ['subnet-0a1', 'subnet-0a2'],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: 'arn:aws:iam::123456789012:role/eks-node-role',
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    ...overrides,
  };
}

/** A DescribeAddon `addon`. */
export function eksAddon(name: string, version: string, overrides: Partial<Addon> = {}): Addon {
  return {
    addonName: name,
    clusterName: 'prod',
    status: 'ACTIVE',
    addonVersion: version,
    health: { issues: [] },
    addonArn: `arn:aws:eks:us-east-1:123456789012:addon/prod/${name}/1a2b`,
    createdAt: CREATED,
    ...overrides,
  };
}

/** An `update` as UpdateClusterVersion / DescribeUpdate return it. */
export function eksUpdate(id: string, overrides: Partial<Update> = {}): Update {
  return {
    id,
    status: 'InProgress',
    type: 'VersionUpdate',
    params: [
      { type: 'Version', value: '1.30' },
      { type: 'PlatformVersion', value: 'eks.1' },
    ],
    createdAt: new Date('2026-11-25T10:00:00Z'),
    errors: [],
    ...overrides,
  };
}
