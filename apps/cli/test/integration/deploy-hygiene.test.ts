import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeResourcePoliciesCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { EventBridgeClient } from '@eks-upgrade/events';
import { createFunctionZip } from '@eks-upgrade/lambda-templates';
import { SSMClient } from '@eks-upgrade/params';
import { StepFunctionsClient } from '@eks-upgrade/sfn';
import { MOTO_CREDENTIALS, useMoto } from '@eks-upgrade/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/run-cli.js';

const moto = useMoto();
const ACCOUNT = '123456789012';
const MUTATING =
  /^(Create|Put|Update|Delete|Tag|Untag|Attach|Detach|Add|Remove|Publish|Start|Stop|Enable|Disable|Set)/;
let zipDirectory: string;
let badZipDirectory: string;
let workDirectory: string;

beforeAll(async () => {
  zipDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-zips-'));
  badZipDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-bad-zips-'));
  workDirectory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-work-'));
  for (const phase of UPGRADE_PHASES) {
    await writeFile(
      path.join(zipDirectory, `${phase}.zip`),
      createFunctionZip({ 'index.mjs': `export const handler = async () => ({ phase: '${phase}' });` }),
    );
    // Present under the right names, but not zip archives.
    await writeFile(path.join(badZipDirectory, `${phase}.zip`), `export const handler = () => '${phase}';\n`);
  }
});

beforeEach(async () => {
  await moto.configure({ lambda: { use_docker: false } });
});

/** Runs the CLI against moto through --endpoint-url, recording every AWS call. */
async function cli(argv: readonly string[]): Promise<CliRun & { calls: string[] }> {
  const calls: string[] = [];
  const result = await runCli([...argv, '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {
    clientConfig: { credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 },
    onAwsCall: (service, operation) => calls.push(`${service}:${operation}`),
    cwd: workDirectory,
  });
  return { ...result, calls };
}

const mutatingCalls = (run: { calls: string[] }) =>
  run.calls.filter((call) => MUTATING.test(call.split(':')[1] ?? ''));

/** Everything deploy could have created, as moto holds it. */
async function stackResources() {
  const config = moto.clientConfig();
  const roles = (await new IAMClient(config).send(new ListRolesCommand({}))).Roles ?? [];
  const parameters = await new SSMClient({ clientConfig: config }).getParametersByPath(
    '/eks-upgrade-agent/',
    {
      recursive: true,
    },
  );
  const functions = JSON.parse((await cli(['functions', 'list', '--output', 'json'])).stdout);
  const machine = await new StepFunctionsClient({ clientConfig: config }).findStateMachineByName(
    'eks-upgrade-workflow',
  );
  const rules = await new EventBridgeClient({ clientConfig: config }).listRules('eks-upgrade');
  return { roles: roles.map((role) => role.RoleName), parameters, functions, machine, rules };
}

const NOTHING = { roles: [], parameters: [], functions: [], machine: undefined, rules: [] };

async function createQueue(name: string): Promise<{ arn: string; url: string }> {
  const sqs = new SQSClient(moto.clientConfig());
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`, url: QueueUrl ?? '' };
}

describe('deploy against moto: nothing is written unless everything is valid', () => {
  it('refuses zips that are not zip archives with exit 2, having created nothing', async () => {
    // Act
    const result = await cli(['deploy', '--zip-dir', badZipDirectory]);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Nothing was deployed: 5 problems found before any change');
    expect(result.stderr).toContain('must be a zip archive');
    expect(mutatingCalls(result)).toEqual([]);
    expect(await stackResources()).toEqual(NOTHING);
  });

  it('refuses a role of your own that does not exist, or a target that does not, with exit 2 and nothing created', async () => {
    // Act
    const role = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--lambda-role-arn',
      `arn:aws:iam::${ACCOUNT}:role/missing`,
    ]);
    const target = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      `arn:aws:sqs:us-east-1:${ACCOUNT}:no-such-queue`,
    ]);

    // Assess
    const bus = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/no-such-bus`,
    ]);
    expect(bus.exitCode).toBe(2);
    expect(bus.stderr).toContain(
      `event bus arn:aws:events:us-east-1:${ACCOUNT}:event-bus/no-such-bus does not exist`,
    );
    expect(mutatingCalls(bus)).toEqual([]);
    expect(role.exitCode).toBe(2);
    expect(role.stderr).toContain(`role arn:aws:iam::${ACCOUNT}:role/missing does not exist`);
    expect(target.exitCode).toBe(2);
    expect(target.stderr).toContain(`queue arn:aws:sqs:us-east-1:${ACCOUNT}:no-such-queue does not exist`);
    expect([...mutatingCalls(role), ...mutatingCalls(target)]).toEqual([]);
    expect(await stackResources()).toEqual(NOTHING);
  });
});

