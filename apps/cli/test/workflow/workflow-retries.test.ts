/**
 * Retries of the upgrade workflow with the real phase code: an AWS failure the taxonomy marks
 * retryable (a throttled DescribeUpdate) is retried by the state machine with backoff; a
 * non-retryable one fails the step and rolls back at once; the retries are bounded.
 */
import {
  phaseFunctionName,
  toAWSServiceError,
  UPGRADE_PHASES,
  type UpgradeRequest,
} from '@eks-upgrade/core-models';
import { type ClusterGateway, createPhaseHandlers, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import {
  createUpgradeStateMachineDefinition,
  type LocalLambdaHandler,
  type LocalRunResult,
  runWorkflowLocally,
} from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { demoScenario, eventTypes, lambdaCalls } from './workflow-run.js';

/** What the first DescribeUpdate calls fail with: EKS throttling, or an IAM refusal. */
const FAILURES = {
  throttled: { name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } },
  denied: {
    name: 'AccessDeniedException',
    message: 'not authorized to perform eks:DescribeUpdate',
    $metadata: { httpStatusCode: 403 },
  },
} as const;

/**
 * Runs the in-place demo 1.29 → 1.30 with the state machine deploy ships; the simulated cluster's
 * first `failingCalls` DescribeUpdate calls fail with `failure`, mapped by the taxonomy as the
 * AWS gateway maps an SDK error.
 */
async function runWithFailingDescribeUpdate(
  failure: keyof typeof FAILURES,
  failingCalls: number,
): Promise<LocalRunResult> {
  const scenario = demoScenario({ inPlaceTo: '1.30' });
  const simulated = new SimulatedClusterGateway(scenario);
  let calls = 0;
  const gateway: ClusterGateway = new Proxy(simulated, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'describeUpdate' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        calls += 1;
        if (calls <= failingCalls) {
          throw toAWSServiceError(FAILURES[failure], { service: 'EKS', operation: 'DescribeUpdate' });
        }
        return value.apply(target, args);
      };
    },
  });
  const handlers = createPhaseHandlers({ gateway, clock: { now: () => simulated.now() } });
  const lambdaHandlers: Record<string, LocalLambdaHandler> = {};
  for (const phase of UPGRADE_PHASES) {
    lambdaHandlers[phaseFunctionName(phase)] = async (payload) =>
      JSON.parse(JSON.stringify(await handlers[phase](payload)));
  }
  return runWorkflowLocally({
    definition: createUpgradeStateMachineDefinition(),
    input: scenario.request satisfies UpgradeRequest,
    startTime: new Date(scenario.startTime),
    lambdaHandlers,
  });
}

/** The attempts of the first step validation that failed, then what followed: `attempt:outcome:error`. */
function firstPollAttempts(run: LocalRunResult): string[] {
  const polls = run.taskInvocations.filter((call) => call.stateName === 'Step: Validate');
  const lastFailed = polls.findLastIndex((call) => call.outcome === 'failed');
  return polls
    .slice(0, lastFailed + 2)
    .map((call) => [call.attempt, call.outcome, call.error].filter(Boolean).join(':'));
}

/** The failure the rollback was given: what the step's Catch recorded. */
function rollbackFailure(run: LocalRunResult): { Error?: string; Cause?: string } | undefined {
  const call = run.taskInvocations.find((invocation) => invocation.functionName?.endsWith('-rollback'));
  return (call?.input as { failure?: { Error?: string; Cause?: string } } | undefined)?.failure;
}

describe('Upgrade workflow retries (real phases, simulated cluster)', () => {
  it('a DescribeUpdate throttled twice is retried with backoff and the upgrade succeeds', async () => {
    // Act
    const run = await runWithFailingDescribeUpdate('throttled', 2);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(firstPollAttempts(run)).toEqual([
      '1:failed:AWSServiceError.Retryable',
      '2:failed:AWSServiceError.Retryable',
      '3:succeeded',
    ]);
    // the waits between attempts are the retrier's bounds, 5 s then 10 s (the local runner waits
    // the whole bound; Step Functions draws a random wait below it, JitterStrategy FULL)
    const polls = run.taskInvocations.filter((call) => call.stateName === 'Step: Validate');
    expect(polls.slice(0, 3).map((call) => call.atSeconds - (polls[0]?.atSeconds ?? 0))).toEqual([0, 5, 15]);
    expect(lambdaCalls(run)).not.toContain('rollback');
    expect(eventTypes(run)).not.toContain('rollback.triggered');
    expect(eventTypes(run).at(-1)).toBe('upgrade.completed');
  });

  it('a DescribeUpdate refused by IAM (not retryable) fails the step and rolls back at once', async () => {
    // Act
    const run = await runWithFailingDescribeUpdate('denied', 1);

    // Assess: one attempt, no retry; the Catch sees the error name it saw before retries existed
    expect(run.status).toBe('FAILED');
    // (how the rollback ends is the rollback's business: what it was given is the Catch's)
    expect(rollbackFailure(run)).toMatchObject({ Error: 'AWSServiceError' });
    expect(rollbackFailure(run)?.Cause).toContain('AccessDeniedException');
    expect(run.cause).toContain('AccessDeniedException');
    expect(firstPollAttempts(run)).toEqual(['1:failed:AWSServiceError']);
    expect(lambdaCalls(run).slice(-2)).toEqual(['validation:step:cp-1.30', 'rollback']);
    expect(eventTypes(run).slice(-3)).toEqual(['rollback.triggered', 'rollback.completed', 'upgrade.failed']);
  });

  it('bounds the retries: a DescribeUpdate throttled five times in a row fails the step and rolls back', async () => {
    // Act
    const run = await runWithFailingDescribeUpdate('throttled', 5);

    // Assess: the first attempt and four retries (5 + 10 + 20 + 40 s), then the rollback
    expect(run.status).toBe('FAILED');
    expect(rollbackFailure(run)).toMatchObject({ Error: 'AWSServiceError.Retryable' });
    expect(rollbackFailure(run)?.Cause).toContain('ThrottlingException');
    expect(firstPollAttempts(run)).toEqual([
      '1:failed:AWSServiceError.Retryable',
      '2:failed:AWSServiceError.Retryable',
      '3:failed:AWSServiceError.Retryable',
      '4:failed:AWSServiceError.Retryable',
      '5:failed:AWSServiceError.Retryable',
    ]);
    const polls = run.taskInvocations.filter((call) => call.stateName === 'Step: Validate');
    expect((polls[4]?.atSeconds ?? 0) - (polls[0]?.atSeconds ?? 0)).toBe(75);
    expect(lambdaCalls(run).slice(-2)).toEqual(['validation:step:cp-1.30', 'rollback']);
    expect(eventTypes(run).slice(-3)).toEqual(['rollback.triggered', 'rollback.completed', 'upgrade.failed']);
  });
});
