import { DEMO_SCENARIO } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { createPaint } from '../../src/cli/io.js';
import { renderRehearsalMarkdown, renderRehearsalText } from '../../src/rehearsal/rehearsal-report.js';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { createServiceSpy, runCli } from '../helpers/run-cli.js';

describe('Rehearsal report: Step Functions history events', () => {
  it("states the execution's history events as the local runner counted them, against the 25,000 quota", async () => {
    // Prepare
    let workflow: LocalRunResult | undefined;

    // Act
    const report = await runRehearsal(DEMO_SCENARIO, {
      onWorkflowResult: (result) => {
        workflow = result;
      },
    });

    // Assess
    expect(workflow?.historyEventCount).toBeGreaterThan(0);
    expect(report.historyEvents).toEqual({ count: workflow?.historyEventCount, quota: 25_000 });
    const count = report.historyEvents.count.toLocaleString('en-US');
    const share = Math.round((report.historyEvents.count / 25_000) * 100);
    expect(renderRehearsalText(report, createPaint(false))).toContain(
      `history: ${count} of the 25,000 events Step Functions allows an execution (${share} %)`,
    );
    expect(renderRehearsalMarkdown(report)).toContain(
      `history: ${count} of the 25,000 events Step Functions allows an execution (${share} %).`,
    );
  });

  it('puts the count in the JSON report', async () => {
    // Act
    const result = await runCli(['rehearse', '--output', 'json'], { services: createServiceSpy().factory });

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { historyEvents: { count: number; quota: number } };
    expect(report.historyEvents.quota).toBe(25_000);
    expect(report.historyEvents.count).toBeGreaterThan(100);
    expect(report.historyEvents.count).toBeLessThan(25_000);
  });
});
