/**
 * A step id from readable parts, kept within the plan schema's step id rule (letters, digits,
 * `_`, `.` and `-`, at most 64 characters): anything else becomes `-`, the rest is cut.
 *
 * @example
 * ```ts
 * stepId('addon', 'vpc-cni', '1.31', '2'); // 'addon-vpc-cni-1.31-2'
 * ```
 */
export function stepId(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 64);
}
