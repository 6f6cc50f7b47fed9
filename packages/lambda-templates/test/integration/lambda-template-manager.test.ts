import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaTemplateManager } from '../../src/manager/lambda-template-manager.js';
import { createPerceptionLambda } from '../../src/templates/phase-templates.js';
import { functionCodeSha256 } from '../../src/zip/code-sha256.js';
import { createFunctionZip } from '../../src/zip/create-function-zip.js';

const moto = useMoto();

const source = (answer: number) => `export const handler = async () => ({ answer: ${answer} });\n`;
const FAST_WAIT = {
  maxWaitSeconds: 10,
  minDelaySeconds: 0.05,
  maxDelaySeconds: 0.2,
  conflictBaseDelayMs: 50,
};

/** A manager whose client records the name of every command it sends. */
function countingManager(): { manager: LambdaTemplateManager; commands: string[] } {
  const commands: string[] = [];
  const client = new LambdaClient(moto.clientConfig());
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { manager: new LambdaTemplateManager({ client, wait: FAST_WAIT }), commands };
}

const writes = (commands: readonly string[]) => commands.filter((name) => name !== 'GetFunction');

async function createRole(): Promise<string> {
  const iam = new IAMClient(moto.clientConfig());
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: 'eks-upgrade-agent',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  return Role?.Arn ?? '';
}

