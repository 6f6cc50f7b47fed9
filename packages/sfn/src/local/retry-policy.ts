import type { AslState } from '../workflow/asl/types.js';

/** One entry of a state's `Retry`. */
interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

/** What an execution keeps per state between attempts of a Task. */
export interface RetryBookkeeping {
  /** The attempt of each state visit (1 for the first call). */
  attempts: Map<string, number>;
  /** How many times each retrier of a state has retried in this visit. */
  retryCounts: Map<string, number[]>;
}

/**
 * The seconds the state's retrier waits before the next attempt (undefined: no retry), as AWS
 * does: the first retrier whose ErrorEquals matches (`States.TaskFailed` matches all but
 * `States.Timeout`; none matches `States.Runtime`), `IntervalSeconds × BackoffRate^n` capped at
 * `MaxDelaySeconds`, at most `MaxAttempts` times; when none retries, the state's visit is over and
 * its counts are cleared ("Handling errors in Step Functions workflows", Retrying after an error,
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). With
 * `JitterStrategy: FULL` AWS waits a random part of that interval; the runner waits all of it, the
 * longest AWS may wait (a deadline that holds here holds on AWS).
 */
export function nextRetryDelaySeconds(
  bookkeeping: RetryBookkeeping,
  state: AslState | undefined,
  stateName: string,
  error: Error,
): number | undefined {
  const retriers = (state?.Retry ?? []) as unknown as Retrier[];
  const counts = bookkeeping.retryCounts.get(stateName) ?? retriers.map(() => 0);
  bookkeeping.retryCounts.set(stateName, counts);
  const index = retriers.findIndex(
    (retrier) =>
      error.name !== 'States.Runtime' &&
      retrier.ErrorEquals.some(
        (name) =>
          name === error.name ||
          name === 'States.ALL' ||
          (name === 'States.TaskFailed' && error.name !== 'States.Timeout'),
      ),
  );
  const retrier = retriers[index];
  if (!retrier || (counts[index] ?? 0) >= (retrier.MaxAttempts ?? 3)) {
    bookkeeping.retryCounts.delete(stateName);
    bookkeeping.attempts.delete(stateName);
    return undefined;
  }
  const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (counts[index] ?? 0);
  counts[index] = (counts[index] ?? 0) + 1;
  return Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
}
