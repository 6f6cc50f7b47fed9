import { AgentConfigSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { operatorPolicyDocument } from './operator-policy.js';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const states = (resource: string) => `arn:aws:states:eu-west-1:111122223333:${resource}`;
const eks = (resource: string) => `arn:aws:eks:eu-west-1:111122223333:${resource}`;

describe('Function: operatorPolicyDocument', () => {
  it("grants the day-to-day commands this stack's machine, executions, configuration, bus, functions and what plan reads", () => {
    // Prepare
    const config = AgentConfigSchema.parse({ permissions: { clusterNames: ['prod'] } });

    // Act
    const policy = operatorPolicyDocument(config, location);

    // Assess
    const profile =
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-6';
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'FindStateMachine', Effect: 'Allow', Action: ['states:ListStateMachines'], Resource: '*' },
        {
          Sid: 'StartUpgrades',
          Effect: 'Allow',
          Action: ['states:DescribeStateMachineAlias', 'states:StartExecution'],
          Resource: [
            states('stateMachine:eks-upgrade-workflow'),
            states('stateMachine:eks-upgrade-workflow:*'),
          ],
        },
        {
          Sid: 'ListExecutions',
          Effect: 'Allow',
          Action: ['states:ListExecutions'],
          Resource: [states('stateMachine:eks-upgrade-workflow'), states('mapRun:eks-upgrade-workflow/*')],
        },
        {
          Sid: 'ReadExecutions',
          Effect: 'Allow',
          Action: ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:ListMapRuns'],
          Resource: [states('execution:eks-upgrade-workflow:*')],
        },
        {
          Sid: 'ReadStepChildExecutions',
          Effect: 'Allow',
          Action: ['states:GetExecutionHistory'],
          Resource: [states('execution:eks-upgrade-workflow/*')],
        },
        {
          Sid: 'StopOrRedriveExecutions',
          Effect: 'Allow',
          Action: ['states:RedriveExecution', 'states:StopExecution'],
          Resource: [states('execution:eks-upgrade-workflow:*')],
        },
        {
          Sid: 'AnswerGates',
          Effect: 'Allow',
          Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'],
          Resource: '*',
        },
        {
          Sid: 'ReadConfiguration',
          Effect: 'Allow',
          Action: ['ssm:GetParametersByPath'],
          Resource: ['arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent/config'],
        },
        {
          Sid: 'WriteConfiguration',
          Effect: 'Allow',
          Action: ['ssm:DeleteParameters', 'ssm:PutParameter'],
          Resource: ['arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent/config/*'],
        },
        {
          Sid: 'PublishEvents',
          Effect: 'Allow',
          Action: ['events:PutEvents'],
          Resource: ['arn:aws:events:eu-west-1:111122223333:event-bus/default'],
        },
        { Sid: 'ListRules', Effect: 'Allow', Action: ['events:ListRules'], Resource: '*' },
        { Sid: 'ListFunctions', Effect: 'Allow', Action: ['lambda:ListFunctions'], Resource: '*' },
        {
          Sid: 'InvokePhaseFunctions',
          Effect: 'Allow',
          Action: ['lambda:InvokeFunction'],
          Resource: ['perception', 'reasoning', 'execution', 'validation', 'rollback'].map(
            (phase) => `arn:aws:lambda:eu-west-1:111122223333:function:eks-upgrade-agent-${phase}`,
          ),
        },
        {
          Sid: 'ScheduleStarts',
          Effect: 'Allow',
          Action: ['scheduler:CreateSchedule'],
          Resource: ['arn:aws:scheduler:eu-west-1:111122223333:schedule/default/*'],
        },
        {
          Sid: 'PassSchedulerRole',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: ['arn:aws:iam::111122223333:role/eks-upgrade-workflow-scheduler-role'],
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
        {
          Sid: 'PlanAccountWide',
          Effect: 'Allow',
          Action: [
            'ec2:DescribeLaunchTemplateVersions',
            'eks:DescribeAddonVersions',
            'eks:DescribeClusterVersions',
          ],
          Resource: ['*'],
        },
        {
          Sid: 'PlanRead',
          Effect: 'Allow',
          Action: [
            'eks:DescribeAddon',
            'eks:DescribeCluster',
            'eks:DescribeInsight',
            'eks:DescribeInsightsRefresh',
            'eks:DescribeNodegroup',
            'eks:ListAddons',
            'eks:ListFargateProfiles',
            'eks:ListInsights',
            'eks:ListNodegroups',
          ],
          Resource: [eks('addon/*/*/*'), eks('cluster/*'), eks('nodegroup/*/*/*')],
        },
        {
          Sid: 'PlanUpgrade',
          Effect: 'Allow',
          Action: ['eks:StartInsightsRefresh'],
          Resource: [eks('cluster/prod')],
        },
        {
          Sid: 'PlanUpgradeTagged',
          Effect: 'Allow',
          Action: ['eks:StartInsightsRefresh'],
          Resource: [eks('cluster/*')],
          Condition: { StringEquals: { 'aws:ResourceTag/eks-upgrade:managed': 'true' } },
        },
        {
          Sid: 'PlanBedrockInferenceProfile',
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel'],
          Resource: [profile],
        },
        {
          Sid: 'PlanBedrockModelThroughProfile',
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel'],
          Resource: [
            'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6',
            'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6',
          ],
          Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
        },
      ],
    });
  });

  it('follows the configuration: prefix, machine, bus, functions; no Bedrock when it is off', () => {
    // Prepare
    const config = AgentConfigSchema.parse({
      parameterStore: { parameterPrefix: '/team-a/upgrades/' },
      stepFunctions: { stateMachineName: 'team-a-workflow' },
      eventBridge: { busName: 'team-a-bus' },
      lambda: { functionPrefix: 'team-a' },
      bedrock: { enabled: false },
    });

    // Act
    const policy = operatorPolicyDocument(config, location);

    // Assess
    const resourcesOf = (sid: string) =>
      policy.Statement.find((statement) => statement.Sid === sid)?.Resource;
    expect(resourcesOf('ReadConfiguration')).toEqual([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/team-a/upgrades/config',
    ]);
    expect(resourcesOf('WriteConfiguration')).toEqual([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/team-a/upgrades/config/*',
    ]);
    expect(resourcesOf('ReadStepChildExecutions')).toEqual([states('execution:team-a-workflow/*')]);
    expect(resourcesOf('PublishEvents')).toEqual([
      'arn:aws:events:eu-west-1:111122223333:event-bus/team-a-bus',
    ]);
    expect(resourcesOf('InvokePhaseFunctions')).toContain(
      'arn:aws:lambda:eu-west-1:111122223333:function:team-a-execution',
    );
    expect(resourcesOf('PassSchedulerRole')).toEqual([
      'arn:aws:iam::111122223333:role/team-a-workflow-scheduler-role',
    ]);
    expect(policy.Statement.flatMap((statement) => statement.Action)).not.toContain('bedrock:InvokeModel');
    // No configuration key is a secret: no command decrypts or encrypts with KMS.
    expect(
      policy.Statement.flatMap((statement) => statement.Action).filter((action) => action.startsWith('kms:')),
    ).toEqual([]);
  });

  it("fits IAM's 6,144-character managed policy limit for a large configuration", () => {
    // Prepare: the managed policy quota (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
    // the configuration functionRolePolicy's limit is checked with, and a geographic Bedrock profile.
    const config = AgentConfigSchema.parse({
      bedrock: { modelId: 'eu.anthropic.claude-sonnet-4-6' },
      permissions: {
        regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        clusterNames: ['prod-a', 'prod-b', 'prod-c', 'prod-d', 'prod-e'],
      },
    });

    // Act
    const policy = operatorPolicyDocument(config, location);

    // Assess (IAM counts the document without whitespace)
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(6144);
  });
});
