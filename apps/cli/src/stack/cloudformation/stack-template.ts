import {
  AGENT_CONFIG_NAME,
  type AgentConfig,
  UPGRADE_PHASES,
  type UpgradePhase,
  ValidationError,
} from '@eks-upgrade/core-models';
import { getAllLambdaTemplates } from '@eks-upgrade/lambda-templates';
import { configurationRoot, encodeConfiguration } from '@eks-upgrade/params';
import {
  createUpgradeStateMachineDefinition,
  WORKFLOW_ALIAS_NAME,
  workflowOptionsFromConfig,
} from '@eks-upgrade/sfn';
import type { RoleSpec } from '../iam-roles.js';
import { operatorPolicyDocument } from '../operator-policy.js';
import { eventsRoleSpec, roleSpecs } from '../stack-deployer.js';
import { MANAGED_TAG, stackNames } from '../stack-names.js';
import { RULE_TARGET_ID_PREFIXES, stackRules } from '../stack-rules.js';
import { TEMPLATE_LOCATION, toCloudFormation, toSubText } from './intrinsics.js';
import {
  eventsRoleSlotPolicy,
  functionPermissions,
  logGroupPolicies,
  NOTIFICATION_IDS,
  NOTIFICATION_TARGET_PATTERN,
  NOTIFICATION_TARGETS,
  notificationConditions,
  policyStatementOutputs,
  ruleTargets,
} from './template-notification-targets.js';
import {
  assertNoTokenLeft,
  checkListDefaults,
  emptyCondition,
  expandListTokens,
  LIST_PARAMETERS,
  listConditions,
  listParameterValues,
  PREFIX_PATTERN,
  PREFIX_TOKEN,
  slotCondition,
  slotItem,
  withListTokens,
} from './template-parameters.js';

/** A CloudFormation template as a plain object (rendered by `renderTemplate`). */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Metadata: Readonly<Record<string, unknown>>;
  readonly Parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly Conditions: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One resource of the template. */
export interface TemplateResource {
  readonly Type: string;
  /** Created only when this template condition holds. */
  readonly Condition?: string;
  readonly Properties: Readonly<Record<string, unknown>>;
  readonly DependsOn?: readonly string[];
}

/** The content-addressed S3 key of each phase zip, below the `CodeKeyPrefix` parameter. */
export type PhaseCodeKeys = Readonly<Record<UpgradePhase, string>>;

/** What the template is synthesized from: the same inputs `deploy` takes. */
export interface StackTemplateInput {
  readonly config: AgentConfig;
  /** The SSM prefix the configuration is stored under (`--prefix`, as deploy). */
  readonly parameterPrefix: string;
  /** The `--notify-arn` targets: the Default of the `NotificationTargetArns` parameter. */
  readonly notifyArns: readonly string[];
  /** Key of each zip relative to `CodeKeyPrefix` (see `codeKeyOf`). */
  readonly codeKeys: PhaseCodeKeys;
  /** Defaults of the code location parameters (from `--upload-to`), when known. */
  readonly codeBucket?: string | undefined;
  readonly codeKeyPrefix?: string | undefined;
  /** Written into the template's Metadata. */
  readonly cliVersion: string;
}

/** The tag on what the template creates (a direct-API `destroy` leaves such roles alone). */
export const CLOUDFORMATION_MANAGED_TAG = {
  Key: MANAGED_TAG.Key,
  Value: 'eks-upgrade-cloudformation',
} as const;

/** CloudFormation's limit of resources in one template. */
export const MAX_TEMPLATE_RESOURCES = 500;

/** Retention of the functions' log groups unless the `LogRetentionInDays` parameter says otherwise. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

const PASCAL: Readonly<Record<UpgradePhase, string>> = {
  perception: 'Perception',
  reasoning: 'Reasoning',
  execution: 'Execution',
  validation: 'Validation',
  rollback: 'Rollback',
};

/**
 * Logical IDs of the resources, fixed so that a change set updates a resource in place instead
 * of replacing it.
 */
export const LOGICAL_IDS = {
  functionRole: (phase: UpgradePhase) => `${PASCAL[phase]}FunctionRole`,
  function: (phase: UpgradePhase) => `${PASCAL[phase]}Function`,
  logGroup: (phase: UpgradePhase) => `${PASCAL[phase]}LogGroup`,
  stateMachineRole: 'StateMachineRole',
  stateMachine: 'StateMachine',
  stateMachineVersion: 'StateMachineVersion',
  stateMachineAlias: 'StateMachineAlias',
  eventsRole: 'EventsRole',
  schedulerRole: 'SchedulerRole',
  eventBus: 'EventBus',
  monitoringRule: 'MonitoringRule',
  rollbackTriggerRule: 'RollbackTriggerRule',
  operatorPolicy: 'OperatorPolicy',
} as const;

