import { describe, expect, it } from 'vitest';
import type { CommandRuntime } from '../../src/context/command-context.js';
import { deployWithCloudFormation } from '../../src/stack/cloudformation/cloudformation-deploy.js';
import { phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws, serviceError } from '../helpers/fake-aws.js';

/** An account with no stack yet: answers what deploy --via cloudformation sends. */
function newAccount(extra: Parameters<typeof fakeAws>[0] = {}) {
  const objects = new Set<string>();
  let executed = false;
  const aws = fakeAws({
    ...extra,
    GetCallerIdentity: () => ({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops' }),
    GetParametersByPath: () => ({ Parameters: [] }),
    DescribeResourcePolicies: () => ({ resourcePolicies: [] }),
    DescribeStacks: () => {
      if (!executed) throw serviceError('ValidationError', 'Stack with id eks-upgrade does not exist');
      return {
        Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }],
      };
    },
    DescribeStackEvents: () => ({
      StackEvents: [
        {
          EventId: 'e1',
          StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/eks-upgrade/1',
          StackName: 'eks-upgrade',
          LogicalResourceId: 'StateMachine',
          ResourceType: 'AWS::StepFunctions::StateMachine',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(),
        },
      ],
    }),
    HeadObject: (input: { Key: string }) => {
      if (!objects.has(input.Key)) throw serviceError('NotFound', 'Not Found', 404);
      return {};
    },
    PutObject: (input: { Key: string }) => {
      objects.add(input.Key);
      return {};
    },
    CreateChangeSet: () => ({ Id: 'cs-1' }),
    DescribeChangeSet: () => ({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          ResourceChange: {
            Action: 'Add',
            LogicalResourceId: 'StateMachine',
            ResourceType: 'AWS::StepFunctions::StateMachine',
          },
        },
      ],
    }),
    DeleteChangeSet: () => ({}),
    DeleteStack: () => ({}),
    ExecuteChangeSet: () => {
      executed = true;
      return {};
    },
  });
  const logged: string[] = [];
  const log = Object.fromEntries(
    ['debug', 'info', 'warn', 'error', 'success'].map((level) => [
      level,
      (text: string) => logged.push(`${level}: ${text}`),
    ]),
  );
  // deployWithCloudFormation reads only the services and the logger of its runtime.
  const runtime = { services: aws.services({ region: 'us-east-1' }), log } as unknown as CommandRuntime;
  /** The calls that write (HeadObject only reads). */
  const writes = () =>
    aws
      .mutatingCalls()
      .filter((call) => call.operation !== 'HeadObject')
      .map((call) => call.operation);
  return { aws, runtime, logged, objects, writes };
}

describe('deployWithCloudFormation: the confirmation', () => {
  it('declined on the terminal: the change set and the stack it created are discarded; nothing uploaded or executed', async () => {
    const { runtime, logged, writes } = newAccount();
    const questions: string[] = [];
    const printed: unknown[] = [];

    const result = await deployWithCloudFormation(
      runtime,
      {
        stackName: 'eks-upgrade',
        parameterPrefix: '/eks-upgrade-agent/',
        notifyArns: [],
        zipDirectory: await phaseZipDirectory(),
        codeLocation: { bucket: 'artifacts-1', keyPrefix: 'eks/' },
        configFromFile: undefined,
        dryRun: false,
        confirmation: 'ask',
        ask: async (question) => {
          questions.push(question);
          return false;
        },
      },
      (shown) => printed.push(shown),
    );

    expect(result.outcome).toBe('declined');
    expect(questions).toEqual([
      expect.stringMatching(/^Execute change set eks-upgrade-\d{14} on stack eks-upgrade\? \[y\/N\] $/),
    ]);
    expect(printed).toHaveLength(1);
    expect(writes()).toEqual([
      'PutObject', // the template, over 51,200 bytes, for TemplateURL
      'CreateChangeSet',
      'DeleteChangeSet',
      'DeleteStack',
    ]);
    expect(logged.some((line) => /discarded; nothing changed/.test(line))).toBe(true);
  });

  it('confirmed: the zips are uploaded, then the change set is executed and waited for, events logged', async () => {
    const { runtime, logged, writes, objects } = newAccount();
    const result = await deployWithCloudFormation(
      runtime,
      {
        stackName: 'eks-upgrade',
        parameterPrefix: '/eks-upgrade-agent/',
        notifyArns: [],
        zipDirectory: await phaseZipDirectory(),
        codeLocation: { bucket: 'artifacts-1', keyPrefix: 'eks/' },
        configFromFile: undefined,
        dryRun: false,
        confirmation: 'ask',
        ask: async () => true,
        sleep: async () => {},
      },
      () => {},
    );

    expect(result).toMatchObject({
      outcome: 'executed',
      stackStatus: 'CREATE_COMPLETE',
      changeSetType: 'CREATE',
    });
    expect(writes()).toEqual([
      'PutObject',
      'CreateChangeSet',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'ExecuteChangeSet',
    ]);
    expect([...objects].filter((key) => key.endsWith('.zip')).sort()).toEqual(
      ['execution', 'perception', 'reasoning', 'rollback', 'validation'].map((phase) =>
        expect.stringMatching(new RegExp(`^eks/${phase}-[0-9a-f]{64}\\.zip$`)),
      ),
    );
    expect(logged).toContain('info: CREATE_COMPLETE AWS::StepFunctions::StateMachine StateMachine');
    expect(logged).toContain('success: stack eks-upgrade: CREATE_COMPLETE');
  });
});

describe('deployWithCloudFormation: notification targets', () => {
  it('passes them as NotificationTargetArns; a function’s permissions are the stack’s, a queue’s statement is merged next to it', async () => {
    const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:pager';
    const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:ops';
    const { aws, runtime, writes } = newAccount({
      GetFunction: () => ({
        Configuration: { FunctionName: 'pager', FunctionArn: FUNCTION, Runtime: 'nodejs24.x' },
        Tags: {},
      }),
      GetPolicy: () => {
        throw serviceError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      },
      GetQueueUrl: () => ({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/ops' }),
      GetQueueAttributes: () => ({ Attributes: {} }),
      SetQueueAttributes: () => ({}),
    });

    await deployWithCloudFormation(
      runtime,
      {
        stackName: 'eks-upgrade',
        parameterPrefix: '/eks-upgrade-agent/',
        notifyArns: [QUEUE, FUNCTION],
        zipDirectory: await phaseZipDirectory(),
        codeLocation: { bucket: 'artifacts-1', keyPrefix: 'eks/' },
        configFromFile: undefined,
        dryRun: false,
        confirmation: 'yes',
        sleep: async () => {},
      },
      () => {},
    );

    // No AddPermission: the stack's AWS::Lambda::Permission resources grant the function.
    expect(writes()).toEqual([
      'PutObject',
      'CreateChangeSet',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'ExecuteChangeSet',
      'SetQueueAttributes',
    ]);
    const changeSet = aws.calls.find((call) => call.operation === 'CreateChangeSet')!.input as {
      Parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
    };
    expect(changeSet.Parameters).toContainEqual({
      ParameterKey: 'NotificationTargetArns',
      ParameterValue: `${QUEUE},${FUNCTION}`,
    });
    const policy = aws.calls.find((call) => call.operation === 'SetQueueAttributes')!.input;
    expect(policy).toEqual({
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
    });
  });
});
