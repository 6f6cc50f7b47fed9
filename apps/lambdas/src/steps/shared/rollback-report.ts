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

  /** Updates this rollback started and has not seen end yet, with what to say when one succeeds. */
  private readonly awaited: AwaitedUpdate[] = [];

  /** Records an action; one not possible or failed is also listed as not undone. */
  act(action: RollbackAction): void {
    this.actions.push(action);
    if (action.status === 'not_possible' || action.status === 'failed')
      this.notUndone.push(`${action.target}: ${action.message}`);
  }

  /**
   * Records a `started` action for an EKS update that a later undo must see end before it goes
   * on (node groups and add-ons before the control plane's native rollback).
   */
  startUpdate(
    action: RollbackAction & { updateId: string },
    awaited: Omit<AwaitedUpdate, 'updateId' | 'target'>,
  ): void {
    this.act({ ...action, status: 'started' });
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
    this.awaited.splice(index, 1);
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
