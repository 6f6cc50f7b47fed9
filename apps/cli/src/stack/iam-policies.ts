import { type AgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import { arnsFor, type StackLocation, stackNames } from './stack-names.js';

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Who may assume each kind of role. */
export const TRUSTED_SERVICES = {
  lambda: 'lambda.amazonaws.com',
  stateMachine: 'states.amazonaws.com',
  events: 'events.amazonaws.com',
} as const;

/** A role's trust policy. */
export interface TrustPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ReadonlyArray<{
    readonly Effect: 'Allow';
    readonly Principal: { readonly Service: string };
    readonly Action: 'sts:AssumeRole';
  }>;
}

/** The trust policy letting one AWS service assume a role. */
export function trustPolicy(service: string): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

/**
 * The cluster-gateway operations each phase calls (apps/lambdas `ClusterGateway`). The
 * rehearsal test records the calls every phase makes across the example scenarios and checks
 * them against this table, so a phase that starts calling something new fails the test
 * instead of failing in production with AccessDenied.
 */
export const PHASE_GATEWAY_OPERATIONS: Readonly<Record<UpgradePhase, readonly string[]>> = {
  perception: [
    'describeCluster',
    'listNodegroups',
    'listFargateProfiles',
    'listAddons',
    'describeAddonVersions',
    'listInsights',
    'describeClusterVersions',
  ],
  reasoning: [],
  execution: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'listUpdateIds',
    'describeUpdate',
    'updateClusterVersion',
    'updateAddon',
    'updateNodegroupVersion',
    'createCluster',
    // Blue/green: the green cluster's node groups and add-ons, copied from blue's.
    'describeNodegroup',
    'createNodegroup',
    'describeAddon',
    'createAddon',
    'deleteNodegroup',
    'deleteCluster',
    'getTrafficWeights',
    'setTrafficWeights',
  ],
  validation: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'describeUpdate',
    // A traffic step is judged once its Route 53 change is INSYNC.
    'getTrafficChangeStatus',
    'getTrafficWeights',
    'describeAlarms',
    // Polling a decommission moves the deletion on: node groups first, then the cluster.
    'deleteNodegroup',
    'deleteCluster',
  ],
  rollback: [
    'describeCluster',
    'listNodegroups',
    'listAddons',
    'listUpdateIds',
    'describeUpdate',
    'updateClusterVersion',
    'deleteNodegroup',
    'deleteCluster',
    'getTrafficWeights',
    'setTrafficWeights',
  ],
};

/** The IAM actions behind each gateway operation (the EKS, Route 53 and CloudWatch calls it makes). */
export const GATEWAY_OPERATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  describeCluster: ['eks:DescribeCluster'],
  listNodegroups: ['eks:ListNodegroups', 'eks:DescribeNodegroup'],
  listFargateProfiles: ['eks:ListFargateProfiles'],
  listAddons: ['eks:ListAddons', 'eks:DescribeAddon'],
  describeAddonVersions: ['eks:DescribeAddonVersions'],
  listInsights: ['eks:ListInsights', 'eks:DescribeInsight'],
  describeClusterVersions: ['eks:DescribeClusterVersions'],
  listUpdateIds: ['eks:ListUpdates'],
  describeUpdate: ['eks:DescribeUpdate'],
  updateClusterVersion: ['eks:UpdateClusterVersion'],
  updateAddon: ['eks:UpdateAddon'],
  updateNodegroupVersion: ['eks:UpdateNodegroupVersion'],
  createCluster: ['eks:CreateCluster', 'eks:TagResource', 'iam:PassRole'],
  describeNodegroup: ['eks:DescribeNodegroup'],
  // Passes the node role; the launch template is referenced by id.
  createNodegroup: ['eks:CreateNodegroup', 'eks:TagResource', 'iam:PassRole'],
  describeAddon: ['eks:DescribeAddon'],
  // Passes the add-on's service account role, when blue's add-on has one.
  createAddon: ['eks:CreateAddon', 'eks:TagResource', 'iam:PassRole'],
  deleteNodegroup: ['eks:DeleteNodegroup'],
  deleteCluster: ['eks:DeleteCluster'],
  getTrafficWeights: ['route53:ListResourceRecordSets'],
  setTrafficWeights: ['route53:ChangeResourceRecordSets'],
  getTrafficChangeStatus: ['route53:GetChange'],
  describeAlarms: ['cloudwatch:DescribeAlarms'],
};

