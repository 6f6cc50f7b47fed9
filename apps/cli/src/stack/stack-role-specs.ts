import { type AgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import {
  eventsRolePolicy,
  functionRolePolicy,
  stackTrustPolicies,
  stateMachineRolePolicy,
  targetNeedsRole,
} from './iam-policies.js';
import { type RoleSpec, schedulerRoleSpec } from './iam-roles.js';
import { type StackLocation, stackNames } from './stack-names.js';

/**
 * The EventBridge targets role: assumed by EventBridge for the stack's rules only, delivering to
 * the targets that need it (`eventsRolePolicy`). The template builds its slot policy beside it.
 */
export function eventsRoleSpec(
  config: AgentConfig,
  location: StackLocation,
  notifyArns: readonly string[],
): RoleSpec {
  return {
    name: stackNames(config).eventsRole,
    description: 'EventBridge targets of the eks-upgrade rules',
    trust: stackTrustPolicies(config, location).events,
    policyName: 'targets-least-privilege',
    policy: eventsRolePolicy(notifyArns),
  };
}

/**
 * Every role the stack has: one per phase function, the state machine's, the EventBridge targets'
 * (only when a target needs one) and the Scheduler's. `synth` builds the template's roles from
 * it too, so both paths create the same roles.
 */
export function roleSpecs(config: AgentConfig, location: StackLocation, notifyArns: readonly string[]) {
  const names = stackNames(config);
  const trust = stackTrustPolicies(config, location);
  const functions = Object.fromEntries(
    UPGRADE_PHASES.map((phase) => [
      phase,
      {
        name: names.functionRoles[phase],
        description: `eks-upgrade ${phase} function`,
        trust: trust.lambda,
        policyName: `${phase}-least-privilege`,
        policy: functionRolePolicy(phase, config, location),
      } satisfies RoleSpec,
    ]),
  ) as Record<UpgradePhase, RoleSpec>;
  const stateMachine: RoleSpec = {
    name: names.stateMachineRole,
    description: 'eks-upgrade workflow state machine',
    trust: trust.stateMachine,
    policyName: 'workflow-least-privilege',
    policy: stateMachineRolePolicy(config, location),
  };
  const events = notifyArns.some(targetNeedsRole) ? eventsRoleSpec(config, location, notifyArns) : undefined;
  // Scheduler's role for `start --at`.
  const scheduler = schedulerRoleSpec(config, location);
  return { functions, stateMachine, events, scheduler };
}
