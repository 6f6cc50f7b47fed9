import { type AgentConfig, parseMaintenanceWindow } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../planner/plan-builder.js';
import { PlanIssueCode } from '../planner/plan-issue-code.js';
import { stepKindOf } from '../steps/registry.js';
import { formatMinutes } from './maintenance-window-deferral.js';
import { OPENING_HORIZON_DAYS, windowOpenings } from './window-openings.js';

/**
 * Blocks a plan with a disruptive step that no maintenance window has room for
 * (`NO_MAINTENANCE_WINDOW_FITS`), before anything changes: Execution would otherwise stop the
 * upgrade at that step, after the steps before it ran. The longest opening of the next two weeks
 * from `now` is the measure (windows recur weekly; daylight saving changes their length by an hour).
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
): void {
  const expressions = config.upgrade.maintenanceWindows;
  if (expressions.length === 0) return;
  const openings = windowOpenings(
    expressions.map(parseMaintenanceWindow),
    now.getTime(),
    OPENING_HORIZON_DAYS,
  );
  const longest = Math.max(0, ...openings.map((opening) => (opening.closesAt - opening.opensAt) / 1000));
  for (const step of steps) {
    const kind = stepKindOf(step);
    if (kind.disruptive !== true) continue;
    const estimate = kind.typicalDurationSeconds(step, config);
    if (estimate <= longest) continue;
    builder.block(
      PlanIssueCode.NO_MAINTENANCE_WINDOW_FITS,
      `Step ${step.id} typically takes ${formatMinutes(estimate)}, longer than the longest opening of the maintenance windows (${expressions.join('; ')}): ${formatMinutes(longest)}. Widen a window (eks-upgrade config set upgrade.maintenanceWindows '[...]') and plan again`,
      step.id,
    );
  }
}
