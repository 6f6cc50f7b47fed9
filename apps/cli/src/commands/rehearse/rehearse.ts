import { writeFile } from 'node:fs/promises';
import { AgentConfigSchema, parseOrThrow } from '@eks-upgrade/core-models';
import type { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { exitCodeOf } from '../../executions/outcome.js';
import { readJsonFile } from '../../inputs/json-input.js';
import { checkOutputFile } from '../../inputs/output-file.js';
import {
  rehearsalSummaryLines,
  renderRehearsalMarkdown,
  renderRehearsalText,
} from '../../rehearsal/rehearsal-report.js';
import { loadRehearsalScenario } from '../../rehearsal/rehearsal-scenario.js';
import { runRehearsal } from '../../rehearsal/run-rehearsal.js';

/**
 * `eks-upgrade rehearse`: runs the whole workflow locally against a simulated cluster. The live
 * timeline goes to stderr, the report to stdout (and Markdown to --report); exits 0 succeeded,
 * 3 rolled back, 1 failed.
 */
export async function run(context: CommandContext<'rehearse'>): Promise<ExitCode> {
  const { flags } = context;
  // Checked first: a rehearsal must not run to the end and then fail to write its report.
  const reportPath =
    flags.report === undefined
      ? undefined
      : await checkOutputFile(context.resolvePath(flags.report), flags.report, '--report');
  const scenario = await loadRehearsalScenario(flags.scenario, flags, context.resolvePath);
  // The operator's real settings (timeouts, intervals, alarms, bake time), checked as config
  // import checks them, before anything runs.
  const config =
    flags.config === undefined
      ? undefined
      : parseOrThrow(
          AgentConfigSchema,
          await readJsonFile(context.resolvePath(flags.config), flags.config, 'configuration file'),
          `configuration file ${flags.config}`,
        );
  const paint = context.log.paint;
  context.log.line(
    paint(
      'bold',
      `rehearsing ${scenario.name}: ${scenario.request.strategy} upgrade of ${scenario.cluster.name} ${scenario.cluster.version} → ${scenario.request.targetVersion}`,
    ),
  );
  const report = await runRehearsal(scenario, {
    ...(config ? { config } : {}),
    onProgress: (line) => context.log.line(paint('dim', line.slice(0, 9)) + line.slice(9)),
  });
  context.print({
    data: report,
    text: renderRehearsalText(report, context.stdoutPaint),
    table: {
      caption: rehearsalSummaryLines(report),
      columns: ['id', 'kind', 'status', 'description', 'message'],
      rows: report.steps.map((step) => ({ ...step })),
    },
  });
  if (reportPath !== undefined) {
    await writeFile(reportPath, renderRehearsalMarkdown(report), 'utf8');
    context.log.info(`report written to ${flags.report}`);
  }
  return exitCodeOf(report.outcome);
}
