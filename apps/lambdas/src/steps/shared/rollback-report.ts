import type { RollbackAction } from '@eks-upgrade/core-models';

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

  /** Records an action; one not possible or failed is also listed as not undone. */
  act(action: RollbackAction): void {
    this.actions.push(action);
    if (action.status === 'not_possible' || action.status === 'failed')
      this.notUndone.push(`${action.target}: ${action.message}`);
  }
}