/** Actions that accept no resource narrower than `*` (AWS's service authorization reference). */
const ACCOUNT_WIDE_ACTIONS = new Set([
  'eks:DescribeAddonVersions',
  'eks:DescribeClusterVersions',
  'cloudwatch:DescribeAlarms',
]);

/** EKS actions authorised on the cluster although they name a node group or an add-on. */
const CLUSTER_SCOPED_EKS_ACTIONS = new Set([
  'eks:ListNodegroups',
  'eks:ListAddons',
  'eks:CreateNodegroup',
  'eks:CreateAddon',
]);

function resourcesOf(action: string, arns: ReturnType<typeof arnsFor>): string[] {
  if (ACCOUNT_WIDE_ACTIONS.has(action)) return ['*'];
  if (action === 'route53:GetChange') return [arns.route53Changes()];
  if (action.startsWith('route53:')) return [arns.hostedZones()];
  // Tags set at creation are authorised on the resource created: the cluster, a node group or an add-on.
  if (action === 'eks:TagResource') return [arns.eksCluster(), arns.eksNodegroup(), arns.eksAddon()];
  if (CLUSTER_SCOPED_EKS_ACTIONS.has(action)) return [arns.eksCluster()];
  if (/Nodegroup/.test(action)) return [arns.eksNodegroup()];
  if (/Addon$/.test(action)) return [arns.eksAddon()];
  return [arns.eksCluster()];
}

/** The sorted, de-duplicated IAM actions a phase's gateway operations need. */
export function gatewayActionsOf(phase: UpgradePhase): string[] {
  const actions = PHASE_GATEWAY_OPERATIONS[phase].flatMap(
    (operation) => GATEWAY_OPERATION_ACTIONS[operation] ?? [],
  );
  return [...new Set(actions)].sort();
}

function clusterStatements(phase: UpgradePhase, arns: ReturnType<typeof arnsFor>): PolicyStatement[] {
  const byResource = new Map<string, string[]>();
  for (const action of gatewayActionsOf(phase)) {
    if (action === 'iam:PassRole') continue;
    const key = resourcesOf(action, arns).join(',');
    byResource.set(key, [...(byResource.get(key) ?? []), action]);
  }
  const statements: PolicyStatement[] = [...byResource.entries()].map(([resource, actions], index) => ({
    Sid: `Cluster${index + 1}`,
    Effect: 'Allow',
    Action: actions,
    Resource: resource.split(','),
  }));
  if (gatewayActionsOf(phase).includes('iam:PassRole')) {
    // CreateCluster passes the blue cluster's role to the green one, CreateNodegroup the node
    // role, CreateAddon the add-on's service account role: only to EKS.
    statements.push({
      Sid: 'PassRolesToEks',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } },
    });
  }
  return statements;
}

/**
 * The inline policy of one phase function's role: its own log group, reading the configuration
 * below the parameter prefix (and decrypting SecureStrings through SSM only), the EKS, Route 53
 * and CloudWatch actions its gateway operations need, and for reasoning Bedrock Converse on the
 * configured model.
 *
 * @example
 * ```ts
 * const policy = functionRolePolicy('validation', config, { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' });
 * ```
 */
