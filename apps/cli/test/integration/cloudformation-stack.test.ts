import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { EventBridgeClient } from '@eks-upgrade/events';
import { LambdaTemplateManager } from '@eks-upgrade/lambda-templates';
import { SSMClient } from '@eks-upgrade/params';
import { StepFunctionsClient } from '@eks-upgrade/sfn';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { functionRolePolicy } from '../../src/stack/iam-policies.js';
import { normalizePolicyDocument } from '../../src/stack/policy-document.js';
import { phaseZipDirectory } from '../helpers/fake-account.js';
import { type CliRun, runCli } from '../helpers/run-cli.js';

const moto = useMoto();
const BUCKET = 'eks-upgrade-artifacts';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:ops';
const MUTATING =
  /^(Create|Put|Update|Delete|Tag|Untag|Attach|Detach|Add|Remove|Publish|Start|Stop|Enable|Disable|Execute)/;
let zipDirectory: string;
let workDirectory: string;

beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
  workDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-cfn-'));
});

beforeEach(async () => {
  // moto 5.2.1 gap: with the no-Docker Lambda backend (use_docker false) the Lambda API reads
  // another backend than the one CloudFormation creates functions in, so CloudFormation's
  // functions would be invisible. Nothing here invokes a function, so the Docker backend
  // (which creates without Docker) is used.
  // The same holds for Step Functions: with execute_state_machine on (other files of this tier turn
  // it on), the API reads another backend than CloudFormation's; nothing here executes.
  await moto.configure({ lambda: { use_docker: true }, stepfunctions: { execute_state_machine: false } });
  await new S3Client({ ...moto.clientConfig(), forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: BUCKET }),
  );
  await new SQSClient(moto.clientConfig()).send(new CreateQueueCommand({ QueueName: 'ops' }));
});

async function cli(argv: readonly string[]): Promise<CliRun & { calls: string[] }> {
  const calls: string[] = [];
  const result = await runCli([...argv, '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {
    clientConfig: { credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 },
    onAwsCall: (service, operation) => calls.push(`${service}:${operation}`),
    cwd: workDirectory,
  });
  return { ...result, calls };
}

const deploy = (...extra: string[]) =>
  cli([
    'deploy',
    '--via',
    'cloudformation',
    '--zip-dir',
    zipDirectory,
    '--upload-to',
    `s3://${BUCKET}/eks`,
    ...extra,
  ]);

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };

/**
 * moto 5.2.1 stores an inline policy that CloudFormation created from a template object as the
 * Python text of the dict (`{'Version': '2012-10-17', ...}`), not JSON; this reads it back
 * (policy documents hold only strings, lists and objects).
 */
function fromMotoPolicy(document: string | undefined): unknown {
  const text = decodeURIComponent(document ?? '');
  return JSON.parse(text.startsWith("{'") ? text.replaceAll("'", '"') : text);
}

const mutating = (calls: readonly string[]) =>
  calls.filter((call) => MUTATING.test(call.split(':')[1] ?? ''));

