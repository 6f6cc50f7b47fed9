import type { RetryOptions as SharedRetryOptions } from '@eks-upgrade/core-models';

/**
 * How failed PutEvents entries (and retryable call failures) are resent: attempts in all
 * (default 4) and the full-jitter exponential backoff between them (100 ms doubling, at most
 * 5 s), as in core-models' `retryWithBackoff`.
 */
export type RetryOptions = Pick<SharedRetryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'>;

/** Entry error codes PutEvents reports for failures worth resending. */
const RETRYABLE_ENTRY_CODES = /Throttl|TooManyRequests|Internal|ServiceUnavailable|Timeout/i;

/** True when a PutEvents entry's `ErrorCode` means the entry may succeed if resent. */
export function isRetryableEntryError(code: string): boolean {
  return RETRYABLE_ENTRY_CODES.test(code);
}
