import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  ListFunctionsCommand,
  PublishVersionCommand,
  ResourceConflictException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { AWSServiceError, ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  conflict,
  DEFINITION,
  deployedConfiguration,
  FAST_WAIT,
  FUNCTION_ARN,
  FUNCTION_NAME,
  getFunctionOutput,
  notFound,
  OTHER_ZIP,
  OTHER_ZIP_SHA,
  ROLE_ARN,
  roleNotAssumable,
  ZIP,
  ZIP_SHA,
} from '../../test/helpers/lambda-fixtures.js';
import { LambdaTemplateManager } from './lambda-template-manager.js';

const lambdaMock = mockClient(LambdaClient);

function commandNames(): string[] {
  return lambdaMock.calls().map((call) => (call.args[0] as object).constructor.name);
}

function writeCommands(): string[] {
  return commandNames().filter((name) => !['GetFunctionCommand', 'ListFunctionsCommand'].includes(name));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Class: LambdaTemplateManager', () => {
  let manager: LambdaTemplateManager;

  beforeEach(() => {
    lambdaMock.reset();
    manager = new LambdaTemplateManager({
      client: new LambdaClient({ region: 'us-east-1' }),
      wait: FAST_WAIT,
    });
  });

  afterEach(() => {
    lambdaMock.reset();
  });

  describe('Method: constructor', () => {
    it('refuses client and clientConfig together', () => {
      // Act & Assess
      expect(
        () =>
          new LambdaTemplateManager({
            client: new LambdaClient({}),
            clientConfig: { region: 'eu-west-1' },
          } as never),
      ).toThrow(ValidationError);
    });

    it('creates its own client in the given region', async () => {
      // Act
      const own = new LambdaTemplateManager({ region: 'eu-west-1' });

      // Assess
      expect(await own.client.config.region()).toBe('eu-west-1');
    });
  });

  describe('Method: deployFunction', () => {
    it('creates a missing function with the whole definition and waits until it is Active', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .rejectsOnce(notFound())
        .resolvesOnce(
          getFunctionOutput({ State: 'Pending', StateReasonCode: 'Creating', LastUpdateStatus: undefined }),
        )
        .resolves(getFunctionOutput());
      lambdaMock.on(CreateFunctionCommand).resolves({
        ...deployedConfiguration({ State: 'Pending', LastUpdateStatus: undefined }),
        $metadata: { httpStatusCode: 201 },
      });

      // Act
      const deployment = await manager.deployFunction(DEFINITION);

      // Assess
      expect(deployment).toEqual({
        functionName: FUNCTION_NAME,
        functionArn: FUNCTION_ARN,
        version: '$LATEST',
        codeSha256: ZIP_SHA,
        status: 'created',
        changes: ['created'],
        configurationChanges: [],
        codeChangeReasons: [],
      });
      expect(commandNames()).toEqual([
        'GetFunctionCommand',
        'CreateFunctionCommand',
        'GetFunctionCommand',
        'GetFunctionCommand',
      ]);
      expect(lambdaMock).toHaveReceivedCommandWith(CreateFunctionCommand, {
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
    });

    it('retries CreateFunction while a new IAM role is not yet assumable', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).rejectsOnce(notFound()).resolves(getFunctionOutput());
      lambdaMock
        .on(CreateFunctionCommand)
        .rejectsOnce(roleNotAssumable())
        .resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction(DEFINITION);

      // Assess
      expect(deployment.status).toBe('created');
      expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 2);
    });

    it('updates instead when a concurrent deploy created the function between read and create', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .rejectsOnce(notFound())
        .resolves(getFunctionOutput({ Timeout: 3 }));
      lambdaMock.on(CreateFunctionCommand).rejects(
        new ResourceConflictException({
          message: `Function already exist: ${FUNCTION_NAME}`,
          Type: 'User',
          $metadata: { httpStatusCode: 409 },
        }),
      );
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction(DEFINITION);

      // Assess
      expect(deployment.status).toBe('updated');
      expect(deployment.configurationChanges).toEqual(['timeout']);
      expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 1);
    });

    it('publishes version 1 on create when asked', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).rejectsOnce(notFound()).resolves(getFunctionOutput());
      lambdaMock
        .on(CreateFunctionCommand)
        .resolves({ ...deployedConfiguration({ Version: '1' }), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction({ ...DEFINITION, publish: true });

      // Assess
      expect(deployment.version).toBe('1');
      expect(deployment.changes).toEqual(['created', 'published']);
      expect(lambdaMock).toHaveReceivedCommandWith(CreateFunctionCommand, { Publish: true });
      expect(lambdaMock).not.toHaveReceivedCommand(PublishVersionCommand);
    });

    it('makes no write when code, configuration and tags already match', async () => {
      // Prepare: AWS adds its own tags and reports environment keys in another order.
      lambdaMock
        .on(GetFunctionCommand)
        .resolves(getFunctionOutput({}, { team: 'platform', 'aws:cloudformation:stack-name': 'x' }));

      // Act
      const deployment = await manager.deployFunction(DEFINITION);

      // Assess
      expect(deployment.status).toBe('unchanged');
      expect(deployment.changes).toEqual([]);
      expect(deployment.version).toBe('$LATEST');
      expect(writeCommands()).toEqual([]);
      expect(lambdaMock).toHaveReceivedCommandTimes(GetFunctionCommand, 1);
    });

    it('updates only the code when only the zip changed, then waits for the update to settle', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .resolvesOnce(getFunctionOutput())
        .resolvesOnce(getFunctionOutput({ CodeSha256: OTHER_ZIP_SHA, LastUpdateStatus: 'InProgress' }))
        .resolves(getFunctionOutput({ CodeSha256: OTHER_ZIP_SHA }));
      lambdaMock.on(UpdateFunctionCodeCommand).resolves({
        ...deployedConfiguration({ CodeSha256: OTHER_ZIP_SHA, LastUpdateStatus: 'InProgress' }),
        $metadata: {},
      });

      // Act
      const deployment = await manager.deployFunction({ ...DEFINITION, code: { zipFile: OTHER_ZIP } });

      // Assess
      expect(deployment).toMatchObject({
        status: 'updated',
        changes: ['code'],
        codeChangeReasons: ['sha256'],
        configurationChanges: [],
        codeSha256: OTHER_ZIP_SHA,
      });
      expect(commandNames()).toEqual([
        'GetFunctionCommand',
        'UpdateFunctionCodeCommand',
        'GetFunctionCommand',
        'GetFunctionCommand',
      ]);
      expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, {
        FunctionName: FUNCTION_NAME,
        ZipFile: OTHER_ZIP,
        Architectures: ['arm64'],
      });
    });

    it('sequences code then configuration, waiting for LastUpdateStatus between them, and sends only changed fields', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .resolvesOnce(getFunctionOutput())
        .resolvesOnce(getFunctionOutput({ CodeSha256: OTHER_ZIP_SHA }))
        .resolves(getFunctionOutput({ CodeSha256: OTHER_ZIP_SHA, Timeout: 60 }));
      lambdaMock
        .on(UpdateFunctionCodeCommand)
        .resolves({ ...deployedConfiguration({ LastUpdateStatus: 'InProgress' }), $metadata: {} });
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .resolves({ ...deployedConfiguration({ LastUpdateStatus: 'InProgress' }), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction({
        ...DEFINITION,
        code: { zipFile: OTHER_ZIP },
        timeout: 60,
        environment: { ...DEFINITION.environment, LOG_LEVEL: 'DEBUG' },
      });

      // Assess
      expect(deployment.changes).toEqual(['code', 'configuration']);
      expect(deployment.configurationChanges).toEqual(['timeout', 'environment']);
      expect(commandNames()).toEqual([
        'GetFunctionCommand',
        'UpdateFunctionCodeCommand',
        'GetFunctionCommand',
        'UpdateFunctionConfigurationCommand',
        'GetFunctionCommand',
      ]);
      const configurationInput = lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)[0]?.args[0]
        .input;
      expect(configurationInput).toEqual({
        FunctionName: FUNCTION_NAME,
        Timeout: 60,
        Environment: { Variables: { LOG_LEVEL: 'DEBUG', EKS_UPGRADE_EVENT_BUS: 'default' } },
      });
    });

    it('updates the code with the new architecture when only the architecture changed', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput({ Architectures: ['x86_64'] }));
      lambdaMock.on(UpdateFunctionCodeCommand).resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction(DEFINITION);

      // Assess
      expect(deployment.codeChangeReasons).toEqual(['architecture']);
      expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, { Architectures: ['arm64'] });
      expect(lambdaMock).not.toHaveReceivedCommand(UpdateFunctionConfigurationCommand);
    });

    it('waits out ResourceConflictException instead of failing', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .rejectsOnce(conflict())
        .rejectsOnce(conflict())
        .resolves({ ...deployedConfiguration({ Timeout: 30 }), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction({ ...DEFINITION, timeout: 30 });

      // Assess
      expect(deployment.changes).toEqual(['configuration']);
      expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionConfigurationCommand, 3);
    });

    it('gives up on a conflict that outlasts the wait, as an AWSServiceError', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());
      lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(conflict());
      const impatient = new LambdaTemplateManager({
        client: new LambdaClient({ region: 'us-east-1' }),
        wait: { ...FAST_WAIT, maxWaitSeconds: 0.05, conflictBaseDelayMs: 5, conflictMaxDelayMs: 10 },
      });

      // Act
      const error = await rejection(impatient.deployFunction({ ...DEFINITION, timeout: 30 }));

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect((error as AWSServiceError).code).toBe('ResourceConflictException');
      expect((error as AWSServiceError).operation).toBe('UpdateFunctionConfiguration');
      expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).length).toBeGreaterThan(1);
    });

    it('waits for an update already in progress before changing the function', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .resolvesOnce(getFunctionOutput({ LastUpdateStatus: 'InProgress' }))
        .resolvesOnce(getFunctionOutput({ LastUpdateStatus: 'InProgress' }))
        .resolves(getFunctionOutput());
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      await manager.deployFunction({ ...DEFINITION, memorySize: 512 });

      // Assess
      expect(commandNames()).toEqual([
        'GetFunctionCommand',
        'GetFunctionCommand',
        'GetFunctionCommand',
        'UpdateFunctionConfigurationCommand',
        'GetFunctionCommand',
      ]);
    });

    it('reports an update that failed to settle as an ExecutionError without environment values', async () => {
      // Prepare
      const failed = getFunctionOutput({
        LastUpdateStatus: 'Failed',
        LastUpdateStatusReason:
          'Lambda was unable to configure access to your environment variables because the KMS key is invalid.',
        LastUpdateStatusReasonCode: 'KMSKeyNotFound',
        Environment: {
          Variables: { EKS_UPGRADE_EVENT_BUS: 'default', LOG_LEVEL: 'INFO', API_TOKEN: 's3cr3t-value' },
        },
      });
      lambdaMock.on(GetFunctionCommand).resolvesOnce(getFunctionOutput()).resolves(failed);
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      const error = await rejection(manager.deployFunction({ ...DEFINITION, memorySize: 512 }));

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect((error as ExecutionError).message).toContain('did not finish updating');
      expect((error as ExecutionError).message).toContain('KMS key is invalid');
      expect((error as ExecutionError).status).toBe('Failed');
      expect((error as ExecutionError).functionName).toBe(FUNCTION_NAME);
      expect(
        JSON.stringify({ message: (error as Error).message, cause: (error as Error).cause }),
      ).not.toContain('s3cr3t-value');
    });

    it('reports a function that fails to become Active with its state reason', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .rejectsOnce(notFound())
        .resolves(
          getFunctionOutput({
            State: 'Failed',
            StateReason: 'Lambda was unable to create an ENI in the VPC of the function.',
            StateReasonCode: 'EniLimitExceeded',
            LastUpdateStatus: undefined,
          }),
        );
      lambdaMock
        .on(CreateFunctionCommand)
        .resolves({ ...deployedConfiguration({ State: 'Pending' }), $metadata: {} });

      // Act
      const error = await rejection(manager.deployFunction(DEFINITION));

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect((error as ExecutionError).message).toBe(
        `Function ${FUNCTION_NAME} did not become Active: State Failed, LastUpdateStatus unknown (Lambda was unable to create an ENI in the VPC of the function.)`,
      );
      expect((error as ExecutionError).status).toBe('Failed');
    });

    it('reports a function that never becomes Active as a timed-out ExecutionError', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .rejectsOnce(notFound())
        .resolves(getFunctionOutput({ State: 'Pending', LastUpdateStatus: undefined }));
      lambdaMock
        .on(CreateFunctionCommand)
        .resolves({ ...deployedConfiguration({ State: 'Pending' }), $metadata: {} });
      const impatient = new LambdaTemplateManager({
        client: new LambdaClient({ region: 'us-east-1' }),
        wait: { ...FAST_WAIT, maxWaitSeconds: 0.05, minDelaySeconds: 0.01, maxDelaySeconds: 0.01 },
      });

      // Act
      const error = await rejection(impatient.deployFunction(DEFINITION));

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      expect((error as ExecutionError).status).toBe('TIMED_OUT');
      expect((error as ExecutionError).message).toContain('did not become Active within 0.05 s');
    });

    it('reconciles tags: sets new and changed values, removes ours, keeps aws: tags', async () => {
      // Prepare
      lambdaMock
        .on(GetFunctionCommand)
        .resolves(getFunctionOutput({}, { team: 'old', stale: 'yes', 'aws:cloudformation:stack-id': 'x' }));
      lambdaMock.on(TagResourceCommand).resolves({});
      lambdaMock.on(UntagResourceCommand).resolves({});

      // Act
      const deployment = await manager.deployFunction({
        ...DEFINITION,
        tags: { team: 'platform', cost: 'eks' },
      });

      // Assess
      expect(deployment.changes).toEqual(['tags']);
      expect(lambdaMock).toHaveReceivedCommandWith(TagResourceCommand, {
        Resource: FUNCTION_ARN,
        Tags: { team: 'platform', cost: 'eks' },
      });
      expect(lambdaMock).toHaveReceivedCommandWith(UntagResourceCommand, {
        Resource: FUNCTION_ARN,
        TagKeys: ['stale'],
      });
    });

    it('publishes a version guarded by the code hash when asked', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());
      lambdaMock
        .on(PublishVersionCommand)
        .resolves({ ...deployedConfiguration({ Version: '7' }), $metadata: {} });

      // Act
      const deployment = await manager.deployFunction({ ...DEFINITION, publish: true });

      // Assess
      expect(deployment.version).toBe('7');
      expect(deployment.status).toBe('unchanged');
      expect(lambdaMock).toHaveReceivedCommandWith(PublishVersionCommand, {
        FunctionName: FUNCTION_NAME,
        CodeSha256: ZIP_SHA,
      });
    });

    it('reads the code from zipPath', async () => {
      // Prepare
      const folder = await mkdtemp(path.join(tmpdir(), 'lambda-code-'));
      const zipPath = path.join(folder, 'perception.zip');
      await writeFile(zipPath, OTHER_ZIP);
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());
      lambdaMock.on(UpdateFunctionCodeCommand).resolves({ ...deployedConfiguration(), $metadata: {} });

      try {
        // Act
        const deployment = await manager.deployFunction({ ...DEFINITION, code: { zipPath } });

        // Assess
        expect(deployment.codeChangeReasons).toEqual(['sha256']);
        expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, { ZipFile: OTHER_ZIP });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it.each([
      ['an invalid name', { name: 'bad name!' }, 'name'],
      ['memory below 128 MB', { memorySize: 64 }, 'memorySize'],
      ['a timeout above 900 s', { timeout: 901 }, 'timeout'],
      ['a role that is not a role ARN', { role: 'arn:aws:iam::123456789012:user/bob' }, 'role'],
      [
        'six layers',
        {
          layers: Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:123456789012:layer:l${i}:1`),
        },
        'layers',
      ],
      ['an environment over 4 KB', { environment: { BIG: 'x'.repeat(4090) } }, 'environment'],
      ['a reserved environment key', { environment: { AWS_REGION: 'us-east-1' } }, 'environment.AWS_REGION'],
      ['an unknown architecture', { architecture: 'mips' }, 'architecture'],
      [
        'bytes that are not a zip',
        { code: { zipFile: new TextEncoder().encode('not a zip') } },
        'code.zipFile',
      ],
      [
        'a zip over 50 MB',
        {
          code: {
            zipFile: Object.assign(new Uint8Array(50 * 1024 * 1024 + 1), { 0: 0x50, 1: 0x4b, 2: 3, 3: 4 }),
          },
        },
        'code.zipFile',
      ],
      ['a missing zip file', { code: { zipPath: '/nonexistent/perception.zip' } }, 'code.zipPath'],
      ['an unknown field', { memory: 512 }, ''],
    ])('rejects %s before any call', async (_label, change, field) => {
      // Act
      const error = await rejection(manager.deployFunction({ ...DEFINITION, ...change } as never));

      // Assess
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toContain(field);
      expect(lambdaMock.calls()).toHaveLength(0);
    });

    it('never echoes environment values in validation errors', async () => {
      // Act
      const error = await rejection(
        manager.deployFunction({
          ...DEFINITION,
          environment: { SECRET_THING: `hunter2${'x'.repeat(5000)}` },
        }),
      );

      // Assess
      expect((error as Error).message).toContain("exceeds Lambda's 4 KB");
      expect((error as Error).message).not.toContain('hunter2');
    });

    it('maps SDK failures to AWSServiceError with a hint', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).rejects(
        new LambdaServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          message: 'User is not authorized to perform: lambda:GetFunction',
          $metadata: { httpStatusCode: 403, requestId: 'req-403' },
        }),
      );

      // Act
      const error = await rejection(manager.deployFunction(DEFINITION));

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect((error as AWSServiceError).operation).toBe('GetFunction');
      expect((error as AWSServiceError).message).toContain('lambda:GetFunction');
      expect((error as AWSServiceError).httpStatusCode).toBe(403);
    });
  });

  describe('Method: updateFunction', () => {
    it('fails with ResourceNotFoundException instead of creating a missing function', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).rejects(notFound());

      // Act
      const error = await rejection(manager.updateFunction(DEFINITION));

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect((error as AWSServiceError).isNotFound).toBe(true);
      expect(lambdaMock).not.toHaveReceivedCommand(CreateFunctionCommand);
    });

    it('updates an existing function like deployFunction', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());
      lambdaMock
        .on(UpdateFunctionConfigurationCommand)
        .resolves({ ...deployedConfiguration(), $metadata: {} });

      // Act
      const deployment = await manager.updateFunction({ ...DEFINITION, description: 'new words' });

      // Assess
      expect(deployment.configurationChanges).toEqual(['description']);
      expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionConfigurationCommand, {
        FunctionName: FUNCTION_NAME,
        Description: 'new words',
      });
    });
  });

  describe('Method: planDeployment', () => {
    it('plans a create for a missing function and writes nothing', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).rejects(notFound());

      // Act
      const plan = await manager.planDeployment(DEFINITION);

      // Assess
      expect(plan).toEqual({
        functionName: FUNCTION_NAME,
        action: 'create',
        codeSha256: ZIP_SHA,
        codeChangeReasons: [],
        configurationChanges: [],
        tagsToSet: { team: 'platform' },
        tagsToRemove: [],
      });
      expect(writeCommands()).toEqual([]);
    });

    it('plans an update listing every difference, or none', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolves(getFunctionOutput());

      // Act
      const update = await manager.planDeployment({
        ...DEFINITION,
        code: { zipFile: OTHER_ZIP },
        handler: 'main.handler',
        tags: {},
      });
      const none = await manager.planDeployment(DEFINITION);

      // Assess
      expect(update).toMatchObject({
        action: 'update',
        codeChangeReasons: ['sha256'],
        configurationChanges: ['handler'],
        tagsToRemove: ['team'],
      });
      expect(none.action).toBe('none');
      expect(writeCommands()).toEqual([]);
    });
  });

  describe('Method: deleteFunction', () => {
    it('deletes a function', async () => {
      // Prepare
      lambdaMock.on(DeleteFunctionCommand).resolves({ StatusCode: 204, $metadata: {} });

      // Act
      const result = await manager.deleteFunction(FUNCTION_NAME);

      // Assess
      expect(result).toEqual({ deleted: true });
      expect(lambdaMock).toHaveReceivedCommandWith(DeleteFunctionCommand, { FunctionName: FUNCTION_NAME });
    });

    it('treats a missing function as already deleted', async () => {
      // Prepare
      lambdaMock.on(DeleteFunctionCommand).rejects(notFound());

      // Act
      const result = await manager.deleteFunction(FUNCTION_NAME);

      // Assess
      expect(result).toEqual({ deleted: false });
    });

    it('deletes one version with a qualifier, waiting out a conflict', async () => {
      // Prepare
      lambdaMock
        .on(DeleteFunctionCommand)
        .rejectsOnce(conflict())
        .resolves({ StatusCode: 204, $metadata: {} });

      // Act
      await manager.deleteFunction(FUNCTION_NAME, { qualifier: '3' });

      // Assess
      expect(lambdaMock).toHaveReceivedCommandTimes(DeleteFunctionCommand, 2);
      expect(lambdaMock).toHaveReceivedCommandWith(DeleteFunctionCommand, { Qualifier: '3' });
    });

    it('maps other failures and validates the name', async () => {
      // Prepare
      lambdaMock.on(DeleteFunctionCommand).rejects(
        new LambdaServiceException({
          name: 'ServiceException',
          $fault: 'server',
          message: 'boom',
          $metadata: { httpStatusCode: 500 },
        }),
      );

      // Act
      const mapped = await rejection(manager.deleteFunction(FUNCTION_NAME));
      const invalid = await rejection(manager.deleteFunction('no spaces allowed'));

      // Assess
      expect((mapped as AWSServiceError).retryable).toBe(true);
      expect((mapped as AWSServiceError).operation).toBe('DeleteFunction');
      expect(ValidationError.isInstance(invalid)).toBe(true);
    });
  });

  describe('Method: listFunctions', () => {
    it('reads every page and summarises each function', async () => {
      // Prepare
      lambdaMock
        .on(ListFunctionsCommand)
        .resolvesOnce({ Functions: [deployedConfiguration()], NextMarker: 'page-2', $metadata: {} })
        .resolvesOnce({
          Functions: [deployedConfiguration({ FunctionName: 'other-function', FunctionArn: 'arn:x' })],
          $metadata: {},
        });

      // Act
      const functions = await manager.listFunctions();

      // Assess
      expect(functions.map((fn) => fn.functionName)).toEqual([FUNCTION_NAME, 'other-function']);
      expect(functions[0]).toEqual({
        functionName: FUNCTION_NAME,
        functionArn: FUNCTION_ARN,
        runtime: 'nodejs24.x',
        handler: 'index.handler',
        version: '$LATEST',
        memorySize: 256,
        timeout: 120,
        codeSha256: ZIP_SHA,
        codeSize: ZIP.byteLength,
        description: 'perception phase',
        lastModified: '2026-11-25T10:00:00.000+0000',
        architecture: 'arm64',
        state: 'Active',
        lastUpdateStatus: 'Successful',
      });
      expect(lambdaMock.commandCalls(ListFunctionsCommand).map((call) => call.args[0].input)).toEqual([
        { MaxItems: 50 },
        { MaxItems: 50, Marker: 'page-2' },
      ]);
    });

    it('asks for every version with ALL and filters by name prefix', async () => {
      // Prepare
      lambdaMock.on(ListFunctionsCommand).resolves({
        Functions: [
          deployedConfiguration(),
          deployedConfiguration({ Version: '1' }),
          deployedConfiguration({ FunctionName: 'unrelated' }),
        ],
        $metadata: {},
      });

      // Act
      const all = await manager.listFunctions('ALL');
      const ours = await manager.listFunctions({ functionVersion: 'ALL', namePrefix: 'eks-upgrade-agent-' });

      // Assess
      expect(all).toHaveLength(3);
      expect(ours.map((fn) => fn.version)).toEqual(['$LATEST', '1']);
      expect(lambdaMock).toHaveReceivedCommandWith(ListFunctionsCommand, { FunctionVersion: 'ALL' });
    });

    it('maps failures and rejects an unknown functionVersion', async () => {
      // Prepare
      lambdaMock.on(ListFunctionsCommand).rejects(
        new LambdaServiceException({
          name: 'TooManyRequestsException',
          $fault: 'client',
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 429 },
        }),
      );

      // Act
      const mapped = await rejection(manager.listFunctions());
      const invalid = await rejection(manager.listFunctions('LATEST' as never));

      // Assess
      expect((mapped as AWSServiceError).isThrottling).toBe(true);
      expect(ValidationError.isInstance(invalid)).toBe(true);
    });
  });

  describe('Method: getFunction', () => {
    it('returns the summary with tags, or undefined when missing', async () => {
      // Prepare
      lambdaMock.on(GetFunctionCommand).resolvesOnce(getFunctionOutput()).rejectsOnce(notFound());

      // Act
      const found = await manager.getFunction(FUNCTION_NAME);
      const missing = await manager.getFunction('missing');

      // Assess
      expect(found).toMatchObject({
        functionName: FUNCTION_NAME,
        codeSha256: ZIP_SHA,
        tags: { team: 'platform' },
      });
      expect(missing).toBeUndefined();
    });
  });

  describe('Method: invokeFunction', () => {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const logLines =
      'START RequestId: 1 Version: $LATEST\nEND RequestId: 1\nREPORT RequestId: 1 Duration: 12.3 ms\n';

    it('sends the payload as JSON and returns the parsed response with the decoded log tail', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
        LogResult: Buffer.from(logLines).toString('base64'),
        Payload: encode({ clusterName: 'prod', version: '1.30' }) as never,
        $metadata: {},
      });

      // Act
      const result = await manager.invokeFunction<{ clusterName: string }>(
        FUNCTION_NAME,
        { clusterName: 'prod' },
        { logTail: true },
      );

      // Assess
      expect(result).toEqual({
        statusCode: 200,
        payload: { clusterName: 'prod', version: '1.30' },
        executedVersion: '$LATEST',
        logTail: logLines,
      });
      const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
      expect(input?.InvocationType).toBe('RequestResponse');
      expect(input?.LogType).toBe('Tail');
      expect(new TextDecoder().decode(input?.Payload as Uint8Array)).toBe('{"clusterName":"prod"}');
    });

    it('turns a function error into an ExecutionError with errorType, message and log tail', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        ExecutedVersion: '$LATEST',
        LogResult: Buffer.from(`${logLines}ERROR Invoke Error ClusterNotFound\n`).toString('base64'),
        Payload: encode({
          errorType: 'ClusterNotFoundError',
          errorMessage: 'No cluster named prod in us-east-1',
          trace: ['ClusterNotFoundError: No cluster named prod', '    at describe (/var/task/index.mjs:1:1)'],
        }) as never,
        $metadata: {},
      });

      // Act
      const error = await rejection(manager.invokeFunction(FUNCTION_NAME, {}, { logTail: true }));

      // Assess
      expect(ExecutionError.isInstance(error)).toBe(true);
      const execution = error as ExecutionError;
      expect(execution.errorType).toBe('ClusterNotFoundError');
      expect(execution.message).toBe(
        `Function ${FUNCTION_NAME} failed with ClusterNotFoundError: No cluster named prod in us-east-1`,
      );
      expect(execution.functionName).toBe(FUNCTION_NAME);
      expect(execution.status).toBe('Unhandled');
      expect(execution.logTail).toContain('ERROR Invoke Error ClusterNotFound');
    });

    it('falls back to the FunctionError kind when the error payload is not JSON', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: new TextEncoder().encode('Task timed out after 60.00 seconds') as never,
        $metadata: {},
      });

      // Act
      const error = (await rejection(manager.invokeFunction(FUNCTION_NAME))) as ExecutionError;

      // Assess
      expect(error.errorType).toBe('Unhandled');
      expect(error.message).toContain('Task timed out after 60.00 seconds');
      expect(error.logTail).toBeUndefined();
    });

    it('returns the accepted status 202 for an Event invocation without asking for logs', async () => {
      // Prepare
      lambdaMock
        .on(InvokeCommand)
        .resolves({ StatusCode: 202, Payload: new Uint8Array() as never, $metadata: {} });

      // Act
      const result = await manager.invokeFunction(
        FUNCTION_NAME,
        { a: 1 },
        { invocationType: 'Event', logTail: true },
      );

      // Assess
      expect(result).toEqual({
        statusCode: 202,
        payload: undefined,
        executedVersion: undefined,
        logTail: undefined,
      });
      expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, {
        InvocationType: 'Event',
        LogType: 'None',
      });
    });

    it('returns a non-JSON response as text and passes a qualifier', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({
        StatusCode: 200,
        Payload: new TextEncoder().encode('plain text') as never,
        $metadata: {},
      });

      // Act
      const result = await manager.invokeFunction(`${FUNCTION_NAME}:live`, undefined, { qualifier: '3' });

      // Assess
      expect(result.payload).toBe('plain text');
      const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
      expect(input?.Qualifier).toBe('3');
      expect(input?.Payload).toBeUndefined();
    });

    it('rejects a synchronous payload over 6 MB and an Event payload over 1 MB before calling', async () => {
      // Act
      const sync = await rejection(
        manager.invokeFunction(FUNCTION_NAME, { data: 'x'.repeat(6 * 1024 * 1024) }),
      );
      const event = await rejection(
        manager.invokeFunction(FUNCTION_NAME, { data: 'x'.repeat(1024 * 1024) }, { invocationType: 'Event' }),
      );
      const badType = await rejection(
        manager.invokeFunction(FUNCTION_NAME, {}, { invocationType: 'Later' as never }),
      );

      // Assess
      expect((sync as ValidationError).fields).toEqual(['payload']);
      expect((sync as Error).message).toContain('RequestResponse invocations accept at most 6291456 bytes');
      expect((event as ValidationError).fields).toEqual(['payload']);
      expect((badType as ValidationError).fields).toEqual(['invocationType']);
      expect(lambdaMock.calls()).toHaveLength(0);
    });

    it('maps an invocation refused by Lambda to AWSServiceError', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).rejects(notFound());

      // Act
      const error = await rejection(manager.invokeFunction(FUNCTION_NAME, {}));

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect((error as AWSServiceError).operation).toBe('Invoke');
      expect((error as AWSServiceError).isNotFound).toBe(true);
    });
  });
});
