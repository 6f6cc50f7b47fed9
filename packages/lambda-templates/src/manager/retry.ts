import { setTimeout as sleep } from 'node:timers/promises';

/** How long and how often to retry a write that Lambda refuses for a passing reason. */
export interface TransientRetryOptions {
  /** First pause, in milliseconds; doubled each attempt. */
  baseDelayMs: number;
  /** Longest single pause, in milliseconds. */
  maxDelayMs: number;
  /** Give up once this many milliseconds have passed since the first attempt. */
  maxWaitMs: number;
}

/**
 * Runs `attempt` until it succeeds, retrying while `isTransient(error)` says the failure will
 * pass (a ResourceConflictException while an update settles, a role IAM has not propagated
 * yet) — with exponential backoff and "equal jitter" — and rethrowing anything else, or the
 * last failure once `maxWaitMs` is spent.
 */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  options: TransientRetryOptions,
): Promise<T> {
  const deadline = Date.now() + options.maxWaitMs;
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attemptNumber);
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      if (!isTransient(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
