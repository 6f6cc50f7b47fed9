import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeResourcePoliciesCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AgentConfig, createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { EventBridgeClient } from '@eks-upgrade/events';
import { createFunctionZip, LambdaTemplateManager } from '@eks-upgrade/lambda-templates';
import { SSMClient } from '@eks-upgrade/params';
import { StepFunctionsClient } from '@eks-upgrade/sfn';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conditionHolds, resolveIntrinsics } from '../../src/stack/cloudformation/intrinsics.js';
import {
  type CloudFormationTemplate,
  configurationLogicalId,
} from '../../src/stack/cloudformation/stack-template.js';
import {
  functionPermissions,
  logGroupPolicies,
} from '../../src/stack/cloudformation/template-notification-targets.js';
import { LIST_PARAMETERS } from '../../src/stack/cloudformation/template-parameters.js';
import { functionRolePolicy } from '../../src/stack/iam-policies.js';
import { logsDeliveryPolicy } from '../../src/stack/log-group-targets.js';
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
 * (policy documents hold only strings, lists and objects). A second moto 5.2.1 gap: `Fn::If`
 * to `AWS::NoValue` inside a list (a statement, a resource of an empty slot) leaves a None
 * where CloudFormation removes the element; those are removed here, as CloudFormation would.
 */
function fromMotoPolicy(document: string | undefined): unknown {
  const text = decodeURIComponent(document ?? '');
  const withoutNoValue = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.filter((item) => item !== null).map(withoutNoValue)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNoValue(item)]))
        : value;
  if (!text.startsWith("{'")) return JSON.parse(text);
  return withoutNoValue(
    JSON.parse(
      text
        .replaceAll("'", '"')
        .replaceAll(': None', ': null')
        .replaceAll(/([[ ])None([,\]])/g, '$1null$2'),
    ),
  );
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
    // them and lists each as a summary without a logical ID. The configuration items of the
    // permissions lists are conditional (one per slot of ClusterNames, HostedZoneIds,
    // PassRoleArns); with the default configuration every list is empty, so none is created, and
    // moto lists those the same way (its CREATE change set names them all, conditions or not).
    // Everything else is created.
    const slots = LIST_PARAMETERS.flatMap((list) =>
      Array.from({ length: list.slots }, (_, index) =>
        configurationLogicalId(`permissions.${list.key}[${index}]`),
      ),
    );
    // The same for the notification slots' conditional resources: the one target is a queue, so
    // neither the targets role nor a function permission nor a log group policy is created.
    const notificationOnly = [
      'EventsRole',
      ...Object.keys(functionPermissions(['MonitoringRule', 'RollbackTriggerRule'])),
      ...Object.keys(logGroupPolicies()),
      // The operator policy is opt-in (CreateOperatorPolicy): moto 5.2.1 could not create it
      // anyway, as it validates a managed policy with AWS::NoValue's null left in its statements.
      'OperatorPolicy',
    ];
    const skipped = ['StateMachineVersion', 'StateMachineAlias', ...slots, ...notificationOnly];
    expect(inStack.filter((id) => id === undefined || id === '')).toHaveLength(skipped.length);
    expect(inStack.filter((id) => id !== undefined && id !== '')).toEqual(
      planned.filter((id) => !skipped.includes(id)).sort(),
    );
    expect(planned).toEqual(expect.arrayContaining(skipped));

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
    // The queue's statement, written next to the stack, is taken back with it.
    expect(destroyed.stdout).toContain(
      `removed target policy ${QUEUE} (queue policy: the rules’ sqs:SendMessage statement)`,
    );
    const queue = await new SQSClient(config).send(
      new GetQueueAttributesCommand({
        QueueUrl: `${moto.endpoint}/123456789012/ops`,
        AttributeNames: ['Policy'],
      }),
    );
    expect(queue.Attributes?.Policy ?? '').toBe('');
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

