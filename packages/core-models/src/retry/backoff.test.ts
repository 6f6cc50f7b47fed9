import { afterEach, describe, expect, it, vi } from 'vitest';
import { AWSServiceError, ValidationError } from '../errors/errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isRetryableAwsError,
  retryWithBackoff,
  sleep,
} from './backoff.js';

function awsError(code: string, retryable: boolean, httpStatusCode = 400): AWSServiceError {
  return new AWSServiceError(code, {
    service: 'SSM',
    operation: 'PutParameter',
    code,
    retryable,
    httpStatusCode,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('Function: backoffDelay', () => {
  it('stays under the doubling ceiling, capped by maxDelayMs', () => {
    // Prepare: the largest random number below 1.
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);

    // Act / Assess
    expect(backoffDelay(1, { baseDelayMs: 100 })).toBe(99);
    expect(backoffDelay(3, { baseDelayMs: 100 })).toBe(399);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(999);
    expect(backoffDelay(1)).toBe(DEFAULT_RETRY_OPTIONS.baseDelayMs - 1);
  });

  it('can be zero (full jitter)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(5)).toBe(0);
  });
});

describe('Function: isRetryableAwsError', () => {
  it('retries throttling and retryable service errors only', () => {
    expect(isRetryableAwsError(awsError('ThrottlingException', false))).toBe(true);
    expect(isRetryableAwsError(awsError('InternalServerError', true, 500))).toBe(true);
    expect(isRetryableAwsError(awsError('AccessDenied', false))).toBe(false);
    expect(isRetryableAwsError(new ValidationError('bad', []))).toBe(false);
    expect(isRetryableAwsError(new Error('ThrottlingException'))).toBe(false);
  });
});

describe('Function: retryWithBackoff', () => {
  const noWait = async () => {};

  it('returns the first success and passes the attempt number', async () => {
    // Prepare
    const attempts: number[] = [];
    const operation = vi.fn(async (attempt: number) => {
      attempts.push(attempt);
      if (attempt < 3) throw awsError('ThrottlingException', true);
      return 'done';
    });

    // Act
    const result = await retryWithBackoff(operation, isRetryableAwsError, { sleep: noWait });

    // Assess
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('rethrows a failure that is not retryable at once', async () => {
    const denied = awsError('AccessDenied', false);
    const operation = vi.fn(async () => {
      throw denied;
    });
    await expect(retryWithBackoff(operation, undefined, { sleep: noWait })).rejects.toBe(denied);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last failure', async () => {
    const operation = vi.fn(async (attempt: number) => {
      throw awsError(`Throttled${attempt}`, true);
    });
    await expect(retryWithBackoff(operation, () => true, { maxAttempts: 3, sleep: noWait })).rejects.toThrow(
      'Throttled3',
    );
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('gives up when the next pause would pass maxWaitMs', async () => {
    // Prepare: every pause is the full ceiling, and time moves only when we sleep.
    vi.useFakeTimers({ now: 0 });
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const pauses: number[] = [];
    const fakeSleep = async (ms: number) => {
      pauses.push(ms);
      vi.setSystemTime(Date.now() + ms);
    };
    const operation = vi.fn(async () => {
      throw new Error('conflict');
    });

    // Act
    const outcome = retryWithBackoff(operation, () => true, {
      maxAttempts: Number.POSITIVE_INFINITY,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      maxWaitMs: 2400,
      sleep: fakeSleep,
    });

    // Assess: 99 + 199 + 399 + 799 = 1496 ms; the next 999 ms pause would end at 2495 ms, past 2400 ms.
    await expect(outcome).rejects.toThrow('conflict');
    expect(pauses).toEqual([99, 199, 399, 799]);
    expect(operation).toHaveBeenCalledTimes(5);
  });

  it('waits with real timers by default', async () => {
    vi.useFakeTimers();
    let resolved = false;
    const waiting = sleep(50).then(() => {
      resolved = true;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(resolved).toBe(true);
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});
