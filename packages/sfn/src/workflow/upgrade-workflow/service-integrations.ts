import { RETRYABLE_AWS_SERVICE_ERROR_TYPE } from '@eks-upgrade/core-models';
import type { RetryProps } from '../asl/states.js';

/** Resources of the two service integrations the workflow uses. */
export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
export const EVENTS_PUT_EVENTS_RESOURCE = 'arn:aws:states:::events:putEvents';
/** PutEvents that pauses until `SendTaskSuccess`/`SendTaskFailure` answers the published task token. */
export const EVENTS_PUT_EVENTS_WAIT_RESOURCE = 'arn:aws:states:::events:putEvents.waitForTaskToken';

/** The transient Lambda errors AWS recommends retrying. */
export const LAMBDA_TRANSIENT_ERRORS: readonly string[] = Object.freeze([
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
]);

/**
 * How a phase task is retried when its function failed on an AWS call the taxonomy marks
 * retryable (throttling, 5xx answers, timeouts): the function reports it as
 * `AWSServiceError.Retryable` (core-models' `RETRYABLE_AWS_SERVICE_ERROR_TYPE`). By then the SDK
 * has already tried the call three times within a second or two, so the workflow backs off
 * longer: 5, 10, 20 and 40 s at most (75 s in all), each wait drawn at random below that bound
 * (full jitter), so functions throttled together do not retry together
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error).
 * Only a non-retryable error, or a fifth failure in a row, fails the step. The phases are safe to
 * run again: a step finds the update it already started instead of starting another.
 */
export const RETRYABLE_AWS_ERROR_RETRY: Readonly<RetryProps> = Object.freeze({
  errors: Object.freeze([RETRYABLE_AWS_SERVICE_ERROR_TYPE]),
  intervalSeconds: 5,
  maxAttempts: 4,
  backoffRate: 2,
  maxDelaySeconds: 60,
  jitterStrategy: 'FULL',
});
