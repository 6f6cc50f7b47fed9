import { ValidationError } from '@eks-upgrade/core-models';

/** Step Functions caps execution input and output at 256 KB (UTF-8 bytes). */
export const MAX_EXECUTION_INPUT_BYTES = 256 * 1024;

/**
 * Throws a `ValidationError` when execution input is larger than Step Functions accepts (256 KB
 * of UTF-8).
 *
 * @example
 * ```ts
 * assertExecutionInputSize(JSON.stringify(request));
 * ```
 */
export function assertExecutionInputSize(body: string): void {
  const size = Buffer.byteLength(body, 'utf8');
  if (size > MAX_EXECUTION_INPUT_BYTES) {
    throw new ValidationError('Invalid execution input', [
      { path: '', message: `must serialise to at most ${MAX_EXECUTION_INPUT_BYTES} bytes (is ${size})` },
    ]);
  }
}
