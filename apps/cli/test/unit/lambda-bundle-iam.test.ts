import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AgentConfigSchema, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import {
  AwsCloudWatchAlarms,
  AwsClusterGateway,
  AwsEc2LaunchTemplates,
  AwsEksApi,
  AwsEksPodIdentity,
  AwsEksTagging,
  AwsIamIdentity,
  AwsRoute53Traffic,
  type ClusterGateway,
  Ec2QueryClient,
  type GatewayOperation,
  PHASE_GATEWAY_OPERATIONS,
} from '@eks-upgrade/lambdas';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionRolePolicy } from '../../src/stack/iam-policies.js';

/**
 * The deployed roles against the deployed code: every AWS SDK command a phase function's bundle
 * (apps/lambdas dist/zips, what `deploy` ships) can send must be granted to that function's
 * role, and every action the role grants must be used by a command the function sends.
 */

const location = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
/**
 * A stack configured for the hosted zone and roles a blue/green upgrade touches: the actions
 * granted only on configured resources (route53:ChangeResourceRecordSets, iam:PassRole,
 * iam:UpdateAssumeRolePolicy) are then in the policies, as every action the code can send must be.
 */
const config = AgentConfigSchema.parse({
  permissions: {
    clusterNames: ['prod'],
    hostedZoneIds: ['Z1'],
    passRoleArns: ['arn:aws:iam::111122223333:role/cluster', 'arn:aws:iam::111122223333:role/node'],
  },
});

/** A command as `<client>:<operation>`, e.g. `EKSClient:DescribeCluster`. */
type CommandName = `${string}Client:${string}`;

/** The IAM service prefix of each SDK client a bundle may carry. */
const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  EKSClient: 'eks',
  // eks-upgrade's own EC2 Query API client (apps/lambdas gateway/aws/aws-ec2-query.ts).
  Ec2QueryClient: 'ec2',
  IAMClient: 'iam',
  Route53Client: 'route53',
  CloudWatchClient: 'cloudwatch',
  SSMClient: 'ssm',
  BedrockRuntimeClient: 'bedrock',
};

/** Commands authorised by an action of another name. */
const ACTIONS_OF_COMMANDS: Readonly<Record<CommandName, string>> = {
  // https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html
  'BedrockRuntimeClient:Converse': 'bedrock:InvokeModel',
  'BedrockRuntimeClient:ConverseStream': 'bedrock:InvokeModelWithResponseStream',
};

const SSM_CLIENT_CLASS =
  "@eks-upgrade/params' SSMClient class carries all its methods; a phase function only reads its configuration (GetParametersByPath)";

/** Commands a bundle contains but never sends with its role's credentials, and why. */
const BUNDLED_NEVER_SENT: Readonly<Record<CommandName, string>> = {
  'SSMClient:AddTagsToResource': SSM_CLIENT_CLASS,
  'SSMClient:DeleteParameter': SSM_CLIENT_CLASS,
  'SSMClient:DeleteParameters': SSM_CLIENT_CLASS,
  'SSMClient:DescribeParameters': SSM_CLIENT_CLASS,
  'SSMClient:GetParameter': SSM_CLIENT_CLASS,
  'SSMClient:GetParameterHistory': SSM_CLIENT_CLASS,
  'SSMClient:GetParameters': SSM_CLIENT_CLASS,
  'SSMClient:LabelParameterVersion': SSM_CLIENT_CLASS,
  'SSMClient:ListTagsForResource': SSM_CLIENT_CLASS,
  'SSMClient:PutParameter': SSM_CLIENT_CLASS,
  'SSMClient:RemoveTagsFromResource': SSM_CLIENT_CLASS,
  // The Bedrock Runtime client's bearer-token (SSO) provider; Lambda signs with the role (SigV4).
  'SSOOIDCClient:CreateToken':
    'the Bedrock Runtime client carries an SSO token provider; the function signs with its role instead',
};

/** Granted actions no SDK command of their own stands for, what they come with, and why. */
const GRANTED_WITHOUT_OWN_COMMAND: Readonly<
  Record<string, { readonly comesWith: readonly CommandName[] | 'lambda-runtime'; readonly reason: string }>