export function functionRolePolicy(
  phase: UpgradePhase,
  config: AgentConfig,
  location: StackLocation,
): PolicyDocument {
  const arns = arnsFor(location);
  const functionName = stackNames(config).functions[phase];
  const logGroup = `/aws/lambda/${functionName}`;
  const prefix = config.parameterStore.parameterPrefix;
  const statements: PolicyStatement[] = [
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: [arns.logGroup(logGroup)] },
    {
      Sid: 'LogStreams',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${arns.logGroup(logGroup)}:log-stream:*`],
    },
    {
      Sid: 'ReadConfiguration',
      Effect: 'Allow',
      Action: ['ssm:GetParametersByPath'],
      Resource: [arns.parameters(prefix.replace(/\/$/, '')), arns.parameters(`${prefix}*`)],
    },
    {
      Sid: 'DecryptConfigurationSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: config.parameterStore.kmsKeyId?.startsWith('arn:') ? [config.parameterStore.kmsKeyId] : '*',
      Condition: { StringEquals: { 'kms:ViaService': `ssm.${location.region}.amazonaws.com` } },
    },
    ...clusterStatements(phase, arns),
  ];
  if (phase === 'reasoning' && config.bedrock.enabled) {
    statements.push({
      Sid: 'BedrockConverse',
      Effect: 'Allow',
      Action: ['bedrock:InvokeModel'],
      Resource: [
        arns.bedrockModel(config.bedrock.modelId),
        arns.bedrockInferenceProfile(config.bedrock.modelId),
      ],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The state machine's role: invoke the five functions, publish to the configured bus. */
export function stateMachineRolePolicy(config: AgentConfig, location: StackLocation): PolicyDocument {
  const arns = arnsFor(location);
  const names = stackNames(config);
  const functions = UPGRADE_PHASES.map((phase) => arns.function(names.functions[phase]));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InvokePhaseFunctions',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [...functions, ...functions.map((arn) => `${arn}:*`)],
      },
      {
        Sid: 'PublishUpgradeEvents',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: [arns.eventBus(config.eventBridge.busName)],
      },
    ],
  };
}

/**
 * The action EventBridge needs, through the targets role, to deliver to a target of each
 * service. SQS, SNS, Lambda and CloudWatch Logs targets are authorised by their own resource
 * policies instead (which must allow events.amazonaws.com), so they need no role.
 */
const TARGET_ACTIONS: Readonly<Record<string, string>> = {
  states: 'states:StartExecution',
  events: 'events:PutEvents',
  kinesis: 'kinesis:PutRecord',
  firehose: 'firehose:PutRecordBatch',
};

/** Target services EventBridge reaches through resource policies. */
const RESOURCE_POLICY_TARGETS = new Set(['sqs', 'sns', 'lambda', 'logs']);

/** The service of an ARN, e.g. `sqs` for `arn:aws:sqs:...`. */
export function serviceOfArn(arn: string): string {
  return arn.split(':')[2] ?? '';
}

/** Whether EventBridge reaches this target through the targets role. */
export function targetNeedsRole(arn: string): boolean {
  return serviceOfArn(arn) in TARGET_ACTIONS;
}

/** Whether eks-upgrade can deliver rule events to this kind of target at all. */
export function isSupportedTarget(arn: string): boolean {
  return targetNeedsRole(arn) || RESOURCE_POLICY_TARGETS.has(serviceOfArn(arn));
}

/** The EventBridge targets role: deliver the rules' events to the notification targets, nothing else. */
export function eventsRolePolicy(targetArns: readonly string[]): PolicyDocument {
  const byAction = new Map<string, string[]>();
  for (const arn of targetArns) {
    const action = TARGET_ACTIONS[serviceOfArn(arn)];
    if (action) byAction.set(action, [...(byAction.get(action) ?? []), arn]);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byAction.entries()].map(([action, resources], index) => ({
      Sid: `DeliverToTargets${index + 1}`,
      Effect: 'Allow',
      Action: [action],
      Resource: resources,
    })),
  };
}
