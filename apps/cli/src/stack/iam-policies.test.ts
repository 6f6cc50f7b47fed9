import {
  AgentConfigSchema,
  createDefaultAgentConfig,
  UPGRADE_PHASES,
  type UpgradePhase,
} from '@eks-upgrade/core-models';
import { GATEWAY_OPERATION_GRANTS, type IamGrant, PHASE_GATEWAY_OPERATIONS } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import {
  eventsRolePolicy,
  functionRolePolicy,
  gatewayActionsOf,
  type PolicyStatement,
  permissionWarnings,
  stackRegions,
  stackTrustPolicies,
  stateMachineRolePolicy,
  targetNeedsRole,
  trustPolicy,
} from './iam-policies.js';
import { stackNames } from './stack-names.js';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const defaults = createDefaultAgentConfig();
/** A stack configured for one cluster, one hosted zone and the blue cluster's two roles. */
const configured = AgentConfigSchema.parse({
  permissions: {
    clusterNames: ['prod'],
    hostedZoneIds: ['Z123ABC'],
    passRoleArns: [
      'arn:aws:iam::111122223333:role/prod-cluster',
      'arn:aws:iam::111122223333:role/prod-nodes',
    ],
  },
});
const eks = (resource: string) => `arn:aws:eks:eu-west-1:111122223333:${resource}`;
const MANAGED_TAG = { StringEquals: { 'aws:ResourceTag/eks-upgrade:managed': 'true' } };
const GREEN_TAG = { StringEquals: { 'aws:ResourceTag/eks-upgrade:role': 'green' } };

function actionsOf(policy: { Statement: readonly { Action: readonly string[] }[] }): string[] {
  return [...new Set(policy.Statement.flatMap((statement) => statement.Action))].sort();
}

/** Every statement of a policy that grants `action`, whole. */
function statementsWith(
  policy: { Statement: readonly PolicyStatement[] },
  action: string,
): PolicyStatement[] {
  return policy.Statement.filter((statement) => statement.Action.includes(action));
}

/** The IAM grants a phase's gateway operations declare, from the phase functions' code. */
function declaredGrants(phase: UpgradePhase): IamGrant[] {
  return PHASE_GATEWAY_OPERATIONS[phase].flatMap((operation) => [...GATEWAY_OPERATION_GRANTS[operation]]);
}

