import {
  CreateStateMachineAliasCommand,
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { StateMachineVersionsClient } from './state-machine-versions.js';
import { StepFunctionsClient } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const ALIAS_ARN = `${MACHINE_ARN}:live`;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/eks-upgrade-workflow-role';
const DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };

function sdkError(name: string, status: number): SFNServiceException {
  return new SFNServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('Class: StateMachineVersionsClient (mocked Step Functions)', () => {
  const pauses: number[] = [];
  const versions = new StateMachineVersionsClient(new SFNClient({ region: 'us-east-1' }), {
    retry: { sleep: async (milliseconds) => void pauses.push(milliseconds) },
  });
  beforeEach(() => {
    sfnMock.reset();
    pauses.length = 0;
  });

  it('publishes the current revision and creates the alias, routing 100 % to the new version', async () => {
    sfnMock.on(UpdateStateMachineCommand).resolves({ stateMachineVersionArn: `${MACHINE_ARN}:4` });
    sfnMock.on(DescribeStateMachineAliasCommand).rejects(sdkError('ResourceNotFound', 400));
    sfnMock.on(CreateStateMachineAliasCommand).resolves({ stateMachineAliasArn: ALIAS_ARN });
    const release = await versions.releaseVersion(MACHINE_ARN, {
      definition: DEFINITION,
      roleArn: ROLE_ARN,
      changed: true,
      description: 'eks-upgrade 0.1.0',
    });
    expect(release).toEqual({
      aliasArn: ALIAS_ARN,
      versionArn: `${MACHINE_ARN}:4`,
      action: 'published',
      reason: 'the state machine changed',
    });
    expect(sfnMock).toHaveReceivedCommandWith(UpdateStateMachineCommand, {
      stateMachineArn: MACHINE_ARN,
      definition: JSON.stringify(DEFINITION),
      roleArn: ROLE_ARN,
      publish: true,
      versionDescription: 'eks-upgrade 0.1.0',
    });
    expect(sfnMock.commandCalls(CreateStateMachineAliasCommand)[0]?.args[0].input).toEqual({
      name: 'live',
      description: 'eks-upgrade: the version new upgrades start on (moved by each deploy)',
      routingConfiguration: [{ stateMachineVersionArn: `${MACHINE_ARN}:4`, weight: 100 }],
    });
  });

  it('moves an existing alias to the new version (a throttled describe is retried)', async () => {
    sfnMock.on(UpdateStateMachineCommand).resolves({ stateMachineVersionArn: `${MACHINE_ARN}:5` });
    sfnMock
      .on(DescribeStateMachineAliasCommand)
      .rejectsOnce(sdkError('ThrottlingException', 400))
      .resolves({
        stateMachineAliasArn: ALIAS_ARN,
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${MACHINE_ARN}:4`, weight: 100 }],
      });
    sfnMock.on(UpdateStateMachineAliasCommand).resolves({});
    const routed = await versions.routeAlias(MACHINE_ARN, `${MACHINE_ARN}:5`);
    expect(routed).toEqual({ aliasArn: ALIAS_ARN, action: 'updated' });
    expect(pauses).toHaveLength(1);
    expect(sfnMock.commandCalls(UpdateStateMachineAliasCommand)[0]?.args[0].input).toEqual({
      stateMachineAliasArn: ALIAS_ARN,
      routingConfiguration: [{ stateMachineVersionArn: `${MACHINE_ARN}:5`, weight: 100 }],
    });
  });

  it('maps other failures to AWSServiceError (an access denial is not "no alias")', async () => {
    sfnMock.on(DescribeStateMachineAliasCommand).rejects(sdkError('AccessDeniedException', 400));
    const failure = await versions.describeAlias(ALIAS_ARN).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AWSServiceError);
    expect(failure).toMatchObject({ operation: 'DescribeStateMachineAlias', code: 'AccessDeniedException' });
  });

  it('a publish that returns no version ARN fails instead of routing the alias nowhere', async () => {
    sfnMock.on(UpdateStateMachineCommand).resolves({});
    await expect(
      versions.publishVersion(MACHINE_ARN, { definition: DEFINITION, roleArn: ROLE_ARN }),
    ).rejects.toThrow(/returned no stateMachineVersionArn/);
    expect(sfnMock).not.toHaveReceivedCommand(CreateStateMachineAliasCommand);
  });
});

describe('StepFunctionsClient.startExecution({ startOn })', () => {
  beforeEach(() => sfnMock.reset());

  it('starts on the alias; the running executions are counted on the whole machine', async () => {
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    sfnMock
      .on(StartExecutionCommand)
      .resolves({ executionArn: `${MACHINE_ARN.replace('stateMachine', 'execution')}:run-1` });
    const client = new StepFunctionsClient({ client: new SFNClient({ region: 'us-east-1' }) });
    await client.startExecution(
      MACHINE_ARN,
      { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' },
      { name: 'run-1', startOn: ALIAS_ARN },
    );
    expect(sfnMock.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: MACHINE_ARN,
      statusFilter: 'RUNNING',
    });
    const started = sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(started).toEqual({
      stateMachineArn: ALIAS_ARN,
      name: 'run-1',
      input: JSON.stringify({
        clusterName: 'prod',
        targetVersion: '1.31',
        strategy: 'in_place',
        upgradeId: 'run-1',
      }),
    });
  });
});
