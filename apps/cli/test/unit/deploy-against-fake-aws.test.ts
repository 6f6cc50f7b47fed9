import { createHash } from 'node:crypto';
import { createDefaultAgentConfig, UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { LocalParameterStore } from '@eks-upgrade/params';
import { createUpgradeStateMachineDefinition, workflowOptionsFromConfig } from '@eks-upgrade/sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_VERSION } from '../../src/main.js';
import { functionRolePolicy, stateMachineRolePolicy } from '../../src/stack/iam-policies.js';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:ops';

/**
 * How many parameters the default configuration takes in Parameter Store, counted by the params
 * package's own encoding (so a new configuration key does not break these tests).
 */
async function defaultParameterCount(): Promise<number> {
  const written = await new LocalParameterStore().putConfiguration(createDefaultAgentConfig(), 'config');
  return Object.keys(written).length;
}

const MANAGED_TAGS = [{ Key: 'eks-upgrade:managed-by', Value: 'eks-upgrade-cli' }];

let zipDirectory: string;

beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
});

function deployedAccount() {
  const account = fakeAccount();
  const aws = fakeAws(account.handlers);
  const cli = (...argv: string[]) =>
    runCli(argv[0] === 'deploy' ? [...argv, '--zip-dir', zipDirectory] : argv, { services: aws.services });
  return { account, aws, cli };
}

