import { type AgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import {
  GATEWAY_OPERATION_GRANTS,
  type GatewayOperation,
  IAM_RESOURCE_KINDS,
  type IamGrant,
  type IamResource,
  type IamScopeTarget,
  iamConditionBlock,
  PHASE_GATEWAY_OPERATIONS,
  STEP_KINDS,
  scopedResources,
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
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  }>;
}

/** Who, on whose behalf, may make a service assume a role (the confused-deputy conditions). */
export interface TrustSource {
  /** `aws:SourceAccount`: the account whose resource asks the service to assume the role. */
  readonly account: string;
  /** `aws:SourceArn` (ArnLike): the resources that may, e.g. the state machine or the rules. */
  readonly arns: readonly [string, ...string[]];
}

/**
 * The trust policy letting one AWS service assume a role; with `source`, only on behalf of
 * those resources of that account (`aws:SourceAccount`, `aws:SourceArn`), so no other account's
 * resource can make the service act with this role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 *
 * @example
 * ```ts
 * trustPolicy('states.amazonaws.com', { account: '123456789012', arns: ['arn:aws:states:eu-west-1:123456789012:stateMachine:eks-upgrade-workflow'] });
 * ```
 */
export function trustPolicy(service: string, source?: TrustSource): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(source
          ? {
              Condition: {
                StringEquals: { 'aws:SourceAccount': source.account },
                ArnLike: { 'aws:SourceArn': source.arns.length === 1 ? source.arns[0] : [...source.arns] },
              },
            }
          : {}),
      },
    ],
  };
}

/**
 * The trust policy of each role the stack creates. Step Functions assumes the workflow role
 * only for the stack's state machine (its versions and aliases too), EventBridge the targets
 * role only for the stack's two rules (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html). The
 * functions' roles trust Lambda without source conditions: Lambda assumes an execution role
 * for the function it runs, and the role is reachable only through functions of this account.
 *
 * @example
 * ```ts
 * stackTrustPolicies(config, location).stateMachine.Statement[0]?.Condition;
 * ```
 */
export function stackTrustPolicies(
  config: AgentConfig,
  location: StackLocation,
): Readonly<Record<keyof typeof TRUSTED_SERVICES, TrustPolicyDocument>> {
  const arns = arnsFor(location);
  const names = stackNames(config);
  const machine = arns.stateMachine(names.stateMachine);
  return {
    lambda: trustPolicy(TRUSTED_SERVICES.lambda),
    stateMachine: trustPolicy(TRUSTED_SERVICES.stateMachine, {
      account: location.accountId,
      arns: [machine, `${machine}:*`],
    }),
    events: trustPolicy(TRUSTED_SERVICES.events, {
      account: location.accountId,
      arns: [names.monitoringRule, names.rollbackTriggerRule].map((rule) =>
        arns.rule(config.eventBridge.busName, rule),
      ) as [string, ...string[]],
    }),
  };
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
 * The regions the phase functions may act in: `permissions.regions`, or the stack's own
 * region when none are configured. Requests for a cluster in another region are refused by IAM.
 */
export function stackRegions(config: AgentConfig, location: StackLocation): [string, ...string[]] {
  const [first, ...rest] = config.permissions.regions;
  return first === undefined ? [location.region] : [first, ...rest];
}

function scopeTarget(config: AgentConfig, location: StackLocation): IamScopeTarget {
  return {
    partition: location.partition,
    accountId: location.accountId,
    regions: stackRegions(config, location),
    permissions: config.permissions,
  };
}

/**
 * Whether a phase deletes the blue cluster: it runs an operation of `cluster_decommission` (the
 * only step that deletes blue) whose grant is scoped `decommissioned`. Rollback also reads blue
 * through that kind (to say what is left of it) but deletes nothing of it, so it gets no such grant.
 */
function decommissions(phase: UpgradePhase): boolean {
  if (phase === 'perception' || phase === 'reasoning') return false;
  return STEP_KINDS.cluster_decommission.operations[phase].some((operation) =>
    GATEWAY_OPERATION_GRANTS[operation].some((grant) => grant.scope === 'decommissioned'),
  );
}

/**
 * The IAM grants gateway operations declare (`GATEWAY_OPERATION_GRANTS`, from the phase
 * functions' code), each once, sorted by action.
 */
function grantsOf(operations: readonly GatewayOperation[]): IamGrant[] {
  const unique = new Map<string, IamGrant>();
  for (const operation of operations) {
    for (const grant of GATEWAY_OPERATION_GRANTS[operation]) {
      const kinds = grant.resources.map((resource) => resource.kind);
      unique.set(JSON.stringify([grant.action, grant.scope ?? 'any', grant.condition ?? null, kinds]), grant);
    }
  }
  const order = (resource: IamResource) => IAM_RESOURCE_KINDS.indexOf(resource.kind);
  return [...unique.values()]
    .map((grant) => ({
      ...grant,
      resources: [...grant.resources].sort((left, right) => order(left) - order(right)) as [
        IamResource,
        ...IamResource[],
      ],
    }))
    .sort((left, right) => (left.action < right.action ? -1 : left.action > right.action ? 1 : 0));
}

/** The grants of a phase's gateway operations (`PHASE_GATEWAY_OPERATIONS`). */
function phaseGrants(phase: UpgradePhase): IamGrant[] {
  return grantsOf(PHASE_GATEWAY_OPERATIONS[phase]);
}

/** The sorted, de-duplicated IAM actions a phase's gateway operations need. */
export function gatewayActionsOf(phase: UpgradePhase): string[] {
  return [...new Set(phaseGrants(phase).map((grant) => grant.action))].sort();
}

type ConditionBlock = Record<string, Record<string, string | readonly string[]>>;

function mergeConditions(...blocks: (ConditionBlock | undefined)[]): ConditionBlock | undefined {
  const merged: ConditionBlock = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block ?? {}))
      merged[operator] = { ...merged[operator], ...keys };
  }
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/**
 * The statements granting a phase's gateway operations, each grant on the resources its scope
 * resolves to (`scopedResources`: the stack's regions, the clusters it may upgrade or created,
 * the configured hosted zones and roles) under the scope's condition and the grant's own. One
 * statement per scope and condition, named by the scope (`Read`, `UpgradeTagged`,
 * `CreatedByUpgrade`, …) or the grant's condition (`PassRolesToEks`): its actions and the
 * resources they are declared on. An action is authorised only on its own resource types
 * (Service Authorization Reference), so the ARN of another kind beside it grants nothing more,
 * and one statement per scope keeps the execution role within IAM's 10,240-character inline
 * policy limit. A grant whose scope the configuration leaves empty is left out.
 */
