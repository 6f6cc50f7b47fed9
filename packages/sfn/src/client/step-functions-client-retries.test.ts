import {
  ListExecutionsCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsClient } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';
const REQUEST = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' } as const;

function sdkError(name: string, status: number, fault: 'client' | 'server'): SFNServiceException {
  return new SFNServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('Class: StepFunctionsClient (retries beyond the SDK)', () => {
  const pauses: number[] = [];
  const client = new StepFunctionsClient({
    client: new SFNClient({ region: 'us-east-1' }),
    retry: { sleep: async (milliseconds) => void pauses.push(milliseconds) },
  });
  beforeEach(() => {
    sfnMock.reset();
    // startExecution first checks that no other upgrade of the cluster is running.
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    pauses.length = 0;
  });

  it('starts an execution through throttling and a 5xx, as params and events do', async () => {
    // Prepare
    sfnMock
      .on(StartExecutionCommand)
      .rejectsOnce(sdkError('ThrottlingException', 400, 'client'))
      .rejectsOnce(sdkError('ServiceUnavailable', 503, 'server'))
      .resolves({ executionArn: EXECUTION_ARN, startDate: new Date('2026-11-25T10:00:00Z') });

    // Act
    const arn = await client.startExecution(MACHINE_ARN, REQUEST, { name: 'run-1' });

    // Assess: the same request three times (StartExecution with the same name and input is idempotent)
    expect(arn).toBe(EXECUTION_ARN);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 3);
    const inputs = sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([inputs[0], inputs[0], inputs[0]]);
    expect(inputs[0]).toEqual({
      stateMachineArn: MACHINE_ARN,
      name: 'run-1',
      input: JSON.stringify({ ...REQUEST, upgradeId: 'run-1' }),
    });
    expect(pauses).toHaveLength(2);
  });

  it('fails at once on an error that retrying cannot fix', async () => {
    // Prepare
    sfnMock.on(StartExecutionCommand).rejects(sdkError('StateMachineDoesNotExist', 400, 'client'));

    // Act
    const failure = client.startExecution(MACHINE_ARN, REQUEST, { name: 'run-1' });

    // Assess
    await expect(failure).rejects.toSatisfy(
      (error) => AWSServiceError.isInstance(error) && error.code === 'StateMachineDoesNotExist',
    );
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(pauses).toEqual([]);
  });

  it('gives up after four attempts and reports the last failure, retryable', async () => {
    // Prepare
    sfnMock.on(StartExecutionCommand).rejects(sdkError('ThrottlingException', 400, 'client'));

    // Act
    const failure = client.startExecution(MACHINE_ARN, REQUEST, { name: 'run-1' });

    // Assess
    await expect(failure).rejects.toSatisfy(
      (error) => AWSServiceError.isInstance(error) && error.code === 'ThrottlingException' && error.retryable,
    );
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 4);
    expect(pauses).toHaveLength(3);
  });

  it('asks a throttled page again from its token, not the listing from the first page', async () => {
    // Prepare
    sfnMock
      .on(ListExecutionsCommand, { stateMachineArn: MACHINE_ARN, maxResults: 1000, nextToken: undefined })
      .resolves({ executions: [execution('run-1')], nextToken: 't1' });
    sfnMock
      .on(ListExecutionsCommand, { stateMachineArn: MACHINE_ARN, maxResults: 1000, nextToken: 't1' })
      .rejectsOnce(sdkError('ThrottlingException', 400, 'client'))
      .resolves({ executions: [execution('run-2')] });

    // Act
    const executions = await client.listExecutions(MACHINE_ARN);

    // Assess
    expect(executions.map((summary) => summary.name)).toEqual(['run-1', 'run-2']);
    expect(sfnMock.commandCalls(ListExecutionsCommand).map((call) => call.args[0].input.nextToken)).toEqual([
      undefined,
      't1',
      't1',
    ]);
    expect(pauses).toHaveLength(1);
  });
});

function execution(name: string) {
  return {
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:${name}`,
    stateMachineArn: MACHINE_ARN,
    name,
    status: 'SUCCEEDED' as const,
    startDate: new Date('2026-11-25T10:00:00Z'),
  };
}