const COMMON_ACTIONS = [
  'kms:Decrypt',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'ssm:GetParametersByPath',
];
/** Actions granted only on what the configuration names: nothing when it names nothing. */
const CONFIGURED_ONLY = ['iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'route53:ChangeResourceRecordSets'];

describe('Function: functionRolePolicy', () => {
  it.each(UPGRADE_PHASES)(
    'grants %s exactly what its gateway operations declare, besides logs, configuration and Bedrock',
    (phase) => {
      // Act
      const policy = functionRolePolicy(phase, configured, location);
      const unconfigured = functionRolePolicy(phase, defaults, location);

      // Assess
      const declared = [...new Set(declaredGrants(phase).map((grant) => grant.action))];
      const bedrock = phase === 'reasoning' ? ['bedrock:InvokeModel'] : [];
      expect(actionsOf(policy)).toEqual([...COMMON_ACTIONS, ...declared, ...bedrock].sort());
      expect(actionsOf(unconfigured)).toEqual(
        [...COMMON_ACTIONS, ...declared, ...bedrock]
          .filter((action) => !CONFIGURED_ONLY.includes(action))
          .sort(),
      );
      expect(gatewayActionsOf(phase)).toEqual(declared.sort());
      const sids = policy.Statement.map((statement) => statement.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    },
  );

  it("the execution role's whole policy: reads everywhere, changes only where the configuration allows", () => {
    expect(functionRolePolicy('execution', configured, location)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Logs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup'],
          Resource: ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/eks-upgrade-agent-execution'],
        },
        {
          Sid: 'LogStreams',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/eks-upgrade-agent-execution:log-stream:*',
          ],
        },
        {
          Sid: 'ReadConfiguration',
          Effect: 'Allow',
          Action: ['ssm:GetParametersByPath'],
          Resource: [
            'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent',
            'arn:aws:ssm:eu-west-1:111122223333:parameter/eks-upgrade-agent/*',
          ],
        },
        {
          Sid: 'DecryptConfigurationSecrets',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
        },
        ...EXECUTION_GATEWAY_STATEMENTS,
      ],
    });
  });

  it('passes only the configured roles, only to EKS, only from execution; none when none is configured', () => {
    // Act
    const execution = functionRolePolicy('execution', configured, location);

    // Assess
    const roles = [
      'arn:aws:iam::111122223333:role/prod-cluster',
      'arn:aws:iam::111122223333:role/prod-nodes',
    ];
    expect(statementsWith(execution, 'iam:PassRole')).toEqual([
      {
        Sid: 'PassRolesToEks',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: roles,
        Condition: { StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } },
      },
      {
        Sid: 'PassRolesToEksPodIdentity',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: roles,
        Condition: { StringEquals: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } },
      },
    ]);
    for (const phase of UPGRADE_PHASES) {
      expect(statementsWith(functionRolePolicy(phase, defaults, location), 'iam:PassRole'), phase).toEqual(
        [],
      );
      if (phase !== 'execution') {
        expect(
          statementsWith(functionRolePolicy(phase, configured, location), 'iam:PassRole'),
          phase,
        ).toEqual([]);
      }
    }
  });

  it('changes EKS only on the configured clusters, the tagged ones and what eks-upgrade created', () => {
    // Act
    const policies = UPGRADE_PHASES.map((phase) => functionRolePolicy(phase, configured, location));

    // Assess: every change on a `*` cluster holds under a tag condition.
    for (const policy of policies) {
      for (const statement of policy.Statement) {
        const changes = statement.Action.filter(
          (action) => action.startsWith('eks:') && !/^eks:(Describe|List)/.test(action),
        );
        if (changes.length === 0) continue;
        const anyCluster = [statement.Resource]
          .flat()
          .some((arn) =>
            /:(cluster|nodegroup|addon|fargateprofile|access-entry|podidentityassociation)\/\*/.test(arn),
          );
        if (anyCluster)
          expect(JSON.stringify(statement.Condition), statement.Sid).toMatch(/aws:(Resource|Request)Tag\//);
      }
    }
    const rollback = functionRolePolicy('rollback', configured, location);
    expect(statementsWith(rollback, 'eks:UpdateClusterVersion')).toEqual([
      {
        Sid: 'Upgrade',
        Effect: 'Allow',
        Action: [
          'eks:UpdateAddon',
          'eks:UpdateClusterVersion',
          'eks:UpdateNodegroupConfig',
          'eks:UpdateNodegroupVersion',
        ],
        Resource: [eks('addon/prod/*/*'), eks('cluster/prod'), eks('nodegroup/prod/*/*')],
      },
      {
        Sid: 'UpgradeTagged',
        Effect: 'Allow',
        Action: [
          'eks:UpdateAddon',
          'eks:UpdateClusterVersion',
          'eks:UpdateNodegroupConfig',
          'eks:UpdateNodegroupVersion',
        ],
        Resource: [eks('addon/*/*/*'), eks('cluster/*'), eks('nodegroup/*/*/*')],
        Condition: MANAGED_TAG,
      },
    ]);
    // Without cluster names, only tagged clusters.
    expect(
      statementsWith(functionRolePolicy('rollback', defaults, location), 'eks:UpdateClusterVersion'),
    ).toEqual([
      {
        Sid: 'UpgradeTagged',
        Effect: 'Allow',
        Action: [
          'eks:UpdateAddon',
          'eks:UpdateClusterVersion',
          'eks:UpdateNodegroupConfig',
          'eks:UpdateNodegroupVersion',
        ],
        Resource: [eks('addon/*/*/*'), eks('cluster/*'), eks('nodegroup/*/*/*')],
        Condition: MANAGED_TAG,
      },
    ]);
  });

  it('untags only what carries the green tag, only of its two tag keys, and only from execution (green promoted at blue decommission)', () => {
    // Act
    const policies = UPGRADE_PHASES.map(
      (phase) => [phase, functionRolePolicy(phase, configured, location)] as const,
    );
    const twoRegions = functionRolePolicy(
      'execution',
      AgentConfigSchema.parse({ permissions: { regions: ['eu-west-1', 'us-east-1'] } }),
      location,
    );

    // Assess
    const onlyGreenTagKeys = {
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks-upgrade:role', 'eks-upgrade:blue-cluster'] },
      Null: { 'aws:TagKeys': 'false' },
    };
    const untagStatement: PolicyStatement = {
      Sid: 'UntagGreenTagsOnly',
      Effect: 'Allow',
      Action: ['eks:UntagResource', 'iam:UntagOpenIDConnectProvider'],
      Resource: [
        eks('cluster/*'),
        eks('nodegroup/*/*/*'),
        eks('addon/*/*/*'),
        eks('fargateprofile/*/*/*'),
        eks('access-entry/*/*/*/*/*'),
        eks('podidentityassociation/*/*'),
        'arn:aws:iam::111122223333:oidc-provider/*',
      ],
      Condition: { ...onlyGreenTagKeys, ...GREEN_TAG },
    };
    for (const [phase, policy] of policies) {
      const untagging = policy.Statement.filter((statement) =>
        statement.Action.some((action) => /:Untag/.test(action)),
      );
      expect(untagging, phase).toEqual(phase === 'execution' ? [untagStatement] : []);
    }
    // In several regions the EKS ARNs name any region under aws:RequestedRegion; IAM's are global.
    expect(
      twoRegions.Statement.filter((statement) => statement.Action.some((action) => /:Untag/.test(action))),
    ).toEqual([
      {
        Sid: 'UntagGreenTagsOnly',
        Effect: 'Allow',
        Action: ['eks:UntagResource'],
        Resource: [
          'arn:aws:eks:*:111122223333:cluster/*',
          'arn:aws:eks:*:111122223333:nodegroup/*/*/*',
          'arn:aws:eks:*:111122223333:addon/*/*/*',
          'arn:aws:eks:*:111122223333:fargateprofile/*/*/*',
          'arn:aws:eks:*:111122223333:access-entry/*/*/*/*/*',
          'arn:aws:eks:*:111122223333:podidentityassociation/*/*',
        ],
        Condition: {
          ...onlyGreenTagKeys,
          StringEquals: {
            'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
            'aws:ResourceTag/eks-upgrade:role': 'green',
          },
        },
      },
      {
        Sid: 'UntagGreenTagsOnly2',
        Effect: 'Allow',
        Action: ['iam:UntagOpenIDConnectProvider'],
        Resource: ['arn:aws:iam::111122223333:oidc-provider/*'],
        Condition: { ...onlyGreenTagKeys, ...GREEN_TAG },
      },
    ]);
  });

  it('creates green only with the green tag, and rollback deletes only what carries it', () => {
    // Act
    const execution = functionRolePolicy('execution', configured, location);
    const rollback = functionRolePolicy('rollback', configured, location);

    // Assess
    expect(statementsWith(execution, 'eks:CreateCluster')).toEqual([
      {
        Sid: 'CreateTagged',
        Effect: 'Allow',
        Action: [
          'eks:CreateCluster',
          'eks:TagResource',
          'iam:CreateOpenIDConnectProvider',
          'iam:TagOpenIDConnectProvider',
        ],
        Resource: [
          eks('cluster/*'),
          eks('nodegroup/*/*/*'),
          eks('fargateprofile/*/*/*'),
          eks('access-entry/*/*/*/*/*'),
          eks('addon/*/*/*'),
          eks('podidentityassociation/*/*'),
          'arn:aws:iam::111122223333:oidc-provider/*',
        ],
        Condition: { StringEquals: { 'aws:RequestTag/eks-upgrade:role': 'green' } },
      },
    ]);
    expect(statementsWith(rollback, 'eks:DeleteCluster')).toEqual([
      {
        Sid: 'CreatedByUpgrade',
        Effect: 'Allow',
        Action: [
          'eks:DeleteCluster',
          'eks:DeleteFargateProfile',
          'eks:DeleteNodegroup',
          'iam:DeleteOpenIDConnectProvider',
        ],
        Resource: [
          eks('cluster/*'),
          eks('fargateprofile/*/*/*'),
          eks('nodegroup/*/*/*'),
          'arn:aws:iam::111122223333:oidc-provider/*',
        ],
        Condition: GREEN_TAG,
      },
    ]);
    // Decommission deletes blue: the phases running cluster_decommission reach the configured clusters too.
    expect(statementsWith(execution, 'eks:DeleteCluster').map((statement) => statement.Sid)).toEqual([
      'CreatedByUpgrade',
      'Decommission',
      'DecommissionTagged',
    ]);
  });

  it('changes records only in the configured hosted zones', () => {
    for (const phase of ['execution', 'rollback'] as const) {
      expect(
        statementsWith(functionRolePolicy(phase, configured, location), 'route53:ChangeResourceRecordSets'),
      ).toEqual([
        {
          Sid: 'HostedZones',
          Effect: 'Allow',
          Action: ['route53:ChangeResourceRecordSets'],
          Resource: ['arn:aws:route53:::hostedzone/Z123ABC'],
        },
      ]);
      expect(
        statementsWith(functionRolePolicy(phase, defaults, location), 'route53:ChangeResourceRecordSets'),
      ).toEqual([]);
    }
  });

  it('reads updates on clusters, node groups and add-ons (the Service Authorization Reference lists all three)', () => {
    const [read] = statementsWith(
      functionRolePolicy('validation', configured, location),
      'eks:DescribeUpdate',
    );
    expect(read?.Sid).toBe('Read');
    expect(read?.Resource).toEqual(
      expect.arrayContaining([eks('cluster/*'), eks('nodegroup/*/*/*'), eks('addon/*/*/*')]),
    );
    for (const grant of [
      ...GATEWAY_OPERATION_GRANTS.describeUpdate,
      ...GATEWAY_OPERATION_GRANTS.listUpdateIds,
    ]) {
      expect(grant.resources.map((resource) => resource.kind)).toEqual([
        'eks-cluster',
        'eks-nodegroup',
        'eks-addon',
      ]);
    }
  });

  it('acts in every configured region, not only the deploy region', () => {
    // Prepare
    const twoRegions = AgentConfigSchema.parse({ permissions: { regions: ['eu-west-1', 'us-east-1'] } });

    // Act
    const policy = functionRolePolicy('validation', twoRegions, location);

    // Assess
    expect(stackRegions(twoRegions, location)).toEqual(['eu-west-1', 'us-east-1']);
    expect(stackRegions(defaults, location)).toEqual(['eu-west-1']);
    expect(policy.Statement.slice(4)).toEqual(TWO_REGION_VALIDATION_STATEMENTS);
  });

  it('fits IAM inline policy limit (10,240 characters) for a large configuration', () => {
    // Prepare
    const large = AgentConfigSchema.parse({
      permissions: {
        regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        clusterNames: ['prod-a', 'prod-b', 'prod-c', 'prod-d', 'prod-e'],
        hostedZoneIds: ['Z1', 'Z2', 'Z3'],
        passRoleArns: Array.from(
          { length: 10 },
          (_, index) => `arn:aws:iam::111122223333:role/role-${index}`,
        ),
      },
    });

    // Act & Assess (IAM counts the document without whitespace)
    for (const phase of UPGRADE_PHASES) {
      expect(JSON.stringify(functionRolePolicy(phase, large, location)).length, phase).toBeLessThanOrEqual(
        10_240,
      );
    }
  });

  it('keeps every phase to what it is for', () => {
    // Act
    const byPhase = Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [phase, actionsOf(functionRolePolicy(phase, configured, location))]),
    );

    // Assess
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
    expect(byPhase.reasoning).toEqual([...COMMON_ACTIONS, 'bedrock:InvokeModel'].sort());
    expect(byPhase.validation).toContain('route53:GetChange');
    expect(byPhase.execution).not.toContain('route53:GetChange');
    // The rollback follows its move of traffic back to blue until INSYNC (the TTL counts from then).
    expect(byPhase.rollback).toContain('route53:GetChange');
    expect(byPhase.rollback!.filter((action) => /^eks:Create|^iam:PassRole/.test(action))).toEqual([]);
  });

  it("grants perception EC2 DescribeLaunchTemplateVersions on '*', the only resource EC2 Describe actions take, and no other phase", () => {
    // Act
    const perception = statementsWith(
      functionRolePolicy('perception', defaults, location),
      'ec2:DescribeLaunchTemplateVersions',
    );
    const others = (['reasoning', 'execution', 'validation', 'rollback'] as const).flatMap((phase) =>
      statementsWith(functionRolePolicy(phase, defaults, location), 'ec2:DescribeLaunchTemplateVersions'),
    );

    // Assess
    expect(perception).toEqual([
      {
        Sid: 'AccountWide',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeLaunchTemplateVersions',
          'eks:DescribeAddonVersions',
          'eks:DescribeClusterVersions',
        ],
        Resource: ['*'],
      },
    ]);
    expect(others).toEqual([]);
  });

  it('scopes logs and configuration to the function, and decrypts with the configured key only when named', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withKey = { ...defaults, parameterStore: { ...defaults.parameterStore, kmsKeyId: key } };
    expect(statementsWith(functionRolePolicy('validation', withKey, location), 'kms:Decrypt')).toEqual([
      {
        Sid: 'DecryptConfigurationSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [key],
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it('builds every ARN in the stack partition and account', () => {
    const china = { partition: 'aws-cn', region: 'cn-north-1', accountId: '444455556666' };
    const arns = UPGRADE_PHASES.flatMap((phase) =>
      functionRolePolicy(phase, configured, china).Statement.flatMap((statement) =>
        [statement.Resource].flat(),
      ),
    ).filter((arn) => arn !== '*' && !arn.includes(':iam::111122223333:role/'));
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns)
      expect(arn).toMatch(
        /^arn:aws-cn:(route53:::|bedrock:::foundation-model\/|iam::444455556666:|[a-z0-9-]+:cn-north-1:(444455556666)?:)/,
      );
  });
});

describe('Function: functionRolePolicy (Bedrock)', () => {
  const reasoning = (bedrock: Record<string, unknown>) =>
    functionRolePolicy('reasoning', AgentConfigSchema.parse({ bedrock }), location).Statement.slice(4);

  it('grants the global inference profile here and its model in every region (the region-less ARN), only through the profile', () => {
    const profile =
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-6';
    expect(reasoning({})).toEqual([
      {
        Sid: 'BedrockInferenceProfile',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: [profile],
      },
      {
        Sid: 'BedrockModelThroughProfile',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: [
          'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6',
          'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6',
        ],
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
      },
    ]);
  });

  it('grants a geographic profile its model in each destination region (configured, or the whole geography)', () => {
    const profile = 'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-sonnet-4-6';
    const model = (region: string) =>
      `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-6`;
    expect(
      reasoning({
        modelId: 'eu.anthropic.claude-sonnet-4-6',
        destinationRegions: ['eu-central-1', 'eu-north-1'],
      }),
    ).toEqual([
      {
        Sid: 'BedrockInferenceProfile',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: [profile],
      },
      {
        Sid: 'BedrockModelThroughProfile',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: [model('eu-west-1'), model('eu-central-1'), model('eu-north-1')],
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
      },
    ]);
    expect(reasoning({ modelId: 'eu.anthropic.claude-sonnet-4-6' })[1]?.Resource).toEqual(
      [
        'eu-west-1',
        'eu-central-1',
        'eu-central-2',
        'eu-north-1',
        'eu-south-1',
        'eu-south-2',
        'eu-west-2',
        'eu-west-3',
      ].map(model),
    );
  });

  it('grants a foundation model in the stack region, an ARN as given, and nothing when Bedrock is off', () => {
    expect(reasoning({ modelId: 'anthropic.claude-sonnet-4-6' })).toEqual([
      {
        Sid: 'BedrockConverse',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel'],
        Resource: ['arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6'],
      },
    ]);
    const arn = 'arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/abc123';
    expect(reasoning({ modelId: arn })).toEqual([
      { Sid: 'BedrockConverse', Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: [arn] },
    ]);
    expect(reasoning({ enabled: false })).toEqual([]);
  });
});

describe('Function: permissionWarnings', () => {
  it('says what the default permissions leave a blue/green upgrade unable to do, and nothing once configured', () => {
    expect(permissionWarnings(defaults)).toEqual([
      'permissions.passRoleArns is empty: a blue/green upgrade cannot create its green cluster (IAM refuses iam:PassRole); list the blue cluster role, node roles and add-on roles',
      'permissions.hostedZoneIds is empty: a blue/green upgrade cannot shift traffic (IAM refuses route53:ChangeResourceRecordSets); list the hosted zones of its records',
    ]);
    expect(permissionWarnings(configured)).toEqual([]);
  });
});

describe('Function: stackTrustPolicies', () => {
  it('lets Step Functions and EventBridge assume their roles only for the stack (aws:SourceAccount, aws:SourceArn)', () => {
    expect(stackTrustPolicies(defaults, location)).toEqual({
      lambda: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      stateMachine: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'states.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: {
                'aws:SourceArn': [
                  'arn:aws:states:eu-west-1:111122223333:stateMachine:eks-upgrade-workflow',
                  'arn:aws:states:eu-west-1:111122223333:stateMachine:eks-upgrade-workflow:*',
                ],
              },
            },
          },
        ],
      },
      events: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: {
                'aws:SourceArn': [
                  'arn:aws:events:eu-west-1:111122223333:rule/eks-upgrade-monitor',
                  'arn:aws:events:eu-west-1:111122223333:rule/eks-upgrade-rollback-trigger',
                ],
              },
            },
          },
        ],
      },
    });
  });

  it('names the rules of a custom bus by their bus', () => {
    const custom = AgentConfigSchema.parse({ eventBridge: { busName: 'upgrades' } });
    expect(stackTrustPolicies(custom, location).events.Statement[0]?.Condition?.ArnLike).toEqual({
      'aws:SourceArn': [
        'arn:aws:events:eu-west-1:111122223333:rule/upgrades/eks-upgrade-monitor',
        'arn:aws:events:eu-west-1:111122223333:rule/upgrades/eks-upgrade-rollback-trigger',
      ],
    });
  });

  it('trustPolicy without a source lets the service assume the role', () => {
    expect(trustPolicy('lambda.amazonaws.com')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
  });
});

