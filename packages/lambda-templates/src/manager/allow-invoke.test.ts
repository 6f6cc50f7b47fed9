import { AddPermissionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AWSServiceError } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaTemplateManager } from './lambda-template-manager.js';

const lambdaMock = mockClient(LambdaClient);
afterEach(() => lambdaMock.reset());

const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:pager';
const GRANT = {
  statementId: 'eks-upgrade-monitor',
  principal: 'events.amazonaws.com',
  sourceArn: 'arn:aws:events:eu-west-1:123456789012:rule/eks-upgrade-monitor',
  sourceAccount: '123456789012',
};
const notFound = () =>
  Object.assign(new Error('The resource you requested does not exist.'), {
    name: 'ResourceNotFoundException',
    $metadata: { httpStatusCode: 404 },
  });

describe('Method: allowInvoke', () => {
  it('adds the permission, scoped to the source, when the function has no policy yet', async () => {
    // Prepare
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    lambdaMock.on(AddPermissionCommand).resolves({ Statement: '{}' });
    const manager = new LambdaTemplateManager({ clientConfig: { region: 'eu-west-1' } });

    // Act
    const result = await manager.allowInvoke(FUNCTION, GRANT);

    // Assess
    expect(result).toBe('added');
    expect(lambdaMock.commandCalls(AddPermissionCommand).map((call) => call.args[0].input)).toEqual([
      {
        FunctionName: FUNCTION,
        StatementId: 'eks-upgrade-monitor',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: 'arn:aws:events:eu-west-1:123456789012:rule/eks-upgrade-monitor',
        SourceAccount: '123456789012',
      },
    ]);
  });

  it('writes nothing when the statement is there, or with dryRun', async () => {
    // Prepare
    lambdaMock.on(GetPolicyCommand).resolves({
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'eks-upgrade-monitor' }] }),
    });
    const manager = new LambdaTemplateManager({ clientConfig: { region: 'eu-west-1' } });

    // Act
    const present = await manager.allowInvoke(FUNCTION, GRANT);
    const dryRun = await manager.allowInvoke(FUNCTION, { ...GRANT, statementId: 'other' }, { dryRun: true });

    // Assess
    expect([present, dryRun]).toEqual(['present', 'added']);
    expect(lambdaMock.commandCalls(AddPermissionCommand)).toEqual([]);
  });

  it('reports a refusal as an AWSServiceError saying what was asked', async () => {
    // Prepare
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    lambdaMock.on(AddPermissionCommand).rejects(
      Object.assign(new Error('denied'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const manager = new LambdaTemplateManager({ clientConfig: { region: 'eu-west-1' } });

    // Act
    const error = await manager.allowInvoke(FUNCTION, GRANT).catch((caught: unknown) => caught);

    // Assess
    expect(AWSServiceError.isInstance(error)).toBe(true);
    expect((error as AWSServiceError).code).toBe('AccessDeniedException');
    expect((error as Error).message).toContain(`let events.amazonaws.com invoke ${FUNCTION}`);
  });
});
