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