describe('deploy against moto: notification targets', () => {
  it('removes a target dropped from --notify-arn, and gives the queue the policy EventBridge needs', async () => {
    // Prepare
    const first = await createQueue('ops');
    const second = await createQueue('audit');

    // Act
    const both = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      first.arn,
      '--notify-arn',
      second.arn,
    ]);
    const one = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      first.arn,
      '--output',
      'json',
    ]);
    const again = await cli(['deploy', '--zip-dir', zipDirectory, '--notify-arn', first.arn]);

    // Assess
    expect(both.exitCode, both.stderr).toBe(0);
    expect(one.exitCode, one.stderr).toBe(0);
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    for (const [rule, prefix] of [
      ['eks-upgrade-monitor', 'notify'],
      ['eks-upgrade-rollback-trigger', 'rollback'],
    ] as const) {
      expect((await events.listTargets(rule)).map((target) => [target.id, target.arn])).toEqual([
        [`${prefix}-1`, first.arn],
      ]);
    }
    const changes = JSON.parse(one.stdout).changes as Array<{ kind: string; action: string }>;
    expect(changes.filter((change) => change.kind === 'rule').map((change) => change.action)).toEqual([
      'update',
      'update',
    ]);
    // The third run finds nothing to do: the old target is gone for good.
    expect(again.stdout).toBe('No changes.\n');
    expect(mutatingCalls(again)).toEqual([]);
    const sqs = new SQSClient(moto.clientConfig());
    const policy = JSON.parse(
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: first.url, AttributeNames: ['Policy'] })))
        .Attributes?.Policy ?? '{}',
    );
    expect(policy.Statement).toEqual([
      {
        Sid: 'eks-upgrade-eks-upgrade',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: first.arn,
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-monitor`,
              `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-rollback-trigger`,
            ],
          },
        },
      },
    ]);
    // An upgrade event reaches the queue that stayed.
    await cli([
      'events',
      'publish',
      '--type',
      'upgrade.started',
      '--detail',
      '{"clusterName":"prod","targetVersion":"1.31","strategy":"in_place"}',
    ]);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: first.url, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages?.length).toBeGreaterThan(0);
    const dropped = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: second.url, MaxNumberOfMessages: 10 }),
    );
    expect(dropped.Messages ?? []).toEqual([]);
  });

  it('gives an SNS topic its topic policy and a Lambda function its permissions, once', async () => {
    // Prepare
    const sns = new SNSClient(moto.clientConfig());
    const { TopicArn: topic = '' } = await sns.send(new CreateTopicCommand({ Name: 'upgrades' }));
    expect((await cli(['deploy', '--zip-dir', zipDirectory])).exitCode).toBe(0);
    const pager = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:eks-upgrade-agent-perception`;

    // Act
    const deployed = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      topic,
      '--notify-arn',
      pager,
    ]);
    const again = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      topic,
      '--notify-arn',
      pager,
    ]);

    // Assess
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(deployed.stdout).toContain(
      `created target-policy ${topic} (topic policy: sns:Publish from the rules)`,
    );
    expect(deployed.stdout).toContain(
      `created target-policy ${pager} (Lambda permission: lambda:InvokeFunction from each rule)`,
    );
    expect(again.stdout).toBe('No changes.\n');
    const topicPolicy = JSON.parse(
      (await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes?.Policy ?? '{}',
    );
    expect(
      topicPolicy.Statement.filter(
        (statement: { Sid?: string }) => statement.Sid === 'eks-upgrade-eks-upgrade',
      ),
    ).toEqual([
      {
        Sid: 'eks-upgrade-eks-upgrade',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic,
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-monitor`,
              `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-rollback-trigger`,
            ],
          },
        },
      },
    ]);
    // The CLI reaches Lambda through @eks-upgrade/lambda-templates; its SDK client reads the policy back.
    const { LambdaClient, GetPolicyCommand } = createRequire(
      createRequire(import.meta.url).resolve('@eks-upgrade/lambda-templates/package.json'),
    )('@aws-sdk/client-lambda') as {
      LambdaClient: new (config: object) => { send(command: unknown): Promise<{ Policy?: string }> };
      GetPolicyCommand: new (input: { FunctionName: string }) => unknown;
    };
    const lambdaPolicy = JSON.parse(
      (await new LambdaClient(moto.clientConfig()).send(new GetPolicyCommand({ FunctionName: pager })))
        .Policy ?? '{}',
    );
    expect(
      lambdaPolicy.Statement.map(
        (statement: { Sid: string; Principal: unknown; Action: unknown; Condition: unknown }) => ({
          Sid: statement.Sid,
          Principal: statement.Principal,
          Action: statement.Action,
          Condition: statement.Condition,
        }),
      ),
    ).toEqual(
      ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger'].map((rule) => ({
        Sid: `eks-upgrade-${rule}`,
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: {
          ArnLike: { 'AWS:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/${rule}` },
          StringEquals: { 'AWS:SourceAccount': ACCOUNT },
        },
      })),
    );
  });
});

