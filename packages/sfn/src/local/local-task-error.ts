/** Errors a local task fails with, named as Step Functions matches them in Retry and Catch. */

/**
 * An error with the name Step Functions matches in Retry and Catch. A `States.Runtime` error
 * "isn't retriable, and will always cause the execution to fail"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html): it says so
 * with the two flags the interpreter and aws-local-stepfunctions both read.
 */
export function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  if (name === 'States.Runtime') Object.assign(error, { isRetryable: false, isCatchable: false });
  return error;
}

/**
 * Creates the error a handler throws to fail its task with a given error name, e.g.
 * `localTaskError('Lambda.ServiceException', 'Rate exceeded')`.
 *
 * @example
 * ```ts
 * lambdaHandlers: { 'eks-upgrade-agent-perception': () => { throw localTaskError('Lambda.ServiceException', 'boom'); } }
 * ```
 */
export function localTaskError(name: string, message: string): Error {
  return taskError(name, message);
}

/** A thrown value or a task cause as text (JSON where it is not a string). */
export function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
