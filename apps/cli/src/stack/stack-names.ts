import {
  type AgentConfig,
  phaseFunctionName,
  UPGRADE_PHASES,
  type UpgradePhase,
} from '@eks-upgrade/core-models';

/** Where the stack lives: the partition, region and account every ARN is built from. */
export interface StackLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** The names of everything `deploy` creates, derived from the agent configuration. */
export interface StackNames {
  readonly functions: Readonly<Record<UpgradePhase, string>>;
  readonly functionRoles: Readonly<Record<UpgradePhase, string>>;
  readonly stateMachine: string;
  readonly stateMachineRole: string;
  readonly eventsRole: string;
  readonly monitoringRule: string;
  readonly rollbackTriggerRule: string;
}

/** The tag every role deploy creates carries; destroy deletes only roles that carry it. */
export const MANAGED_TAG = { Key: 'eks-upgrade:managed-by', Value: 'eks-upgrade-cli' } as const;

/**
 * The stack's names: functions `<functionPrefix>-<phase>`, their roles `<function>-role`, the
 * state machine and its role `<stateMachine>-role`, the EventBridge targets role
 * `<rulePrefix>-events-role`, and the rules `<rulePrefix>-monitor` and
 * `<rulePrefix>-rollback-trigger`.
 *
 * @example
 * ```ts
 * stackNames(createDefaultAgentConfig()).functionRoles.perception; // 'eks-upgrade-agent-perception-role'
 * ```
 */
export function stackNames(config: AgentConfig): StackNames {
  const functions = Object.fromEntries(
    UPGRADE_PHASES.map((phase) => [phase, phaseFunctionName(phase, config.lambda.functionPrefix)]),
  ) as Record<UpgradePhase, string>;
  const functionRoles = Object.fromEntries(
    UPGRADE_PHASES.map((phase) => [phase, `${functions[phase]}-role`]),
  ) as Record<UpgradePhase, string>;
  const rulePrefix = config.eventBridge.rulePrefix;
  return {
    functions,
    functionRoles,
    stateMachine: config.stepFunctions.stateMachineName,
    stateMachineRole: `${config.stepFunctions.stateMachineName}-role`.slice(0, 64),
    eventsRole: `${rulePrefix}-events-role`.slice(0, 64),
    monitoringRule: `${rulePrefix}-monitor`,
    rollbackTriggerRule: `${rulePrefix}-rollback-trigger`,
  };
}

/** ARN builders for one location. */
export function arnsFor(location: StackLocation) {
  const { partition, region, accountId } = location;
  return {
    function: (name: string) => `arn:${partition}:lambda:${region}:${accountId}:function:${name}`,
    stateMachine: (name: string) => `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}`,
    execution: (machine: string) => `arn:${partition}:states:${region}:${accountId}:execution:${machine}:*`,
    role: (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`,
    logGroup: (name: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`,
    parameters: (path: string) => `arn:${partition}:ssm:${region}:${accountId}:parameter${path}`,
    eventBus: (name: string) =>
      name.startsWith('arn:') ? name : `arn:${partition}:events:${region}:${accountId}:event-bus/${name}`,
    /** A rule's ARN: `rule/<name>` on the default bus, `rule/<bus>/<name>` on another. */
    rule: (busName: string, name: string) => {
      const bus = busName.replace(/^arn:.*:event-bus\//, '');
      return `arn:${partition}:events:${region}:${accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
    },
    bedrockModel: (modelId: string) =>
      modelId.startsWith('arn:')
        ? modelId
        : `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`,
    bedrockInferenceProfile: (modelId: string) =>
      `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`,
  };
}