describe('deploy against moto: a CloudWatch Logs log group as a notification target', () => {
  it('gives the log group its own resource policy beside the account’s others, and deletes it with the target', async () => {
    // Prepare
    const logs = new CloudWatchLogsClient(moto.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/events/upgrades' }));
    await logs.send(
      new PutResourcePolicyCommand({
        policyName: 'route53-query-logs',
        policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      }),
    );
    const logGroup = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/events/upgrades`;
    const policies = async () =>
      ((await logs.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies ?? []).map((policy) => ({
        name: policy.policyName,
        document: JSON.parse(policy.policyDocument ?? '{}'),
      }));

    // Act
    const deployed = await cli(['deploy', '--zip-dir', zipDirectory, '--notify-arn', logGroup]);

    // Assess
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const ours = (await policies()).filter((policy) => policy.name?.startsWith('eks-upgrade-'));
    expect(ours).toEqual([
      {
        name: expect.stringMatching(/^eks-upgrade-eks-upgrade-logs-[0-9a-f]{16}$/),
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EksUpgradeEventsToLogGroup',
              Effect: 'Allow',
              Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `${logGroup}:*`,
            },
          ],
        },
      },
    ]);
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    expect((await events.listTargets('eks-upgrade-monitor')).map((target) => target.arn)).toEqual([logGroup]);

    // Act: the target dropped.
    const dropped = await cli(['deploy', '--zip-dir', zipDirectory]);

    // Assess: its policy goes, the account's other policy stays.
    expect(dropped.exitCode, dropped.stderr).toBe(0);
    expect((await policies()).map((policy) => policy.name)).toEqual(['route53-query-logs']);
    expect(await events.listTargets('eks-upgrade-monitor')).toEqual([]);
  });
});

describe('deploy against moto: grants on targets are taken back', () => {
  it('a dropped target loses what deploy granted on it, and destroy takes back the rest; others’ statements stay', async () => {
    // Prepare: a queue with another team's statement, a topic, a function and a queue deploy grants on.
    const kept = await createQueue('ops');
    const dropped = await createQueue('audit');
    const sqs = new SQSClient(moto.clientConfig());
    const theirs = {
      Sid: 'billing-team',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'sqs:SendMessage',
      Resource: kept.arn,
    };
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: kept.url,
        Attributes: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [theirs] }) },
      }),
    );
    const sns = new SNSClient(moto.clientConfig());
    const { TopicArn: topic = '' } = await sns.send(new CreateTopicCommand({ Name: 'upgrades' }));
    expect((await cli(['deploy', '--zip-dir', zipDirectory])).exitCode).toBe(0);
    const pager = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:eks-upgrade-agent-perception`;
    const all = [kept.arn, dropped.arn, topic, pager].flatMap((arn) => ['--notify-arn', arn]);
    expect((await cli(['deploy', '--zip-dir', zipDirectory, ...all])).exitCode).toBe(0);
    const sids = async (queueUrl: string) =>
      (
        JSON.parse(
          (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] })))
            .Attributes?.Policy || '{}',
        ).Statement ?? []
      ).map((statement: { Sid: string }) => statement.Sid);
    const topicSids = async () =>
      JSON.parse(
        (await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes?.Policy ?? '{}',
      ).Statement.map((statement: { Sid: string }) => statement.Sid);
    const { LambdaClient, GetPolicyCommand } = await import('@aws-sdk/client-lambda');
    const lambda = new LambdaClient(moto.clientConfig());
    const functionSids = async () =>
      JSON.parse(
        (await lambda.send(new GetPolicyCommand({ FunctionName: pager })).catch(() => ({ Policy: '{}' })))
          .Policy ?? '{}',
      ).Statement?.map((statement: { Sid: string }) => statement.Sid) ?? [];
    expect(await sids(dropped.url)).toEqual(['eks-upgrade-eks-upgrade']);
    expect(await topicSids()).toContain('eks-upgrade-eks-upgrade');
    expect(await functionSids()).toEqual([
      'eks-upgrade-eks-upgrade-monitor',
      'eks-upgrade-eks-upgrade-rollback-trigger',
    ]);

    // Act: every target but the first dropped.
    const one = await cli([
      'deploy',
      '--zip-dir',
      zipDirectory,
      '--notify-arn',
      kept.arn,
      '--output',
      'json',
    ]);

    // Assess: what deploy granted on the dropped ones is gone, nothing else.
    expect(one.exitCode, one.stderr).toBe(0);
    const removed = (JSON.parse(one.stdout).changes as Array<{ kind: string; name: string; action: string }>)
      .filter((change) => change.kind === 'target-policy' && change.action === 'delete')
      .map((change) => change.name);
    expect(removed.sort()).toEqual([dropped.arn, topic, pager].sort());
    expect(await sids(dropped.url)).toEqual([]);
    expect(await topicSids()).not.toContain('eks-upgrade-eks-upgrade');
    expect(await topicSids()).not.toEqual([]);
    expect(await functionSids()).toEqual([]);
    expect(await sids(kept.url)).toEqual(['billing-team', 'eks-upgrade-eks-upgrade']);

    // Act: destroy.
    const destroyed = await cli(['destroy', '--output', 'json']);

    // Assess: the kept queue's statement goes with the stack; the other team's stays.
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(await sids(kept.url)).toEqual(['billing-team']);
  });
});

