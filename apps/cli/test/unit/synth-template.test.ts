import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AgentConfig, createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { decodeConfiguration, encodeConfiguration } from '@eks-upgrade/params';
import { createUpgradeStateMachineDefinition, workflowOptionsFromConfig } from '@eks-upgrade/sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPhaseZips } from '../../src/stack/cloudformation/code-upload.js';
import { conditionHolds, resolveIntrinsics } from '../../src/stack/cloudformation/intrinsics.js';
import {
  type CloudFormationTemplate,
  synthesizeStackTemplate,
} from '../../src/stack/cloudformation/stack-template.js';
import { logsDeliveryPolicy } from '../../src/stack/log-group-targets.js';
import { operatorPolicyDocument } from '../../src/stack/operator-policy.js';
import { normalizePolicyDocument } from '../../src/stack/policy-document.js';
import { roleSpecs } from '../../src/stack/stack-deployer.js';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:ops';
const MACHINE_TARGET = 'arn:aws:states:us-east-1:123456789012:stateMachine:on-call';

let zipDirectory: string;
beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
});

async function synth(...argv: string[]): Promise<CloudFormationTemplate> {
  const result = await runCli(['synth', '--zip-dir', zipDirectory, ...argv]);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as CloudFormationTemplate;
}

/**
 * The template's resources of one type that its conditions create, resolved for LOCATION (role
 * ARNs as deploy names them) with the parameters' Defaults, or `overrides` where given
 * (a CommaDelimitedList as CloudFormation passes it: "" is `[""]`).
 */
function resolvedResources(
  template: CloudFormationTemplate,
  type: string,
  overrides: Record<string, string> = {},
) {
  const attributes: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      attributes[`${id}.Arn`] = `arn:aws:iam::123456789012:role/${String(resource.Properties.RoleName)}`;
    }
    if (resource.Type === 'AWS::Events::Rule') {
      // Rules on the default bus, as deploy names their ARNs.
      attributes[`${id}.Arn`] =
        `arn:aws:events:us-east-1:123456789012:rule/${String(resource.Properties.Name)}`;
    }
  }
  const parameters: Record<string, string | string[]> = {};
  for (const [name, declaration] of Object.entries(template.Parameters)) {
    const value = overrides[name] ?? declaration.Default;
    if (value === undefined) continue;
    parameters[name] = declaration.Type === 'CommaDelimitedList' ? String(value).split(',') : String(value);
  }
  const values = {
    location: LOCATION,
    stackName: 'eks-upgrade',
    parameters: { ...parameters, CodeBucket: 'artifacts', CodeKeyPrefix: 'eks/' },
    attributes,
    conditions: template.Conditions,
  };
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === type)
    .filter((resource) => resource.Condition === undefined || conditionHolds(resource.Condition, values))
    .map((resource) => resolveIntrinsics(resource.Properties, values) as Record<string, unknown>);
}

