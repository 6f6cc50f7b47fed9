import { type AgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import {
  GATEWAY_OPERATION_GRANTS,
  IAM_RESOURCE_KINDS,
  type IamAction,
  type IamCondition,
  type IamGrant,
  type IamResource,
  iamResourceArn,
  PHASE_GATEWAY_OPERATIONS,
} from '@eks-upgrade/lambdas';
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
    /** E.g. `aws:SourceAccount`, against the confused deputy problem. */
    readonly Condition?: PolicyStatement['Condition'];
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
 * The IAM grants a phase's gateway operations declare (`PHASE_GATEWAY_OPERATIONS` ×
 * `GATEWAY_OPERATION_GRANTS`, both from the phase functions' code), merged per action and
 * condition, the resources of each sorted.
 */
function phaseGrants(phase: UpgradePhase): IamGrant[] {
  const merged = new Map<string, { action: IamAction; resources: IamResource[]; condition?: IamCondition }>();
  for (const operation of PHASE_GATEWAY_OPERATIONS[phase]) {
    for (const grant of GATEWAY_OPERATION_GRANTS[operation]) {
      const key = JSON.stringify([grant.action, grant.condition ?? null]);
      const entry = merged.get(key) ?? {
        action: grant.action,
        resources: [],
        ...(grant.condition ? { condition: grant.condition } : {}),
      };
      for (const resource of grant.resources) {
        if (!entry.resources.some((known) => known.kind === resource.kind)) entry.resources.push(resource);
      }
      merged.set(key, entry);
    }
  }
  const order = (resource: IamResource) => IAM_RESOURCE_KINDS.indexOf(resource.kind);
  return [...merged.values()]
    .map(({ action, resources, condition }) => ({
      action,
      resources: [...resources].sort((left, right) => order(left) - order(right)) as [
        IamResource,
        ...IamResource[],
      ],
      ...(condition ? { condition } : {}),
    }))
    .sort((left, right) => (left.action < right.action ? -1 : left.action > right.action ? 1 : 0));
}

/** The sorted, de-duplicated IAM actions a phase's gateway operations need. */
export function gatewayActionsOf(phase: UpgradePhase): string[] {
  return [...new Set(phaseGrants(phase).map((grant) => grant.action))].sort();
}

/**
 * The statements granting a phase's gateway operations: the unconditional actions grouped by the
 * resources they are authorised on (`Cluster1`, `Cluster2`, … in the order of their first
 * action), then one statement per condition, named by it.
 */
function gatewayStatements(phase: UpgradePhase, location: StackLocation): PolicyStatement[] {
  const unconditional = new Map<string, string[]>();
  const conditional = new Map<string, { condition: IamCondition; resources: string[]; actions: string[] }>();
  for (const grant of phaseGrants(phase)) {
    const resources = grant.resources.map((resource) => iamResourceArn(resource, location));
    if (grant.condition) {
      const key = JSON.stringify([grant.condition, resources]);
      const entry = conditional.get(key) ?? { condition: grant.condition, resources, actions: [] };
      conditional.set(key, { ...entry, actions: [...entry.actions, grant.action] });
    } else {
      const key = resources.join(',');
      unconditional.set(key, [...(unconditional.get(key) ?? []), grant.action]);
    }
  }
  return [
    ...[...unconditional.entries()].map(
      ([resources, actions], index): PolicyStatement => ({
        Sid: `Cluster${index + 1}`,
        Effect: 'Allow',
        Action: actions,
        Resource: resources.split(','),
      }),
    ),
    ...[...conditional.values()].map(
      ({ condition, resources, actions }): PolicyStatement => ({
        Sid: condition.statementId,
        Effect: 'Allow',
        Action: actions,
        Resource: resources,
        Condition: { [condition.operator]: { [condition.key]: condition.value } },
      }),
    ),
  ];
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
    ...gatewayStatements(phase, location),
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
