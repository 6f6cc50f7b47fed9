import { type AgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import type { RoleSpec } from '../iam-roles.js';
import { operatorPolicyDocument } from '../operator-policy.js';
import type { StackNames } from '../stack-names.js';
import { eventsRoleSpec, roleSpecs } from '../stack-role-specs.js';
import { TEMPLATE_LOCATION, toCloudFormation, toSubText } from './intrinsics.js';
import type { TemplateResource } from './stack-template.js';
import { CREATE_OPERATOR_POLICY, LOGICAL_IDS } from './template-logical-ids.js';
import { eventsRoleSlotPolicy, NOTIFICATION_IDS } from './template-notification-targets.js';
import { expandListTokens, withListTokens } from './template-parameters.js';
import { tags } from './template-tags.js';

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
 * The roles deploy creates (the functions', the state machine's, the targets' and the
 * scheduler's) and the opt-in operator policy.
 */
export function roleResources(config: AgentConfig, names: StackNames): Record<string, TemplateResource> {
  const resources: Record<string, TemplateResource> = {};
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
  return resources;
}