describe('Command: synth', () => {
  it('writes the whole stack; the same roles, policies, functions, machine, rules and parameters deploy creates', async () => {
    // Prepare: what deploy creates in an account, with a target that needs the events role.
    const account = fakeAccount();
    // deploy checks that a notification target exists before it writes anything.
    account.queues.set('ops', {});
    const aws = fakeAws(account.handlers);
    const deployed = await runCli(
      ['deploy', '--zip-dir', zipDirectory, '--notify-arn', QUEUE, '--notify-arn', MACHINE_TARGET],
      { services: aws.services },
    );
    expect(deployed.exitCode, deployed.stderr).toBe(0);

    // Act
    const template = await synth('--notify-arn', QUEUE, '--notify-arn', MACHINE_TARGET);

    // Assess: roles, trust and inline policies.
    const roles = resolvedResources(template, 'AWS::IAM::Role');
    expect(roles.map((role) => role.RoleName).sort()).toEqual([...account.roles.keys()].sort());
    for (const role of roles) {
      const created = account.roles.get(String(role.RoleName))!;
      expect(normalizePolicyDocument(role.AssumeRolePolicyDocument)).toEqual(
        normalizePolicyDocument(created.trust),
      );
      const policies = role.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }>;
      expect(policies.map((policy) => policy.PolicyName)).toEqual([...created.policies.keys()]);
      for (const policy of policies) {
        expect(normalizePolicyDocument(policy.PolicyDocument)).toEqual(
          normalizePolicyDocument(created.policies.get(policy.PolicyName)),
        );
      }
    }
    // Functions: every setting deploy sends.
    const functions = resolvedResources(template, 'AWS::Lambda::Function');
    expect(functions.map((fn) => fn.FunctionName).sort()).toEqual([...account.functions.keys()].sort());
    const zips = await readPhaseZips(zipDirectory);
    for (const fn of functions) {
      const created = account.functions.get(String(fn.FunctionName))!;
      expect({
        Role: fn.Role,
        Runtime: fn.Runtime,
        Handler: fn.Handler,
        MemorySize: fn.MemorySize,
        Timeout: fn.Timeout,
        Architectures: fn.Architectures,
        Description: fn.Description,
        Environment: fn.Environment,
      }).toEqual({
        Role: created.Role,
        Runtime: created.Runtime,
        Handler: created.Handler,
        MemorySize: created.MemorySize,
        Timeout: created.Timeout,
        Architectures: created.Architectures,
        Description: created.Description,
        Environment: created.Environment,
      });
      const phase = UPGRADE_PHASES.find((name) => String(fn.FunctionName).endsWith(`-${name}`))!;
      expect(fn.Code).toEqual({
        S3Bucket: 'artifacts',
        S3Key: `eks/${zips.find((zip) => zip.phase === phase)!.key}`,
      });
    }
    // The state machine: the same definition and role.
    const [machine] = resolvedResources(template, 'AWS::StepFunctions::StateMachine');
    const createdMachine = account.stateMachines.get('eks-upgrade-workflow')!;
    expect(JSON.parse(String(machine!.DefinitionString))).toEqual(JSON.parse(createdMachine.definition));
    expect(machine!.RoleArn).toBe(createdMachine.roleArn);
    // Rules and targets.
    const rules = resolvedResources(template, 'AWS::Events::Rule');
    expect(rules.map((rule) => rule.Name).sort()).toEqual([...account.rules.keys()].sort());
    for (const rule of rules) {
      const created = account.rules.get(String(rule.Name))!;
      expect({
        EventPattern: rule.EventPattern,
        State: rule.State,
        Description: rule.Description,
        EventBusName: rule.EventBusName,
        Targets: rule.Targets,
      }).toEqual({
        EventPattern: JSON.parse(String(created.rule.EventPattern)),
        State: created.rule.State,
        Description: created.rule.Description,
        EventBusName: created.rule.EventBusName,
        Targets: created.targets,
      });
    }
    // Configuration parameters: the same names and values.
    const parameters = resolvedResources(template, 'AWS::SSM::Parameter');
    expect(Object.fromEntries(parameters.map((parameter) => [parameter.Name, parameter.Value]))).toEqual(
      Object.fromEntries(account.parameters),
    );
    expect(parameters.every((parameter) => parameter.Type === 'String')).toBe(true);
  });

  it('one template for every account and region: ARNs use pseudo parameters, the definition fits inline', async () => {
    const template = await synth();
    const text = JSON.stringify(template);
    expect(text).not.toContain('123456789012');
    expect(text).not.toContain('us-east-1');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    expect(text).toContain('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:');
    expect(text).not.toContain('\\u0001');
    const machine = template.Resources.StateMachine!;
    expect(machine.Properties.DefinitionString).toBe(
      JSON.stringify(
        createUpgradeStateMachineDefinition(workflowOptionsFromConfig(createDefaultAgentConfig())),
      ),
    );
    expect(template.Resources.StateMachineAlias).toEqual({
      Type: 'AWS::StepFunctions::StateMachineAlias',
      Properties: {
        Name: 'live',
        Description: 'eks-upgrade: the version new upgrades start on (moved by each deploy)',
        RoutingConfiguration: [{ StateMachineVersionArn: { Ref: 'StateMachineVersion' }, Weight: 100 }],
      },
    });
    expect(Object.keys(template.Parameters)).toEqual([
      'CodeBucket',
      'CodeKeyPrefix',
      'Prefix',
      'ClusterNames',
      'HostedZoneIds',
      'PassRoleArns',
      'NotificationTargetArns',
      'CreateOperatorPolicy',
      'LogRetentionInDays',
    ]);
    // Parameters and resources share one namespace of logical IDs (both are what Ref names).
    expect(Object.keys(template.Parameters).filter((name) => name in template.Resources)).toEqual([]);
    // No events role without a target that needs one; a log group per function, created first.
    expect(template.Resources.EventsRole!.Condition).toBe('NotificationTargetsNeedRole');
    expect(resolvedResources(template, 'AWS::IAM::Role').map((role) => role.RoleName)).not.toContain(
      'eks-upgrade-events-role',
    );
    for (const phase of UPGRADE_PHASES) {
      const id = `${phase[0]!.toUpperCase()}${phase.slice(1)}`;
      expect(template.Resources[`${id}Function`]!.DependsOn).toEqual([`${id}LogGroup`]);
    }
    const defaults = encodeConfiguration(createDefaultAgentConfig(), '/eks-upgrade-agent/config').parameters;
    // With the Defaults (every permissions list empty), each list is one `.json` `[]` parameter.
    expect(resolvedResources(template, 'AWS::SSM::Parameter')).toHaveLength(defaults.length);
  });

  it('--format yaml --template-file writes the same template as YAML; a custom bus becomes a resource', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-synth-'));
    const configFile = path.join(folder, 'config.json');
    const config = createDefaultAgentConfig();
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        configFile,
        JSON.stringify({ ...config, eventBridge: { ...config.eventBridge, busName: 'upgrades' } }),
      ),
    );
    const result = await runCli([
      'synth',
      '--zip-dir',
      zipDirectory,
      '--config',
      configFile,
      '--format',
      'yaml',
      '--template-file',
      path.join(folder, 'stack.yaml'),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const template = parse(await readFile(path.join(folder, 'stack.yaml'), 'utf8')) as CloudFormationTemplate;
    expect(template.Resources.EventBus).toEqual({
      Type: 'AWS::Events::EventBus',
      Properties: { Name: 'upgrades' },
    });
    expect(template.Resources.MonitoringRule!.DependsOn).toEqual(['EventBus']);
    expect(template.Resources.MonitoringRule!.Properties.EventBusName).toBe('upgrades');
  });

  it('bad input exits 2 before any work: format, S3 location, zip folder', async () => {
    const format = await runCli(['synth', '--format', 'xml']);
    expect(format.exitCode).toBe(2);
    const bucket = await runCli(['synth', '--zip-dir', zipDirectory, '--upload-to', 'https://bucket/x']);
    expect(bucket.exitCode).toBe(2);
    expect(bucket.stderr).toContain('--upload-to: must be s3://BUCKET or s3://BUCKET/PREFIX');
    const zips = await runCli(['synth', '--zip-dir', '/nonexistent']);
    expect(zips.exitCode).toBe(2);
  });
});

