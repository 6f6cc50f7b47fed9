import { ValidationError } from '../errors/errors.js';

/**
 * Splits `items` into consecutive chunks of at most `size` items, in order; the last chunk holds
 * the rest. AWS batch APIs cap how many entries one call may carry (10 names per
 * DeleteParameters, 100 targets per PutTargets...): send one call per chunk.
 *
 * @throws ValidationError when `size` is not a whole number of at least 1.
 * @example
 * ```ts
 * import { chunk } from '@eks-upgrade/core-models';
 *
 * chunk(['a', 'b', 'c', 'd', 'e'], 2); // [['a', 'b'], ['c', 'd'], ['e']]
 * chunk([], 10); // []
 * ```
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new ValidationError('Invalid chunk size', [
      { path: 'size', message: `must be a whole number of at least 1, got ${size}` },
    ]);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