describe('deploy against moto: another bus as a notification target', () => {
  it('delivers to a bus of the account through the targets role, which only the two rules may use', async () => {
    // Prepare
    const audit = new EventBridgeClient({ clientConfig: moto.clientConfig(), busName: 'audit' });
    const busArn = await audit.createEventBus();

    // Act
    const result = await cli(['deploy', '--zip-dir', zipDirectory, '--notify-arn', busArn]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const events = new EventBridgeClient({ clientConfig: moto.clientConfig() });
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/eks-upgrade-events-role`;
    expect(await events.listTargets('eks-upgrade-monitor')).toEqual([
      { id: 'notify-1', arn: busArn, roleArn },
    ]);
    const role = await new IAMClient(moto.clientConfig()).send(
      new GetRoleCommand({ RoleName: 'eks-upgrade-events-role' }),
    );
    expect(JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '{}'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: {
              'aws:SourceArn': [
                `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-monitor`,
                `arn:aws:events:us-east-1:${ACCOUNT}:rule/eks-upgrade-rollback-trigger`,
              ],
            },
          },
        },
      ],
    });
  });
});

describe('deploy against moto: a custom event bus', () => {
  it('creates the configured bus and puts the rules on it; destroy removes the bus it created', async () => {
    // Prepare
    expect((await cli(['config', 'init'])).exitCode).toBe(0);
    expect((await cli(['config', 'set', 'eventBridge.busName', 'upgrades'])).exitCode).toBe(0);

    // Act
    const result = await cli(['deploy', '--zip-dir', zipDirectory]);
    const again = await cli(['deploy', '--zip-dir', zipDirectory]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('created event-bus upgrades');
    expect(result.calls).toContain('EventBridge:CreateEventBus');
    const bus = new EventBridgeClient({ clientConfig: moto.clientConfig(), busName: 'upgrades' });
    expect(await bus.describeEventBus()).toMatchObject({
      name: 'upgrades',
      arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/upgrades`,
    });
    expect((await bus.listRules('eks-upgrade')).map((rule) => rule.name).sort()).toEqual([
      'eks-upgrade-monitor',
      'eks-upgrade-rollback-trigger',
    ]);
    expect(again.stdout).toBe('No changes.\n');
    const destroyed = await cli(['destroy', '--keep-config']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toContain('deleted event-bus upgrades');
    expect(await bus.describeEventBus()).toBeUndefined();
  });

  it('leaves a bus it did not create in place', async () => {
    // Prepare
    const bus = new EventBridgeClient({ clientConfig: moto.clientConfig(), busName: 'shared' });
    await bus.createEventBus({ team: 'platform' });
    expect((await cli(['config', 'init'])).exitCode).toBe(0);
    expect((await cli(['config', 'set', 'eventBridge.busName', 'shared'])).exitCode).toBe(0);

    // Act
    const deployed = await cli(['deploy', '--zip-dir', zipDirectory]);
    const destroyed = await cli(['destroy', '--keep-config']);

    // Assess
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(deployed.stdout).not.toContain('event-bus');
    expect(deployed.calls).not.toContain('EventBridge:CreateEventBus');
    expect(destroyed.stdout).toContain(
      'skipped event-bus shared (not created by eks-upgrade deploy; left in place)',
    );
    expect(await bus.describeEventBus()).toMatchObject({ name: 'shared' });
  });
});
