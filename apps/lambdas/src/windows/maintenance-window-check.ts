import { type AgentConfig, parseMaintenanceWindow } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../planner/plan-builder.js';
import { PlanIssueCode } from '../planner/plan-issue-code.js';
import { stepKindOf } from '../steps/registry.js';
import { formatMinutes } from './maintenance-window-deferral.js';
import { whenStepMayStart } from './step-start.js';
import { OPENING_HORIZON_DAYS, windowOpenings } from './window-openings.js';

/**
 * Checks a plan against the maintenance windows before anything changes:
 * - `NO_MAINTENANCE_WINDOW_FITS`: a disruptive step no opening has room for (the longest opening
 *   of the next two weeks from `now`; windows recur weekly, daylight saving changes their length
 *   by an hour). Execution would otherwise stop the upgrade at that step, after the steps before it.
 * - `MAINTENANCE_WINDOWS_PAST_DEADLINE`: laid out from `now` with each step's typical duration,
 *   the waits for the windows take the plan past the time the workflow gives its steps
 *   (`budgetSeconds`, else the execution timeout): the workflow would reach its deadline waiting
 *   and roll back. Not raised when the plan does not fit even without waits
 *   (`EXECUTION_TIMEOUT_TOO_SHORT` says so).
 *
 * @example
 * ```ts
 * checkMaintenanceWindows(builder.steps, config, builder, now); // blocks a 20-minute roll with a 10-minute window
 * ```
 */
export function checkMaintenanceWindows(
  steps: PlanBuilder['steps'],
  config: AgentConfig,
  builder: PlanBuilder,
  now: Date,
  budgetSeconds?: number,
): void {
  const expressions = config.upgrade.maintenanceWindows;
  if (expressions.length === 0) return;
  const windows = expressions.map(parseMaintenanceWindow);
  const openings = windowOpenings(windows, now.getTime(), OPENING_HORIZON_DAYS);
  const longest = Math.max(0, ...openings.map((opening) => (opening.closesAt - opening.opensAt) / 1000));
  let at = now.getTime();
  let withoutWaits = 0;
  let fits = true;
  for (const step of steps) {
    const kind = stepKindOf(step);
    const estimate = kind.typicalDurationSeconds(step, config);
    withoutWaits += estimate;
    if (kind.disruptive === true) {
      const start = whenStepMayStart(windows, at, estimate);
      if (start.when === 'later') at = start.startsAt;
      if (start.when === 'never' || estimate > longest) {
        fits = false;
        builder.block(
          PlanIssueCode.NO_MAINTENANCE_WINDOW_FITS,
          `Step ${step.id} typically takes ${formatMinutes(estimate)}, longer than the longest opening of the maintenance windows (${expressions.join('; ')}): ${formatMinutes(longest)}. Widen a window (eks-upgrade config set upgrade.maintenanceWindows '[...]') and plan again`,
          step.id,
        );
      }
    }
    at += estimate * 1000;
  }
  const budget = Math.min(
    config.stepFunctions.executionTimeoutSeconds,
    budgetSeconds ?? Number.POSITIVE_INFINITY,
  );
  const total = Math.ceil((at - now.getTime()) / 1000);
  if (fits && withoutWaits <= budget && total > budget) {
    builder.block(
      PlanIssueCode.MAINTENANCE_WINDOWS_PAST_DEADLINE,
      `Waiting for the maintenance windows (${expressions.join('; ')}), the plan typically ends ${formatMinutes(total)} after it starts (around ${new Date(at).toISOString()}), past the ${formatMinutes(budget)} the workflow gives its steps: it would reach its deadline and roll back. Start it when a window opens (eks-upgrade start --at TIME), or raise stepFunctions.executionTimeoutSeconds above ${total + (config.stepFunctions.executionTimeoutSeconds - budget)} and redeploy (eks-upgrade deploy)`,
    );
  }
}