/** The condition under which the template creates the operator policy (parameter `CreateOperatorPolicy`). */
const CREATE_OPERATOR_POLICY = 'OperatorPolicyWanted';

/** A logical ID for a configuration parameter: `Config` + the key path in PascalCase. */
export function configurationLogicalId(keyPath: string): string {
  const words = keyPath.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  return `Config${words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')}`.slice(0, 255);
}

const tags = (extra: Record<string, string> = {}) => [
  { Key: CLOUDFORMATION_MANAGED_TAG.Key, Value: CLOUDFORMATION_MANAGED_TAG.Value },
  ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
];

/**
 * The configuration as the template stores it: below the `Prefix` parameter, with the
 * permissions lists taken from their list parameters (one parameter per item, as the params
 * package encodes a list, each created only when its slot holds an item; `.json` `[]` when
 * the list is empty), so the stored configuration and the IAM policies read the same values.
 */
function configurationResources(config: AgentConfig): Record<string, TemplateResource> {
  const root = configurationRoot(PREFIX_TOKEN, AGENT_CONFIG_NAME);
  const { parameters, issues } = encodeConfiguration(config, root);
  if (issues.length > 0) throw new ValidationError('Invalid agent configuration', issues);
  const secure = parameters.filter((parameter) => parameter.secure);
  if (secure.length > 0) {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html
    // (Type: String or StringList; CloudFormation cannot create SecureString parameters).
    throw new ValidationError('CloudFormation cannot create SecureString parameters', [
      ...secure.map((parameter) => ({
        path: parameter.keyPath,
        message:
          'is sensitive (stored as SecureString); remove it from the configuration the template is built from and set it after the stack is created with `eks-upgrade config set`',
      })),
    ]);
  }
  const listKey = (keyPath: string) =>
    LIST_PARAMETERS.find(
      (parameter) =>
        keyPath === `permissions.${parameter.key}` || keyPath.startsWith(`permissions.${parameter.key}[`),
    );
  const resources: Record<string, TemplateResource> = {};
  const add = (keyPath: string, resource: Omit<TemplateResource, 'Type'>) => {
    let id = configurationLogicalId(keyPath);
    for (let suffix = 2; resources[id]; suffix += 1) id = `${configurationLogicalId(keyPath)}${suffix}`;
    resources[id] = { Type: 'AWS::SSM::Parameter', ...resource };
  };
  const stringParameter = (name: string, value: unknown, keyPath: string) => ({
    Name: toCloudFormation(name),
    Type: 'String',
    Value: toCloudFormation(value),
    Description: `eks-upgrade configuration: ${keyPath}`,
  });
  for (const parameter of parameters) {
    if (listKey(parameter.keyPath)) continue;
    add(parameter.keyPath, {
      Properties: stringParameter(parameter.name, parameter.value, parameter.keyPath),
    });
  }
  for (const list of LIST_PARAMETERS) {
    const keyPath = `permissions.${list.key}`;
    const probe = (items: string[]) =>
      encodeConfiguration({ permissions: { [list.key]: items } }, root).parameters.map((item) => item.name);
    probe(Array.from({ length: list.slots }, (_, index) => `item${index}`)).forEach((name, index) => {
      add(`${keyPath}[${index}]`, {
        Condition: slotCondition(list, index),
        Properties: { ...stringParameter(name, '', keyPath), Value: slotItem(list, index) },
      });
    });
    const [emptyName] = probe([]);
    if (emptyName)
      add(keyPath, {
        Condition: emptyCondition(list),
        Properties: stringParameter(emptyName, '[]', keyPath),
      });
  }
  return resources;
}

function role(spec: RoleSpec): TemplateResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: spec.name,
      Description: spec.description,
      AssumeRolePolicyDocument: toCloudFormation(spec.trust),
      Policies: [
        {
          PolicyName: spec.policyName,
          PolicyDocument: toCloudFormation(expandListTokens(spec.policy, toSubText)),
        },
      ],
      Tags: tags(),
    },
  };
}