> = {
  'logs:CreateLogGroup': {
    comesWith: 'lambda-runtime',
    reason:
      "the Lambda runtime writes the function's logs (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html)",
  },
  'logs:CreateLogStream': { comesWith: 'lambda-runtime', reason: 'as logs:CreateLogGroup' },
  'logs:PutLogEvents': { comesWith: 'lambda-runtime', reason: 'as logs:CreateLogGroup' },
  'kms:Decrypt': {
    comesWith: ['SSMClient:GetParametersByPath'],
    reason:
      "SSM decrypts SecureString parameters with the caller's kms:Decrypt (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html)",
  },
  'iam:PassRole': {
    comesWith: [
      'EKSClient:CreateCluster',
      'EKSClient:CreateNodegroup',
      'EKSClient:CreateAddon',
      'EKSClient:CreateFargateProfile',
      'EKSClient:CreatePodIdentityAssociation',
    ],
    reason:
      'the cluster, node, add-on, pod execution and Pod Identity association roles are passed to EKS in the create call',
  },
  'eks:TagResource': {
    comesWith: [
      'EKSClient:CreateCluster',
      'EKSClient:CreateNodegroup',
      'EKSClient:CreateAddon',
      'EKSClient:CreateFargateProfile',
      'EKSClient:CreateAccessEntry',
      'EKSClient:CreatePodIdentityAssociation',
    ],
    reason: 'tags given at creation are authorised as eks:TagResource on the resource created',
  },
  'iam:TagOpenIDConnectProvider': {
    comesWith: ['IAMClient:CreateOpenIDConnectProvider'],
    reason:
      'tags given at creation are authorised as iam:TagOpenIDConnectProvider (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_oidc.html)',
  },
};

