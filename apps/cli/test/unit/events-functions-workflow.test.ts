import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { createUpgradeStateMachineDefinition, workflowOptionsFromConfig } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { fakeAccount, phaseZipDirectory } from '../helpers/fake-account.js';
import { fakeAws } from '../helpers/fake-aws.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:ops';

describe('Command: events rules apply and list (fake AWS)', () => {
  it('creates the two rules, changes nothing on a second run, and updates both when a target is added', async () => {
    // Prepare
    const account = fakeAccount();
    const aws = fakeAws(account.handlers);
    const cli = (...argv: string[]) => runCli(argv, { services: aws.services });

    // Act
    const dryRun = await cli('events', 'rules', 'apply', '--dry-run');
    const dryRunWrites = aws.mutatingCalls().length;
    const created = await cli('events', 'rules', 'apply');
    aws.calls.length = 0;
    const same = await cli('events', 'rules', 'apply');
    const sameWrites = aws.mutatingCalls().length;
    const withQueue = await cli('events', 'rules', 'apply', '--notify-arn', QUEUE, '--output', 'json');
    const listed = await cli('events', 'rules', 'list', '--output', 'json');

    // Assess
    expect(dryRun.stdout).toBe(
      'would create rule eks-upgrade-monitor\nwould create rule eks-upgrade-rollback-trigger\n',
    );
    expect(dryRunWrites).toBe(0);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toBe(
      'created rule eks-upgrade-monitor\ncreated rule eks-upgrade-rollback-trigger\n',
    );
    expect(created.stderr).not.toContain('created rule');
    expect(same.stdout).toBe('No changes.\n');
    expect(sameWrites).toBe(0);
    expect(JSON.parse(withQueue.stdout).changes).toEqual([
      { kind: 'rule', name: 'eks-upgrade-monitor', action: 'update' },
      { kind: 'rule', name: 'eks-upgrade-rollback-trigger', action: 'update' },
    ]);
    expect(account.rules.get('eks-upgrade-monitor')?.targets).toEqual([{ Id: 'notify-1', Arn: QUEUE }]);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        name: 'eks-upgrade-monitor',
        state: 'ENABLED',
        eventPattern: { source: ['eks-upgrade-agent'] },
        description: 'Every eks-upgrade event (phases, traffic, validation, rollback), for monitoring',
      },
      expect.objectContaining({ name: 'eks-upgrade-rollback-trigger', state: 'ENABLED' }),
    ]);
  });
});

describe('Command: events publish (fake AWS)', () => {
  it('publishes one validated event with its whole detail on the configured bus', async () => {
    // Prepare
    const aws = fakeAws({
      GetParametersByPath: () => ({ Parameters: [] }),
      PutEvents: () => ({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] }),
    });
    const detail = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' };

    // Act
    const result = await runCli(
      ['events', 'publish', '--type', 'upgrade.started', '--detail', JSON.stringify(detail)],
      { services: aws.services },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('event-1\n');
    expect(result.stderr).toContain('published upgrade.started to bus default');
    const [put] = aws.mutatingCalls();
    expect(put?.operation).toBe('PutEvents');
    const entries = put?.input.Entries as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(1);
    expect({ ...entries[0], Detail: JSON.parse(String(entries[0]?.Detail)) }).toEqual({
      Source: 'eks-upgrade-agent',
      DetailType: 'upgrade.started',
      EventBusName: 'default',
      Detail: expect.objectContaining(detail),
      ...(entries[0]?.Time !== undefined ? { Time: entries[0].Time } : {}),
    });
  });
});

describe('Command: functions (fake AWS)', () => {
  it('list shows the deployed phase functions by name', async () => {
    // Prepare
    const account = fakeAccount();
    const aws = fakeAws(account.handlers);
    const zipDirectory = await phaseZipDirectory();
    expect((await runCli(['deploy', '--zip-dir', zipDirectory], { services: aws.services })).exitCode).toBe(
      0,
    );

    // Act
    const result = await runCli(['functions', 'list', '--output', 'json'], { services: aws.services });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const functions = JSON.parse(result.stdout) as Array<{ name: string; runtime: string; state: string }>;
    expect(functions.map((fn) => fn.name)).toEqual([
      'eks-upgrade-agent-execution',
      'eks-upgrade-agent-perception',
      'eks-upgrade-agent-reasoning',
      'eks-upgrade-agent-rollback',
      'eks-upgrade-agent-validation',
    ]);
    expect(functions.every((fn) => fn.runtime === 'nodejs24.x' && fn.state === 'Active')).toBe(true);
  });

  it('invoke sends the payload to the phase function and prints its answer', async () => {
    // Prepare
    const aws = fakeAws({
      GetParametersByPath: () => ({ Parameters: [] }),
      Invoke: () => ({ StatusCode: 200, Payload: new TextEncoder().encode('{"phase":"perception"}') }),
    });

    // Act
    const result = await runCli(
      ['functions', 'invoke', 'perception', '--payload', '{"request":{"clusterName":"prod"}}'],
      {
        services: aws.services,
      },
    );

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ phase: 'perception' });
    const invoke = aws.calls.find((call) => call.operation === 'Invoke')!.input;
    expect(invoke.FunctionName).toBe('eks-upgrade-agent-perception');
    expect(JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array))).toEqual({
      request: { clusterName: 'prod' },
    });
  });
});

describe('Commands: workflow render and validate', () => {
  const builtIn = createUpgradeStateMachineDefinition(workflowOptionsFromConfig(createDefaultAgentConfig()));

  it('render prints the ASL JSON deploy ships, or a Mermaid flowchart with one header', async () => {
    // Act
    const json = await runCli(['workflow', 'render'], { services: createServiceSpy().factory });
    const mermaid = await runCli(['workflow', 'render', '--format', 'mermaid']);

    // Assess
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(builtIn)));
    expect(mermaid.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(mermaid.stdout.match(/flowchart/g)).toHaveLength(1);
  });

  it('validate accepts the built-in workflow and names the problems of a broken file (exit 1)', async () => {
    // Prepare
    const folder = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-asl-'));
    const broken = path.join(folder, 'broken.asl.json');
    await writeFile(broken, JSON.stringify({ StartAt: 'Missing', States: {} }));

    // Act
    const valid = await runCli(['workflow', 'validate']);
    const invalid = await runCli(['workflow', 'validate', broken, '--output', 'json']);

    // Assess
    expect(valid.exitCode).toBe(0);
    expect(valid.stdout).toBe('the built-in upgrade workflow is valid\n');
    expect(invalid.exitCode).toBe(1);
    const report = JSON.parse(invalid.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    const count = report.problems.length;
    expect(invalid.stderr).toBe(`error: ${broken}: ${count} ${count === 1 ? 'problem' : 'problems'}\n`);
  });
});
