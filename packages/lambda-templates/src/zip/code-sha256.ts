import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a deployment package, base64-encoded — the form Lambda reports as
 * `CodeSha256`, so the two can be compared to tell whether code changed.
 *
 * @example
 * ```ts
 * const zip = createFunctionZip({ 'index.mjs': source });
 * if (functionCodeSha256(zip) === configuration.CodeSha256) console.log('code unchanged');
 * ```
 */
export function functionCodeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}