/** How each gateway operation is called to record the SDK commands it sends. */
const CALLS: { readonly [Operation in GatewayOperation]: (gateway: ClusterGateway) => Promise<unknown> } = {
  describeCluster: (gateway) => gateway.describeCluster('prod'),
  listNodegroups: (gateway) => gateway.listNodegroups('prod'),
  listNodegroupNames: (gateway) => gateway.listNodegroupNames('prod'),
  listFargateProfiles: (gateway) => gateway.listFargateProfiles('prod'),
  listAddons: (gateway) => gateway.listAddons('prod'),
  describeAddonVersions: (gateway) => gateway.describeAddonVersions(['vpc-cni'], '1.31'),
  listInsights: (gateway) => gateway.listInsights('prod'),
  startInsightsRefresh: (gateway) => gateway.startInsightsRefresh('prod'),
  describeInsightsRefresh: (gateway) => gateway.describeInsightsRefresh('prod'),
  describeClusterVersions: (gateway) => gateway.describeClusterVersions(),
  listUpdateIds: (gateway) => gateway.listUpdateIds('prod'),
  describeUpdate: (gateway) => gateway.describeUpdate('prod', 'update-1'),
  updateClusterVersion: (gateway) => gateway.updateClusterVersion('prod', '1.31'),
  updateAddon: (gateway) => gateway.updateAddon('prod', 'vpc-cni', 'v1.19.0-eksbuild.1'),
  updateNodegroupVersion: (gateway) => gateway.updateNodegroupVersion('prod', 'general', '1.31'),
  updateNodegroupConfig: (gateway) =>
    gateway.updateNodegroupConfig('prod', 'general', { updateStrategy: 'MINIMAL', maxUnavailable: 1 }),
  createCluster: (gateway) =>
    gateway.createCluster({
      name: 'prod-1-31',
      version: '1.31',
      roleArn: 'arn:aws:iam::111122223333:role/cluster',
      subnetIds: ['subnet-1'],
      securityGroupIds: [],
    }),
  describeNodegroup: (gateway) => gateway.describeNodegroup('prod', 'general'),
  createNodegroup: (gateway) =>
    gateway.createNodegroup({
      clusterName: 'prod-1-31',
      nodegroupName: 'general',
      version: '1.31',
      nodeRole: 'arn:aws:iam::111122223333:role/node',
      subnets: ['subnet-1'],
    }),
  describeAddon: (gateway) => gateway.describeAddon('prod', 'vpc-cni'),
  createAddon: (gateway) =>
    gateway.createAddon({ clusterName: 'prod-1-31', addonName: 'vpc-cni', version: 'v1.19.0-eksbuild.1' }),
  describeFargateProfile: (gateway) => gateway.describeFargateProfile('prod', 'default'),
  createFargateProfile: (gateway) =>
    gateway.createFargateProfile({
      clusterName: 'prod-1-31',
      fargateProfileName: 'default',
      podExecutionRoleArn: 'arn:aws:iam::111122223333:role/pods',
      subnets: ['subnet-1'],
      selectors: [{ namespace: 'default' }],
    }),
  deleteFargateProfile: (gateway) => gateway.deleteFargateProfile('prod', 'default'),
  listAccessEntries: (gateway) => gateway.listAccessEntries('prod'),
  createAccessEntry: (gateway) =>
    gateway.createAccessEntry({
      clusterName: 'prod-1-31',
      principalArn: 'arn:aws:iam::111122223333:role/admin',
      type: 'STANDARD',
      kubernetesGroups: [],
      policies: [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          accessScope: { type: 'cluster' },
        },
      ],
    }),
  deleteNodegroup: (gateway) => gateway.deleteNodegroup('prod', 'general'),
  deleteCluster: (gateway) => gateway.deleteCluster('prod'),
  getTrafficWeights: (gateway) => gateway.getTrafficWeights(ROUTING),
  readTrafficRecords: (gateway) => gateway.readTrafficRecords(ROUTING),
  setTrafficWeights: (gateway) => gateway.setTrafficWeights(ROUTING, { blue: 90, green: 10 }),
  getTrafficChangeStatus: (gateway) => gateway.getTrafficChangeStatus('/change/C1'),
  describeAlarms: (gateway) => gateway.describeAlarms(['api-5xx']),
  listPodIdentityAssociations: (gateway) => gateway.listPodIdentityAssociations('prod'),
  createPodIdentityAssociation: (gateway) =>
    gateway.createPodIdentityAssociation({
      clusterName: 'prod-1-31',
      namespace: 'web',
      serviceAccount: 'api',
      roleArn: 'arn:aws:iam::111122223333:role/web-api',
    }),
  findOidcProvider: (gateway) => gateway.findOidcProvider(ISSUER),
  createOidcProvider: (gateway) =>
    gateway.createOidcProvider({ issuerUrl: ISSUER, clientIds: ['sts.amazonaws.com'], tags: {} }),
  deleteOidcProvider: (gateway) => gateway.deleteOidcProvider(OIDC_PROVIDER_ARN),
  getRoleTrust: (gateway) => gateway.getRoleTrust('arn:aws:iam::111122223333:role/vpc-cni'),
  updateRoleTrust: (gateway) => gateway.updateRoleTrust('vpc-cni', { Version: '2012-10-17', Statement: [] }),
  describeLaunchTemplateVersions: (gateway) =>
    gateway.describeLaunchTemplateVersions({ id: 'lt-0abc' }, ['7']),
  // Every kind of resource: each reads its ARN with its own Describe call.
  untagEksResource: async (gateway) => {
    const keys = ['eks-upgrade:role'];
    await gateway.untagEksResource({ type: 'cluster', clusterName: 'prod-1-31' }, keys);
    await gateway.untagEksResource(
      { type: 'nodegroup', clusterName: 'prod-1-31', nodegroupName: 'general' },
      keys,
    );
    await gateway.untagEksResource({ type: 'addon', clusterName: 'prod-1-31', addonName: 'vpc-cni' }, keys);
    await gateway.untagEksResource(
      { type: 'fargateprofile', clusterName: 'prod-1-31', fargateProfileName: 'default' },
      keys,
    );
    await gateway.untagEksResource(
      {
        type: 'access-entry',
        clusterName: 'prod-1-31',
        principalArn: 'arn:aws:iam::111122223333:role/admin',
      },
      keys,
    );
    await gateway.untagEksResource(
      { type: 'podidentityassociation', clusterName: 'prod-1-31', associationId: 'a-1' },
      keys,
    );
  },
  untagOidcProvider: (gateway) => gateway.untagOidcProvider(OIDC_PROVIDER_ARN, ['eks-upgrade:role']),
};

