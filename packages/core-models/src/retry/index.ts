export {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isRetryableAwsError,
  type RetryOptions,
  retryWithBackoff,
  sleep,
} from './backoff.js';