describe('Function: stateMachineRolePolicy', () => {
  it('invokes only the five phase functions, publishes only to the configured bus, and runs child executions only of itself', () => {
    const policy = stateMachineRolePolicy(defaults, location);
    expect(actionsOf(policy)).toEqual([
      'events:PutEvents',
      'lambda:InvokeFunction',
      'states:DescribeExecution',
      'states:StartExecution',
      'states:StopExecution',
    ]);
    expect(policy.Statement.slice(2)).toEqual([
      {
        Sid: 'RunStepChildExecutions',
        Effect: 'Allow',
        Action: ['states:StartExecution'],
        Resource: [
          'arn:aws:states:eu-west-1:111122223333:stateMachine:eks-upgrade-workflow',
          'arn:aws:states:eu-west-1:111122223333:stateMachine:eks-upgrade-workflow:*',
        ],
      },
      {
        Sid: 'WatchStepChildExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: [
          'arn:aws:states:eu-west-1:111122223333:execution:eks-upgrade-workflow:*',
          'arn:aws:states:eu-west-1:111122223333:execution:eks-upgrade-workflow/*',
        ],
      },
    ]);
    const functions = policy.Statement[0]!.Resource as string[];
    expect(functions).toHaveLength(10);
    expect(functions).toContain('arn:aws:lambda:eu-west-1:111122223333:function:eks-upgrade-agent-rollback');
    expect(policy.Statement[1]!.Resource).toEqual([
      'arn:aws:events:eu-west-1:111122223333:event-bus/default',
    ]);
  });
});

