import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
} from '@aws-sdk/client-lambda';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  DEFINITION,
  deployedConfiguration,
  FAST_WAIT,
  FUNCTION_NAME,
  getFunctionOutput,
  notFound,
  ROLE_ARN,
  ZIP,
} from '../../test/helpers/lambda-fixtures.js';
import { LambdaTemplateManager } from './lambda-template-manager.js';

const lambdaMock = mockClient(LambdaClient);

function lambdaError(name: string, status: number, fault: 'client' | 'server') {
  return new LambdaServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('Class: LambdaTemplateManager (retries beyond the SDK)', () => {
  const pauses: number[] = [];
  let manager: LambdaTemplateManager;
  beforeEach(() => {
    lambdaMock.reset();
    pauses.length = 0;
    manager = new LambdaTemplateManager({
      client: new LambdaClient({ region: 'us-east-1' }),
      wait: FAST_WAIT,
      retry: { sleep: async (milliseconds) => void pauses.push(milliseconds) },
    });
  });

  it('deploys through throttled and 5xx answers, as params and events do', async () => {
    // Prepare: the first read is throttled, the create answers 503 once
    lambdaMock
      .on(GetFunctionCommand)
      .rejectsOnce(lambdaError('TooManyRequestsException', 429, 'client'))
      .rejectsOnce(notFound())
      .resolves(getFunctionOutput());
    lambdaMock
      .on(CreateFunctionCommand)
      .rejectsOnce(lambdaError('ServiceException', 503, 'server'))
      .resolves({ ...deployedConfiguration({ State: 'Pending', LastUpdateStatus: undefined }) });

    // Act
    const deployment = await manager.deployFunction(DEFINITION);

    // Assess: both creates sent the whole definition
    expect(deployment.status).toBe('created');
    expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 2);
    for (const call of lambdaMock.commandCalls(CreateFunctionCommand)) {
      expect(call.args[0].input).toEqual({
        FunctionName: FUNCTION_NAME,
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Role: ROLE_ARN,
        Code: { ZipFile: ZIP },
        MemorySize: 256,
        Timeout: 120,
        Architectures: ['arm64'],
        Environment: { Variables: DEFINITION.environment },
        Tags: { team: 'platform' },
        Description: 'perception phase',
        Publish: false,
        PackageType: 'Zip',
      });
    }
    expect(pauses).toHaveLength(2);
  });

  it('retries an invocation that was throttled, since the function did not run', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(lambdaError('TooManyRequestsException', 429, 'client'))
      .resolves({ StatusCode: 200, Payload: new TextEncoder().encode('{"ok":true}') as never });

    // Act
    const result = await manager.invokeFunction(FUNCTION_NAME, { ping: 1 });

    // Assess
    expect(result.payload).toEqual({ ok: true });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('does not repeat an invocation after a 5xx: the function may have run', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(lambdaError('ServiceException', 500, 'server'));

    // Act
    const failure = manager.invokeFunction(FUNCTION_NAME, { ping: 1 });

    // Assess
    await expect(failure).rejects.toSatisfy(
      (error) => AWSServiceError.isInstance(error) && error.code === 'ServiceException',
    );
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(pauses).toEqual([]);
  });
});
