import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { encodeConfiguration } from '@eks-upgrade/params';
import { createUpgradeStateMachineDefinition, workflowOptionsFromConfig } from '@eks-upgrade/sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPhaseZips } from '../../src/stack/cloudformation/code-upload.js';
import { resolveIntrinsics } from '../../src/stack/cloudformation/intrinsics.js';
import {
  type CloudFormationTemplate,
  synthesizeStackTemplate,
} from '../../src/stack/cloudformation/stack-template.js';
import { normalizePolicyDocument } from '../../src/stack/policy-document.js';
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

/** The template's resources of one type, resolved for LOCATION (role ARNs as deploy names them). */
function resolvedResources(template: CloudFormationTemplate, type: string) {
  const attributes: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      attributes[`${id}.Arn`] = `arn:aws:iam::123456789012:role/${String(resource.Properties.RoleName)}`;
    }
  }
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === type)
    .map(
      (resource) =>
        resolveIntrinsics(resource.Properties, {
          location: LOCATION,
          parameters: { CodeBucket: 'artifacts', CodeKeyPrefix: 'eks/', LogRetentionInDays: '30' },
          attributes,
        }) as Record<string, unknown>,
    );
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
    expect(Object.keys(template.Parameters)).toEqual(['CodeBucket', 'CodeKeyPrefix', 'LogRetentionInDays']);
    // No events role without a target that needs one; a log group per function, created first.
    expect(template.Resources.EventsRole).toBeUndefined();
    for (const phase of UPGRADE_PHASES) {
      const id = `${phase[0]!.toUpperCase()}${phase.slice(1)}`;
      expect(template.Resources[`${id}Function`]!.DependsOn).toEqual([`${id}LogGroup`]);
    }
    const defaults = encodeConfiguration(createDefaultAgentConfig(), '/eks-upgrade-agent/config').parameters;
    expect(
      Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::SSM::Parameter'),
    ).toHaveLength(defaults.length);
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