describe('Command: deploy (fake AWS)', () => {
  it('creates the whole stack in order, each change printed once', async () => {
    // Prepare
    const { account, aws, cli } = deployedAccount();
    account.queues.set('ops', {});

    // Act
    const result = await cli('deploy', '--notify-arn', QUEUE);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'created configuration /eks-upgrade-agent/config/',
      ...UPGRADE_PHASES.map(
        (phase) => `created role eks-upgrade-agent-${phase}-role (role and inline policy)`,
      ),
      'created role eks-upgrade-workflow-role (role and inline policy)',
      'created role eks-upgrade-workflow-scheduler-role (role and inline policy)',
      ...UPGRADE_PHASES.map((phase) => `created function eks-upgrade-agent-${phase}`),
      'created state-machine eks-upgrade-workflow',
      'created rule eks-upgrade-monitor',
      'created rule eks-upgrade-rollback-trigger',
      `created target-policy ${QUEUE} (queue policy: sqs:SendMessage from the rules)`,
      'created state-machine eks-upgrade-workflow:live (published version 1, alias routes 100 % to it)',
    ]);
    // The default permissions let no blue/green upgrade create green or move traffic: deploy says so.
    expect(result.stderr).toBe(
      [
        'deploying the eks-upgrade stack',
        'warning: permissions.passRoleArns is empty: a blue/green upgrade cannot create its green cluster (IAM refuses iam:PassRole); list the blue cluster role, node roles and add-on roles',
        'warning: permissions.hostedZoneIds is empty: a blue/green upgrade cannot shift traffic (IAM refuses route53:ChangeResourceRecordSets); list the hosted zones of its records',
        '18 changes made',
        '',
      ].join('\n'),
    );
    // The queue lets EventBridge send it the two rules' events, and nothing else.
    expect(
      aws
        .mutatingCalls()
        .filter((call) => call.operation === 'SetQueueAttributes')
        .map((call) => call.input),
    ).toEqual([
      {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/ops',
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
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
              },
            ],
          }),
        },
      },
    ]);
    const mutating = aws.mutatingCalls();
    const count = (operation: string) => mutating.filter((call) => call.operation === operation).length;
    expect([
      count('PutParameter'),
      count('CreateRole'),
      count('PutRolePolicy'),
      count('CreateFunction'),
    ]).toEqual([await defaultParameterCount(), 7, 7, 5]);
    expect([count('CreateStateMachine'), count('PutRule'), count('PutTargets')]).toEqual([1, 2, 2]);
    // The machine's first revision is published as version 1 and the live alias routes to it.
    const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
    const created = mutating.find((call) => call.operation === 'CreateStateMachine')!.input;
    expect(
      mutating.filter((call) => call.operation === 'UpdateStateMachine').map((call) => call.input),
    ).toEqual([
      {
        stateMachineArn: machineArn,
        definition: created.definition,
        roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-role',
        publish: true,
        versionDescription: `eks-upgrade ${CLI_VERSION}`,
      },
    ]);
    expect(
      mutating.filter((call) => call.operation === 'CreateStateMachineAlias').map((call) => call.input),
    ).toEqual([
      {
        name: 'live',
        description: 'eks-upgrade: the version new upgrades start on (moved by each deploy)',
        routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:1`, weight: 100 }],
      },
    ]);
    const find = (operation: string, key: string, value: string) =>
      mutating.find((call) => call.operation === operation && call.input[key] === value)?.input;
    expect(find('CreateRole', 'RoleName', 'eks-upgrade-agent-perception-role')).toEqual({
      RoleName: 'eks-upgrade-agent-perception-role',
      Description: 'eks-upgrade perception function',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
      Tags: MANAGED_TAGS,
    });
    const defaults = createDefaultAgentConfig();
    for (const phase of UPGRADE_PHASES) {
      expect(find('PutRolePolicy', 'RoleName', `eks-upgrade-agent-${phase}-role`)).toEqual({
        RoleName: `eks-upgrade-agent-${phase}-role`,
        PolicyName: `${phase}-least-privilege`,
        PolicyDocument: JSON.stringify(functionRolePolicy(phase, defaults, LOCATION)),
      });
    }
    expect(find('PutRolePolicy', 'RoleName', 'eks-upgrade-workflow-role')).toEqual({
      RoleName: 'eks-upgrade-workflow-role',
      PolicyName: 'workflow-least-privilege',
      PolicyDocument: JSON.stringify(stateMachineRolePolicy(defaults, LOCATION)),
    });
    // start --at: Scheduler may assume it for this account's schedules only, to start the workflow only.
    expect(find('CreateRole', 'RoleName', 'eks-upgrade-workflow-scheduler-role')).toEqual({
      RoleName: 'eks-upgrade-workflow-scheduler-role',
      Description: 'EventBridge Scheduler starting eks-upgrade executions (start --at)',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:scheduler:us-east-1:123456789012:schedule-group/default' },
            },
          },
        ],
      }),
      Tags: MANAGED_TAGS,
    });
    // Step Functions may assume the workflow role only for this stack's state machine (confused deputy).
    expect(find('CreateRole', 'RoleName', 'eks-upgrade-workflow-role')).toEqual({
      RoleName: 'eks-upgrade-workflow-role',
      Description: 'eks-upgrade workflow state machine',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'states.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': [
                  'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
                  'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow:*',
                ],
              },
            },
          },
        ],
      }),
      Tags: MANAGED_TAGS,
    });
    expect(find('PutRolePolicy', 'RoleName', 'eks-upgrade-workflow-scheduler-role')).toEqual({
      RoleName: 'eks-upgrade-workflow-scheduler-role',
      PolicyName: 'start-workflow-only',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['states:StartExecution'],
            Resource: [
              'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
              'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow:*',
            ],
          },
        ],
      }),
    });
    expect(find('CreateFunction', 'FunctionName', 'eks-upgrade-agent-perception')).toEqual({
      FunctionName: 'eks-upgrade-agent-perception',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::123456789012:role/eks-upgrade-agent-perception-role',
      Code: { ZipFile: expect.any(Uint8Array) },
      MemorySize: 256,
      Timeout: 120,
      Description: 'eks-upgrade perception phase',
      Architectures: ['arm64'],
      PackageType: 'Zip',
      Publish: false,
      Environment: {
        Variables: {
          EKS_UPGRADE_CONFIG_PATH: '/eks-upgrade-agent/',
          EKS_UPGRADE_EVENT_BUS: 'default',
          EKS_UPGRADE_PHASE: 'perception',
          LOG_LEVEL: 'INFO',
          POWERTOOLS_SERVICE_NAME: 'eks-upgrade-agent-perception',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
      Tags: { 'eks-upgrade:component': 'agent', 'eks-upgrade:phase': 'perception' },
    });
    const machine = find('CreateStateMachine', 'name', 'eks-upgrade-workflow')!;
    expect({ ...machine, definition: JSON.parse(String(machine.definition)) }).toEqual({
      name: 'eks-upgrade-workflow',
      definition: JSON.parse(
        JSON.stringify(createUpgradeStateMachineDefinition(workflowOptionsFromConfig(defaults))),
      ),
      roleArn: 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-role',
      type: 'STANDARD',
      tracingConfiguration: { enabled: false },
      tags: [{ key: 'eks-upgrade:managed-by', value: 'eks-upgrade-cli' }],
    });
    expect(find('PutRule', 'Name', 'eks-upgrade-monitor')).toEqual({
      Name: 'eks-upgrade-monitor',
      EventBusName: 'default',
      EventPattern: JSON.stringify({ source: ['eks-upgrade-agent'] }),
      State: 'ENABLED',
      Description: 'Every eks-upgrade event (phases, traffic, validation, rollback), for monitoring',
    });
    expect(find('PutTargets', 'Rule', 'eks-upgrade-monitor')).toEqual({
      Rule: 'eks-upgrade-monitor',
      EventBusName: 'default',
      Targets: [{ Id: 'notify-1', Arn: QUEUE }],
    });
  });

  it('a second deploy changes nothing and says so', async () => {
    // Prepare
    const { aws, cli } = deployedAccount();
    expect((await cli('deploy')).exitCode).toBe(0);
    aws.calls.length = 0;

    // Act
    const again = await cli('deploy');
    const dryRun = await cli('deploy', '--dry-run', '--output', 'json');

    // Assess
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe('No changes.\n');
    expect(again.stderr).toMatch(
      /^deploying the eks-upgrade stack\n(warning: permissions\.\w+ is empty: .*\n){2}no changes\n$/,
    );
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ dryRun: true, changed: false });
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('updates what differs: a new execution timeout, and functions moved to a role of your own', async () => {
    // Prepare
    const { account, aws, cli } = deployedAccount();
    expect((await cli('deploy')).exitCode).toBe(0);
    expect((await cli('config', 'set', 'stepFunctions.executionTimeoutSeconds', '7200')).exitCode).toBe(0);
    account.roles.set('mine', { trust: '{}', policies: new Map(), tags: [] });
    aws.calls.length = 0;

    // Act
    const result = await cli('deploy', '--lambda-role-arn', 'arn:aws:iam::123456789012:role/mine');

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      ...UPGRADE_PHASES.map((phase) => `updated function eks-upgrade-agent-${phase} (role)`),
      'updated state-machine eks-upgrade-workflow',
      'updated state-machine eks-upgrade-workflow:live (published version 2, alias routes 100 % to it)',
    ]);
    // The alias moved to the new version; version 1 keeps the old definition for executions on it.
    expect(
      account.aliases.get('arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow:live'),
    ).toEqual([
      {
        stateMachineVersionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow:2',
        weight: 100,
      },
    ]);
    expect(
      JSON.parse(
        account.versions.get('arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow:1')!
          .definition,
      ).TimeoutSeconds,
    ).not.toBe(7200);
    const updates = aws.mutatingCalls();
    expect(
      updates.filter((call) => call.operation === 'UpdateFunctionConfiguration').map((call) => call.input),
    ).toEqual(
      UPGRADE_PHASES.map((phase) => ({
        FunctionName: `eks-upgrade-agent-${phase}`,
        Role: 'arn:aws:iam::123456789012:role/mine',
      })),
    );
    const update = updates.find((call) => call.operation === 'UpdateStateMachine')!.input;
    expect(Object.keys(update).sort()).toEqual([
      'definition',
      'roleArn',
      'stateMachineArn',
      'tracingConfiguration',
    ]);
    expect(JSON.parse(String(update.definition)).TimeoutSeconds).toBe(7200);
    expect(JSON.parse(account.stateMachines.get('eks-upgrade-workflow')!.definition).TimeoutSeconds).toBe(
      7200,
    );
  });
});

describe('Command: deploy (fake AWS): a CloudWatch Logs target', () => {
  const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/upgrades';
  const POLICY = `eks-upgrade-eks-upgrade-logs-${createHash('sha256').update(LOG_GROUP).digest('hex').slice(0, 16)}`;

  it('gets its own resource policy, which goes when the target goes; a log group that does not exist: exit 2', async () => {
    // Prepare
    const { account, aws, cli } = deployedAccount();
    account.logGroups.add('/aws/events/upgrades');
    account.logsPolicies.set('someone-elses', '{"Version":"2012-10-17","Statement":[]}');

    // Act
    const deployed = await cli('deploy', '--notify-arn', LOG_GROUP);

    // Assess: one policy added beside the account's others, the whole input as documented.
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(
      aws.calls.filter((call) => call.operation === 'PutResourcePolicy').map((call) => call.input),
    ).toEqual([
      {
        policyName: POLICY,
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EksUpgradeEventsToLogGroup',
              Effect: 'Allow',
              Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `${LOG_GROUP}:*`,
            },
          ],
        }),
      },
    ]);
    expect([...account.logsPolicies.keys()].sort()).toEqual([POLICY, 'someone-elses']);
    expect(account.rules.get('eks-upgrade-monitor')!.targets).toEqual([{ Id: 'notify-1', Arn: LOG_GROUP }]);

    // Act: the same again changes nothing; without the target, its policy is deleted (only ours).
    aws.calls.length = 0;
    const again = await cli('deploy', '--notify-arn', LOG_GROUP);
    expect(again.stdout).toBe('No changes.\n');
    const without = await cli('deploy');
    expect(without.exitCode, without.stderr).toBe(0);
    expect(
      aws.calls.filter((call) => call.operation === 'DeleteResourcePolicy').map((call) => call.input),
    ).toEqual([{ policyName: POLICY }]);
    expect([...account.logsPolicies.keys()]).toEqual(['someone-elses']);

    // A log group that does not exist: refused before any write.
    aws.calls.length = 0;
    const missing = await cli('deploy', '--notify-arn', `${LOG_GROUP}-typo`);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('log group /aws/events/upgrades-typo');
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('refuses a log group ARN with the :* suffix, before any call', async () => {
    const { aws, cli } = deployedAccount();
    const result = await cli('deploy', '--notify-arn', `${LOG_GROUP}:*`);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('a CloudWatch Logs target is a log group ARN without the :* suffix');
    expect(aws.calls).toEqual([]);
  });
});

describe('Command: destroy (fake AWS)', () => {
  it('--dry-run lists what it would remove and removes nothing', async () => {
    // Prepare
    const { aws, cli } = deployedAccount();
    expect((await cli('deploy')).exitCode).toBe(0);
    aws.calls.length = 0;

    // Act
    const result = await cli('destroy', '--dry-run');

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(16);
    expect(result.stdout).toMatch(/^would delete rule eks-upgrade-rollback-trigger\n/);
    expect(result.stderr).toBe('dry run: nothing will be removed\n16 changes would be made\n');
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('removes everything in reverse order; --keep-config leaves the parameters', async () => {
    // Prepare
    const { account, aws, cli } = deployedAccount();
    expect((await cli('deploy')).exitCode).toBe(0);
    aws.calls.length = 0;

    // Act
    const result = await cli('destroy', '--keep-config');

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'deleted rule eks-upgrade-rollback-trigger',
      'deleted rule eks-upgrade-monitor',
      'deleted state-machine eks-upgrade-workflow',
      ...UPGRADE_PHASES.map((phase) => `deleted function eks-upgrade-agent-${phase}`),
      ...UPGRADE_PHASES.map((phase) => `deleted role eks-upgrade-agent-${phase}-role`),
      'deleted role eks-upgrade-workflow-role',
      'deleted role eks-upgrade-workflow-scheduler-role',
      'skipped configuration /eks-upgrade-agent/config/ (--keep-config)',
    ]);
    expect(aws.mutatingCalls().find((call) => call.operation === 'DeleteStateMachine')?.input).toEqual({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
    });
    expect(aws.mutatingCalls().find((call) => call.operation === 'DeleteRole')?.input).toEqual({
      RoleName: 'eks-upgrade-agent-perception-role',
    });
    expect([
      account.roles.size,
      account.functions.size,
      account.stateMachines.size,
      account.rules.size,
    ]).toEqual([0, 0, 0, 0]);
    expect(account.parameters.size).toBe(await defaultParameterCount());
    expect(aws.mutatingCalls().some((call) => call.operation === 'DeleteParameters')).toBe(false);
  });
});
