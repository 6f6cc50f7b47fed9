import { beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const version = (number: number) => `${MACHINE}:${number}`;

let zipDirectory: string;
beforeAll(async () => {
  zipDirectory = await phaseZipDirectory();
});

/**
 * An account after many deploys: versions 1..11 of the workflow, the alias on 11, which is an
 * older revision than the state machine's (so the next deploy publishes version 12), and an
 * upgrade still running on version 2.
 */
async function accountWithElevenVersions() {
  const account = fakeAccount();
  const first = await runCli(['deploy', '--zip-dir', zipDirectory], {
    services: fakeAws(account.handlers).services,
  });
  expect(first.exitCode, first.stderr).toBe(0);
  const published = account.versions.get(version(1))!;
  for (let number = 2; number <= 11; number += 1) account.versions.set(version(number), { ...published });
  account.versions.set(version(11), {
    ...published,
    definition: JSON.stringify({ StartAt: 'Old', States: {} }),
  });
  account.aliases.set(`${MACHINE}:live`, [{ stateMachineVersionArn: version(11), weight: 100 }]);
  account.runningOnVersions.add(version(2));
  return account;
}

describe('Command: deploy (fake AWS), old workflow versions', () => {
  it('deletes the versions beyond the newest 10, oldest first, keeping one an upgrade still runs on', async () => {
    const account = await accountWithElevenVersions();
    const aws = fakeAws(account.handlers);

    const result = await runCli(['deploy', '--zip-dir', zipDirectory], { services: aws.services });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(account.aliases.get(`${MACHINE}:live`)).toEqual([
      { stateMachineVersionArn: version(12), weight: 100 },
    ]);
    const inputs = (operation: string) =>
      aws.calls.filter((call) => call.operation === operation).map((call) => call.input);
    expect(inputs('ListStateMachineVersions')).toEqual([{ stateMachineArn: MACHINE, maxResults: 1000 }]);
    expect(inputs('ListExecutions')).toEqual([
      { stateMachineArn: version(1), statusFilter: 'RUNNING', maxResults: 1 },
      { stateMachineArn: version(2), statusFilter: 'RUNNING', maxResults: 1 },
    ]);
    expect(inputs('DeleteStateMachineVersion')).toEqual([{ stateMachineVersionArn: version(1) }]);
    expect(
      [...account.versions.keys()].sort((a, b) => Number(a.split(':').pop()) - Number(b.split(':').pop())),
    ).toEqual(Array.from({ length: 11 }, (_, index) => version(index + 2)));
    expect(result.stdout).toContain(
      'published version 12, alias routes 100 % to it; deleted old versions 1 (keeping the newest 10); kept old versions 2 (executions still run on them)',
    );
  });

  it('--dry-run names the versions it would delete and deletes none', async () => {
    const account = await accountWithElevenVersions();
    const aws = fakeAws(account.handlers);

    const result = await runCli(['deploy', '--zip-dir', zipDirectory, '--dry-run'], {
      services: aws.services,
    });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(aws.calls.filter((call) => call.operation === 'DeleteStateMachineVersion')).toEqual([]);
    expect(account.versions.size).toBe(11);
    expect(result.stdout).toContain(
      'delete old versions 1 (keeping the newest 10); kept old versions 2 (executions still run on them)',
    );
  });

  it('within 10 versions nothing is listed: version numbers only grow', async () => {
    const account = fakeAccount();
    const aws = fakeAws(account.handlers);
    expect((await runCli(['deploy', '--zip-dir', zipDirectory], { services: aws.services })).exitCode).toBe(
      0,
    );
    expect(aws.calls.filter((call) => call.operation === 'ListStateMachineVersions')).toEqual([]);
  });
});