describe('Function: eventsRolePolicy', () => {
  it('allows delivery only to the role-based targets it is given, one statement each, numbered by position', () => {
    const policy = eventsRolePolicy([
      'arn:aws:sqs:eu-west-1:111122223333:ops',
      'arn:aws:states:eu-west-1:111122223333:stateMachine:on-call',
      'arn:aws:kinesis:eu-west-1:111122223333:stream/audit',
    ]);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DeliverToTarget2',
          Effect: 'Allow',
          Action: ['states:StartExecution'],
          Resource: ['arn:aws:states:eu-west-1:111122223333:stateMachine:on-call'],
        },
        {
          Sid: 'DeliverToTarget3',
          Effect: 'Allow',
          Action: ['kinesis:PutRecord'],
          Resource: ['arn:aws:kinesis:eu-west-1:111122223333:stream/audit'],
        },
      ],
    });
    expect(targetNeedsRole('arn:aws:sqs:eu-west-1:111122223333:ops')).toBe(false);
  });
});

describe('Function: stackNames', () => {
  it('derives every name from the configuration', () => {
    const names = stackNames({ ...defaults, lambda: { ...defaults.lambda, functionPrefix: 'team-a' } });
    expect(names.functions.validation).toBe('team-a-validation');
    expect(names.functionRoles.validation).toBe('team-a-validation-role');
    expect(names.stateMachineRole).toBe('eks-upgrade-workflow-role');
    expect([names.monitoringRule, names.rollbackTriggerRule]).toEqual([
      'eks-upgrade-monitor',
      'eks-upgrade-rollback-trigger',
    ]);
  });
});