function gatewayStatements(
  phase: UpgradePhase,
  config: AgentConfig,
  location: StackLocation,
): PolicyStatement[] {
  return gatewayOperationStatements(PHASE_GATEWAY_OPERATIONS[phase], config, location, {
    decommissions: decommissions(phase),
  });
}

/**
 * The statements granting gateway operations, as `functionRolePolicy` grants a phase's (see
 * `gatewayStatements`): `decommissions` keeps the grants scoped `decommissioned`, and each Sid
 * starts with `sidPrefix` (so the statements can sit beside others in one policy).
 *
 * @example
 * ```ts
 * // What `eks-upgrade plan` needs to run perception and reasoning from the operator's machine.
 * gatewayOperationStatements(['describeCluster', 'listNodegroups'], config, location, { decommissions: false, sidPrefix: 'Plan' });
 * ```
 */
export function gatewayOperationStatements(
  operations: readonly GatewayOperation[],
  config: AgentConfig,
  location: StackLocation,
  options: { readonly decommissions: boolean; readonly sidPrefix?: string },
): PolicyStatement[] {
  const target = scopeTarget(config, location);
  const statements = new Map<
    string,
    { stem: string; resources: string[]; condition?: ConditionBlock; actions: string[] }
  >();
  for (const grant of grantsOf(operations)) {
    const scope = grant.scope ?? 'any';
    if (scope === 'decommissioned' && !options.decommissions) continue;
    const parts = new Map<string, { stem: string; resources: string[]; condition?: ConditionBlock }>();
    for (const resource of grant.resources) {
      for (const scoped of scopedResources(resource, scope, target)) {
        const condition = mergeConditions(
          grant.condition ? iamConditionBlock(grant.condition) : undefined,
          scoped.condition,
        );
        const stem = grant.condition?.statementId ?? scoped.statement;
        const key = JSON.stringify([stem, condition ?? null]);
        const part = parts.get(key) ?? { stem, resources: [], ...(condition ? { condition } : {}) };
        part.resources.push(...scoped.resources.filter((arn) => !part.resources.includes(arn)));
        parts.set(key, part);
      }
    }
    for (const [key, part] of parts) {
      const entry = statements.get(key) ?? {
        stem: part.stem,
        resources: [],
        ...(part.condition ? { condition: part.condition } : {}),
        actions: [],
      };
      if (!entry.actions.includes(grant.action)) entry.actions.push(grant.action);
      entry.resources.push(...part.resources.filter((arn) => !entry.resources.includes(arn)));
      statements.set(key, entry);
    }
  }
  const counts = new Map<string, number>();
  return [...statements.values()].map(({ stem, resources, condition, actions }) => {
    // A stem holds one statement per condition: a second condition (rare) is numbered.
    const index = (counts.get(stem) ?? 0) + 1;
    counts.set(stem, index);
    return {
      Sid: `${options.sidPrefix ?? ''}${index === 1 ? stem : `${stem}${index}`}`,
      Effect: 'Allow',
      Action: actions,
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
    };
  });
}

