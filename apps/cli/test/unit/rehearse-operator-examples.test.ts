import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const example = (name: string) => path.join(examples, name);

describe('Command: rehearse (operator-control examples)', () => {
  it('examples/in-place-waits-for-window.json waits for its window, then succeeds (exit 0), as its README entry says', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('in-place-waits-for-window.json'),
      '--config',
      example('config/in-place-waits-for-window.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('succeeded');
    expect(report.maintenanceWindows).toEqual(['Tue,Thu 22:00-04:00 Europe/Berlin']);
    const [hop, ...rest] = report.steps;
    expect(hop).toMatchObject({
      id: 'cp-1.30',
      deferredUntil: '2026-01-06T21:00:00.000Z',
      startedAt: '2026-01-06T21:00:00.000Z',
    });
    // Everything after the hop ran inside the window, which closes Wednesday 03:00 UTC.
    for (const step of rest) {
      expect(step.status).toBe('succeeded');
      expect(step.startedAt >= '2026-01-06T21:00:00.000Z' && step.endedAt <= '2026-01-07T03:00:00.000Z').toBe(
        true,
      );
    }
  });
});

describe('Command: rehearse (a held failure, resumed)', () => {
  it('examples/in-place-nodegroup-resumed.json holds at the failed roll, is resumed, and succeeds (exit 0), as its README entry says', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      example('in-place-nodegroup-resumed.json'),
      '--config',
      example('config/in-place-nodegroup-resumed.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('succeeded');
    expect(report.rollback).toBeUndefined();
    expect(report.steps.map((step: { id: string; status: string }) => [step.id, step.status])).toEqual([
      ['cp-1.30', 'succeeded'],
      ['addon-vpc-cni-1.30', 'succeeded'],
      ['addon-coredns-1.30', 'succeeded'],
      ['ng-general-1.30', 'succeeded'],
      ['ng-spot-workers-1.30', 'succeeded'],
      ['addon-kube-proxy-1.30', 'succeeded'],
    ]);
    expect(report.gates).toEqual([
      expect.objectContaining({
        stepId: 'ng-spot-workers-1.30',
        purpose: 'failure',
        decision: 'approved',
        waitedSeconds: 1800,
      }),
    ]);
    // The failed roll ran again (a second UpdateNodegroupVersion); nothing before it did.
    expect(result.stderr.match(/UpdateNodegroupVersion spot-workers 1\.29 → 1\.30: update/g)).toHaveLength(2);
    expect(result.stderr.match(/UpdateClusterVersion/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(report.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['validation.failure', 'gate.pending', 'gate.approved', 'upgrade.completed']),
    );
    expect(report.events.map((event: { type: string }) => event.type)).not.toContain('rollback.triggered');
  });
});
