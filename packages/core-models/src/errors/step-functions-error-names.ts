import { AWSServiceError } from './errors.js';

/**
 * The error type under which a phase function reports an AWS failure the taxonomy marks
 * retryable (`AWSServiceError.retryable`: throttling, 5xx answers, timeouts, dropped
 * connections). The upgrade workflow's Retry matches this name, so such a failure is retried with
 * backoff and jitter instead of failing the step; every other error keeps its class name
 * (`AWSServiceError`, `ExecutionError`, ...), which the workflow's Catch and the reports read.
 *
 * Step Functions reports a Lambda function's error as the `errorType` of its error response,
 * which the Node.js runtime takes from the thrown error's `name`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html).
 *
 * @example
 * ```ts
 * Retry: [{ ErrorEquals: [RETRYABLE_AWS_SERVICE_ERROR_TYPE], IntervalSeconds: 5, JitterStrategy: 'FULL' }]
 * ```
 */
export const RETRYABLE_AWS_SERVICE_ERROR_TYPE = 'AWSServiceError.Retryable';

/**
 * The error type Step Functions should see for `error`: `RETRYABLE_AWS_SERVICE_ERROR_TYPE` for a
 * retryable `AWSServiceError`, otherwise the error's own `name` (`Error` for a value that is not
 * an error).
 *
 * @example
 * ```ts
 * stepFunctionsErrorType(new AWSServiceError('EKS DescribeUpdate failed: ThrottlingException', {
 *   service: 'EKS', operation: 'DescribeUpdate', code: 'ThrottlingException', retryable: true,
 * })); // 'AWSServiceError.Retryable'
 * ```
 */
export function stepFunctionsErrorType(error: unknown): string {
  if (AWSServiceError.isInstance(error) && error.retryable) return RETRYABLE_AWS_SERVICE_ERROR_TYPE;
  return error instanceof Error && error.name ? error.name : 'Error';
}

/**
 * Gives `error` the name Step Functions matches in Retry and Catch (see `stepFunctionsErrorType`)
 * and returns it, so a function handler can `throw withStepFunctionsErrorName(error)`. The error
 * stays the same object: its class, message, `cause` and `isInstance()` are unchanged; only the
 * `name` of a retryable `AWSServiceError` changes.
 *
 * @example
 * ```ts
 * try {
 *   return await run(input);
 * } catch (error) {
 *   throw withStepFunctionsErrorName(error);
 * }
 * ```
 */
export function withStepFunctionsErrorName<T>(error: T): T {
  const type = stepFunctionsErrorType(error);
  if (error instanceof Error && error.name !== type) {
    Object.defineProperty(error, 'name', {
      value: type,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
}
