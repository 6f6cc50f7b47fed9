import { AWSServiceError } from '@eks-upgrade/core-models';

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The outcome of one item of a bounded-concurrency run. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `task` over `items` with at most `concurrency` in flight, never rejecting: every item
 * gets its outcome, in input order.
 */
export async function mapSettledWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/** Like `mapSettledWithConcurrency`, but rejects with the first failure (in input order). */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const settled = await mapSettledWithConcurrency(items, concurrency, task);
  const failure = settled.find((outcome) => !outcome.ok);
  if (failure && !failure.ok) throw failure.error;
  return settled.map((outcome) => (outcome as { value: R }).value);
}

/** How throttled calls are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff; doubles each attempt, with full jitter (default 100 ms). */
  baseDelayMs?: number;
  /** Longest backoff (default 5000 ms). */
  maxDelayMs?: number;
  /** How to wait; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True for failures worth trying again: throttling and other retryable service errors. */
export function isRetryable(error: unknown): boolean {
  return AWSServiceError.isInstance(error) && (error.isThrottling || error.retryable);
}

/** The wait before attempt `attempt + 1`: exponential backoff with full jitter. */
export function retryDelay(attempt: number, options: RetryOptions = {}): number {
  const ceiling = Math.min(options.maxDelayMs ?? 5000, (options.baseDelayMs ?? 100) * 2 ** (attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

/** Waits as `options.sleep` (or a timer) does. */
export function pause(ms: number, options: RetryOptions = {}): Promise<void> {
  return (options.sleep ?? defaultSleep)(ms);
}

/**
 * Calls `operation` until it succeeds, fails with a non-retryable error, or runs out of
 * attempts; waits an exponential backoff with full jitter between attempts.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await pause(retryDelay(attempt, options), options);
    }
  }
}
