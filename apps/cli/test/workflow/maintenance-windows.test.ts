import { describe, expect, it } from 'vitest';
import { renderRehearsalMarkdown } from '../../src/rehearsal/rehearsal-report.js';
import { demoScenario, runWorkflowPath } from './workflow-run.js';

// The demo starts Monday 2026-01-05 09:00Z. Berlin is on CET (UTC+1) in January: the window
// opens Tuesday 22:00 local = 21:00Z and closes Wednesday 04:00 local = 03:00Z.
const WINDOW = 'Tue 22:00-04:00 Europe/Berlin';
const CONFIG = {
  upgrade: { maintenanceWindows: [WINDOW] },
  // Waiting a day and a half for the window must fit the execution's deadline.
  stepFunctions: { executionTimeoutSeconds: 4 * 86_400 },
};

describe('Workflow: maintenance windows (local runner, virtual time)', () => {
  it('a disruptive step outside the window waits for it; steps that disrupt nothing do not', async () => {
    // Act
    const { report, run } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30' }), CONFIG);

    // Assess
    expect(report.outcome, report.cause).toBe('succeeded');
    const controlPlane = report.steps.find((step) => step.kind === 'control_plane_upgrade');
    expect(controlPlane).toMatchObject({
      status: 'succeeded',
      deferredUntil: '2026-01-06T21:00:00.000Z',
      startedAt: '2026-01-06T21:00:00.000Z',
    });
    expect(controlPlane?.deferredReason).toContain(
      `waiting for ${WINDOW}, which opens at 2026-01-06T21:00:00.000Z`,
    );
    // Every disruptive step starts inside the window; the add-ons are not held.
    for (const step of report.steps.filter((item) =>
      ['control_plane_upgrade', 'nodegroup_upgrade'].includes(item.kind),
    )) {
      expect(
        step.startedAt! >= '2026-01-06T21:00:00.000Z' && step.startedAt! < '2026-01-07T03:00:00.000Z',
      ).toBe(true);
    }
    expect(report.windowOpenings?.[0]).toEqual({
      opensAt: '2026-01-06T21:00:00.000Z',
      closesAt: '2026-01-07T03:00:00.000Z',
      windows: [WINDOW],
    });
    expect(run.durations.virtualSeconds).toBeGreaterThan(36 * 3600);
  });

  it('a step that would overrun the window waits for the next opening', async () => {
    // Prepare: the window has room for the 15-minute hop but not for it and a 20-minute node group roll.
    // The next Tuesday is a week later, so the deadline is too.
    const config = {
      upgrade: { maintenanceWindows: ['Tue 22:00-22:25 Europe/Berlin'] },
      stepFunctions: { executionTimeoutSeconds: 30 * 86_400 },
    };

    // Act
    const { report } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30' }), config);

    // Assess
    expect(report.outcome, report.cause).toBe('succeeded');
    const nodegroups = report.steps.filter((step) => step.kind === 'nodegroup_upgrade');
    expect(report.steps.find((step) => step.kind === 'control_plane_upgrade')?.startedAt).toBe(
      '2026-01-06T21:00:00.000Z',
    );
    expect(nodegroups[0]?.deferredReason).toMatch(
      /^The open maintenance window .* closes at 2026-01-06T21:25:00.000Z, before the 20 min the step typically takes/,
    );
    expect(nodegroups[0]?.startedAt).toBe('2026-01-13T21:00:00.000Z');
    // When the roll was due, less than its 20 minutes were left before 21:25Z.
    const before = report.steps[report.steps.indexOf(nodegroups[0]!) - 1];
    expect(Date.parse('2026-01-06T21:25:00Z') - Date.parse(before!.endedAt!)).toBeLessThan(20 * 60_000);
  });

  it('the Markdown report draws the steps, the wait and the window as a Mermaid Gantt chart', async () => {
    // Act
    const { report } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30' }), CONFIG);
    const markdown = renderRehearsalMarkdown(report);

    // Assess
    expect(markdown).toContain('## Timeline\n\n```mermaid\ngantt\n');
    expect(markdown).toContain(
      `  ${WINDOW.replace(/:/g, ' ').replace(/\s+/g, ' ')} :active, window0, 2026-01-06 21:00:00, 2026-01-07 03:00:00`,
    );
    expect(markdown).toMatch(
      / {2}\S+ waits for its window :done, wait\d+, 2026-01-05 09:\d\d:\d\d, 2026-01-06 21:00:00/,
    );
    expect(markdown).toContain('| Step | Kind | Status | Started | Ended | Description |');
  });
});
