import { type AgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import { bedrockStatements } from './bedrock-policy-statements.js';
import { gatewayStatements } from './gateway-policy-statements.js';
import { arnsFor, type StackLocation, stackNames } from './stack-names.js';

// The IAM policies of the stack's roles. The statements they are made of live beside this
// file: trust policies, the gateway operations' grants, Bedrock, and the events targets role.
export { bedrockStatements } from './bedrock-policy-statements.js';
export {
  eventsRolePolicy,
  isSupportedTarget,
  ROLE_DELIVERY_ACTIONS,
  serviceOfArn,
  targetNeedsRole,
} from './event-target-policies.js';
export { gatewayActionsOf, gatewayOperationStatements, stackRegions } from './gateway-policy-statements.js';
export {
  stackTrustPolicies,
  TRUSTED_SERVICES,
  type TrustPolicyDocument,
  type TrustSource,
  trustPolicy,
} from './trust-policies.js';

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

/**
 * What the configured permissions leave the functions unable to do, as warnings for `deploy`
 * and `synth`: without `permissions.passRoleArns` no green cluster can be created (IAM refuses
 * iam:PassRole), without `permissions.hostedZoneIds` no traffic step can change a record.
 *
 * @example
 * ```ts
 * for (const warning of permissionWarnings(config)) context.log.warn(warning);
 * ```
 */
export function permissionWarnings(config: AgentConfig): string[] {
  const { passRoleArns, hostedZoneIds } = config.permissions;
  return [
    ...(passRoleArns.length === 0
      ? [
          'permissions.passRoleArns is empty: a blue/green upgrade cannot create its green cluster (IAM refuses iam:PassRole); list the blue cluster role, node roles and add-on roles',
        ]
      : []),
    ...(hostedZoneIds.length === 0
      ? [
          'permissions.hostedZoneIds is empty: a blue/green upgrade cannot shift traffic (IAM refuses route53:ChangeResourceRecordSets); list the hosted zones of its records',
        ]
      : []),
  ];
}

/**
 * The inline policy of one phase function's role: its own log group, reading the configuration
 * below the parameter prefix (and decrypting SecureStrings through SSM only), the EKS, Route 53
 * and CloudWatch actions its gateway operations need on what the configuration lets the stack
 * touch (`permissions`), and for reasoning Bedrock Converse on the configured model.
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
    ...gatewayStatements(phase, config, location),
  ];
  if (phase === 'reasoning' && config.bedrock.enabled)
    statements.push(...bedrockStatements(config, location));
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
      // Each plan step runs as a child workflow execution of the workflow's Distributed Map
      // (`Step: Run`), which Step Functions starts, watches and stops with the workflow's own role:
      // https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html. The
      // `:*` forms cover the published versions and the `live` alias the workflow runs on.
      {
        Sid: 'RunStepChildExecutions',
        Effect: 'Allow',
        Action: ['states:StartExecution'],
        Resource: [arns.stateMachine(names.stateMachine), `${arns.stateMachine(names.stateMachine)}:*`],
      },
      {
        Sid: 'WatchStepChildExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: [
          arns.execution(names.stateMachine),
          arns.execution(names.stateMachine).replace(/:\*$/, '/*'),
        ],
      },
    ],
  };
}
