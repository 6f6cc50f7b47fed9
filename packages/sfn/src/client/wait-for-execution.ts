import { ExecutionError } from '@eks-upgrade/core-models';
import { type ExecutionResult, isTerminalExecutionStatus } from '../models/state-machine.js';

// Polling an execution until it ends (`StepFunctionsClient.waitForExecution` documents it).

/** What `waitForExecution` reports after each poll. */
export interface WaitProgress {
  result: ExecutionResult;
  /** 1 for the first DescribeExecution call. */
  attempt: number;
  elapsedSeconds: number;
  /** Seconds until the next poll (0 once terminal). */
  nextPollSeconds: number;
}

/** Options of `waitForExecution`. */
export interface WaitForExecutionOptions {
  /** Give up (without stopping the execution) after this long; default 3600. */
  maxWaitSeconds?: number;
  /** First delay between polls; default 1. */
  minDelaySeconds?: number;
  /** Delays grow by doubling up to this cap; default 10. */
  maxDelaySeconds?: number;
  /** Stops the waiting (not the execution). */
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitForExecution(
  getExecutionStatus: (executionArn: string) => Promise<ExecutionResult>,
  executionArn: string,
  options: WaitForExecutionOptions = {},
): Promise<ExecutionResult> {
  const maxWaitSeconds = options.maxWaitSeconds ?? 3600;
  const maxDelay = options.maxDelaySeconds ?? 10;
  let delay = Math.min(options.minDelaySeconds ?? 1, maxDelay);
  const startedAt = Date.now();
  const elapsedSeconds = () => (Date.now() - startedAt) / 1000;
  for (let attempt = 1; ; attempt += 1) {
    throwIfAborted(executionArn, options.signal);
    const result = await getExecutionStatus(executionArn);
    const terminal = isTerminalExecutionStatus(result.status);
    const remaining = maxWaitSeconds - elapsedSeconds();
    const nextPollSeconds = terminal ? 0 : Math.max(0, Math.min(delay, remaining));
    options.onProgress?.({ result, attempt, elapsedSeconds: elapsedSeconds(), nextPollSeconds });
    if (terminal) return result;
    if (remaining <= 0) {
      throw new ExecutionError(
        `Execution ${executionArn} is still ${result.status} after ${maxWaitSeconds} s; it keeps running.`,
        { executionArn, status: result.status },
      );
    }
    try {
      await sleep(nextPollSeconds * 1000, options.signal);
    } catch (reason) {
      throwIfAborted(executionArn, options.signal, reason);
    }
    delay = Math.min(delay * 2, maxDelay);
  }
}

function throwIfAborted(executionArn: string, signal: AbortSignal | undefined, reason?: unknown): void {
  if (!signal?.aborted) return;
  throw new ExecutionError(
    `Stopped waiting for execution ${executionArn}: the wait was aborted; the execution keeps running.`,
    { executionArn },
    { cause: reason ?? signal.reason },
  );
}
