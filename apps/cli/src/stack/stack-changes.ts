// What deploy and destroy report for each resource of the stack, and the line printed for it.

/** One resource of the stack and what deploy or destroy did (or, with --dry-run, would do) to it. */
export interface StackChange {
  readonly kind:
    | 'configuration'
    | 'role'
    | 'function'
    | 'state-machine'
    | 'event-bus'
    | 'rule'
    | 'target-policy';
  readonly name: string;
  readonly action: 'create' | 'update' | 'delete' | 'none' | 'skip';
  readonly details?: string;
}

const PAST_TENSE = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  skip: 'skipped',
  none: 'unchanged',
} as const;

/** One progress line: `created role x (role and inline policy)` or `would update function y (code: sha256)`. */
export function describeChange(change: StackChange, dryRun: boolean): string {
  const verb = dryRun ? `would ${change.action}` : PAST_TENSE[change.action];
  return `${verb} ${change.kind} ${change.name}${change.details ? ` (${change.details})` : ''}`;
}