const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const OIDC_PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';

const ROUTING = {
  hostedZoneId: 'Z1',
  recordName: 'api.example.com',
  ttlSeconds: 60,
  blue: { setIdentifier: 'blue', target: 'blue.example.net' },
  green: { setIdentifier: 'green', target: 'green.example.net' },
};

/**
 * One answer for every command, shaped so each method makes all its calls: one node group,
 * add-on and failing insight to describe, an update with an id, a change in sync.
 */
const ANSWER = {
  nodegroups: ['general'],
  addons: ['vpc-cni'],
  insights: [{ id: 'insight-1', name: 'Deprecated APIs', insightStatus: { status: 'ERROR' } }],
  update: { id: 'update-1', type: 'VersionUpdate', status: 'InProgress' },
  // (with their ARNs, which untagEksResource reads before UntagResource)
  cluster: {
    name: 'prod',
    version: '1.30',
    status: 'ACTIVE',
    arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
  },
  nodegroup: {
    nodegroupName: 'general',
    nodegroupArn: 'arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/general/1',
  },
  addon: { addonName: 'vpc-cni', addonArn: 'arn:aws:eks:eu-west-1:111122223333:addon/prod/vpc-cni/1' },
  fargateProfile: {
    fargateProfileName: 'default',
    fargateProfileArn: 'arn:aws:eks:eu-west-1:111122223333:fargateprofile/prod/default/1',
  },
  accessEntry: {
    principalArn: 'arn:aws:iam::111122223333:role/admin',
    accessEntryArn: 'arn:aws:eks:eu-west-1:111122223333:access-entry/prod/role/111122223333/admin/1',
  },
  association: {
    associationId: 'a-1',
    associationArn: 'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1',
  },
  // listAccessEntries describes each entry and lists its policies.
  accessEntries: ['arn:aws:iam::111122223333:role/admin'],
  // setTrafficWeights (given no reading) reads both weighted records before it changes them.
  ResourceRecordSets: ['blue', 'green'].map((SetIdentifier) => ({
    Name: 'api.example.com.',
    Type: 'CNAME',
    SetIdentifier,
    Weight: 50,
    TTL: 60,
    ResourceRecords: [{ Value: `${SetIdentifier}.example.net` }],
  })),
  IsTruncated: false,
  ChangeInfo: { Id: '/change/C1', Status: 'INSYNC' },
  MetricAlarms: [],
  // listPodIdentityAssociations describes each association.
  associations: [{ associationId: 'a-1' }],
  // findOidcProvider reads the provider it finds.
  OpenIDConnectProviderList: [{ Arn: OIDC_PROVIDER_ARN }],
  Role: { AssumeRolePolicyDocument: encodeURIComponent('{"Statement":[]}') },
};

