import type { RollbackAction } from '@eks-upgrade/core-models';
import type { UpdateScope } from '../../gateway/cluster-gateway.js';

/** The error's message, for a rollback action that failed. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What rollback did, in order, and plainly what it could not undo; a kind's undo writes to it.
 *
 * @example
 * ```ts
 * report.act({ target: 'addon:coredns', status: 'not_possible', message: 'EKS does not roll back add-ons: …' });
 * report.notUndone; // ['addon:coredns: EKS does not roll back add-ons: …']
 * ```
 */
export class RollbackReport {
  readonly actions: RollbackAction[] = [];
  readonly notUndone: string[] = [];

  /** Undos started and still running, by target (`pend`); the workflow runs rollback again for them. */
  private readonly running = new Map<string, string>();

  /** Updates this rollback started and has not seen end yet, with what to say when one succeeds. */
  private readonly awaited: AwaitedUpdate[] = [];

  /** Records an action; one not possible or failed is also listed as not undone. */
  act(action: RollbackAction): void {
    this.actions.push(action);
    if (action.status === 'not_possible' || action.status === 'failed')
      this.notUndone.push(`${action.target}: ${action.message}`);
  }

  /**
   * Records that the undo of `target` is running and not done yet (`what`: what is running), for
   * the result's `pending`: neither undone nor left changed.
   */
  pend(target: string, what: string): void {
    this.running.set(target, what);
  }

  /** What `pend` recorded and nothing settled since, as `target: what is running`. */
  get pending(): string[] {
    return [...this.running].map(([target, what]) => `${target}: ${what}`);
  }

  /**
   * Records a `started` action for an EKS update that a later undo must see end before it goes
   * on (node groups and add-ons before the control plane's native rollback); it is pending until
   * settled.
   */
  startUpdate(
    action: RollbackAction & { updateId: string },
    awaited: Omit<AwaitedUpdate, 'updateId' | 'target'>,
  ): void {
    this.act({ ...action, status: 'started' });
    this.pend(action.target, `update ${action.updateId} in progress`);
    this.awaited.push({ ...awaited, updateId: action.updateId, target: action.target });
  }

  /** The updates started with `startUpdate` that have not been settled. */
  pendingUpdates(): readonly AwaitedUpdate[] {
    return [...this.awaited];
  }

  /** How an awaited update ended: its action becomes `undone`, or `failed` (then listed as not undone). */
  settle(updateId: string, status: 'undone' | 'failed', message: string): void {
    const index = this.awaited.findIndex((candidate) => candidate.updateId === updateId);
    if (index < 0) return;
    const [settled] = this.awaited.splice(index, 1);
    this.running.delete(settled!.target);
    const action = this.actions.find((candidate) => candidate.updateId === updateId);
    if (!action) return;
    action.status = status;
    action.message = message;
    if (status === 'failed') this.notUndone.push(`${action.target}: ${message}`);
  }
}

/** An EKS update a rollback started and waits for (`RollbackReport.startUpdate`). */
export interface AwaitedUpdate {
  updateId: string;
  target: string;
  clusterName: string;
  scope: UpdateScope;
  /** The action's message once the update succeeded. */
  undoneMessage: string;
}

/**
 * One rollback report from this pass and the one before it (the workflow runs rollback again
 * while undos are pending), per target: this pass's action wins, except that an undo the earlier
 * pass did or started that this pass finds not needed (it finished) is `undone`, with the earlier
 * message (a started one's followed by `; now: ` and this pass's); a target this pass does not report (its undo found it
 * back where it was) keeps the earlier action, a `started` one then `undone` unless still
 * pending. Earlier targets keep their order; new ones follow in this pass's.
 *
 * @example
 * ```ts
 * mergeRollbackActions([{ target: 'traffic', status: 'undone', message: 'back to blue' }],
 *   [{ target: 'traffic', status: 'not_needed', message: 'All traffic already on blue' }], []);
 * // [{ target: 'traffic', status: 'undone', message: 'back to blue' }]
 * ```
 */
export function mergeRollbackActions(
  earlier: readonly RollbackAction[],
  current: readonly RollbackAction[],
  pending: readonly string[],
): RollbackAction[] {
  const now = new Map(current.map((action) => [action.target, action]));
  const isPending = (target: string) => pending.some((line) => line.startsWith(`${target}: `));
  const merged = earlier.map((before): RollbackAction => {
    const after = now.get(before.target);
    const did = before.status === 'undone' || before.status === 'started';
    if (!after) {
      return before.status === 'started' && !isPending(before.target)
        ? { ...before, status: 'undone', message: `${before.message}; now back where it was` }
        : before;
    }
    if (!did || after.status !== 'not_needed') return after;
    const message = before.status === 'undone' ? before.message : `${before.message}; now: ${after.message}`;
    return { ...before, status: 'undone', message };
  });
  const known = new Set(earlier.map((action) => action.target));
  return [...merged, ...current.filter((action) => !known.has(action.target))];
}