describe('synth parameters against moto', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/payments-nodes';
  // NotificationTargetArns is given although it is the synth Default: moto 5.2.1 does not split a
  // CommaDelimitedList Default (its Ref is the text), so its slot conditions would read characters.
  const overrides = (clusters: string) => ({
    Prefix: '/team-a/',
    ClusterNames: clusters,
    HostedZoneIds: 'Z1ABC',
    PassRoleArns: ROLE,
    NotificationTargetArns: QUEUE,
  });
  const asParameters = (values: Record<string, string>) =>
    Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const overridden = (clusters: string[]): AgentConfig => {
    const defaults = createDefaultAgentConfig();
    return {
      ...defaults,
      parameterStore: { ...defaults.parameterStore, parameterPrefix: '/team-a/' },
      permissions: {
        ...defaults.permissions,
        clusterNames: clusters,
        hostedZoneIds: ['Z1ABC'],
        passRoleArns: [ROLE],
      },
    };
  };

  /**
   * What a change of parameter values changes, from the template the way CloudFormation
   * evaluates it: a resource whose condition starts to hold is added, one whose condition stops
   * holding is removed, one whose resolved properties differ is modified.
   */
  function changedResources(
    template: CloudFormationTemplate,
    before: Record<string, string>,
    after: Record<string, string>,
  ): string[] {
    const valuesOf = (given: Record<string, string>) => {
      const parameters: Record<string, string | string[]> = { CodeBucket: BUCKET, CodeKeyPrefix: 'eks/' };
      for (const [name, declaration] of Object.entries(template.Parameters)) {
        const value =
          given[name] ?? (declaration.Default === undefined ? undefined : String(declaration.Default));
        if (value !== undefined && parameters[name] === undefined)
          parameters[name] = declaration.Type === 'CommaDelimitedList' ? value.split(',') : value;
      }
      const attributes = Object.fromEntries(
        Object.keys(template.Resources).flatMap((id) => [
          [id, id],
          [`${id}.Arn`, `${id}.Arn`],
          [`${id}.StateMachineRevisionId`, 'revision'],
        ]),
      );
      return { location: LOCATION, parameters, attributes, conditions: template.Conditions };
    };
    const [old, next] = [valuesOf(before), valuesOf(after)];
    const changes: string[] = [];
    for (const [id, resource] of Object.entries(template.Resources)) {
      const exists = (values: typeof old) =>
        resource.Condition === undefined || conditionHolds(resource.Condition, values);
      const [was, is] = [exists(old), exists(next)];
      if (!was && is) changes.push(`Add ${id}`);
      else if (was && !is) changes.push(`Remove ${id}`);
      else if (
        was &&
        JSON.stringify(resolveIntrinsics(resource.Properties, old)) !==
          JSON.stringify(resolveIntrinsics(resource.Properties, next))
      )
        changes.push(`Modify ${id}`);
    }
    return changes.sort();
  }

  it('one template, parameter overrides: CreateStack reaches CREATE_COMPLETE; IAM, configuration and targets follow the overrides', async () => {
    const templateFile = path.join(workDirectory, 'parameters.json');
    const synthesized = await cli([
      'synth',
      '--zip-dir',
      zipDirectory,
      '--upload-to',
      `s3://${BUCKET}/eks`,
      '--template-file',
      templateFile,
      '--notify-arn',
      QUEUE,
    ]);
    expect(synthesized.exitCode, synthesized.stderr).toBe(0);
    const body = await readFile(templateFile, 'utf8');
    const template = JSON.parse(body) as CloudFormationTemplate;
    const config = moto.clientConfig();
    await new S3Client({ ...config, forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'templates/parameters.json', Body: body }),
    );
    const url = `https://${BUCKET}.s3.us-east-1.amazonaws.com/templates/parameters.json`;
    const cloudFormation = new CloudFormationClient(config);

    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'team-a',
        TemplateURL: url,
        Parameters: asParameters(overrides('payments,orders')),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );

    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'team-a' }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    const wanted = overridden(['payments', 'orders']);
    const iam = new IAMClient(config);
    for (const phase of UPGRADE_PHASES) {
      const policy = await iam.send(
        new GetRolePolicyCommand({
          RoleName: `eks-upgrade-agent-${phase}-role`,
          PolicyName: `${phase}-least-privilege`,
        }),
      );
      expect(normalizePolicyDocument(fromMotoPolicy(policy.PolicyDocument))).toEqual(
        normalizePolicyDocument(functionRolePolicy(phase, wanted, LOCATION)),
      );
    }
    // The configuration below the overridden prefix, with the overridden lists, nothing below the default one.
    const stored = await new SSMClient({
      clientConfig: config,
      parameterPrefix: '/team-a/',
    }).getConfiguration('config');
    expect(stored).toEqual(wanted);
    expect(
      await new SSMClient({
        clientConfig: config,
        parameterPrefix: '/eks-upgrade-agent/',
      }).getParametersByPath('/eks-upgrade-agent/'),
    ).toEqual([]);
    // (The functions' EKS_UPGRADE_CONFIG_PATH follows Prefix too: the unit tests resolve it; the
    // Lambda summaries the CLI reads carry no environment.)
    const events = new EventBridgeClient({ clientConfig: config });
    for (const rule of ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger']) {
      expect((await events.listTargets(rule)).map((target) => target.arn)).toEqual([QUEUE]);
    }

    // A change of ClusterNames alone: the four roles that grant on clusters by name, and the
    // configuration item of the new cluster. Nothing else.
    const before = overrides('payments,orders');
    const after = overrides('payments,orders,billing');
    expect(changedResources(template, before, after)).toEqual([
      'Add ConfigPermissionsClusterNames2',
      'Modify ExecutionFunctionRole',
      'Modify PerceptionFunctionRole',
      'Modify RollbackFunctionRole',
      'Modify ValidationFunctionRole',
    ]);
    // A second target, a function of the account: both rules change, and the function gets a
    // permission per rule. No role (neither target needs one), no other resource.
    const withFunction = {
      ...before,
      NotificationTargetArns: `${QUEUE},arn:aws:lambda:us-east-1:123456789012:function:pager`,
    };
    expect(changedResources(template, before, withFunction)).toEqual([
      'Add NotificationTarget2InvokeFromMonitoringRule',
      'Add NotificationTarget2InvokeFromRollbackTriggerRule',
      'Modify MonitoringRule',
      'Modify RollbackTriggerRule',
    ]);
    // moto 5.2.1 gaps: a change set of parameter values alone lists no change (it diffs the
    // template text only), and executing one fails on the conditional resources it never
    // created; so the list above is the template's own evaluation, and moto's is checked empty.
    await cloudFormation.send(
      new CreateChangeSetCommand({
        StackName: 'team-a',
        ChangeSetName: 'more-clusters',
        ChangeSetType: 'UPDATE',
        TemplateURL: url,
        Parameters: asParameters(after),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const described = await cloudFormation.send(
      new DescribeChangeSetCommand({ StackName: 'team-a', ChangeSetName: 'more-clusters' }),
    );
    expect(described.Changes ?? []).toEqual([]);
  });

  it('NotificationTargetArns: one template, another account’s targets; the rules deliver to them, with the role, permissions and statement each needs', async () => {
    // Prepare: a template synthesized with one queue; the account has its own function to page.
    const templateFile = path.join(workDirectory, 'notifications.json');
    const synthesized = await cli([
      'synth',
      '--zip-dir',
      zipDirectory,
      '--upload-to',
      `s3://${BUCKET}/eks`,
      '--template-file',
      templateFile,
      '--notify-arn',
      QUEUE,
    ]);
    expect(synthesized.exitCode, synthesized.stderr).toBe(0);
    const config = moto.clientConfig();
    const body = await readFile(templateFile, 'utf8');
    await new S3Client({ ...config, forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'templates/notifications.json', Body: body }),
    );
    const pagerRole = await new IAMClient(config).send(
      new CreateRoleCommand({
        RoleName: 'pager-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    const lambda = new LambdaClient(config);
    const pager = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'pager',
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Role: pagerRole.Role?.Arn,
        Code: { ZipFile: createFunctionZip({ 'index.mjs': 'export const handler = async () => ({});' }) },
      }),
    );
    const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:on-call';
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/events/upgrades' }));
    const logGroup = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/upgrades';
    const targets = [QUEUE, machine, String(pager.FunctionArn), logGroup];
    const cloudFormation = new CloudFormationClient(config);

    // Act
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'notifications',
        TemplateURL: `https://${BUCKET}.s3.us-east-1.amazonaws.com/templates/notifications.json`,
        Parameters: asParameters({ NotificationTargetArns: targets.join(',') }),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );

    // Assess: both rules deliver to the three targets, the state machine through the targets role.
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'notifications' })))
      .Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    const events = new EventBridgeClient({ clientConfig: config });
    const eventsRoleArn = 'arn:aws:iam::123456789012:role/eks-upgrade-events-role';
    for (const [rule, prefix] of [
      ['eks-upgrade-monitor', 'notify'],
      ['eks-upgrade-rollback-trigger', 'rollback'],
    ] as const) {
      expect(await events.listTargets(rule)).toEqual([
        expect.objectContaining({ id: `${prefix}-1`, arn: QUEUE }),
        expect.objectContaining({ id: `${prefix}-2`, arn: machine, roleArn: eventsRoleArn }),
        expect.objectContaining({ id: `${prefix}-3`, arn: pager.FunctionArn }),
        expect.objectContaining({ id: `${prefix}-4`, arn: logGroup }),
      ]);
      expect((await events.listTargets(rule)).map((target) => target.roleArn)).toEqual([
        undefined,
        eventsRoleArn,
        undefined,
        undefined,
      ]);
    }
    // The targets role may start the state machine, nothing else.
    const eventsPolicy = await new IAMClient(config).send(
      new GetRolePolicyCommand({
        RoleName: 'eks-upgrade-events-role',
        PolicyName: 'targets-least-privilege',
      }),
    );
    expect(fromMotoPolicy(eventsPolicy.PolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DeliverToTarget2', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [machine] },
      ],
    });
    // The function: one permission per rule, for that rule and this account only.
    const policy = JSON.parse(
      String((await lambda.send(new GetPolicyCommand({ FunctionName: 'pager' }))).Policy),
    ) as { Statement: Array<Record<string, unknown>> };
    expect(
      policy.Statement.map(({ Action, Principal, Effect, Resource, Condition }) => ({
        Action,
        Principal,
        Effect,
        Resource,
        Condition,
      })),
    ).toEqual(
      ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger'].map((rule) => ({
        Action: 'lambda:InvokeFunction',
        Principal: { Service: 'events.amazonaws.com' },
        Effect: 'Allow',
        Resource: pager.FunctionArn,
        Condition: {
          ArnLike: { 'AWS:SourceArn': `arn:aws:events:us-east-1:123456789012:rule/${rule}` },
          StringEquals: { 'AWS:SourceAccount': '123456789012' },
        },
      })),
    );
    // The log group: a resource policy of the stack's own, deploy's document.
    const logsPolicies = (await logs.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies ?? [];
    expect(
      logsPolicies.map((item) => ({
        name: item.policyName,
        document: JSON.parse(item.policyDocument ?? '{}'),
      })),
    ).toEqual([{ name: 'notifications-notification-target-4', document: logsDeliveryPolicy(logGroup) }]);
    // The queue's statement, for its owner to add (the template never replaces a queue's policy).
    const outputs = Object.fromEntries(
      (stack?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
    );
    expect(Object.keys(outputs).filter((key) => key.startsWith('NotificationTarget'))).toEqual([
      'NotificationTarget1PolicyStatement',
    ]);
    expect(JSON.parse(String(outputs.NotificationTarget1PolicyStatement))).toEqual({
      Sid: 'eks-upgrade-eks-upgrade',
      Effect: 'Allow',
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
    });
    const queue = await new SQSClient(config).send(
      new GetQueueAttributesCommand({
        QueueUrl: `${moto.endpoint}/123456789012/ops`,
        AttributeNames: ['Policy'],
      }),
    );
    expect(queue.Attributes?.Policy).toBeUndefined();

    // The permissions are the stack's resources, so DeleteStack takes them away on AWS (moto 5.2.1
    // gap: its AWS::Lambda::Permission has no delete, so the statements outlive the stack there).
    const resources = await cloudFormation.send(
      new ListStackResourcesCommand({ StackName: 'notifications' }),
    );
    expect(
      (resources.StackResourceSummaries ?? [])
        .filter((resource) => resource.ResourceType === 'AWS::Lambda::Permission')
        .map((resource) => resource.LogicalResourceId)
        .sort(),
    ).toEqual([
      'NotificationTarget3InvokeFromMonitoringRule',
      'NotificationTarget3InvokeFromRollbackTriggerRule',
    ]);
    await cloudFormation.send(new DeleteStackCommand({ StackName: 'notifications' }));
    await expect(
      new IAMClient(config).send(new GetRoleCommand({ RoleName: 'eks-upgrade-events-role' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