/** Runs every gateway operation over SDK clients that answer `ANSWER`, recording what each sends. */
async function commandsSentByOperation(): Promise<Map<GatewayOperation, Set<CommandName>>> {
  const clients = {
    EKSClient: new EKSClient({ region: location.region }),
    Route53Client: new Route53Client({ region: 'us-east-1' }),
    CloudWatchClient: new CloudWatchClient({ region: location.region }),
    IAMClient: new IAMClient({ region: 'us-east-1' }),
  };
  const eks = mockClient(clients.EKSClient);
  const route53 = mockClient(clients.Route53Client);
  const cloudwatch = mockClient(clients.CloudWatchClient);
  eks.onAnyCommand().resolves(ANSWER);
  route53.onAnyCommand().resolves(ANSWER);
  cloudwatch.onAnyCommand().resolves(ANSWER);
  const iam = mockClient(clients.IAMClient);
  iam.onAnyCommand().resolves(ANSWER);
  // The EC2 Query client is not an SDK client: its HTTP client records the Action of each call.
  const ec2Actions: string[] = [];
  const ec2 = new Ec2QueryClient({
    region: location.region,
    credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 'SECRET' }),
    fetch: async (_url, init) => {
      ec2Actions.push(new URLSearchParams(String(init?.body)).get('Action') ?? '');
      return new Response(
        '<DescribeLaunchTemplateVersionsResponse><launchTemplateVersionSet/></DescribeLaunchTemplateVersionsResponse>',
      );
    },
  });
  const mocks = [
    { name: 'EKSClient', mock: eks },
    { name: 'Route53Client', mock: route53 },
    { name: 'CloudWatchClient', mock: cloudwatch },
    { name: 'IAMClient', mock: iam },
  ] as const;
  const gateway = new AwsClusterGateway({
    eks: new AwsEksApi({ client: clients.EKSClient }),
    traffic: new AwsRoute53Traffic({ client: clients.Route53Client }),
    alarms: new AwsCloudWatchAlarms({ client: clients.CloudWatchClient }),
    podIdentity: new AwsEksPodIdentity({ client: clients.EKSClient }),
    iam: new AwsIamIdentity({ client: clients.IAMClient }),
    tagging: new AwsEksTagging({ client: clients.EKSClient }),
    ec2: new AwsEc2LaunchTemplates({ client: ec2 }),
  });
  const sent = new Map<GatewayOperation, Set<CommandName>>();
  for (const [operation, call] of Object.entries(CALLS) as [
    GatewayOperation,
    (typeof CALLS)[GatewayOperation],
  ][]) {
    for (const { mock } of mocks) mock.resetHistory();
    ec2Actions.length = 0;
    await call(gateway);
    const names = mocks.flatMap(({ name, mock }) =>
      mock
        .calls()
        .map(
          (call) => `${name}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}` as const,
        ),
    );
    const ec2Names = ec2Actions.map((action) => `Ec2QueryClient:${action}` as const);
    sent.set(operation, new Set([...names, ...ec2Names] as CommandName[]));
  }
  for (const { mock } of mocks) mock.restore();
  return sent;
}

