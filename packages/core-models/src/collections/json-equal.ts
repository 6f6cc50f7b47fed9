/**
 * Deep equality of JSON values: objects are equal when they hold the same keys with equal
 * values in any order, arrays when they hold equal items in the same order. A member whose value
 * is `undefined` counts as absent, as `JSON.stringify` drops it. Use it to decide whether what AWS
 * returns (a state machine definition, an event pattern, a policy document) differs from what is
 * wanted, where AWS does not keep key order.
 *
 * @example
 * ```ts
 * import { jsonEqual } from '@eks-upgrade/core-models';
 *
 * jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }); // true
 * jsonEqual({ a: 1, b: undefined }, { a: 1 }); // true
 * jsonEqual([1, 2], [2, 1]); // false
 * ```
 */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => jsonEqual(item, right[index]))
    );
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const leftKeys = Object.keys(leftRecord).filter((key) => leftRecord[key] !== undefined);
  const rightKeys = Object.keys(rightRecord).filter((key) => rightRecord[key] !== undefined);
  return (
    leftKeys.length === rightKeys.length &&
    leftKeys.every((key) => Object.hasOwn(rightRecord, key) && jsonEqual(leftRecord[key], rightRecord[key]))
  );
}
