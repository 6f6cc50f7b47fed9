/**
 * An application with its own copy of the AWS SDK (here an older release, installed as
 * `aws-sdk-client-lambda-other`) injects its client. The SDK's `paginate*` helpers would reject it
 * ("Invalid client, expected instance of LambdaClient"); listing and the waits between deployment
 * steps must work with it.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import ourManifest from '@aws-sdk/client-lambda/package.json' with { type: 'json' };
import { useMoto } from '@eks-upgrade/testing';
import { LambdaClient as OtherLambdaClient } from 'aws-sdk-client-lambda-other';
import otherManifest from 'aws-sdk-client-lambda-other/package.json' with { type: 'json' };
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaTemplateManager } from '../../src/manager/lambda-template-manager.js';
import { createPerceptionLambda } from '../../src/templates/phase-templates.js';
import { createFunctionZip } from '../../src/zip/create-function-zip.js';

const moto = useMoto();
const FAST_WAIT = {
  maxWaitSeconds: 10,
  minDelaySeconds: 0.05,
  maxDelaySeconds: 0.2,
  conflictBaseDelayMs: 50,
};
const zip = (answer: number) =>
  createFunctionZip({ 'index.mjs': `export const handler = async () => ({ answer: ${answer} });\n` });

/** A client of the other SDK copy that records the name of every command it sends. */
function otherCountingClient(): { client: OtherLambdaClient; commands: string[] } {
  const commands: string[] = [];
  const client = new OtherLambdaClient(moto.clientConfig());
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { client, commands };
}

describe('Class: LambdaTemplateManager with a client from another copy of the SDK (moto)', () => {
  let role: string;

  beforeEach(async () => {
    await moto.configure({ lambda: { use_docker: false } });
    const { Role } = await new IAMClient(moto.clientConfig()).send(
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
    role = Role?.Arn ?? '';
  });

  it('is a different release of @aws-sdk/client-lambda, whose client is not our SDK class', () => {
    // Assess
    expect(otherManifest.name).toBe('@aws-sdk/client-lambda');
    expect(otherManifest.version).not.toBe(ourManifest.version);
    expect(new OtherLambdaClient({ region: 'us-east-1' })).not.toBeInstanceOf(LambdaClient);
  });

  it('deploys, updates code and configuration with waits between, and deletes', async () => {
    // Prepare
    const { client, commands } = otherCountingClient();
    const manager = new LambdaTemplateManager({ client, wait: FAST_WAIT });
    const definition = (answer: number, timeout: number) => ({
      ...createPerceptionLambda({ role, code: { zipFile: zip(answer) }, architecture: 'x86_64' }),
      timeout,
    });
    // Act
    const created = await manager.deployFunction(definition(1, 120));
    commands.length = 0;
    const updated = await manager.deployFunction(definition(2, 45));
    const sequence = [...commands];
    const deleted = await manager.deleteFunction(created.functionName);
    // Assess: each update was followed by a GetFunction wait until it finished.
    expect(created.status).toBe('created');
    expect(updated).toMatchObject({ status: 'updated', changes: ['code', 'configuration'] });
    expect(sequence).toEqual([
      'GetFunction',
      'UpdateFunctionCode',
      'GetFunction',
      'UpdateFunctionConfiguration',
      'GetFunction',
    ]);
    expect(deleted).toEqual({ deleted: true });
  });

  it('lists functions over several ListFunctions pages (the client stubbed: moto does not page ListFunctions)', async () => {
    // Prepare
    const client = new OtherLambdaClient({ region: 'us-east-1' });
    const stub = mockClient(client);
    stub
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [{ FunctionName: 'other-sdk-a' }], NextMarker: 'page-2' })
      .resolvesOnce({ Functions: [{ FunctionName: 'other-sdk-b' }, { FunctionName: 'unrelated' }] });
    const manager = new LambdaTemplateManager({ client, wait: FAST_WAIT });
    // Act
    const listed = await manager.listFunctions({ namePrefix: 'other-sdk-' });
    // Assess
    expect(listed.map((summary) => summary.functionName)).toEqual(['other-sdk-a', 'other-sdk-b']);
    expect(stub.commandCalls(ListFunctionsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxItems: 50 },
      { MaxItems: 50, Marker: 'page-2' },
    ]);
  });
});
