/** Deep equality of JSON values, ignoring key order and undefined members. */
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
    leftKeys.every((key) => jsonEqual(leftRecord[key], rightRecord[key]))
  );
}

/** IAM returns policy documents URL-encoded; a single action or resource may come back as a string. */
export function normalizePolicyDocument(document: unknown): unknown {
  const parsed: unknown = typeof document === 'string' ? JSON.parse(decodeURIComponent(document)) : document;
  const listify = (value: unknown) =>
    Array.isArray(value) ? [...value].sort() : value === undefined ? undefined : [value];
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return {
    Version: (parsed as { Version?: unknown }).Version,
    Statement: list.map((statement: Record<string, unknown>) => ({
      ...statement,
      Action: listify(statement.Action),
      Resource: listify(statement.Resource),
    })),
  };
}
