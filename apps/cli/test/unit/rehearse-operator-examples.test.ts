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
