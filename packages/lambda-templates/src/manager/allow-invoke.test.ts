import {
  AddPermissionCommand,
  GetPolicyCommand,
  LambdaClient,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
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

describe('Method: revokeInvoke', () => {
  it('removes the statements it is given that the policy holds, one call each; nothing with dryRun', async () => {
    // Prepare
    lambdaMock.on(GetPolicyCommand).resolves({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'eks-upgrade-monitor' }, { Sid: 'someone-elses' }],
      }),
    });
    lambdaMock.on(RemovePermissionCommand).resolves({});
    const manager = new LambdaTemplateManager({ clientConfig: { region: 'eu-west-1' } });
    const ids = ['eks-upgrade-monitor', 'eks-upgrade-rollback-trigger'];

    // Act
    const wouldRemove = await manager.revokeInvoke(FUNCTION, ids, { dryRun: true });
    const callsAfterDryRun = lambdaMock.commandCalls(RemovePermissionCommand).length;
    const removed = await manager.revokeInvoke(FUNCTION, ids);

    // Assess
    expect(wouldRemove).toEqual(['eks-upgrade-monitor']);
    expect(callsAfterDryRun).toBe(0);
    expect(removed).toEqual(['eks-upgrade-monitor']);
    expect(lambdaMock.commandCalls(RemovePermissionCommand).map((call) => call.args[0].input)).toEqual([
      { FunctionName: FUNCTION, StatementId: 'eks-upgrade-monitor' },
    ]);
  });

  it('a function that does not exist has nothing to remove', async () => {
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    const manager = new LambdaTemplateManager({ clientConfig: { region: 'eu-west-1' } });
    expect(await manager.revokeInvoke(FUNCTION, ['eks-upgrade-monitor'])).toEqual([]);
    expect(lambdaMock.commandCalls(RemovePermissionCommand)).toEqual([]);
  });
});
