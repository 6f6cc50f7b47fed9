/**
 * `1 change`, `15 changes`: a count with its noun in the right number.
 *
 * @example
 * ```ts
 * countOf(1, 'node group'); // '1 node group'
 * countOf(3, 'add-on');     // '3 add-ons'
 * ```
 */
export function countOf(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
