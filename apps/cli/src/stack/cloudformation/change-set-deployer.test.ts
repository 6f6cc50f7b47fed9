import {
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type ResourceStatus,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { ExecutionError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteStack, discardChangeSet, executeChangeSet, prepareChangeSet } from './change-set-deployer.js';
import { confirmationMode, describeChangeSetRow } from './cloudformation-deploy.js';

const cfnMock = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'us-east-1' });
const noSleep = async () => {};
const NOW = () => new Date('2026-12-01T10:00:00Z');

function missingStack(): CloudFormationServiceException {
  return new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Stack with id eks-upgrade does not exist',
  });
}

describe('prepareChangeSet', () => {
  beforeEach(() => cfnMock.reset());

  it('creates a CREATE change set for a new stack, waits for it and reads every page of its diff', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(missingStack());
    cfnMock.on(CreateChangeSetCommand).resolves({ Id: 'cs-1' });
    cfnMock
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_PENDING' })
      .resolvesOnce({
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
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            ResourceChange: {
              Action: 'Add',
              LogicalResourceId: 'MonitoringRule',
              ResourceType: 'AWS::Events::Rule',
            },
          },
        ],
      });

    const prepared = await prepareChangeSet(client, {
      stackName: 'eks-upgrade',
      template: { url: 'https://artifacts.s3.us-east-1.amazonaws.com/t.json' },
      parameters: { CodeBucket: 'artifacts', CodeKeyPrefix: 'eks/' },
      tags: { 'eks-upgrade:managed-by': 'eks-upgrade-cloudformation' },
      sleep: noSleep,
      now: NOW,
    });

    expect(prepared).toEqual({
      stackName: 'eks-upgrade',
      changeSetName: 'eks-upgrade-20261201100000',
      changeSetType: 'CREATE',
      empty: false,
      rows: [
        {
          action: 'Add',
          logicalId: 'StateMachine',
          resourceType: 'AWS::StepFunctions::StateMachine',
          physicalId: undefined,
          replacement: '',
        },
        {
          action: 'Add',
          logicalId: 'MonitoringRule',
          resourceType: 'AWS::Events::Rule',
          physicalId: undefined,
          replacement: '',
        },
      ],
    });
    expect(cfnMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'eks-upgrade',
      ChangeSetName: 'eks-upgrade-20261201100000',
      ChangeSetType: 'CREATE',
      TemplateURL: 'https://artifacts.s3.us-east-1.amazonaws.com/t.json',
      Parameters: [
        { ParameterKey: 'CodeBucket', ParameterValue: 'artifacts' },
        { ParameterKey: 'CodeKeyPrefix', ParameterValue: 'eks/' },
      ],
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Tags: [{ Key: 'eks-upgrade:managed-by', Value: 'eks-upgrade-cloudformation' }],
      Description: 'eks-upgrade deploy --via cloudformation',
    });
    expect(cfnMock.commandCalls(DescribeChangeSetCommand).at(-1)?.args[0].input).toEqual({
      StackName: 'eks-upgrade',
      ChangeSetName: 'eks-upgrade-20261201100000',
      NextToken: 'page-2',
    });
  });

  it('an UPDATE that changes nothing deletes its change set and says so', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }],
    });
    cfnMock.on(CreateChangeSetCommand).resolves({ Id: 'cs-2' });
    cfnMock.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    cfnMock.on(DeleteChangeSetCommand).resolves({});

    const prepared = await prepareChangeSet(client, {
      stackName: 'eks-upgrade',
      template: { body: '{}' },
      parameters: {},
      sleep: noSleep,
      now: NOW,
    });

    expect(prepared).toMatchObject({ changeSetType: 'UPDATE', empty: true, rows: [] });
    expect(cfnMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input).toMatchObject({
      ChangeSetType: 'UPDATE',
      TemplateBody: '{}',
    });
    expect(cfnMock.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'eks-upgrade',
      ChangeSetName: 'eks-upgrade-20261201100000',
    });
  });

  it('an UPDATE change set that completes with no changes (moto) is deleted as empty too', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }],
    });
    cfnMock.on(CreateChangeSetCommand).resolves({ Id: 'cs-4' });
    cfnMock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', Changes: [] });
    cfnMock.on(DeleteChangeSetCommand).resolves({});
    const prepared = await prepareChangeSet(client, {
      stackName: 'eks-upgrade',
      template: { body: '{}' },
      parameters: {},
      sleep: noSleep,
      now: NOW,
    });
    expect(prepared).toMatchObject({ changeSetType: 'UPDATE', empty: true, rows: [] });
    expect(cfnMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('a stack whose creation failed (ROLLBACK_COMPLETE) is refused before any write, saying to destroy it', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }],
    });
    await expect(
      prepareChangeSet(client, {
        stackName: 'eks-upgrade',
        template: { body: '{}' },
        parameters: {},
        sleep: noSleep,
      }),
    ).rejects.toThrow(
      'Stack eks-upgrade is ROLLBACK_COMPLETE (its creation failed) and cannot be updated: run eks-upgrade destroy --via cloudformation, then deploy again',
    );
    expect(cfnMock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('a change set CloudFormation rejects fails with its reason', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(missingStack());
    cfnMock.on(CreateChangeSetCommand).resolves({ Id: 'cs-3' });
    cfnMock
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'FAILED', StatusReason: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]' });
    await expect(
      prepareChangeSet(client, {
        stackName: 'eks-upgrade',
        template: { body: '{}' },
        parameters: {},
        sleep: noSleep,
        now: NOW,
      }),
    ).rejects.toThrow(
      'Change set eks-upgrade-20261201100000 of stack eks-upgrade failed: Requires capabilities : [CAPABILITY_AUTO_EXPAND]',
    );
  });
});