/** The gateway statements of the execution role for `configured` in eu-west-1. */
const EXECUTION_GATEWAY_STATEMENTS: PolicyStatement[] = [
  {
    Sid: 'CreatedByUpgrade',
    Effect: 'Allow',
    Action: [
      'eks:AssociateAccessPolicy',
      'eks:CreateAccessEntry',
      'eks:CreateAddon',
      'eks:CreateFargateProfile',
      'eks:CreateNodegroup',
      'eks:CreatePodIdentityAssociation',
      'eks:DeleteCluster',
      'eks:DeleteFargateProfile',
      'eks:DeleteNodegroup',
    ],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:access-entry/*/*/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:ResourceTag/eks-upgrade:role': 'green',
      },
    },
  },
  {
    Sid: 'CreateTagged',
    Effect: 'Allow',
    Action: [
      'eks:CreateCluster',
      'eks:TagResource',
      'iam:CreateOpenIDConnectProvider',
      'iam:TagOpenIDConnectProvider',
    ],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:access-entry/*/*/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/*/*',
      'arn:aws:iam::111122223333:oidc-provider/*',
    ],
    Condition: {
      StringEquals: {
        'aws:RequestTag/eks-upgrade:role': 'green',
      },
    },
  },
  {
    Sid: 'Decommission',
    Effect: 'Allow',
    Action: ['eks:DeleteCluster', 'eks:DeleteFargateProfile', 'eks:DeleteNodegroup'],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/prod/*/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/*/*',
    ],
  },
  {
    Sid: 'DecommissionTagged',
    Effect: 'Allow',
    Action: ['eks:DeleteCluster', 'eks:DeleteFargateProfile', 'eks:DeleteNodegroup'],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:ResourceTag/eks-upgrade:managed': 'true',
      },
    },
  },
  {
    Sid: 'Read',
    Effect: 'Allow',
    Action: [
      'eks:DescribeAccessEntry',
      'eks:DescribeAddon',
      'eks:DescribeCluster',
      'eks:DescribeFargateProfile',
      'eks:DescribeInsight',
      'eks:DescribeNodegroup',
      'eks:DescribePodIdentityAssociation',
      'eks:DescribeUpdate',
      'eks:ListAccessEntries',
      'eks:ListAddons',
      'eks:ListAssociatedAccessPolicies',
      'eks:ListFargateProfiles',
      'eks:ListInsights',
      'eks:ListNodegroups',
      'eks:ListPodIdentityAssociations',
      'eks:ListUpdates',
      'iam:GetOpenIDConnectProvider',
      'iam:GetRole',
      'route53:ListResourceRecordSets',
    ],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:access-entry/*/*/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/*/*',
      'arn:aws:iam::111122223333:oidc-provider/*',
      'arn:aws:iam::111122223333:role/*',
      'arn:aws:route53:::hostedzone/*',
    ],
  },
  // Green's promotion at blue's decommission: only what carries the green tag, only of
  // eks-upgrade's own two tag keys, and only a request that names tag keys.
  {
    Sid: 'UntagGreenTagsOnly',
    Effect: 'Allow',
    Action: ['eks:UntagResource', 'iam:UntagOpenIDConnectProvider'],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:access-entry/*/*/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/*/*',
      'arn:aws:iam::111122223333:oidc-provider/*',
    ],
    Condition: {
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks-upgrade:role', 'eks-upgrade:blue-cluster'] },
      Null: { 'aws:TagKeys': 'false' },
      StringEquals: { 'aws:ResourceTag/eks-upgrade:role': 'green' },
    },
  },
  {
    Sid: 'Upgrade',
    Effect: 'Allow',
    Action: [
      'eks:UpdateAddon',
      'eks:UpdateClusterVersion',
      'eks:UpdateNodegroupConfig',
      'eks:UpdateNodegroupVersion',
    ],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:addon/prod/*/*',
      'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/*/*',
    ],
  },
  {
    Sid: 'UpgradeTagged',
    Effect: 'Allow',
    Action: [
      'eks:UpdateAddon',
      'eks:UpdateClusterVersion',
      'eks:UpdateNodegroupConfig',
      'eks:UpdateNodegroupVersion',
    ],
    Resource: [
      'arn:aws:eks:eu-west-1:111122223333:addon/*/*/*',
      'arn:aws:eks:eu-west-1:111122223333:cluster/*',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:ResourceTag/eks-upgrade:managed': 'true',
      },
    },
  },
  {
    Sid: 'AccountWide',
    Effect: 'Allow',
    Action: ['iam:ListOpenIDConnectProviders'],
    Resource: ['*'],
  },
  {
    Sid: 'PassRolesToEks',
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: ['arn:aws:iam::111122223333:role/prod-cluster', 'arn:aws:iam::111122223333:role/prod-nodes'],
    Condition: {
      StringEquals: {
        'iam:PassedToService': 'eks.amazonaws.com',
      },
    },
  },
  {
    Sid: 'PassRolesToEksPodIdentity',
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: ['arn:aws:iam::111122223333:role/prod-cluster', 'arn:aws:iam::111122223333:role/prod-nodes'],
    Condition: {
      StringEquals: {
        'iam:PassedToService': 'pods.eks.amazonaws.com',
      },
    },
  },
  {
    Sid: 'ConfiguredRoles',
    Effect: 'Allow',
    Action: ['iam:UpdateAssumeRolePolicy'],
    Resource: ['arn:aws:iam::111122223333:role/prod-cluster', 'arn:aws:iam::111122223333:role/prod-nodes'],
  },
  {
    Sid: 'HostedZones',
    Effect: 'Allow',
    Action: ['route53:ChangeResourceRecordSets'],
    Resource: ['arn:aws:route53:::hostedzone/Z123ABC'],
  },
];

