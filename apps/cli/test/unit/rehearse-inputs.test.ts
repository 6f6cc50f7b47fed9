import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCause } from '../../src/rehearsal/rehearsal-report.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const example = (name: string) => path.join(examples, name);

interface ScenarioFile {
  request: Record<string, unknown>;
  [key: string]: unknown;
}

async function scenarioCopy(change: (scenario: ScenarioFile) => void): Promise<string> {
  const scenario = JSON.parse(await readFile(example('rollback-at-50-percent.json'), 'utf8')) as ScenarioFile;
  change(scenario);
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'eks-upgrade-scenario-')), 'scenario.json');
  await writeFile(file, JSON.stringify(scenario));
  return file;
}

describe('Command: rehearse (inputs and report)', () => {
  it.each([
    [['--to', '1.30'], 'provision-demo-1-30'],
    [['--cluster', 'my-cluster'], 'provision-my-cluster-1-31'],
  ])('names the green cluster after the overrides %j', async (flags, firstStep) => {
    // Act
    const result = await runCli(['rehearse', ...flags, '--output', 'json']);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.steps[0].id).toBe(firstStep);
    expect(result.stderr).not.toContain('demo-1-31');
  });

  it('refuses a downgrade in a scenario file as it refuses one from --to: exit 2 before running', async () => {
    // Prepare
    const file = await scenarioCopy((scenario) => {
      scenario.request.targetVersion = '1.28';
      delete scenario.request.greenClusterName;
    });

    // Act
    const fromFile = await runCli(['rehearse', '--scenario', file]);
    const fromFlag = await runCli([
      'rehearse',
      '--scenario',
      example('in-place-success.json'),
      '--to',
      '1.28',
    ]);

    // Assess
    for (const result of [fromFile, fromFlag]) {
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(
        /must be newer than the current version 1\.29: EKS cannot downgrade to 1\.28/,
      );
    }
    expect(fromFile.stderr).toContain(`scenario file ${file}: request.targetVersion`);
    expect(fromFlag.stderr).toContain('--to: must be newer');
  });

  it.each([
    [
      'a missing folder',
      '/nonexistent/r.md',
      /--report: "\/nonexistent\/r\.md" cannot be created: the folder \/nonexistent does not exist/,
    ],
    ['a directory', '.', /--report: "\." is a directory; name a file such as report\.md/],
  ])('checks --report naming %s before rehearsing anything (exit 2)', async (_case, report, reason) => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const result = await runCli(['rehearse', '--report', report], { services: spy.factory });

    // Assess
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(result.stderr).not.toContain('rehearsing');
  });

  it('shows the outcome, the error and the blockers above the steps with --output table', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('blocked-by-insight.json'),
      '--output',
      'table',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(1);
    const [caption, table] = result.stdout.split('\n\n');
    expect(caption).toMatch(
      /^blocked-by-insight: in_place upgrade of billing 1\.29 → 1\.30\noutcome: FAILED\nerror: Upgrade\.PlanBlocked\n/,
    );
    expect(caption).toMatch(/\nblocker INSIGHT_\w+: .+/);
    expect(table).toMatch(/^ID +KIND +STATUS +DESCRIPTION +MESSAGE\n/);
    expect(table).toContain('not_run');
  });

  it('prints a JSON cause readably in the text report, never cut inside the JSON', async () => {
    // Act
    const result = await runCli(['rehearse', '--to', '1.40']);

    // Assess
    expect(result.exitCode, result.stderr).toBe(1);
    // The blockers are listed once, from the plan, not again as the cause's JSON.
    expect(result.stdout).toContain('outcome: FAILED\nerror: Upgrade.PlanBlocked\n\nplan (rules)');
    expect(result.stdout).toContain(
      '  blocker UNSUPPORTED_TARGET: EKS does not support Kubernetes 1.40 (supported: 1.29, 1.30, 1.31, 1.32, 1.33)\n',
    );
    expect(result.stdout).not.toContain('[{"code"');
  });

  it('prints a long combined cause whole, one part per line', async () => {
    // Act
    const result = await runCli(['rehearse', '--scenario', example('failing-rollback.json')]);

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /\nerror: Upgrade\.RollbackFailed\n {2}Upgrade failed with Upgrade\.ValidationFailed: .+\n {2}Rollback failed with Upgrade\.RollbackIncomplete: .+ Not undone: \[.*\]\n/,
    );
  });
});

describe('Function: describeCause', () => {
  it('reads a Lambda error as its type and message', () => {
    // Act & Assess
    expect(
      describeCause(
        '{"errorType":"AWSServiceError","errorMessage":"EKS UpdateClusterVersion failed","trace":["a"]}',
      ),
    ).toEqual(['AWSServiceError: EKS UpdateClusterVersion failed']);
  });

  it('keeps plain text whole, one line per part of a combined cause, and leaves no cause empty', () => {
    // Act
    const lines = describeCause(`first ${'word '.repeat(100)}end | second ["a", "b"]`);

    // Assess
    expect(lines).toEqual([`first ${'word '.repeat(100)}end`, 'second ["a", "b"]']);
    expect(describeCause(undefined)).toEqual([]);
    expect(describeCause('  ')).toEqual([]);
  });
});