/** One file of a zip, read through its central directory. */
function zipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(end + 16);
  for (let entry = 0; entry < zip.readUInt16LE(end + 10); entry += 1) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    if (zip.toString('utf8', offset + 46, offset + 46 + nameLength) === name) {
      const start =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 8 ? inflateRawSync(data) : data;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the zip`);
}

/**
 * The SDK commands a minified bundle contains. The SDK builds each client's command classes
 * from a factory that names the client (`X=f(ep,"AWSWesleyFrontend","EKSClient",…)`, then
 * `class extends X(…,…,"DescribeCluster",schema)`); older SDK releases name both in the class
 * (`.n("EKSClient","DescribeClusterCommand")`). Both keep those names as strings.
 */
function bundledCommands(bundle: string): Set<CommandName> {
  const factories = new Map<string, string>();
  for (const match of bundle.matchAll(/([\w$]+)=[\w$]+\([\w$]+,"\w+","(\w+Client)",[\w$]+\)/g)) {
    factories.set(match[1]!, match[2]!);
  }
  const commands = new Set<CommandName>();
  for (const match of bundle.matchAll(/class extends ([\w$]+)\([\w$]+,[\w$]+,"(\w+)",/g)) {
    const client = factories.get(match[1]!);
    if (!client) throw new Error(`command ${match[2]} is built by ${match[1]}, which names no client`);
    commands.add(`${client}:${match[2]!}` as CommandName);
  }
  for (const match of bundle.matchAll(/\.n\("(\w+Client)","(\w+)Command"\)/g)) {
    commands.add(`${match[1]!}:${match[2]!}` as CommandName);
  }
  // eks-upgrade's EC2 Query client is called with `{ action: "<Action>", parameters: … }`; the
  // minifier keeps both property names and the action string.
  for (const match of bundle.matchAll(/\{action:"(\w+)",parameters:/g)) {
    commands.add(`Ec2QueryClient:${match[1]!}` as CommandName);
  }
  return commands;
}

/** The IAM action authorising a command. */
function actionOf(command: CommandName): string {
  const [client, operation] = command.split(':') as [string, string];
  const mapped = ACTIONS_OF_COMMANDS[command];
  if (mapped) return mapped;
  const prefix = SERVICE_PREFIXES[client];
  if (!prefix) throw new Error(`no IAM service prefix for ${client} (command ${operation}): add it`);
  return `${prefix}:${operation}`;
}

const zipDirectory = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@eks-upgrade/lambdas/package.json')),
  'dist/zips',
);

describe('Lambda bundles against their roles', () => {
  const bundles = new Map<UpgradePhase, Set<CommandName>>();
  let sentByOperation: Map<GatewayOperation, Set<CommandName>>;

  beforeAll(async () => {
    for (const phase of UPGRADE_PHASES) {
      const zip = await readFile(path.join(zipDirectory, `${phase}.zip`)).catch((error: unknown) => {
        throw new Error(`no ${phase}.zip in ${zipDirectory}: run pnpm --filter @eks-upgrade/lambdas build`, {
          cause: error,
        });
      });
      bundles.set(phase, bundledCommands(zipEntry(zip, 'index.mjs').toString('utf8')));
    }
    sentByOperation = await commandsSentByOperation();
  });

  /** What a phase function can send: its gateway operations' commands, and the rest of its bundle. */
  function sentBy(phase: UpgradePhase): Set<CommandName> {
    const gatewayClients = new Set(
      [...sentByOperation.values()].flatMap((commands) =>
        [...commands].map((command) => command.split(':')[0]),
      ),
    );
    const operations = PHASE_GATEWAY_OPERATIONS[phase];
    return new Set([
      ...operations.flatMap((operation) => [...sentByOperation.get(operation)!]),
      ...[...bundles.get(phase)!].filter(
        (command) => !gatewayClients.has(command.split(':')[0]!) && !(command in BUNDLED_NEVER_SENT),
      ),
    ]);
  }

  const granted = (phase: UpgradePhase) =>
    new Set(functionRolePolicy(phase, config, location).Statement.flatMap((statement) => statement.Action));

  it('finds the SDK commands in every bundle (each reads its configuration from SSM)', () => {
    for (const phase of UPGRADE_PHASES) {
      expect(bundles.get(phase), phase).toContain('SSMClient:GetParametersByPath');
    }
    expect(bundles.get('reasoning')).toContain('BedrockRuntimeClient:Converse');
    // eks-upgrade's own EC2 Query client, found by its call shape (bundledCommands).
    expect(bundles.get('perception')).toContain('Ec2QueryClient:DescribeLaunchTemplateVersions');
    expect(sentByOperation.get('describeLaunchTemplateVersions')).toEqual(
      new Set(['Ec2QueryClient:DescribeLaunchTemplateVersions']),
    );
    expect(sentByOperation.get('listNodegroups')).toEqual(
      new Set(['EKSClient:ListNodegroups', 'EKSClient:DescribeNodegroup']),
    );
  });

  it.each(UPGRADE_PHASES)(
    '%s: every command the function sends is bundled and granted to its role',
    (phase) => {
      const actions = granted(phase);
      const missing = [...sentBy(phase)]
        .filter((command) => !bundles.get(phase)!.has(command) || !actions.has(actionOf(command)))
        .map((command) =>
          bundles.get(phase)!.has(command)
            ? `${command} needs ${actionOf(command)}, which the ${phase} role does not grant`
            : `${command} is sent by a ${phase} gateway operation but not in the ${phase} bundle`,
        );
      expect(missing).toEqual([]);
    },
  );

  it.each(UPGRADE_PHASES)(
    '%s: every other bundled command belongs to a gateway method the phase does not call, or is never sent',
    (phase) => {
      const sent = sentBy(phase);
      const sentByAnyOperation = new Set([...sentByOperation.values()].flatMap((commands) => [...commands]));
      const unexplained = [...bundles.get(phase)!].filter(
        (command) =>
          !sent.has(command) && !sentByAnyOperation.has(command) && !(command in BUNDLED_NEVER_SENT),
      );
      expect(unexplained).toEqual([]);
    },
  );

  it.each(UPGRADE_PHASES)(
    '%s: every action the role grants is used by a command the function sends',
    (phase) => {
      const sent = sentBy(phase);
      const used = new Set([...sent].map(actionOf));
      const unused = [...granted(phase)].filter((action) => {
        if (used.has(action)) return false;
        const without = GRANTED_WITHOUT_OWN_COMMAND[action];
        if (!without) return true;
        return (
          without.comesWith !== 'lambda-runtime' && !without.comesWith.some((command) => sent.has(command))
        );
      });
      expect(unused).toEqual([]);
    },
  );
});