/**
 * The whole stack as a CloudFormation template, built by the functions `deploy` uses: the same
 * role names, trust and inline policies (`iam-policies.ts`, with the account, region and
 * partition as pseudo parameters), the same five functions (`getAllLambdaTemplates`, code from
 * the `CodeBucket` parameter), the same state machine definition (minified into
 * `DefinitionString`) plus a published version and the `live` alias, the same rules and targets
 * (`stackRules`), the configuration as one `AWS::SSM::Parameter` per value (the params package's
 * encoding), a log group per function, and the custom event bus when one is configured.
 *
 * @example
 * ```ts
 * const template = synthesizeStackTemplate({ config, parameterPrefix: '/eks-upgrade-agent/', notifyArns: [], codeKeys, cliVersion: '0.1.0' });
 * Object.keys(template.Resources).length;
 * ```
 */
export function synthesizeStackTemplate(input: StackTemplateInput): CloudFormationTemplate {
  checkListDefaults(input.config);
  // What the functions read follows the Prefix parameter when it is where the configuration is stored.
  const config: AgentConfig =
    input.config.parameterStore.parameterPrefix === input.parameterPrefix
      ? { ...input.config, parameterStore: { ...input.config.parameterStore, parameterPrefix: PREFIX_TOKEN } }
      : input.config;
  const names = stackNames(config);
  const resources: Record<string, TemplateResource> = { ...configurationResources(config) };

  // The roles deploy creates (roleSpecs), with the location as pseudo parameters and the
  // permissions lists as their parameters.
  const specs = roleSpecs(withListTokens(config), TEMPLATE_LOCATION, []);
  for (const phase of UPGRADE_PHASES)
    resources[LOGICAL_IDS.functionRole(phase)] = role(specs.functions[phase]);
  resources[LOGICAL_IDS.stateMachineRole] = role(specs.stateMachine);
  // The targets role, when a slot of NotificationTargetArns needs it, granting exactly those targets.
  const eventsSpec = eventsRoleSpec(config, TEMPLATE_LOCATION, []);
  const eventsRole = role(eventsSpec);
  resources[LOGICAL_IDS.eventsRole] = {
    ...eventsRole,
    Condition: NOTIFICATION_IDS.anyNeedsRole,
    Properties: {
      ...eventsRole.Properties,
      Policies: [{ PolicyName: eventsSpec.policyName, PolicyDocument: eventsRoleSlotPolicy() }],
    },
  };
  resources[LOGICAL_IDS.schedulerRole] = role(specs.scheduler);
  // What operators need for the day-to-day commands (`eks-upgrade operator-policy` prints the
  // same document), for the team to attach to its operator roles; the stack attaches it to none.
  resources[LOGICAL_IDS.operatorPolicy] = {
    Type: 'AWS::IAM::ManagedPolicy',
    Condition: CREATE_OPERATOR_POLICY,
    Properties: {
      Description: `eks-upgrade operators of ${names.stateMachine}: plan, start, watch, status, approve, reject, resume, stop, history, config (eks-upgrade operator-policy)`,
      PolicyDocument: toCloudFormation(
        expandListTokens(operatorPolicyDocument(withListTokens(config), TEMPLATE_LOCATION), toSubText),
      ),
    },
  };

  const functions = getAllLambdaTemplates({
    // Validated like deploy's; the template sets Role and Code itself (below).
    role: 'arn:aws:iam::000000000000:role/eks-upgrade-template-placeholder',
    code: () => ({ zipPath: 'template' }),
    functionPrefix: config.lambda.functionPrefix,
    parameterPrefix: config.parameterStore.parameterPrefix,
    eventBusName: config.eventBridge.busName,
    logLevel: config.agent.logLevel,
    runtime: config.lambda.runtime,
    architecture: config.lambda.architecture,
  });
  UPGRADE_PHASES.forEach((phase, index) => {
    const fn = functions[index];
    if (!fn) return;
    const logGroup = LOGICAL_IDS.logGroup(phase);
    resources[logGroup] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: `/aws/lambda/${fn.name}`,
        RetentionInDays: { Ref: 'LogRetentionInDays' },
      },
    };
    resources[LOGICAL_IDS.function(phase)] = {
      Type: 'AWS::Lambda::Function',
      // The log group first: a function that logs before it exists would create it outside the stack.
      DependsOn: [logGroup],
      Properties: {
        FunctionName: fn.name,
        Description: fn.description,
        Runtime: fn.runtime,
        Handler: fn.handler,
        Role: { 'Fn::GetAtt': [LOGICAL_IDS.functionRole(phase), 'Arn'] },
        Code: {
          S3Bucket: { Ref: 'CodeBucket' },
          S3Key: { 'Fn::Sub': `\${CodeKeyPrefix}${input.codeKeys[phase]}` },
        },
        MemorySize: fn.memorySize,
        Timeout: fn.timeout,
        Architectures: [fn.architecture],
        Environment: { Variables: toCloudFormation(fn.environment) },
        Tags: tags(fn.tags),
      },
    };
  });

  const definition = createUpgradeStateMachineDefinition(workflowOptionsFromConfig(config));
  resources[LOGICAL_IDS.stateMachine] = {
    Type: 'AWS::StepFunctions::StateMachine',
    DependsOn: UPGRADE_PHASES.map((phase) => LOGICAL_IDS.function(phase)),
    Properties: {
      StateMachineName: names.stateMachine,
      StateMachineType: 'STANDARD',
      RoleArn: { 'Fn::GetAtt': [LOGICAL_IDS.stateMachineRole, 'Arn'] },
      // Minified: the template body stays within CloudFormation's limits (51,200 bytes inline).
      DefinitionString: toCloudFormation(JSON.stringify(definition)),
      Tags: [{ Key: MANAGED_TAG.Key, Value: CLOUDFORMATION_MANAGED_TAG.Value }],
    },
  };
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachineversion.html:
  // a new revision ID replaces the version resource, which publishes a new version; the alias
  // moves to it and CloudFormation then deletes the old version, which does not stop the
  // executions still running on it (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html).
  resources[LOGICAL_IDS.stateMachineVersion] = {
    Type: 'AWS::StepFunctions::StateMachineVersion',
    Properties: {
      StateMachineArn: { Ref: LOGICAL_IDS.stateMachine },
      StateMachineRevisionId: { 'Fn::GetAtt': [LOGICAL_IDS.stateMachine, 'StateMachineRevisionId'] },
      Description: `eks-upgrade ${input.cliVersion}`,
    },
  };
  resources[LOGICAL_IDS.stateMachineAlias] = {
    Type: 'AWS::StepFunctions::StateMachineAlias',
    Properties: {
      Name: WORKFLOW_ALIAS_NAME,
      Description: 'eks-upgrade: the version new upgrades start on (moved by each deploy)',
      RoutingConfiguration: [
        { StateMachineVersionArn: { Ref: LOGICAL_IDS.stateMachineVersion }, Weight: 100 },
      ],
    },
  };

  const customBus =
    config.eventBridge.busName !== 'default' && !config.eventBridge.busName.startsWith('arn:');
  if (customBus) {
    resources[LOGICAL_IDS.eventBus] = {
      Type: 'AWS::Events::EventBus',
      Properties: { Name: config.eventBridge.busName },
    };
  }
  // The rules as deploy makes them, their targets from the NotificationTargetArns slots.
  const rules = stackRules(config, { notifyArns: [] });
  const ruleIds = [LOGICAL_IDS.monitoringRule, LOGICAL_IDS.rollbackTriggerRule];
  rules.forEach((rule, index) => {
    const id = ruleIds[index] ?? `Rule${index + 1}`;
    const targetIdPrefix = RULE_TARGET_ID_PREFIXES[index] ?? `rule${index + 1}`;
    resources[id] = {
      Type: 'AWS::Events::Rule',
      ...(customBus ? { DependsOn: [LOGICAL_IDS.eventBus] } : {}),
      Properties: {
        Name: rule.name,
        Description: rule.description,
        EventBusName: config.eventBridge.busName,
        EventPattern: rule.eventPattern,
        State: rule.state ?? 'ENABLED',
        Targets: ruleTargets(targetIdPrefix, LOGICAL_IDS.eventsRole),
      },
    };
  });
  Object.assign(resources, functionPermissions(ruleIds), logGroupPolicies());

  const count = Object.keys(resources).length;
  if (count > MAX_TEMPLATE_RESOURCES) {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    throw new ValidationError('The stack has too many resources for one template', [
      {
        path: '',
        message: `has ${count} resources (one per configuration value among them); CloudFormation allows ${MAX_TEMPLATE_RESOURCES} per template: shorten the lists in the configuration`,
      },
    ]);
  }
  const template: CloudFormationTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `eks-upgrade: the Amazon EKS upgrade workflow (state machine ${names.stateMachine}, five phase functions, rules, configuration). Synthesized by eks-upgrade ${input.cliVersion}.`,
    Metadata: {
      'eks-upgrade': {
        cliVersion: input.cliVersion,
        parameterPrefix: input.parameterPrefix,
        codeKeys: input.codeKeys,
      },
    },
    Parameters: {
      CodeBucket: {
        Type: 'String',
        Description: 'S3 bucket holding the phase function zips (eks-upgrade synth --upload-to uploads them)',
        ...(input.codeBucket ? { Default: input.codeBucket } : {}),
      },
      CodeKeyPrefix: {
        Type: 'String',
        Description: 'Key prefix of the zips in CodeBucket (ends with / unless empty)',
        Default: input.codeKeyPrefix ?? '',
      },
      Prefix: {
        Type: 'String',
        Description:
          'SSM path the configuration is stored below (eks-upgrade --prefix), e.g. /eks-upgrade-agent/: the parameter names, what the functions read and the grant to read it',
        Default: input.parameterPrefix,
        AllowedPattern: PREFIX_PATTERN,
      },
      ...Object.fromEntries(
        LIST_PARAMETERS.map((list) => [
          list.name,
          {
            Type: 'CommaDelimitedList',
            Description: list.description,
            Default: input.config.permissions[list.key].join(','),
            AllowedPattern: list.allowedPattern,
          },
        ]),
      ),
      [NOTIFICATION_TARGETS.name]: {
        Type: 'CommaDelimitedList',
        Description: `Where both rules deliver the upgrade events (eks-upgrade --notify-arn): at most ${NOTIFICATION_TARGETS.slots} ARNs of SQS queues, SNS topics, Lambda functions, CloudWatch Logs groups, Step Functions state machines, event buses, Kinesis streams or Firehose streams, comma-separated. A function or log group (ARN without :*) of this account gets the permissions; a queue or topic needs the statement in its NotificationTarget<n>PolicyStatement output added to its policy.`,
        Default: input.notifyArns.join(','),
        AllowedPattern: NOTIFICATION_TARGET_PATTERN,
      },
      // Not `OperatorPolicy`: parameters and resources share one namespace of logical IDs.
      CreateOperatorPolicy: {
        Type: 'String',
        Description:
          'true: also a managed policy with what operators need for the day-to-day commands (output OperatorPolicyArn; attach it to their roles; eks-upgrade operator-policy prints the same document). IAM allows 6,144 characters in a managed policy, which many clusters and regions may not fit, so it is opt-in.',
        Default: 'false',
        AllowedValues: ['true', 'false'],
      },
      LogRetentionInDays: {
        Type: 'Number',
        Description: 'Days the phase functions keep their logs',
        Default: DEFAULT_LOG_RETENTION_DAYS,
        AllowedValues: [
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
          3653,
        ],
      },
    },
    Conditions: {
      ...listConditions(),
      ...notificationConditions(),
      [CREATE_OPERATOR_POLICY]: { 'Fn::Equals': [{ Ref: 'CreateOperatorPolicy' }, 'true'] },
    },
    Resources: resources,
    Outputs: {
      StateMachineArn: { Description: 'The upgrade workflow', Value: { Ref: LOGICAL_IDS.stateMachine } },
      StateMachineAliasArn: {
        Description: 'Start upgrades through this alias (eks-upgrade start does)',
        Value: { 'Fn::Sub': `\${${LOGICAL_IDS.stateMachine}}:${WORKFLOW_ALIAS_NAME}` },
      },
      ...Object.fromEntries(
        UPGRADE_PHASES.map((phase) => [
          `${PASCAL[phase]}FunctionArn`,
          { Value: { 'Fn::GetAtt': [LOGICAL_IDS.function(phase), 'Arn'] } },
        ]),
      ),
      OperatorPolicyArn: {
        Condition: CREATE_OPERATOR_POLICY,
        Description: 'Attach to the roles of the people and pipelines that run upgrades',
        Value: { Ref: LOGICAL_IDS.operatorPolicy },
      },
      ...policyStatementOutputs(config, ruleIds),
    },
  };
  assertNoTokenLeft(template);
  return template;
}

/**
 * The values of the template's per-account parameters for these synth inputs (their Defaults),
 * which `deploy --via cloudformation` passes explicitly so that the configuration file decides
 * them, not a value an earlier deploy or a console user left on the stack.
 *
 * @example
 * ```ts
 * templateParameterValues({ config, parameterPrefix: '/eks-upgrade-agent/', notifyArns: [] }).ClusterNames; // 'payments-prod,orders-prod'
 * ```
 */
export function templateParameterValues(input: {
  config: AgentConfig;
  parameterPrefix: string;
  notifyArns: readonly string[];
}): Record<string, string> {
  return {
    Prefix: input.parameterPrefix,
    ...listParameterValues(input.config),
    [NOTIFICATION_TARGETS.name]: input.notifyArns.join(','),
  };
}
