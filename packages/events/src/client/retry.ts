/** How failed PutEvents entries (and retryable call failures) are resent. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** Base of the exponential backoff in milliseconds (default 100). */
  baseDelayMs?: number;
  /** Longest wait between attempts in milliseconds (default 5000). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 };

/** Entry error codes PutEvents reports for failures worth resending. */
const RETRYABLE_ENTRY_CODES = /Throttl|TooManyRequests|Internal|ServiceUnavailable|Timeout/i;

/** True when a PutEvents entry's `ErrorCode` means the entry may succeed if resent. */
export function isRetryableEntryError(code: string): boolean {
  return RETRYABLE_ENTRY_CODES.test(code);
}

/** Full-jitter exponential backoff before attempt `attempt + 1`. */
export function backoffDelay(attempt: number, options: Required<RetryOptions>): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

export const sleep = (milliseconds: number): Promise<void> =>
  milliseconds <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, milliseconds));
