import {
  type AgentConfig,
  ExecutionError,
  type PlanStep,
  parseMaintenanceWindow,
  type StepDeferral,
} from '@eks-upgrade/core-models';
import { whenStepMayStart } from './step-start.js';

/** `4500` → `1 h 15 min`, `1200` → `20 min`. */
export function formatMinutes(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`;
}

/** What decides a step's window: whether its kind is disruptive, and how long it typically takes. */
export interface StepWindowFacts {
  disruptive: boolean;
  estimateSeconds: number;
}

/**
 * The deferral of a disruptive step that may not start at `now` under the configured maintenance
 * windows (`upgrade.maintenanceWindows`), or undefined when it may start: no windows, a step that
 * disrupts nothing (add-on updates, green provisioning), or an open window its typical duration
 * fits in. The workflow waits until `deferredUntil` and asks again (contract C), so a deferral is
 * only ever to a window's opening, never into a window's middle.
 *
 * @throws ExecutionError when no window in the next two weeks is long enough for the step, so the
 * operator widens a window rather than the upgrade waiting forever.
 * @example
 * ```ts
 * maintenanceWindowDeferral(step, { disruptive: true, estimateSeconds: 1200 }, config, new Date('2026-12-01T12:00:00Z'));
 * // { started: false, deferredUntil: '2026-12-01T21:00:00.000Z', deferredReason: 'No maintenance window is open …', … }
 * ```
 */
export function maintenanceWindowDeferral(
  step: PlanStep,
  facts: StepWindowFacts,
  config: AgentConfig,
  now: Date,
): StepDeferral | undefined {
  const expressions = config.upgrade.maintenanceWindows;
  if (!facts.disruptive || expressions.length === 0) return undefined;
  const start = whenStepMayStart(
    expressions.map(parseMaintenanceWindow),
    now.getTime(),
    facts.estimateSeconds,
  );
  const estimate = formatMinutes(facts.estimateSeconds);
  if (start.when === 'now') return undefined;
  if (start.when === 'never') {
    throw new ExecutionError(
      `Step ${step.id} typically takes ${estimate}, longer than any opening of the maintenance windows (${expressions.join('; ')}) in the next two weeks (the longest is ${formatMinutes(start.longestOpeningSeconds)}). Widen a window (eks-upgrade config set upgrade.maintenanceWindows '[...]') and start again`,
      { phase: 'execution', status: 'NO_MAINTENANCE_WINDOW_FITS' },
    );
  }
  const deferredUntil = new Date(start.startsAt).toISOString();
  const window = start.opening.windows.join(' + ');
  const deferredReason =
    start.because === 'overrun' && start.current
      ? `The open maintenance window (${start.current.windows.join(' + ')}) closes at ${new Date(start.current.closesAt).toISOString()}, before the ${estimate} the step typically takes; waiting for ${window}, which opens at ${deferredUntil}`
      : `No maintenance window is open; waiting for ${window}, which opens at ${deferredUntil} with room for the ${estimate} the step typically takes`;
  return {
    stepId: step.id,
    kind: step.kind,
    clusterName: clusterOf(step),
    started: false,
    deferredUntil,
    deferredReason,
    message: `Step ${step.id} waits for its maintenance window until ${deferredUntil}`,
  };
}

/** The cluster a step acts on, as its result names it (a traffic step's result names green). */
function clusterOf(step: PlanStep): string {
  return step.kind === 'traffic_shift' ? step.greenClusterName : step.clusterName;
}
