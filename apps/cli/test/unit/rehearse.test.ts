import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UPGRADE_PHASES } from '@eks-upgrade/core-models';
import { DEMO_SCENARIO, ScenarioSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { PHASE_GATEWAY_OPERATIONS } from '../../src/stack/iam-policies.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const example = (name: string) => path.join(examples, name);

/** The outcome each example's README entry documents. */
const EXAMPLES = [
  ['in-place-success.json', 0, 'succeeded'],
  ['rollback-at-50-percent.json', 3, 'rolled_back'],
  ['blocked-by-insight.json', 1, 'failed'],
  ['failing-rollback.json', 1, 'failed'],
  ['control-plane-update-fails.json', 3, 'rolled_back'],
] as const;

describe('Command: rehearse', () => {
  it('rehearses the built-in blue/green demo with no flags and exits 0', async () => {
    // Prepare
    const spy = createServiceSpy();

    // Act
    const result = await runCli(['rehearse', '--output', 'json'], { services: spy.factory });

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('succeeded');
    expect(report.scenario).toMatchObject({
      name: 'demo',
      strategy: 'blue_green',
      fromVersion: '1.29',
      targetVersion: '1.31',
    });
    expect(report.steps.filter((step: { kind: string }) => step.kind === 'traffic_shift')).toHaveLength(5);
    expect(report.steps.every((step: { status: string }) => step.status === 'succeeded')).toBe(true);
    expect(report.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'upgrade.started',
        'traffic.shifted',
        'cluster.provisioned',
        'upgrade.completed',
      ]),
    );
    expect(report.rulesMatched['eks-upgrade-monitor']).toBe(report.events.length);
    expect(report.rulesMatched['eks-upgrade-rollback-trigger']).toBeUndefined();
    expect(spy.requested).toEqual([]);
    // The live timeline went to stderr, not stdout.
    expect(result.stderr).toContain('traffic-50');
  });

  it.each(EXAMPLES)(
    'examples/%s reaches its documented outcome (exit %i, %s)',
    async (file, exitCode, outcome) => {
      // Act
      const result = await runCli(['rehearse', '--scenario', example(file), '--output', 'json']);

      // Assess
      expect(result.exitCode).toBe(exitCode);
      expect(JSON.parse(result.stdout).outcome).toBe(outcome);
    },
  );

  it('reports the rollback events, the rule they matched and the rollback when traffic fails at 50%', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('rollback-at-50-percent.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    const types = report.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['validation.failure', 'rollback.triggered', 'rollback.completed']),
    );
    expect(report.rulesMatched['eks-upgrade-rollback-trigger']).toBeGreaterThan(0);
    expect(report.rollback.success).toBe(true);
    const stepStatus = Object.fromEntries(
      report.steps.map((step: { id: string; status: string }) => [step.id, step.status]),
    );
    expect(stepStatus).toMatchObject({
      'traffic-25': 'succeeded',
      'traffic-50': 'failed',
      'traffic-75': 'not_run',
    });
  });

  it('writes the report as Markdown with --report and prints text by default', async () => {
    // Prepare
    const directory = await mkdtemp(path.join(tmpdir(), 'eks-upgrade-report-'));

    // Act
    const result = await runCli(
      ['rehearse', '--scenario', example('blocked-by-insight.json'), '--report', 'report.md'],
      {
        cwd: directory,
      },
    );

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('outcome: FAILED');
    expect(result.stdout).toContain('blocker');
    const markdown = await readFile(path.join(directory, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^# Rehearsal: blocked-by-insight/);
    expect(markdown).toContain('**Blocker**');
    expect(markdown).toContain('| Time (s) | Type | Rules matched |');
  });

  it('applies --from, --to and --strategy to the scenario', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--from',
      '1.30',
      '--to',
      '1.31',
      '--strategy',
      'in_place',
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scenario).toMatchObject({
      fromVersion: '1.30',
      targetVersion: '1.31',
      strategy: 'in_place',
    });
    expect(report.steps.map((step: { kind: string }) => step.kind)).toContain('control_plane_upgrade');
  });
});

describe('Constant: PHASE_GATEWAY_OPERATIONS', () => {
  it('lists every cluster operation each phase calls in every rehearsal (the IAM policies are built from it)', async () => {
    // Prepare
    const scenarios = [
      DEMO_SCENARIO,
      ...(await Promise.all(
        EXAMPLES.map(async ([file]) =>
          ScenarioSchema.parse(JSON.parse(await readFile(example(file), 'utf8'))),
        ),
      )),
      ScenarioSchema.parse({ ...DEMO_SCENARIO, request: { ...DEMO_SCENARIO.request, strategy: 'in_place' } }),
    ];
    const used = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, new Set<string>()]));

    // Act
    for (const scenario of scenarios) {
      const report = await runRehearsal(scenario);
      for (const phase of UPGRADE_PHASES)
        for (const operation of report.gatewayOperations[phase]) used[phase]!.add(operation);
    }

    // Assess
    for (const phase of UPGRADE_PHASES) {
      expect(
        [...used[phase]!].filter((operation) => !PHASE_GATEWAY_OPERATIONS[phase].includes(operation)),
        phase,
      ).toEqual([]);
    }
  });
});