/**
 * Where Bedrock may route a geographic cross-Region inference profile: every commercial region
 * of its geography (a profile routes to a subset per model; `bedrock.destinationRegions`
 * narrows it), from https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html.
 */
const INFERENCE_PROFILE_GEOGRAPHIES: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  ca: ['ca-central-1', 'ca-west-1'],
  eu: [
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
  ],
  apac: [
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
};

/**
 * Bedrock Converse (authorised as bedrock:InvokeModel) on the configured model. A foundation
 * model ID: the model in the stack's region. A cross-Region inference profile ID (`us.`, `eu.`,
 * `global.`, …): the profile in the stack's region, and the foundation model in every region it
 * may route to (a global profile: any region, the region-less ARN), usable only through that
 * profile (`bedrock:InferenceProfileArn`), as
 * https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference-prereq.html asks.
 * An ARN (an application inference profile, a provisioned model) is granted as given.
 *
 * @example
 * ```ts
 * bedrockStatements(config, location).map((statement) => statement.Sid); // ['BedrockInferenceProfile', 'BedrockModelThroughProfile']
 * ```
 */
export function bedrockStatements(config: AgentConfig, location: StackLocation): PolicyStatement[] {
  const { modelId, destinationRegions } = config.bedrock;
  const action = ['bedrock:InvokeModel'];
  const { partition, region, accountId } = location;
  if (modelId.startsWith('arn:'))
    return [{ Sid: 'BedrockConverse', Effect: 'Allow', Action: action, Resource: [modelId] }];
  const profile = /^(global|us-gov|us|eu|apac|jp|au|ca)\.(.+)$/.exec(modelId);
  const foundationModel = (where: string, id: string) =>
    `arn:${partition}:bedrock:${where}::foundation-model/${id}`;
  if (!profile) {
    return [
      {
        Sid: 'BedrockConverse',
        Effect: 'Allow',
        Action: action,
        Resource: [foundationModel(region, modelId)],
      },
    ];
  }
  const [, geography, model] = profile as unknown as [string, string, string];
  const profileArn = `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`;
  const destinations = [
    ...new Set([
      region,
      ...(destinationRegions ??
        (geography === 'global' ? [] : (INFERENCE_PROFILE_GEOGRAPHIES[geography] ?? []))),
    ]),
  ];
  return [
    { Sid: 'BedrockInferenceProfile', Effect: 'Allow', Action: action, Resource: [profileArn] },
    {
      Sid: 'BedrockModelThroughProfile',
      Effect: 'Allow',
      Action: action,
      Resource: [
        ...destinations.map((destination) => foundationModel(destination, model)),
        ...(geography === 'global' ? [foundationModel('', model)] : []),
      ],
      Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
    },
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

/**
 * The action EventBridge needs, through the targets role, to deliver to a target of each
 * service. SQS, SNS, Lambda and CloudWatch Logs targets are authorised by their own resource
 * policies instead (which must allow events.amazonaws.com), so they need no role. The template
 * reads the same table to build its per-slot statements.
 */
export const ROLE_DELIVERY_ACTIONS: Readonly<Record<string, string>> = {
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
  return serviceOfArn(arn) in ROLE_DELIVERY_ACTIONS;
}

/** Whether eks-upgrade can deliver rule events to this kind of target at all. */
export function isSupportedTarget(arn: string): boolean {
  return targetNeedsRole(arn) || RESOURCE_POLICY_TARGETS.has(serviceOfArn(arn));
}

/**
 * The EventBridge targets role: deliver the rules' events to the notification targets, nothing
 * else. One statement per target that needs the role, `DeliverToTarget<n>` for the n-th of
 * `targetArns` (the `--notify-arn` order), which is what the template's `NotificationTargetArns`
 * slot n grants, so the two paths give the same document.
 *
 * @example
 * ```ts
 * eventsRolePolicy([queueArn, machineArn]).Statement; // [{ Sid: 'DeliverToTarget2', Action: ['states:StartExecution'], ... }]
 * ```
 */
export function eventsRolePolicy(targetArns: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: targetArns.flatMap((arn, index) => {
      const action = ROLE_DELIVERY_ACTIONS[serviceOfArn(arn)];
      return action
        ? [
            {
              Sid: `DeliverToTarget${index + 1}`,
              Effect: 'Allow' as const,
              Action: [action],
              Resource: [arn],
            },
          ]
        : [];
    }),
  };
}
