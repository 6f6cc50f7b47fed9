import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

describe('Command: rehearse --config', () => {
  it("rehearses with the operator's configuration: a timeout too short for the demo blocks its plan", async () => {
    // Prepare: the demo plan typically takes 5,040 s; a one-hour timeout leaves less than that.
    const folder = await mkdtemp(path.join(tmpdir(), 'rehearse-config-'));
    const file = path.join(folder, 'config.json');
    await writeFile(file, JSON.stringify({ stepFunctions: { executionTimeoutSeconds: 3600 } }));

    // Act
    const result = await runCli(['rehearse', '--config', file, '--output', 'json'], {
      services: createServiceSpy().factory,
    });

    // Assess
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { outcome: string; plan: { blockers: { code: string }[] } };
    expect(report.outcome).toBe('failed');
    expect(report.plan.blockers.map((blocker) => blocker.code)).toEqual(['EXECUTION_TIMEOUT_TOO_SHORT']);
  });

  it('uses the configured bake time for the traffic steps', async () => {
    // Prepare
    const folder = await mkdtemp(path.join(tmpdir(), 'rehearse-config-'));
    const file = path.join(folder, 'config.json');
    await writeFile(file, JSON.stringify({ upgrade: { bakeTimeSeconds: 60 } }));

    // Act
    const baked = await runCli(['rehearse', '--output', 'json'], { services: createServiceSpy().factory });
    const short = await runCli(['rehearse', '--config', file, '--output', 'json'], {
      services: createServiceSpy().factory,
    });

    // Assess: five traffic steps bake 60 s instead of the default
    expect(baked.exitCode).toBe(0);
    expect(short.exitCode).toBe(0);
    const seconds = (stdout: string) =>
      (JSON.parse(stdout) as { durations: { virtualSeconds: number } }).durations.virtualSeconds;
    expect(seconds(short.stdout)).toBeLessThan(seconds(baked.stdout));
  });

  it('refuses a configuration file with an unknown key, naming it, before anything runs (exit 2)', async () => {
    // Act
    const result = await runCli(['rehearse', '--config', path.join(fixtures, 'config-unknown-key.json')], {
      services: createServiceSpy().factory,
    });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/configuration file .*config-unknown-key\.json/);
    expect(result.stderr).toMatch(/bakeTime\b/);
    expect(result.stderr).not.toMatch(/rehearsing/);
  });
});