describe('executeChangeSet, discardChangeSet, deleteStack', () => {
  beforeEach(() => cfnMock.reset());
  const prepared = {
    stackName: 'eks-upgrade',
    changeSetName: 'eks-upgrade-1',
    changeSetType: 'UPDATE' as const,
    rows: [],
    empty: false,
  };

  it('reports each new event once, oldest first, and names the failing resource with its reason', async () => {
    const now = Date.now();
    const event = (
      id: string,
      logicalId: string,
      type: string,
      status: string,
      reason?: string,
    ): StackEvent => ({
      EventId: id,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/eks-upgrade/1',
      StackName: 'eks-upgrade',
      LogicalResourceId: logicalId,
      ResourceType: type,
      ResourceStatus: status as ResourceStatus,
      ...(reason ? { ResourceStatusReason: reason } : {}),
      Timestamp: new Date(now + Number(id.slice(1)) * 1000),
    });
    cfnMock.on(ExecuteChangeSetCommand).resolves({});
    cfnMock
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }],
      })
      .resolves({
        Stacks: [
          { StackName: 'eks-upgrade', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date() },
        ],
      });
    cfnMock
      .on(DescribeStackEventsCommand)
      .resolvesOnce({
        StackEvents: [event('e1', 'eks-upgrade', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS')],
      })
      .resolves({
        StackEvents: [
          event('e3', 'eks-upgrade', 'AWS::CloudFormation::Stack', 'UPDATE_ROLLBACK_COMPLETE'),
          event(
            'e2',
            'StateMachine',
            'AWS::StepFunctions::StateMachine',
            'UPDATE_FAILED',
            'Invalid State Machine Definition',
          ),
          event('e1', 'eks-upgrade', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS'),
        ],
      });
    const seen: string[] = [];

    const failure = await executeChangeSet(client, prepared, {
      onEvent: (item) => seen.push(`${item.LogicalResourceId} ${item.ResourceStatus}`),
      sleep: noSleep,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ExecutionError);
    expect((failure as Error).message).toBe(
      'Stack eks-upgrade update ended UPDATE_ROLLBACK_COMPLETE; failed: StateMachine (AWS::StepFunctions::StateMachine): Invalid State Machine Definition',
    );
    expect(seen).toEqual([
      'eks-upgrade UPDATE_IN_PROGRESS',
      'StateMachine UPDATE_FAILED',
      'eks-upgrade UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(cfnMock.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'eks-upgrade',
      ChangeSetName: 'eks-upgrade-1',
    });
  });

  it('discarding a CREATE change set also deletes the stack it left in REVIEW_IN_PROGRESS', async () => {
    cfnMock.on(DeleteChangeSetCommand).resolves({});
    cfnMock.on(DeleteStackCommand).resolves({});
    await discardChangeSet(client, { ...prepared, changeSetType: 'CREATE' });
    expect(cfnMock.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'eks-upgrade',
      ChangeSetName: 'eks-upgrade-1',
    });
    expect(cfnMock.commandCalls(DeleteStackCommand)[0]?.args[0].input).toEqual({ StackName: 'eks-upgrade' });
  });

  it('deleteStack waits until the stack is gone; false when there was none', async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }],
      })
      .resolvesOnce({
        Stacks: [{ StackName: 'eks-upgrade', StackStatus: 'DELETE_IN_PROGRESS', CreationTime: new Date() }],
      })
      .rejects(missingStack());
    cfnMock.on(DeleteStackCommand).resolves({});
    cfnMock.on(DescribeStackEventsCommand).rejects(missingStack());
    expect(await deleteStack(client, 'eks-upgrade', { sleep: noSleep })).toBe(true);
    expect(cfnMock.commandCalls(DeleteStackCommand)[0]?.args[0].input).toEqual({ StackName: 'eks-upgrade' });
    expect(await deleteStack(client, 'eks-upgrade', { sleep: noSleep })).toBe(false);
    expect(cfnMock.commandCalls(DeleteStackCommand)).toHaveLength(1);
  });
});

describe('confirmation and the diff lines', () => {
  it('--yes confirms; a terminal is asked; anything else is refused', () => {
    expect(confirmationMode(true, false)).toBe('yes');
    expect(confirmationMode(false, true)).toBe('ask');
    expect(confirmationMode(false, false)).toBe('refuse');
  });

  it('a Modify names its replacement', () => {
    expect(
      describeChangeSetRow({
        action: 'Modify',
        logicalId: 'StateMachine',
        resourceType: 'AWS::StepFunctions::StateMachine',
        replacement: 'False',
      }),
    ).toBe('Modify AWS::StepFunctions::StateMachine StateMachine (replacement: False)');
    expect(
      describeChangeSetRow({
        action: 'Add',
        logicalId: 'EventBus',
        resourceType: 'AWS::Events::EventBus',
        replacement: '',
      }),
    ).toBe('Add AWS::Events::EventBus EventBus');
  });
});