describe('Class: LambdaTemplateManager (moto)', () => {
  let role: string;

  beforeEach(async () => {
    await moto.configure({ lambda: { use_docker: false } });
    role = await createRole();
  });

  const definition = (answer: number, overrides: Record<string, unknown> = {}) => ({
    ...createPerceptionLambda({
      role,
      code: { zipFile: createFunctionZip({ 'index.mjs': source(answer) }) },
      architecture: 'x86_64',
      tags: { team: 'platform' },
    }),
    ...overrides,
  });

  describe('Method: deployFunction', () => {
    it('creates the function, then a second deploy of the same zip and configuration writes nothing', async () => {
      // Prepare
      const { manager, commands } = countingManager();

      // Act
      const first = await manager.deployFunction(definition(1));
      const firstCommands = [...commands];
      commands.length = 0;
      const second = await manager.deployFunction(definition(1));

      // Assess
      expect(first.status).toBe('created');
      expect(first.functionArn).toBe(
        `arn:aws:lambda:us-east-1:${moto.accountId}:function:eks-upgrade-agent-perception`,
      );
      expect(first.codeSha256).toBe(functionCodeSha256(createFunctionZip({ 'index.mjs': source(1) })));
      expect(writes(firstCommands)).toEqual(['CreateFunction']);
      expect(second).toMatchObject({ status: 'unchanged', changes: [], version: '$LATEST' });
      expect(commands).toEqual(['GetFunction']);
    });

    it('updates only the code when only the zip changed', async () => {
      // Prepare
      const { manager, commands } = countingManager();
      await manager.deployFunction(definition(1));
      commands.length = 0;

      // Act
      const deployment = await manager.deployFunction(definition(2));

      // Assess
      expect(deployment).toMatchObject({
        status: 'updated',
        changes: ['code'],
        codeChangeReasons: ['sha256'],
      });
      expect(writes(commands)).toEqual(['UpdateFunctionCode']);
      expect((await manager.getFunction('eks-upgrade-agent-perception'))?.codeSha256).toBe(
        functionCodeSha256(createFunctionZip({ 'index.mjs': source(2) })),
      );
    });

    it('sequences code update, wait, configuration update, wait — then settles to no-op', async () => {
      // Prepare
      const { manager, commands } = countingManager();
      await manager.deployFunction(definition(1));
      commands.length = 0;
      const changed = definition(2, {
        timeout: 45,
        memorySize: 384,
        environment: { ...definition(1).environment, LOG_LEVEL: 'DEBUG' },
      });

      // Act
      const deployment = await manager.deployFunction(changed);
      const sequence = [...commands];
      commands.length = 0;
      const again = await manager.deployFunction(changed);

      // Assess
      expect(deployment.changes).toEqual(['code', 'configuration']);
      expect(deployment.configurationChanges).toEqual(['memorySize', 'timeout', 'environment']);
      expect(sequence).toEqual([
        'GetFunction',
        'UpdateFunctionCode',
        'GetFunction',
        'UpdateFunctionConfiguration',
        'GetFunction',
      ]);
      expect(again.status).toBe('unchanged');
      expect(writes(commands)).toEqual([]);
      expect(await manager.getFunction('eks-upgrade-agent-perception')).toMatchObject({
        timeout: 45,
        memorySize: 384,
      });
    });

    it('reconciles tags and publishes a version when asked', async () => {
      // Prepare
      const { manager, commands } = countingManager();
      await manager.deployFunction(definition(1));
      commands.length = 0;

      // Act
      const deployment = await manager.deployFunction(
        definition(1, { tags: { team: 'sre' }, publish: true }),
      );
      commands.length = 0;
      const again = await manager.deployFunction(definition(1, { tags: { team: 'sre' } }));

      // Assess
      expect(deployment.changes).toEqual(['tags', 'published']);
      expect(deployment.version).toBe('1');
      expect(again.changes).toEqual([]);
      expect(writes(commands)).toEqual([]);
      expect((await manager.getFunction('eks-upgrade-agent-perception'))?.tags).toMatchObject({
        team: 'sre',
      });
    });
  });

  describe('Method: updateFunction', () => {
    it('refuses to create a missing function', async () => {
      // Prepare
      const { manager, commands } = countingManager();

      // Act
      const error = await manager.updateFunction(definition(1)).catch((caught: unknown) => caught);

      // Assess
      expect(AWSServiceError.isInstance(error)).toBe(true);
      expect((error as AWSServiceError).isNotFound).toBe(true);
      expect(writes(commands)).toEqual([]);
    });
  });

  describe('Method: listFunctions and deleteFunction', () => {
    it('lists deployed functions and deletes idempotently', async () => {
      // Prepare
      const { manager } = countingManager();
      await manager.deployFunction(definition(1));
      await manager.deployFunction(definition(1, { name: 'unrelated-function' }));

      // Act
      const ours = await manager.listFunctions({ namePrefix: 'eks-upgrade-agent-' });
      const firstDelete = await manager.deleteFunction('eks-upgrade-agent-perception');
      const secondDelete = await manager.deleteFunction('eks-upgrade-agent-perception');
      const remaining = await manager.listFunctions();

      // Assess
      expect(ours.map((fn) => fn.functionName)).toEqual(['eks-upgrade-agent-perception']);
      expect(ours[0]).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler', memorySize: 256 });
      expect(firstDelete).toEqual({ deleted: true });
      expect(secondDelete).toEqual({ deleted: false });
      expect(remaining.map((fn) => fn.functionName)).toEqual(['unrelated-function']);
    });
  });

  describe('Method: invokeFunction', () => {
    it('returns the parsed payload of a synchronous invocation', async () => {
      // Prepare
      const { manager } = countingManager();
      await manager.deployFunction(definition(1));
      await moto.queueLambdaResults([{ clusterName: 'prod', version: '1.30', nodeGroups: [] }]);

      // Act
      const result = await manager.invokeFunction('eks-upgrade-agent-perception', {
        clusterName: 'prod',
        targetVersion: '1.31',
      });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.payload).toEqual({ clusterName: 'prod', version: '1.30', nodeGroups: [] });
    });

    it('returns the accepted status for an Event invocation', async () => {
      // Prepare
      const { manager } = countingManager();
      await manager.deployFunction(definition(1));

      // Act
      const result = await manager.invokeFunction(
        'eks-upgrade-agent-perception',
        { a: 1 },
        { invocationType: 'Event' },
      );

      // Assess
      expect(result.statusCode).toBe(202);
    });
  });
});
