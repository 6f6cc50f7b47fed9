import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';

/** Renders a zod issue path as `steps[3].toVersion`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let rendered = '';
  for (const segment of path) {
    if (typeof segment === 'number') rendered += `[${segment}]`;
    else rendered += rendered ? `.${String(segment)}` : String(segment);
  }
  return rendered;
}

/** Turns zod's issues into ours, naming each field and rule. */
export function toValidationIssues(error: z.ZodError, basePath = ''): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = formatIssuePath(issue.path);
    return { path: basePath && path ? `${basePath}.${path}` : basePath || path, message: issue.message };
  });
}

/**
 * Validates `input` against `schema`, returning the parsed value or throwing a `ValidationError`
 * whose message names every offending field and the rule it broke.
 *
 * @param what - what the input is, for the message (e.g. `upgrade request`).
 * @example
 * ```ts
 * const request = parseOrThrow(UpgradeRequestSchema, input, 'upgrade request');
 * // ValidationError: Invalid upgrade request: targetVersion: must look like 1.31
 * ```
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${what}`, toValidationIssues(result.error), { cause: result.error });
}
