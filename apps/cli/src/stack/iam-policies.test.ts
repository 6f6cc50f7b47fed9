import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  eventsRolePolicy,
  functionRolePolicy,
  gatewayActionsOf,
  stateMachineRolePolicy,
  targetNeedsRole,
  trustPolicy,
} from './iam-policies.js';
import { stackNames } from './stack-names.js';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const config = createDefaultAgentConfig();

function actionsOf(policy: { Statement: readonly { Action: readonly string[] }[] }): string[] {
  return policy.Statement.flatMap((statement) => statement.Action).sort();
}

describe('Function: functionRolePolicy', () => {
  it('gives each phase exactly its own actions', () => {
    // Act
    const byPhase = Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [phase, actionsOf(functionRolePolicy(phase, config, location))]),
    );

    // Assess
    const common = [
      'kms:Decrypt',
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'ssm:GetParametersByPath',
    ];
    expect(byPhase.reasoning).toEqual([...common, 'bedrock:InvokeModel'].sort());
    expect(byPhase.perception).toEqual(
      [
        ...common,
        'eks:DescribeAddon',
        'eks:DescribeAddonVersions',
        'eks:DescribeCluster',
        'eks:DescribeClusterVersions',
        'eks:DescribeInsight',
        'eks:DescribeNodegroup',
        'eks:ListAddons',
        'eks:ListFargateProfiles',
        'eks:ListInsights',
        'eks:ListNodegroups',
      ].sort(),
    );
    // Perception and reasoning only read; validation may only move a deletion on.
    expect(
      byPhase.validation!.filter(
        (action) => /:(Update|Create|Change)/.test(action) && !action.startsWith('logs:'),
      ),
    ).toEqual([]);
    for (const phase of ['perception', 'reasoning'] as const) {
      expect(
        byPhase[phase]!.filter(
          (action) => !action.startsWith('logs:') && /:(Update|Create|Delete|Change)/.test(action),
        ),
        phase,
      ).toEqual([]);
    }
    expect(byPhase.execution).toEqual(
      expect.arrayContaining([
        'eks:UpdateClusterVersion',
        'route53:ChangeResourceRecordSets',
        'iam:PassRole',
      ]),
    );
    expect(byPhase.rollback).not.toContain('eks:CreateCluster');
    expect(byPhase.validation).toContain('cloudwatch:DescribeAlarms');
    // Exactly what execution calls: in-place updates, the green cluster with its node groups and
    // add-ons, traffic, and deleting the blue cluster.
    expect(byPhase.execution).toEqual(
      [
        ...common,
        'eks:CreateAddon',
        'eks:CreateCluster',
        'eks:CreateNodegroup',
        'eks:DeleteCluster',
        'eks:DeleteNodegroup',
        'eks:DescribeAddon',
        'eks:DescribeCluster',
        'eks:DescribeNodegroup',
        'eks:DescribeUpdate',
        'eks:ListAddons',
        'eks:ListNodegroups',
        'eks:ListUpdates',
        'eks:TagResource',
        'eks:UpdateAddon',
        'eks:UpdateClusterVersion',
        'eks:UpdateNodegroupVersion',
        'iam:PassRole',
        'route53:ChangeResourceRecordSets',
        'route53:ListResourceRecordSets',
      ].sort(),
    );
    // Validation waits for a traffic change to be INSYNC; rollback does not wait for it.
    expect(byPhase.validation).toContain('route53:GetChange');
    expect(byPhase.execution).not.toContain('route53:GetChange');
    expect(byPhase.rollback).not.toContain('route53:GetChange');
    expect(byPhase.rollback!.filter((action) => /^eks:Create|^iam:/.test(action))).toEqual([]);
  });

  it('scopes the green bootstrap actions to the resources AWS authorises them on', () => {
    // Act
    const execution = functionRolePolicy('execution', config, location);
    const validation = functionRolePolicy('validation', config, location);

    // Assess
    const resourceOf = (policy: typeof execution, action: string) =>
      policy.Statement.find((statement) => statement.Action.includes(action))?.Resource;
    // CreateNodegroup and CreateAddon are authorised on the cluster they add to.
    expect(resourceOf(execution, 'eks:CreateNodegroup')).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
    ]);
    expect(resourceOf(execution, 'eks:CreateAddon')).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
    ]);
    expect(resourceOf(execution, 'eks:DescribeNodegroup')).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ]);
    // Tags set at creation are authorised on the new cluster, node group or add-on.
    expect(resourceOf(execution, 'eks:TagResource')).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
    ]);
    expect(resourceOf(validation, 'route53:GetChange')).toEqual(['arn:aws:route53:::change/*']);
  });

  it('scopes resources to the function, the configuration path and the account', () => {
    // Act
    const policy = functionRolePolicy('execution', config, location);

    // Assess
    const byAction = (action: string) =>
      policy.Statement.find((statement) => statement.Action.includes(action));
    expect(byAction('logs:PutLogEvents')?.Resource).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/eks-upgrade-agent-execution:log-stream:*',
    ]);
    expect(byAction('ssm:GetParametersByPath')?.Resource).toEqual([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent/*',
    ]);
    expect(byAction('kms:Decrypt')?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' },
    });
    expect(byAction('eks:UpdateNodegroupVersion')?.Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ]);
    expect(byAction('iam:PassRole')?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' },
    });
    expect(byAction('route53:ChangeResourceRecordSets')?.Resource).toEqual([
      'arn:aws:route53:::hostedzone/*',
    ]);
  });

  it('leaves Bedrock out of the reasoning role when Bedrock is disabled', () => {
    // Prepare
    const withoutBedrock = { ...config, bedrock: { ...config.bedrock, enabled: false } };

    // Act
    const actions = actionsOf(functionRolePolicy('reasoning', withoutBedrock, location));

    // Assess
    expect(actions).not.toContain('bedrock:InvokeModel');
  });
});

describe('Function: stateMachineRolePolicy', () => {
  it('invokes only the five phase functions and publishes only to the configured bus', () => {
    // Act
    const policy = stateMachineRolePolicy(config, location);

    // Assess
    expect(actionsOf(policy)).toEqual(['events:PutEvents', 'lambda:InvokeFunction']);
    const functions = policy.Statement[0]!.Resource as string[];
    expect(functions).toHaveLength(10);
    expect(functions).toContain('arn:aws:lambda:eu-west-1:111122223333:function:eks-upgrade-agent-rollback');
    expect(policy.Statement[1]!.Resource).toEqual([
      'arn:aws:events:eu-west-1:111122223333:event-bus/default',
    ]);
  });
});

describe('Function: eventsRolePolicy', () => {
  it('allows delivery only to the role-based targets it is given', () => {
    // Act
    const policy = eventsRolePolicy([
      'arn:aws:states:eu-west-1:111122223333:stateMachine:on-call',
      'arn:aws:kinesis:eu-west-1:111122223333:stream/audit',
    ]);

    // Assess
    expect(policy.Statement.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['states:StartExecution'], ['arn:aws:states:eu-west-1:111122223333:stateMachine:on-call']],
      [['kinesis:PutRecord'], ['arn:aws:kinesis:eu-west-1:111122223333:stream/audit']],
    ]);
    expect(targetNeedsRole('arn:aws:sqs:eu-west-1:111122223333:ops')).toBe(false);
  });
});

describe('Function: trustPolicy', () => {
  it('lets one service assume the role', () => {
    expect(trustPolicy('lambda.amazonaws.com')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
  });
});

describe('Function: stackNames', () => {
  it('derives every name from the configuration', () => {
    // Act
    const names = stackNames({ ...config, lambda: { ...config.lambda, functionPrefix: 'team-a' } });

    // Assess
    expect(names.functions.validation).toBe('team-a-validation');
    expect(names.functionRoles.validation).toBe('team-a-validation-role');
    expect(names.stateMachineRole).toBe('eks-upgrade-workflow-role');
    expect([names.monitoringRule, names.rollbackTriggerRule]).toEqual([
      'eks-upgrade-monitor',
      'eks-upgrade-rollback-trigger',
    ]);
    expect(gatewayActionsOf('reasoning')).toEqual([]);
  });
});