describe('deploy --via cloudformation against moto', () => {
  it('creates the stack from the synthesized template (CREATE_COMPLETE) and every resource exists', async () => {
    const result = await deploy('--yes', '--notify-arn', QUEUE, '--output', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      changeSetType: string;
      changes: Array<{ action: string; logicalId: string }>;
    };
    expect(printed.changeSetType).toBe('CREATE');
    expect(result.stderr).toContain('stack eks-upgrade: CREATE_COMPLETE');

    const config = moto.clientConfig();
    const stack = (
      await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: 'eks-upgrade' }))
    ).Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    // Every resource of the change set is in the stack, except the two moto cannot create.
    const listed = await new CloudFormationClient(config).send(
      new ListStackResourcesCommand({ StackName: 'eks-upgrade' }),
    );
    const inStack = (listed.StackResourceSummaries ?? [])
      .map((resource) => resource.LogicalResourceId)
      .sort();
    const planned = printed.changes.map((change) => change.logicalId);
    // moto 5.2.1 has no AWS::StepFunctions::StateMachineVersion / StateMachineAlias: it skips
    // them and lists each as a summary without a logical ID. Everything else is created.
    expect(inStack.filter((id) => id === undefined || id === '')).toHaveLength(2);
    expect(inStack.filter((id) => id !== undefined && id !== '')).toEqual(
      planned.filter((id) => id !== 'StateMachineVersion' && id !== 'StateMachineAlias').sort(),
    );
    expect(planned).toEqual(expect.arrayContaining(['StateMachineVersion', 'StateMachineAlias']));

    // The zips under content-addressed keys.
    const objects = await new S3Client({ ...config, forcePathStyle: true }).send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'eks/' }),
    );
    expect(
      (objects.Contents ?? []).map((object) => object.Key).filter((key) => key?.endsWith('.zip')),
    ).toHaveLength(5);

    // Roles with their inline policies; functions; state machine; rules with targets; parameters; log groups.
    const iam = new IAMClient(config);
    for (const phase of UPGRADE_PHASES) {
      const roleName = `eks-upgrade-agent-${phase}-role`;
      expect((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.RoleName).toBe(roleName);
      const policy = await iam.send(
        new GetRolePolicyCommand({ RoleName: roleName, PolicyName: `${phase}-least-privilege` }),
      );
      expect(normalizePolicyDocument(fromMotoPolicy(policy.PolicyDocument))).toEqual(
        normalizePolicyDocument(functionRolePolicy(phase, createDefaultAgentConfig(), LOCATION)),
      );
    }
    const functions = await new LambdaTemplateManager({ clientConfig: config }).listFunctions({
      namePrefix: 'eks-upgrade-agent-',
    });
    expect(
      functions.map((fn) => [fn.functionName, fn.runtime, fn.handler, fn.memorySize, fn.timeout]).sort(),
    ).toEqual([
      ['eks-upgrade-agent-execution', 'nodejs24.x', 'index.handler', 256, 60],
      ['eks-upgrade-agent-perception', 'nodejs24.x', 'index.handler', 256, 120],
      ['eks-upgrade-agent-reasoning', 'nodejs24.x', 'index.handler', 512, 300],
      ['eks-upgrade-agent-rollback', 'nodejs24.x', 'index.handler', 256, 180],
      ['eks-upgrade-agent-validation', 'nodejs24.x', 'index.handler', 256, 120],
    ]);
    for (const roleName of ['eks-upgrade-workflow-role', 'eks-upgrade-workflow-scheduler-role']) {
      expect((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.RoleName).toBe(roleName);
    }
    const sfn = new StepFunctionsClient({ clientConfig: config });
    const machineArn = await sfn.findStateMachineByName('eks-upgrade-workflow');
    const machine = await sfn.describeStateMachine(machineArn!);
    expect(machine.roleArn).toBe('arn:aws:iam::123456789012:role/eks-upgrade-workflow-role');
    expect(machine.definition.StartAt).toBeDefined();
    const events = new EventBridgeClient({ clientConfig: config });
    expect((await events.listRules('eks-upgrade')).map((rule) => [rule.name, rule.state]).sort()).toEqual([
      ['eks-upgrade-monitor', 'ENABLED'],
      ['eks-upgrade-rollback-trigger', 'ENABLED'],
    ]);
    for (const rule of ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger']) {
      expect((await events.listTargets(rule)).map((target) => target.arn)).toEqual([QUEUE]);
    }
    // The queue accepts the two rules' events (its policy is written next to the stack, as deploy does).
    const queue = await new SQSClient(config).send(
      new GetQueueAttributesCommand({
        QueueUrl: `${moto.endpoint}/123456789012/ops`,
        AttributeNames: ['Policy'],
      }),
    );
    expect(JSON.parse(queue.Attributes?.Policy ?? '{}').Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              'arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-monitor',
              'arn:aws:events:us-east-1:123456789012:rule/eks-upgrade-rollback-trigger',
            ],
          },
        },
      }),
    ]);
    const stored = await new SSMClient({
      clientConfig: config,
      parameterPrefix: '/eks-upgrade-agent/',
    }).getConfiguration('config');
    expect(stored).toEqual(createDefaultAgentConfig());
    // The log groups, as the stack reports them (the CLI has no CloudWatch Logs client to ask).
    expect(
      (listed.StackResourceSummaries ?? [])
        .filter((resource) => resource.ResourceType === 'AWS::Logs::LogGroup')
        .map((resource) => [resource.PhysicalResourceId, resource.ResourceStatus])
        .sort(),
    ).toEqual(
      UPGRADE_PHASES.map((phase) => [`/aws/lambda/eks-upgrade-agent-${phase}`, 'CREATE_COMPLETE']).sort(),
    );
  });
  it('a configuration change: the change set lists exactly the changed parameter; a second deploy finds no changes', async () => {
    expect((await deploy('--yes')).exitCode).toBe(0);
    expect((await cli(['config', 'set', 'bedrock.maxTokens', '2000'])).exitCode).toBe(0);

    const dryRun = await deploy('--dry-run', '--output', 'json');
    expect(dryRun.exitCode, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      changeSetType: 'UPDATE',
      dryRun: true,
      changes: [
        { action: 'Modify', logicalId: 'ConfigBedrockMaxTokens', resourceType: 'AWS::SSM::Parameter' },
      ],
    });
    expect(JSON.parse(dryRun.stdout).changes).toHaveLength(1);
    // The dry run executed nothing and left no change set behind.
    // (The template, over 51,200 bytes, goes to S3 under its content hash for TemplateURL.)
    expect(mutating(dryRun.calls)).toEqual([
      'S3:PutObject',
      'CloudFormation:CreateChangeSet',
      'CloudFormation:DeleteChangeSet',
    ]);

    const applied = await deploy('--yes');
    expect(applied.exitCode, applied.stderr).toBe(0);
    // moto's change sets carry no Replacement (AWS says False for a parameter's Value).
    expect(applied.stdout).toBe('Modify AWS::SSM::Parameter ConfigBedrockMaxTokens\n');
    expect((await cli(['config', 'get', 'bedrock.maxTokens'])).stdout).toBe('2000\n');

    const again = await deploy('--yes');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe('No changes.\n');
    // Nothing executed: the empty change set is deleted, and the zips and template are in S3 already.
    expect(mutating(again.calls)).toEqual([
      'CloudFormation:CreateChangeSet',
      'CloudFormation:DeleteChangeSet',
    ]);
  });

  it('without --yes and without a terminal: exit 2 and not one call that writes', async () => {
    const refused = await deploy();
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(mutating(refused.calls)).toEqual([]);
    expect(refused.calls).toEqual([]);
  });

  it('--dry-run on a new stack shows the CREATE change set and leaves no stack behind', async () => {
    const dryRun = await deploy('--dry-run', '--output', 'json');
    expect(dryRun.exitCode, dryRun.stderr).toBe(0);
    const printed = JSON.parse(dryRun.stdout) as {
      changeSetType: string;
      dryRun: boolean;
      changes: unknown[];
    };
    expect(printed).toMatchObject({ changeSetType: 'CREATE', dryRun: true });
    expect(printed.changes.length).toBeGreaterThan(60);
    const status = await new CloudFormationClient(moto.clientConfig())
      .send(new DescribeStacksCommand({ StackName: 'eks-upgrade' }))
      .then((output) => output.Stacks?.[0]?.StackStatus)
      .catch((error: Error) => error.message);
    expect(status).toMatch(/DELETE_COMPLETE|does not exist/);
    // Nothing of the stack was created (the zips are not even uploaded).
    expect(
      await new LambdaTemplateManager({ clientConfig: moto.clientConfig() }).listFunctions({
        namePrefix: 'eks-upgrade-agent-',
      }),
    ).toEqual([]);
    expect(mutating(dryRun.calls).filter((call) => !call.startsWith('S3:PutObject'))).toEqual([
      'CloudFormation:CreateChangeSet',
      'CloudFormation:DeleteChangeSet',
      'CloudFormation:DeleteStack',
    ]);
  });

  it('a notification target that does not exist: exit 2 before any write', async () => {
    const refused = await deploy('--yes', '--notify-arn', 'arn:aws:sqs:us-east-1:123456789012:missing');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('queue arn:aws:sqs:us-east-1:123456789012:missing does not exist');
    expect(mutating(refused.calls)).toEqual([]);
  });

  it('refuses (exit 2, nothing written) when the configuration was stored outside the stack', async () => {
    expect((await cli(['config', 'init'])).exitCode).toBe(0);
    const refused = await deploy('--yes');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('eks-upgrade config export > agent-config.json');
    expect(mutating(refused.calls)).toEqual([]);
  });

  it('destroy --via cloudformation deletes the stack and every resource', async () => {
    expect((await deploy('--yes', '--notify-arn', QUEUE)).exitCode).toBe(0);
    const before = moto.clientConfig();
    expect(
      await new LambdaTemplateManager({ clientConfig: before }).listFunctions({
        namePrefix: 'eks-upgrade-agent-',
      }),
    ).toHaveLength(5);
    expect(await new EventBridgeClient({ clientConfig: before }).listRules('eks-upgrade')).toHaveLength(2);

    const destroyed = await cli(['destroy', '--via', 'cloudformation']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(destroyed.stdout.split('\n')[0]).toBe('deleted stack eks-upgrade');

    const config = moto.clientConfig();
    const stacks = await new CloudFormationClient(config)
      .send(new DescribeStacksCommand({ StackName: 'eks-upgrade' }))
      .then((output) => output.Stacks?.[0]?.StackStatus)
      .catch((error: Error) => error.message);
    expect(stacks).toMatch(/DELETE_COMPLETE|does not exist/);
    const iam = new IAMClient(config);
    for (const roleName of [
      ...UPGRADE_PHASES.map((phase) => `eks-upgrade-agent-${phase}-role`),
      'eks-upgrade-workflow-role',
      'eks-upgrade-workflow-scheduler-role',
    ]) {
      await expect(iam.send(new GetRoleCommand({ RoleName: roleName }))).rejects.toMatchObject({
        name: 'NoSuchEntityException',
      });
    }
    expect(
      await new LambdaTemplateManager({ clientConfig: config }).listFunctions({
        namePrefix: 'eks-upgrade-agent-',
      }),
    ).toEqual([]);
    expect(
      await new StepFunctionsClient({ clientConfig: config }).findStateMachineByName('eks-upgrade-workflow'),
    ).toBe(undefined);
    expect(await new EventBridgeClient({ clientConfig: config }).listRules('eks-upgrade')).toEqual([]);
    const left = await new SSMClient({
      clientConfig: config,
      parameterPrefix: '/eks-upgrade-agent/',
    }).getParametersByPath('/eks-upgrade-agent/');
    expect(left).toEqual([]);
  });
});

