import { AWSServiceError } from '../errors/errors.js';

/**
 * How a failed call is tried again: exponential backoff with full jitter, bounded by a number
 * of attempts and, optionally, by a total wait.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** Ceiling of the first pause in milliseconds; doubles each attempt (default 100). */
  baseDelayMs?: number;
  /** Longest single pause in milliseconds (default 5000). */
  maxDelayMs?: number;
  /** Give up once this many milliseconds have passed since the first attempt (default: no limit). */
  maxWaitMs?: number;
  /** How to wait; tests pass a fake. */
  sleep?: (milliseconds: number) => Promise<void>;
}

/** The defaults of `RetryOptions`: four attempts, 100 ms growing to at most 5 s. */
export const DEFAULT_RETRY_OPTIONS = Object.freeze({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 });

/** Waits `milliseconds` (at once when zero or less). */
export function sleep(milliseconds: number): Promise<void> {
  return milliseconds <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * The pause before attempt `attempt + 1` (attempts count from 1): a random time between zero and
 * `min(maxDelayMs, baseDelayMs × 2^(attempt-1))` — "full jitter", which spreads retrying
 * clients apart best (AWS Architecture Blog, "Exponential Backoff And Jitter").
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseDelayMs: 100 }); // somewhere in [0, 400) ms
 * ```
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

/** True for an `AWSServiceError` the service says may pass: throttling, 5xx, `$retryable`. */
export function isRetryableAwsError(error: unknown): boolean {
  return AWSServiceError.isInstance(error) && (error.retryable || error.isThrottling);
}

/**
 * Calls `operation` until it succeeds; retries while `isRetryable(error)` says the failure may
 * pass, with `backoffDelay` pauses, until `maxAttempts` or `maxWaitMs` runs out; then rethrows
 * the last failure. A failure that is not retryable is rethrown at once.
 *
 * @example
 * ```ts
 * const page = await retryWithBackoff(() => send(command), isRetryableAwsError, { maxAttempts: 5 });
 * ```
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean = isRetryableAwsError,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts);
  const deadline =
    options.maxWaitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.maxWaitMs;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const delay = backoffDelay(attempt, options);
      if (attempt >= maxAttempts || !isRetryable(error) || Date.now() + delay > deadline) throw error;
      await wait(delay);
    }
  }
}
