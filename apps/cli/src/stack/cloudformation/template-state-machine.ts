import { type AgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import {
  createUpgradeStateMachineDefinition,
  WORKFLOW_ALIAS_NAME,
  workflowOptionsFromConfig,
} from '@eks-upgrade/sfn';
import { MANAGED_TAG, type StackNames } from '../stack-names.js';
import { toCloudFormation } from './intrinsics.js';
import type { TemplateResource } from './stack-template.js';
import { LOGICAL_IDS } from './template-logical-ids.js';
import { CLOUDFORMATION_MANAGED_TAG } from './template-tags.js';

/** The state machine (definition minified), a published version of it and the `live` alias. */
export function stateMachineResources(
  config: AgentConfig,
  names: StackNames,
  cliVersion: string,
): Record<string, TemplateResource> {
  const resources: Record<string, TemplateResource> = {};
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
      Description: `eks-upgrade ${cliVersion}`,
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
  return resources;
}
