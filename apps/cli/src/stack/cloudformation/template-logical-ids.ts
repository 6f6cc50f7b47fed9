import type { UpgradePhase } from '@eks-upgrade/core-models';

// The logical IDs and condition names the template's resources are known by.

/** A phase's name in PascalCase, as its logical IDs spell it. */
export const PASCAL: Readonly<Record<UpgradePhase, string>> = {
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
export const CREATE_OPERATOR_POLICY = 'OperatorPolicyWanted';

/** A logical ID for a configuration parameter: `Config` + the key path in PascalCase. */
export function configurationLogicalId(keyPath: string): string {
  const words = keyPath.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  return `Config${words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')}`.slice(0, 255);
}