describe('synthesizeStackTemplate limits', () => {
  it('refuses a stack of more than 500 resources, naming the limit (the schema caps lists; the guard does not rely on it)', async () => {
    const config = createDefaultAgentConfig();
    const alarmNames = Array.from({ length: 450 }, (_, index) => `alarm-${index}`);
    const codeKeys = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, `${phase}.zip`])) as Record<
      (typeof UPGRADE_PHASES)[number],
      string
    >;
    expect(() =>
      synthesizeStackTemplate({
        config: { ...config, upgrade: { ...config.upgrade, alarmNames } },
        parameterPrefix: '/eks-upgrade-agent/',
        notifyArns: [],
        codeKeys,
        cliVersion: '0.0.0',
      }),
    ).toThrow('The stack has too many resources for one template');
  });
});

describe('synthesizeStackTemplate per-account parameters', () => {
  const codeKeys = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, `${phase}.zip`])) as Record<
    (typeof UPGRADE_PHASES)[number],
    string
  >;
  const template = (config: AgentConfig, parameterPrefix = '/eks-upgrade-agent/') =>
    synthesizeStackTemplate({ config, parameterPrefix, notifyArns: [], codeKeys, cliVersion: '0.0.0' });
  const withPermissions = (
    permissions: Partial<AgentConfig['permissions']>,
    prefix?: string,
  ): AgentConfig => {
    const defaults = createDefaultAgentConfig();
    return {
      ...defaults,
      permissions: { ...defaults.permissions, ...permissions },
      ...(prefix ? { parameterStore: { ...defaults.parameterStore, parameterPrefix: prefix } } : {}),
    };
  };
  const ROLES = [
    'arn:aws:iam::123456789012:role/payments-cluster',
    'arn:aws:iam::123456789012:role/eks/payments-nodes',
  ];

  /** The template's roles, resolved, against deploy's role specs for `config`. */
  function expectRolesOf(synthesized: CloudFormationTemplate, config: AgentConfig, overrides = {}) {
    const specs = roleSpecs(config, LOCATION, []);
    const wanted = [...Object.values(specs.functions), specs.stateMachine, specs.scheduler];
    const roles = resolvedResources(synthesized, 'AWS::IAM::Role', overrides);
    expect(roles.map((role) => role.RoleName).sort()).toEqual(wanted.map((spec) => spec.name).sort());
    for (const spec of wanted) {
      const role = roles.find((candidate) => candidate.RoleName === spec.name)!;
      const [policy] = role.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }>;
      expect(policy!.PolicyName).toBe(spec.policyName);
      expect(normalizePolicyDocument(policy!.PolicyDocument)).toEqual(normalizePolicyDocument(spec.policy));
    }
  }

  /** The template's configuration parameters, resolved, against deploy's encoding of `config`. */
  function expectConfigurationOf(synthesized: CloudFormationTemplate, config: AgentConfig, overrides = {}) {
    const stored = resolvedResources(synthesized, 'AWS::SSM::Parameter', overrides);
    const root = `${config.parameterStore.parameterPrefix}config`;
    expect(Object.fromEntries(stored.map((parameter) => [parameter.Name, parameter.Value]))).toEqual(
      Object.fromEntries(encodeConfiguration(config, root).parameters.map((item) => [item.name, item.value])),
    );
    const decoded = decodeConfiguration(
      root,
      stored.map((parameter) => ({ name: String(parameter.Name), value: String(parameter.Value) })),
    );
    expect(decoded.permissions).toEqual(config.permissions);
  }

  it('Defaults from the synth inputs: with them substituted, the policies and the stored configuration are deploy’s', () => {
    const config = withPermissions({
      clusterNames: ['payments-prod', 'orders-prod'],
      hostedZoneIds: ['/hostedzone/Z1ABC', 'Z2DEF'],
      passRoleArns: ROLES,
    });
    const synthesized = template(config);
    expect(synthesized.Parameters.ClusterNames).toEqual({
      Type: 'CommaDelimitedList',
      Description: expect.stringContaining('permissions.clusterNames'),
      Default: 'payments-prod,orders-prod',
      AllowedPattern: '^([0-9A-Za-z][A-Za-z0-9_-]{0,99})?$',
    });
    expect(synthesized.Parameters.Prefix).toMatchObject({
      Type: 'String',
      Default: '/eks-upgrade-agent/',
      AllowedPattern: '^/([a-zA-Z0-9_.-]+/)*$',
    });
    expectRolesOf(synthesized, config);
    expectConfigurationOf(synthesized, config);
    // Nothing of the lists or the prefix is baked in.
    const text = JSON.stringify(synthesized.Resources);
    for (const literal of ['payments-prod', 'Z1ABC', 'payments-nodes', '/eks-upgrade-agent/']) {
      expect(text).not.toContain(literal);
    }
  });

  it('overrides: one template, other clusters, zones, roles and prefix; IAM and configuration follow them', () => {
    const synthesized = template(createDefaultAgentConfig());
    const overrides = {
      Prefix: '/team-a/',
      ClusterNames: 'billing,ledger',
      HostedZoneIds: 'Z9XYZ',
      PassRoleArns: ROLES.join(','),
    };
    const overridden = withPermissions(
      { clusterNames: ['billing', 'ledger'], hostedZoneIds: ['Z9XYZ'], passRoleArns: ROLES },
      '/team-a/',
    );
    expectRolesOf(synthesized, overridden, overrides);
    expectConfigurationOf(synthesized, overridden, overrides);
    const functions = resolvedResources(synthesized, 'AWS::Lambda::Function', overrides);
    for (const fn of functions) {
      expect(
        (fn.Environment as { Variables: Record<string, string> }).Variables.EKS_UPGRADE_CONFIG_PATH,
      ).toBe('/team-a/');
    }
    // The root prefix: the grant to read it is deploy's too (`parameter` and `parameter/*`).
    expectRolesOf(synthesized, withPermissions({}, '/'), { Prefix: '/' });
  });

  it('an empty list ([""] in CloudFormation) grants nothing: no statement by name, no wildcard, no empty ARN', () => {
    const synthesized = template(
      withPermissions({ clusterNames: ['payments-prod'], hostedZoneIds: ['Z1ABC'], passRoleArns: ROLES }),
    );
    const empty = { ClusterNames: '', HostedZoneIds: '', PassRoleArns: '' };
    expectRolesOf(synthesized, createDefaultAgentConfig(), empty);
    const roles = resolvedResources(synthesized, 'AWS::IAM::Role', empty);
    const statements = roles.flatMap(
      (role) =>
        (role.Policies as Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }>)[0]!
          .PolicyDocument.Statement,
    );
    expect(statements.map((statement) => statement.Sid)).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(Upgrade|Decommission|HostedZones|PassRolesToEks|ConfiguredRoles)$/),
      ]),
    );
    for (const statement of statements) {
      const resources = [statement.Resource].flat() as string[];
      expect(resources.every((arn) => !arn.endsWith('/') && arn !== '')).toBe(true);
      // Every EKS write on all clusters is held by a tag condition (the cluster's, or the request's).
      if (resources.some((arn) => /:eks:.*:cluster\/\*$/.test(arn)) && statement.Sid !== 'Read') {
        expect(JSON.stringify(statement.Condition)).toMatch(/aws:(Resource|Request)Tag\//);
      }
    }
    expectConfigurationOf(synthesized, createDefaultAgentConfig(), empty);
  });

  it('with CreateOperatorPolicy=true, the operator policy is `eks-upgrade operator-policy`’s document for the overridden account; none by default', () => {
    const synthesized = template(createDefaultAgentConfig());
    const overrides = {
      Prefix: '/team-a/',
      ClusterNames: 'billing,ledger',
      HostedZoneIds: 'Z9XYZ',
      CreateOperatorPolicy: 'true',
    };
    const overridden = withPermissions(
      { clusterNames: ['billing', 'ledger'], hostedZoneIds: ['Z9XYZ'] },
      '/team-a/',
    );
    const [policy, ...others] = resolvedResources(synthesized, 'AWS::IAM::ManagedPolicy', overrides);
    expect(others).toEqual([]);
    expect(normalizePolicyDocument(policy!.PolicyDocument)).toEqual(
      normalizePolicyDocument(operatorPolicyDocument(overridden, LOCATION)),
    );
    // Opt-in: the Default creates none.
    expect(resolvedResources(synthesized, 'AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  it('refuses defaults the parameters cannot carry: more items than slots, a comma in a role ARN', () => {
    const clusters = Array.from({ length: 11 }, (_, index) => `cluster-${index}`);
    expect(() => template(withPermissions({ clusterNames: clusters }))).toThrow(
      expect.objectContaining({
        issues: [
          {
            path: 'permissions.clusterNames',
            message:
              "lists 11 items; the template's ClusterNames parameter reads at most 10 (tag the other clusters with permissions.clusterTag)",
          },
        ],
      }),
    );
    expect(() => template(withPermissions({ passRoleArns: ['arn:aws:iam::123456789012:role/a,b'] }))).toThrow(
      'The configuration does not fit the template parameters',
    );
  });
});

