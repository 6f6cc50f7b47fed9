import { RETRYABLE_AWS_SERVICE_ERROR_TYPE } from '@eks-upgrade/core-models';
import type { RetryProps } from '../asl/states.js';

/** Resources of the two service integrations the workflow uses. */
export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
export const EVENTS_PUT_EVENTS_RESOURCE = 'arn:aws:states:::events:putEvents';
/** PutEvents that pauses until `SendTaskSuccess`/`SendTaskFailure` answers the published task token. */
export const EVENTS_PUT_EVENTS_WAIT_RESOURCE = 'arn:aws:states:::events:putEvents.waitForTaskToken';

/**
 * The transient Lambda errors AWS recommends retrying
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html), plus
 * throttling. Every phase function is safe to run again on the same input (a step resumes or
 * settles what a run before it started), which a retry after one that may have run needs.
 */
export const LAMBDA_TRANSIENT_ERRORS: readonly string[] = Object.freeze([
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
]);

/**
 * The Lambda errors after which the function may have run without its answer reaching the
 * workflow: a crash of the function (`Lambda.Unknown`: out of memory, timed out, runtime exited)
 * and the transient service errors AWS recommends retrying
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html: the
 * invocation answered 500 or the client timed out waiting, which says nothing of whether the
 * function ran). The Rollback task runs its pass again after one, counting it
 * (`pass.unanswered`), instead of retrying it with the same input: the pass run again must know
 * that what the lost pass did (traffic moved back to blue) is recorded nowhere.
 */
export const LAMBDA_UNANSWERED_ERRORS: readonly string[] = Object.freeze([
  'Lambda.Unknown',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
]);

/** How many times the Rollback task runs a pass again after one that left no answer, and how long it waits first. */
export const ROLLBACK_UNANSWERED_RERUNS = Object.freeze({ maxReruns: 3, waitSeconds: 2 });

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
