import { describe, expect, it } from 'vitest';
import { exitCodeOf, outcomeOf, rollbackSucceededIn } from './outcome.js';

describe('Function: outcomeOf', () => {
  it('tells success, rollback, partial rollback, failed rollback and plain failure apart', () => {
    expect(outcomeOf('SUCCEEDED', [])).toBe('succeeded');
    expect(outcomeOf('FAILED', [{ phase: 'perception' }], 'Upgrade.PlanBlocked')).toBe('failed');
    expect(outcomeOf('FAILED', [{ phase: 'rollback' }], 'Upgrade.ValidationFailed')).toBe('rolled_back');
    expect(outcomeOf('FAILED', [{ phase: 'rollback' }], 'Upgrade.RollbackFailed')).toBe('failed');
    expect(outcomeOf('FAILED', [{ phase: 'rollback' }], 'Upgrade.ValidationFailed', false)).toBe('failed');
    expect(outcomeOf('FAILED', [{ phase: 'rollback' }], 'Upgrade.PartiallyRolledBack', true)).toBe(
      'partially_rolled_back',
    );
    expect(outcomeOf('RUNNING', [])).toBe('running');
    expect([
      exitCodeOf('succeeded'),
      exitCodeOf('rolled_back'),
      exitCodeOf('partially_rolled_back'),
      exitCodeOf('failed'),
    ]).toEqual([0, 3, 4, 1]);
  });
});

describe('Function: rollbackSucceededIn', () => {
  it('reads the rollback result from the history of the Rollback task', () => {
    const history = [
      { type: 'TaskStateEntered', stateName: 'Rollback: Undo changes' },
      {
        type: 'TaskStateExited',
        stateName: 'Rollback: Undo changes',
        output: { rollback: { success: false } },
      },
    ];
    expect(rollbackSucceededIn(history)).toBe(false);
    expect(rollbackSucceededIn([])).toBeUndefined();
  });
});
