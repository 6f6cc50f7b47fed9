import { createDefaultAgentConfig, UPGRADE_PHASES, type UpgradePhase } from '@eks-upgrade/core-models';
import {
  GATEWAY_OPERATION_GRANTS,
  type IamGrant,
  iamResourceArn,
  PHASE_GATEWAY_OPERATIONS,
} from '@eks-upgrade/lambdas';
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

/** The IAM grants a phase's gateway operations declare, from the phase functions' code. */
function declaredGrants(phase: UpgradePhase): IamGrant[] {
  return PHASE_GATEWAY_OPERATIONS[phase].flatMap((operation) => [...GATEWAY_OPERATION_GRANTS[operation]]);
}

type Statement = ReturnType<typeof functionRolePolicy>['Statement'][number];

/** The one statement granting an action (the test fails when there is none, or several). */
function statementOf(policy: { Statement: readonly Statement[] }, action: string): Statement {
  const statements = policy.Statement.filter((statement) => statement.Action.includes(action));
  expect(statements, action).toHaveLength(1);
  return statements[0]!;
}

const COMMON_ACTIONS = [
  'kms:Decrypt',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'ssm:GetParametersByPath',
];

describe('Function: functionRolePolicy', () => {
  it.each(UPGRADE_PHASES)(
    'grants %s exactly what its gateway operations declare, besides logs, configuration and Bedrock',
    (phase) => {
      // Act
      const policy = functionRolePolicy(phase, config, location);

      // Assess
      const declared = [...new Set(declaredGrants(phase).map((grant) => grant.action))];
      const bedrock = phase === 'reasoning' ? ['bedrock:InvokeModel'] : [];
      expect(actionsOf(policy)).toEqual([...COMMON_ACTIONS, ...declared, ...bedrock].sort());
      expect(gatewayActionsOf(phase)).toEqual(declared.sort());
      // Each action in one statement, each statement named once.
      const sids = policy.Statement.map((statement) => statement.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      expect(actionsOf(policy)).toEqual([...new Set(actionsOf(policy))]);
    },
  );

  it.each(UPGRADE_PHASES)(
    'scopes each %s gateway action to the resources its declarations name, under their conditions',
    (phase) => {
      // Act
      const policy = functionRolePolicy(phase, config, location);

      // Assess
      for (const action of gatewayActionsOf(phase)) {
        const grants = declaredGrants(phase).filter((grant) => grant.action === action);
        const statement = statementOf(policy, action);
        const expected = new Set(
          grants.flatMap((grant) => grant.resources.map((resource) => iamResourceArn(resource, location))),
        );
        expect(new Set(statement.Resource), action).toEqual(expected);
        const condition = grants[0]!.condition;
        expect(statement.Condition, action).toEqual(
          condition ? { [condition.operator]: { [condition.key]: condition.value } } : undefined,
        );
      }
    },
  );

  it('gives every resource kind its ARN pattern, and `*` only to what is declared account-wide with a reason', () => {
    // Act
    const policies = UPGRADE_PHASES.map(
      (phase) => [phase, functionRolePolicy(phase, config, location)] as const,
    );

    // Assess
    expect(iamResourceArn({ kind: 'eks-cluster' }, location)).toBe(
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
    );
    expect(iamResourceArn({ kind: 'eks-nodegroup' }, location)).toBe(
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    );
    expect(iamResourceArn({ kind: 'eks-addon' }, location)).toBe(
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
    );
    expect(iamResourceArn({ kind: 'route53-hosted-zone' }, location)).toBe('arn:aws:route53:::hostedzone/*');
    expect(iamResourceArn({ kind: 'route53-change' }, location)).toBe('arn:aws:route53:::change/*');
    expect(iamResourceArn({ kind: 'any', reason: 'no resource type' }, location)).toBe('*');
    for (const [phase, policy] of policies) {
      for (const statement of policy.Statement) {
        if (![statement.Resource].flat().includes('*')) continue;
        for (const action of statement.Action) {
          if (action === 'kms:Decrypt') continue; // the configured key, or any key through SSM only
          const grants = declaredGrants(phase).filter((grant) => grant.action === action);
          expect(grants.length, `${phase} ${action}`).toBeGreaterThan(0);
          for (const grant of grants) {
            const any = grant.resources.find((resource) => resource.kind === 'any');
            expect(any && 'reason' in any && any.reason.length > 20, `${phase} ${action}`).toBe(true);
          }
        }
      }
    }
    // Account-wide actions sit alone on `*`, never beside a narrower ARN.
    const validation = functionRolePolicy('validation', config, location);
    expect(statementOf(validation, 'cloudwatch:DescribeAlarms').Resource).toEqual(['*']);
    const perception = functionRolePolicy('perception', config, location);
    expect(statementOf(perception, 'eks:DescribeAddonVersions').Resource).toEqual(['*']);
    expect(statementOf(perception, 'eks:DescribeClusterVersions').Resource).toEqual(['*']);
  });

  it('passes roles only to EKS, and only from the phase that creates the green cluster', () => {
    // Act
    const byPhase = Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [phase, functionRolePolicy(phase, config, location)]),
    );

    // Assess
    for (const phase of UPGRADE_PHASES) {
      for (const statement of byPhase[phase]!.Statement) {
        if (!statement.Action.includes('iam:PassRole')) continue;
        expect(statement.Action, phase).toEqual(['iam:PassRole']);
        expect(statement.Condition, phase).toEqual({
          StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' },
        });
      }
    }
    expect(actionsOf(byPhase.execution!)).toContain('iam:PassRole');
    for (const phase of ['perception', 'reasoning', 'validation', 'rollback'] as const) {
      expect(actionsOf(byPhase[phase]!), phase).not.toContain('iam:PassRole');
    }
    // Every grant under a condition says why.
    for (const grant of Object.values(GATEWAY_OPERATION_GRANTS).flat()) {
      if (grant.condition) expect(grant.condition.reason.length, grant.action).toBeGreaterThan(20);
    }
  });

  it('keeps every phase to what it is for', () => {
    // Act
    const byPhase = Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [phase, actionsOf(functionRolePolicy(phase, config, location))]),
    );

    // Assess
    // Perception and reasoning only read; validation may only move a deletion on.
    expect(
      byPhase.validation!.filter(
        (action) => /:(Update|Create|Change)/.test(action) && !action.startsWith('logs:'),
      ),
    ).toEqual([]);
    for (const phase of ['perception', 'reasoning'] as const) {
      expect(
        byPhase[phase]!.filter(
          (action) => !action.startsWith('logs:') && /:(Update|Create|Delete|Change|Tag)/.test(action),
        ),
        phase,
      ).toEqual([]);
    }
    // Reasoning never touches the cluster: logs, configuration and Bedrock only.
    expect(byPhase.reasoning).toEqual([...COMMON_ACTIONS, 'bedrock:InvokeModel'].sort());
    expect(gatewayActionsOf('reasoning')).toEqual([]);
    expect(byPhase.execution).toEqual(
      expect.arrayContaining([
        'eks:UpdateClusterVersion',
        'route53:ChangeResourceRecordSets',
        'iam:PassRole',
      ]),
    );
    expect(byPhase.validation).toContain('cloudwatch:DescribeAlarms');
    // Validation waits for a traffic change to be INSYNC; execution and rollback do not wait for it.
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
    // CreateNodegroup and CreateAddon are authorised on the cluster they add to.
    expect(statementOf(execution, 'eks:CreateNodegroup').Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
    ]);
    expect(statementOf(execution, 'eks:CreateAddon').Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
    ]);
    expect(statementOf(execution, 'eks:DescribeNodegroup').Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ]);
    expect(statementOf(execution, 'eks:UpdateNodegroupVersion').Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ]);
    // Tags set at creation are authorised on the new cluster, node group, add-on, Fargate profile or access entry.
    expect(statementOf(execution, 'eks:TagResource').Resource).toEqual([
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:access-entry/*/*/*/*/*',
    ]);
    expect(statementOf(validation, 'route53:GetChange').Resource).toEqual(['arn:aws:route53:::change/*']);
    expect(statementOf(execution, 'route53:ChangeResourceRecordSets').Resource).toEqual([
      'arn:aws:route53:::hostedzone/*',
    ]);
  });

  it('builds every ARN in the stack partition, region and account', () => {
    // Prepare
    const china = { partition: 'aws-cn', region: 'cn-north-1', accountId: '444455556666' };

    // Act
    const policies = UPGRADE_PHASES.map((phase) => functionRolePolicy(phase, config, china));

    // Assess
    const arns = policies.flatMap((policy) =>
      policy.Statement.flatMap((statement) => [statement.Resource].flat()).filter((arn) => arn !== '*'),
    );
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) {
      expect(arn).toMatch(/^arn:aws-cn:/);
      expect(arn).toMatch(/^arn:aws-cn:route53:::|^arn:aws-cn:[a-z0-9-]+:cn-north-1:(444455556666)?:/);
    }
  });

  it('scopes logs and configuration to the function, the configuration path and the account', () => {
    // Act
    const policy = functionRolePolicy('execution', config, location);

    // Assess
    expect(statementOf(policy, 'logs:CreateLogGroup').Resource).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/eks-upgrade-agent-execution',
    ]);
    expect(statementOf(policy, 'logs:PutLogEvents').Resource).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/eks-upgrade-agent-execution:log-stream:*',
    ]);
    expect(statementOf(policy, 'ssm:GetParametersByPath').Resource).toEqual([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent/*',
    ]);
    expect(statementOf(policy, 'kms:Decrypt')).toMatchObject({
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
    });
  });

  it('decrypts with the configured key only, when the configuration names its ARN', () => {
    // Prepare
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withKey = { ...config, parameterStore: { ...config.parameterStore, kmsKeyId: key } };

    // Act
    const policy = functionRolePolicy('validation', withKey, location);

    // Assess
    expect(statementOf(policy, 'kms:Decrypt').Resource).toEqual([key]);
  });

  it('lets reasoning call Bedrock Converse on the configured model, and leaves it out when Bedrock is disabled', () => {
    // Prepare
    const withoutBedrock = { ...config, bedrock: { ...config.bedrock, enabled: false } };

    // Act
    const enabled = functionRolePolicy('reasoning', config, location);
    const disabled = functionRolePolicy('reasoning', withoutBedrock, location);

    // Assess
    expect(statementOf(enabled, 'bedrock:InvokeModel').Resource).toEqual([
      `arn:aws:bedrock:eu-west-1::foundation-model/${config.bedrock.modelId}`,
      `arn:aws:bedrock:eu-west-1:111122223333:inference-profile/${config.bedrock.modelId}`,
    ]);
    expect(actionsOf(disabled)).not.toContain('bedrock:InvokeModel');
    for (const phase of ['perception', 'execution', 'validation', 'rollback'] as const) {
      expect(actionsOf(functionRolePolicy(phase, config, location)), phase).not.toContain(
        'bedrock:InvokeModel',
      );
    }
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
  });
});