/** The gateway statements of the validation role acting in two regions. */
const TWO_REGION_VALIDATION_STATEMENTS: PolicyStatement[] = [
  {
    Sid: 'AccountWide',
    Effect: 'Allow',
    Action: ['cloudwatch:DescribeAlarms'],
    Resource: ['*'],
  },
  {
    Sid: 'CreatedByUpgrade',
    Effect: 'Allow',
    Action: ['eks:DeleteCluster', 'eks:DeleteFargateProfile', 'eks:DeleteNodegroup'],
    Resource: [
      'arn:aws:eks:*:111122223333:cluster/*',
      'arn:aws:eks:*:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:*:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
        'aws:ResourceTag/eks-upgrade:role': 'green',
      },
    },
  },
  {
    Sid: 'DecommissionTagged',
    Effect: 'Allow',
    Action: ['eks:DeleteCluster', 'eks:DeleteFargateProfile', 'eks:DeleteNodegroup'],
    Resource: [
      'arn:aws:eks:*:111122223333:cluster/*',
      'arn:aws:eks:*:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:*:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
        'aws:ResourceTag/eks-upgrade:managed': 'true',
      },
    },
  },
  {
    Sid: 'Read',
    Effect: 'Allow',
    Action: [
      'eks:DescribeAddon',
      'eks:DescribeCluster',
      'eks:DescribeFargateProfile',
      'eks:DescribeNodegroup',
      'eks:DescribeUpdate',
      'eks:ListAddons',
      'eks:ListFargateProfiles',
      'eks:ListNodegroups',
    ],
    Resource: [
      'arn:aws:eks:*:111122223333:addon/*/*/*',
      'arn:aws:eks:*:111122223333:cluster/*',
      'arn:aws:eks:*:111122223333:fargateprofile/*/*/*',
      'arn:aws:eks:*:111122223333:nodegroup/*/*/*',
    ],
    Condition: {
      StringEquals: {
        'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
      },
    },
  },
  {
    Sid: 'Read2',
    Effect: 'Allow',
    Action: ['route53:GetChange', 'route53:ListResourceRecordSets'],
    Resource: ['arn:aws:route53:::change/*', 'arn:aws:route53:::hostedzone/*'],
  },
];
