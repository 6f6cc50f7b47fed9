import {
  type AgentConfig,
  UPGRADE_PHASES,
  type UpgradePhase,
  ValidationError,
} from '@eks-upgrade/core-models';
import { WORKFLOW_ALIAS_NAME } from '@eks-upgrade/sfn';
import { stackNames } from '../stack-names.js';
import { configurationResources } from './template-configuration.js';
import { functionResources } from './template-functions.js';
import { CREATE_OPERATOR_POLICY, LOGICAL_IDS, PASCAL } from './template-logical-ids.js';
import {
  functionPermissions,
  logGroupPolicies,
  NOTIFICATION_TARGETS,
  notificationConditions,
  policyStatementOutputs,
} from './template-notification-targets.js';
import { templateParameters } from './template-parameter-declarations.js';
import {
  assertNoTokenLeft,
  checkListDefaults,
  listConditions,
  listParameterValues,
  PREFIX_TOKEN,
} from './template-parameters.js';
import { roleResources } from './template-roles.js';
import { ruleResources } from './template-rules.js';
import { stateMachineResources } from './template-state-machine.js';

// The template is put together here from one module per kind of resource (configuration, roles,
// functions, state machine, rules) and the parameter declarations.
export { configurationLogicalId, LOGICAL_IDS } from './template-logical-ids.js';
export { DEFAULT_LOG_RETENTION_DAYS } from './template-parameter-declarations.js';
export { CLOUDFORMATION_MANAGED_TAG } from './template-tags.js';

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

/** CloudFormation's limit of resources in one template. */
export const MAX_TEMPLATE_RESOURCES = 500;

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
  Object.assign(resources, roleResources(config, names));
  Object.assign(resources, functionResources(config, input.codeKeys));
  Object.assign(resources, stateMachineResources(config, names, input.cliVersion));
  const ruleIds = [LOGICAL_IDS.monitoringRule, LOGICAL_IDS.rollbackTriggerRule];
  Object.assign(resources, ruleResources(config, ruleIds));
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
    Parameters: templateParameters(input),
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