describe('synth against moto', () => {
  it('--upload-to uploads the zips once (content-addressed); the template deploys with CreateStack and DeleteStack removes it', async () => {
    const templateFile = path.join(workDirectory, 'eks-upgrade.json');
    const first = await cli([
      'synth',
      '--zip-dir',
      zipDirectory,
      '--upload-to',
      `s3://${BUCKET}/eks`,
      '--template-file',
      templateFile,
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(mutating(first.calls).filter((call) => call === 'S3:PutObject')).toHaveLength(6); // five zips and the template
    const second = await cli([
      'synth',
      '--zip-dir',
      zipDirectory,
      '--upload-to',
      `s3://${BUCKET}/eks`,
      '--template-file',
      templateFile,
    ]);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(mutating(second.calls)).toEqual([]);
    expect(second.stderr).toContain(`the 5 zips are already in s3://${BUCKET}/eks/`);

    // Plain CloudFormation, as a pipeline would run it (the template is over 51,200 bytes: from S3).
    const config = moto.clientConfig();
    const body = await readFile(templateFile, 'utf8');
    await new S3Client({ ...config, forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'templates/eks-upgrade.json', Body: body }),
    );
    const cloudFormation = new CloudFormationClient(config);
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'plain',
        TemplateURL: `https://${BUCKET}.s3.us-east-1.amazonaws.com/templates/eks-upgrade.json`,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const created = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'plain' }));
    expect(created.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    expect(created.Stacks?.[0]?.Parameters).toEqual(
      expect.arrayContaining([
        { ParameterKey: 'CodeBucket', ParameterValue: BUCKET },
        { ParameterKey: 'CodeKeyPrefix', ParameterValue: 'eks/' },
      ]),
    );
    expect(
      await new LambdaTemplateManager({ clientConfig: config }).listFunctions({
        namePrefix: 'eks-upgrade-agent-',
      }),
    ).toHaveLength(5);
    expect(
      await new StepFunctionsClient({ clientConfig: config }).findStateMachineByName('eks-upgrade-workflow'),
    ).toMatch(/stateMachine:eks-upgrade-workflow$/);

    await cloudFormation.send(new DeleteStackCommand({ StackName: 'plain' }));
    expect(
      await new LambdaTemplateManager({ clientConfig: config }).listFunctions({
        namePrefix: 'eks-upgrade-agent-',
      }),
    ).toEqual([]);
    expect(
      await new StepFunctionsClient({ clientConfig: config }).findStateMachineByName('eks-upgrade-workflow'),
    ).toBe(undefined);
  });
});