describe('synthesizeStackTemplate notification targets (the NotificationTargetArns parameter)', () => {
  const codeKeys = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, `${phase}.zip`])) as Record<
    (typeof UPGRADE_PHASES)[number],
    string
  >;
  const config = createDefaultAgentConfig();
  const template = (notifyArns: string[] = []) =>
    synthesizeStackTemplate({
      config,
      parameterPrefix: '/eks-upgrade-agent/',
      notifyArns,
      codeKeys,
      cliVersion: '0.0.0',
    });
  const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:pager';
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
  const RULE_ARNS = [
    'arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-monitor',
    'arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-rollback-trigger',
  ];

  /** The rules' targets, resolved, by rule name. */
  const targetsOf = (synthesized: CloudFormationTemplate, overrides: Record<string, string>) =>
    Object.fromEntries(
      resolvedResources(synthesized, 'AWS::Events::Rule', overrides).map((rule) => [rule.Name, rule.Targets]),
    );

  /** The outputs whose conditions hold, resolved (rule ARNs as deploy names them). */
  function resolvedOutputs(synthesized: CloudFormationTemplate, overrides: Record<string, string>) {
    const parameters: Record<string, string[] | string> = {};
    for (const [name, declaration] of Object.entries(synthesized.Parameters)) {
      const value = overrides[name] ?? declaration.Default;
      if (value !== undefined)
        parameters[name] =
          declaration.Type === 'CommaDelimitedList' ? String(value).split(',') : String(value);
    }
    const values = {
      location: LOCATION,
      parameters,
      attributes: { 'MonitoringRule.Arn': RULE_ARNS[0]!, 'RollbackTriggerRule.Arn': RULE_ARNS[1]! },
      conditions: synthesized.Conditions,
    };
    return Object.fromEntries(
      Object.entries(synthesized.Outputs)
        .filter(([name]) => name.startsWith('NotificationTarget'))
        .filter(
          ([, output]) => output.Condition === undefined || conditionHolds(String(output.Condition), values),
        )
        .map(([name, output]) => [name, resolveIntrinsics(output.Value, values)]),
    );
  }

  it('the Default is the --notify-arn list; the parameter admits only target ARNs eks-upgrade delivers to', () => {
    const synthesized = template([QUEUE, MACHINE_TARGET]);
    expect(synthesized.Parameters.NotificationTargetArns).toEqual({
      Type: 'CommaDelimitedList',
      Description: expect.stringContaining('at most 5 ARNs'),
      Default: `${QUEUE},${MACHINE_TARGET}`,
      AllowedPattern: expect.any(String),
    });
    const pattern = new RegExp(String(synthesized.Parameters.NotificationTargetArns!.AllowedPattern));
    for (const accepted of [QUEUE, MACHINE_TARGET, FUNCTION, TOPIC, ''])
      expect(pattern.test(accepted), accepted).toBe(true);
    for (const refused of ['arn:aws:s3:::bucket', 'ops', 'arn:aws:sqs:us-east-1:123:ops'])
      expect(pattern.test(refused), refused).toBe(false);
    // Nothing of the targets is baked into the resources.
    expect(JSON.stringify(synthesized.Resources)).not.toContain(':ops');
  });

  it('an override gives the rules, the targets role and the function permissions deploy makes for those targets', async () => {
    // Prepare: deploy with a queue and a state machine (the fake account has no function targets).
    const account = fakeAccount();
    account.queues.set('ops', {});
    const aws = fakeAws(account.handlers);
    const deployed = await runCli(
      ['deploy', '--zip-dir', zipDirectory, '--notify-arn', QUEUE, '--notify-arn', MACHINE_TARGET],
      { services: aws.services },
    );
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const synthesized = template();

    // Act
    const overrides = { NotificationTargetArns: `${QUEUE},${MACHINE_TARGET}` };
    const targets = targetsOf(synthesized, overrides);
    const roles = resolvedResources(synthesized, 'AWS::IAM::Role', overrides);

    // Assess: the rules' targets and the targets role are deploy's.
    for (const [rule, created] of account.rules) expect(targets[rule]).toEqual(created.targets);
    const eventsRole = roles.find((role) => role.RoleName === 'eks-upgrade-events-role')!;
    const createdRole = account.roles.get('eks-upgrade-events-role')!;
    expect(normalizePolicyDocument(eventsRole.AssumeRolePolicyDocument)).toEqual(
      normalizePolicyDocument(createdRole.trust),
    );
    expect(
      normalizePolicyDocument((eventsRole.Policies as Array<{ PolicyDocument: unknown }>)[0]!.PolicyDocument),
    ).toEqual(normalizePolicyDocument(createdRole.policies.get('targets-least-privilege')));
    // No permissions: no function among the targets.
    expect(resolvedResources(synthesized, 'AWS::Lambda::Permission', overrides)).toEqual([]);

    // A function of the account: one permission per rule, as deploy's AddPermission (source rule and account).
    const withFunction = { NotificationTargetArns: `${QUEUE},${FUNCTION}` };
    expect(resolvedResources(synthesized, 'AWS::Lambda::Permission', withFunction)).toEqual(
      RULE_ARNS.map((rule) => ({
        Action: 'lambda:InvokeFunction',
        FunctionName: FUNCTION,
        Principal: 'events.amazonaws.com',
        SourceArn: rule,
        SourceAccount: '123456789012',
      })),
    );
    expect(targetsOf(synthesized, withFunction)['eks-upgrade-rollback-trigger']).toEqual([
      { Id: 'rollback-1', Arn: QUEUE },
      { Id: 'rollback-2', Arn: FUNCTION },
    ]);
    // Neither target needs the role: it is not created.
    expect(
      resolvedResources(synthesized, 'AWS::IAM::Role', withFunction).map((role) => role.RoleName),
    ).not.toContain('eks-upgrade-events-role');
  });

  it('a queue or topic gets the statement to add to its policy as an output: deploy’s own statement', () => {
    const synthesized = template();
    const foreignQueue = 'arn:aws:sqs:us-east-1:210987654321:central-ops';
    const outputs = resolvedOutputs(synthesized, {
      NotificationTargetArns: `${MACHINE_TARGET},${TOPIC},${foreignQueue}`,
    });
    const statement = (action: string, resource: string) => ({
      Sid: 'eks-upgrade-eks-upgrade',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: action,
      Resource: resource,
      Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARNS } },
    });
    expect(Object.keys(outputs)).toEqual([
      'NotificationTarget2PolicyStatement',
      'NotificationTarget3PolicyStatement',
    ]);
    expect(JSON.parse(String(outputs.NotificationTarget2PolicyStatement))).toEqual(
      statement('sns:Publish', TOPIC),
    );
    expect(JSON.parse(String(outputs.NotificationTarget3PolicyStatement))).toEqual(
      statement('sqs:SendMessage', foreignQueue),
    );
  });

  it('a log group of the account gets its own resource policy, deploy’s document; one of another account none', () => {
    const synthesized = template();
    const logGroup = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/upgrades';
    const policies = resolvedResources(synthesized, 'AWS::Logs::ResourcePolicy', {
      NotificationTargetArns: `${QUEUE},${logGroup},arn:aws:logs:us-east-1:210987654321:log-group:central`,
    });
    expect(
      policies.map((policy) => ({ ...policy, PolicyDocument: JSON.parse(String(policy.PolicyDocument)) })),
    ).toEqual([
      { PolicyName: 'eks-upgrade-notification-target-2', PolicyDocument: logsDeliveryPolicy(logGroup) },
    ]);
  });

  it('a function of another account gets no permission (only its owner can grant one)', () => {
    const synthesized = template();
    const foreign = { NotificationTargetArns: 'arn:aws:lambda:us-east-1:210987654321:function:pager' };
    expect(resolvedResources(synthesized, 'AWS::Lambda::Permission', foreign)).toEqual([]);
    expect(targetsOf(synthesized, foreign)['eks-upgrade-monitor']).toEqual([
      { Id: 'notify-1', Arn: 'arn:aws:lambda:us-east-1:210987654321:function:pager' },
    ]);
  });

  it('empty: no targets, no targets role, no permission, no output; five targets fill every slot', () => {
    const synthesized = template([QUEUE]);
    const empty = { NotificationTargetArns: '' };
    expect(targetsOf(synthesized, empty)).toEqual({
      'eks-upgrade-monitor': undefined,
      'eks-upgrade-rollback-trigger': undefined,
    });
    expect(
      resolvedResources(synthesized, 'AWS::IAM::Role', empty).map((role) => role.RoleName),
    ).not.toContain('eks-upgrade-events-role');
    expect(resolvedResources(synthesized, 'AWS::Lambda::Permission', empty)).toEqual([]);
    expect(resolvedOutputs(synthesized, empty)).toEqual({});

    const five = [
      QUEUE,
      MACHINE_TARGET,
      FUNCTION,
      TOPIC,
      'arn:aws:kinesis:us-east-1:123456789012:stream/audit',
    ];
    const targets = targetsOf(synthesized, { NotificationTargetArns: five.join(',') })['eks-upgrade-monitor'];
    expect(targets).toEqual([
      { Id: 'notify-1', Arn: QUEUE },
      {
        Id: 'notify-2',
        Arn: MACHINE_TARGET,
        RoleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-events-role',
      },
      { Id: 'notify-3', Arn: FUNCTION },
      { Id: 'notify-4', Arn: TOPIC },
      { Id: 'notify-5', Arn: five[4], RoleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-events-role' },
    ]);
  });

  it('never drops a target silently: a hole gives a target without an ARN, a sixth item a sixth target (AWS refuses both)', () => {
    const synthesized = template();
    expect(
      targetsOf(synthesized, { NotificationTargetArns: `${QUEUE},,${TOPIC}` })['eks-upgrade-monitor'],
    ).toEqual([
      { Id: 'notify-1', Arn: QUEUE },
      { Id: 'notify-2', Arn: '' },
      { Id: 'notify-3', Arn: TOPIC },
    ]);
    const six = Array.from({ length: 6 }, (_, index) => `arn:aws:sqs:us-east-1:123456789012:q${index}`);
    expect(
      targetsOf(synthesized, { NotificationTargetArns: six.join(',') })['eks-upgrade-monitor'],
    ).toHaveLength(6);
  });
});
