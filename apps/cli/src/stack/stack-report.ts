import { countOf } from '../cli/plural.js';
import type { CommandRuntime } from '../context/command-context.js';
import { describeChange, type StackChange } from './stack-deployer.js';

/** Prints the changes (all of them as data; the ones that did something as text) and a summary on stderr. */
export function printStackChanges(
  context: CommandRuntime,
  changes: readonly StackChange[],
  dryRun: boolean,
): void {
  const acted = changes.filter((change) => change.action !== 'none');
  context.print({
    data: { dryRun, changed: acted.length > 0, changes },
    table: { columns: ['kind', 'name', 'action', 'details'], rows: changes.map((change) => ({ ...change })) },
    text:
      acted.length === 0 ? 'No changes.' : acted.map((change) => describeChange(change, dryRun)).join('\n'),
  });
  const summary =
    acted.length === 0
      ? 'no changes'
      : `${countOf(acted.length, 'change')}${dryRun ? ' would be made' : ' made'}`;
  context.log.success(summary);
}
