import type { AgentConfig } from '@eks-upgrade/core-models';

/** The maintenance window open now, or the next to open (`upgrade.maintenanceWindows`). */
export interface NextWindowView {
  opensAt: string;
  closesAt: string;
  /** Whether it is open at the time asked. */
  open: boolean;
  /** The configured windows this opening comes from. */
  windows: string[];
}

/**
 * The maintenance window open at `now` or the next to open, when the configuration names any:
 * disruptive steps start only inside one (what `status` and `watch` show). The window rules are
 * loaded only when windows are configured.
 *
 * @example
 * ```ts
 * await nextWindowOf(config, new Date()); // { opensAt: '2026-12-01T21:00:00.000Z', closesAt: '…', open: false, windows: [...] }
 * ```
 */
export async function nextWindowOf(config: AgentConfig, now: Date): Promise<NextWindowView | undefined> {
  if (config.upgrade.maintenanceWindows.length === 0) return undefined;
  const { nextWindowOpening } = await import('@eks-upgrade/lambdas');
  return nextWindowOpening(config.upgrade.maintenanceWindows, now);
}

/** `maintenance window open until …` / `next maintenance window …`: one line for stderr. */
export function describeNextWindow(view: NextWindowView): string {
  return view.open
    ? `maintenance window open until ${view.closesAt} (${view.windows.join(' + ')}): disruptive steps that fit before then start`
    : `next maintenance window ${view.opensAt} → ${view.closesAt} (${view.windows.join(' + ')}): disruptive steps wait for it`;
}
