import {
  DeleteStateMachineVersionCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { pruneStateMachineVersions } from './state-machine-version-pruning.js';

const sfnMock = mockClient(SFNClient);
const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const version = (number: number) => `${MACHINE_ARN}:${number}`;
const client = new SFNClient({ region: 'us-east-1' });

/** Versions 1..count, newest first as Step Functions lists them, over two pages. */
function listVersions(count: number) {
  const all = Array.from({ length: count }, (_, index) => ({
    stateMachineVersionArn: version(count - index),
    creationDate: new Date(0),
  }));
  sfnMock
    .on(ListStateMachineVersionsCommand, { stateMachineArn: MACHINE_ARN, maxResults: 1000 })
    .resolves({ stateMachineVersions: all.slice(0, 8), nextToken: 'page-2' })
    .on(ListStateMachineVersionsCommand, {
      stateMachineArn: MACHINE_ARN,
      maxResults: 1000,
      nextToken: 'page-2',
    })
    .resolves({ stateMachineVersions: all.slice(8) });
}

describe('pruneStateMachineVersions (mocked Step Functions)', () => {
  beforeEach(() => {
    sfnMock.reset();
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    sfnMock.on(DeleteStateMachineVersionCommand).resolves({});
  });

  it('deletes the versions beyond the newest kept ones, oldest first, sparing the alias’s and those still running', async () => {
    listVersions(15);
    sfnMock
      .on(ListExecutionsCommand, { stateMachineArn: version(3), statusFilter: 'RUNNING', maxResults: 1 })
      .resolves({
        executions: [
          {
            executionArn: `${MACHINE_ARN.replace(':stateMachine:', ':execution:')}:upgrade-1`,
            stateMachineArn: MACHINE_ARN,
            name: 'upgrade-1',
            status: 'RUNNING',
            startDate: new Date(0),
          },
        ],
      });

    const pruned = await pruneStateMachineVersions(client, MACHINE_ARN, {
      keep: 10,
      protectedVersionArns: [version(2)],
    });

    // Versions 6..15 are the newest ten; 2 is the alias's; 3 has a running execution.
    expect(pruned).toEqual({ deleted: [version(1), version(4), version(5)], running: [version(3)] });
    expect(sfnMock.commandCalls(ListExecutionsCommand).map((call) => call.args[0].input)).toEqual(
      [1, 3, 4, 5].map((number) => ({
        stateMachineArn: version(number),
        statusFilter: 'RUNNING',
        maxResults: 1,
      })),
    );
    expect(sfnMock.commandCalls(DeleteStateMachineVersionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineVersionArn: version(1) },
      { stateMachineVersionArn: version(4) },
      { stateMachineVersionArn: version(5) },
    ]);
  });

  it('with no more versions than kept, or with dryRun, deletes nothing', async () => {
    listVersions(10);
    expect(
      await pruneStateMachineVersions(client, MACHINE_ARN, { keep: 10, protectedVersionArns: [] }),
    ).toEqual({
      deleted: [],
      running: [],
    });
    sfnMock.reset();
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    listVersions(12);
    expect(
      await pruneStateMachineVersions(client, MACHINE_ARN, {
        keep: 10,
        protectedVersionArns: [],
        dryRun: true,
      }),
    ).toEqual({ deleted: [version(1), version(2)], running: [] });
    expect(sfnMock).not.toHaveReceivedCommand(DeleteStateMachineVersionCommand);
  });

  it('refuses to keep none, before any call; a refused deletion is an AWSServiceError naming the version', async () => {
    await expect(
      pruneStateMachineVersions(client, MACHINE_ARN, { keep: 0, protectedVersionArns: [] }),
    ).rejects.toThrow('version pruning options');
    expect(sfnMock.calls()).toHaveLength(0);
    listVersions(11);
    sfnMock
      .on(DeleteStateMachineVersionCommand)
      .rejects(Object.assign(new Error('Version is referenced by an alias'), { name: 'ConflictException' }));
    await expect(
      pruneStateMachineVersions(client, MACHINE_ARN, { keep: 10, protectedVersionArns: [] }),
    ).rejects.toMatchObject({
      name: 'AWSServiceError',
      message: expect.stringContaining(`delete version ${version(1)}`),
    });
  });
});
