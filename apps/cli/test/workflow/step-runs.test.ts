/**
 * The plan steps as their child executions ran them, on the local path: the rehearsal reads the
 * local runner's `childExecutions` with the same code `watch` uses for AWS's child executions
 * (start, what Execution started, each poll, retries, end), real phases, simulated cluster.
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
  runWorkflowLocally,
  stepRunDetailsOfChildren,
} from '@eks-upgrade/sfn';
import { describe, expect, it } from 'vitest';
import { createPaint } from '../../src/cli/io.js';
import { renderRehearsalText } from '../../src/rehearsal/rehearsal-report.js';
import { demoScenario, lambdaCalls, planOf, runWorkflowPath } from './workflow-run.js';

describe('Step runs of a rehearsal (real phases, simulated cluster)', () => {
  it('reports each step from its child execution: its polls, in the order the steps ran, under its stage', async () => {
    // Act
    const { report, run } = await runWorkflowPath(demoScenario({ inPlaceTo: '1.30' }));

    // Assess
    expect(report.outcome).toBe('succeeded');
    const steps = planOf(run).steps.filter((step) => step.kind !== 'approval_gate');
    expect(report.stepRuns.map((step) => step.stepId)).toEqual(steps.map((step) => step.id));
    for (const step of report.stepRuns) {
      // One poll per step validation the run made for the step.
      const validations = lambdaCalls(run).filter((call) => call === `validation:step:${step.stepId}`);
      expect(step, step.stepId).toMatchObject({ status: 'succeeded', outcome: 'succeeded', retries: 0 });
      expect(step.polls, step.stepId).toBe(validations.length);
      expect(step.events[0]?.kind).toBe('started');
      expect(step.events.filter((event) => event.kind === 'poll')).toHaveLength(validations.length);
      expect(step.events.at(-1)).toMatchObject({ kind: 'ended', message: 'succeeded' });
    }
    const text = renderRehearsalText(report, createPaint(false)).split('\n');
    const first = report.stepRuns[0];
    const stage = text.findIndex((line) => new RegExp(`✓ execution +${first?.stepId}`).test(line));
    expect(text[stage + 1]).toBe(
      `    ↳ ${first?.stepId}  succeeded  ${first?.polls} ${first?.polls === 1 ? 'poll' : 'polls'}`,
    );
  });

  it('counts the retries of a throttled poll, as Step Functions retried it', async () => {
    // Prepare: the first two DescribeUpdate calls are throttled (AWSServiceError.Retryable)
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
          if (calls <= 2) {
            throw toAWSServiceError(
              { name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } },
              { service: 'EKS', operation: 'DescribeUpdate' },
            );
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

    // Act
    const run = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: scenario.request satisfies UpgradeRequest,
      startTime: new Date(scenario.startTime),
      lambdaHandlers,
    });
    const steps = stepRunDetailsOfChildren(run.childExecutions);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    const first = steps[0];
    expect(first).toMatchObject({ stepId: 'cp-1.30', status: 'succeeded', retries: 2 });
    expect(first?.events.filter((event) => event.kind === 'retry').map((event) => event.message)).toEqual([
      expect.stringMatching(/^Step: Validate failed with AWSServiceError\.Retryable .*: retried$/),
      expect.stringMatching(/^Step: Validate failed with AWSServiceError\.Retryable .*: retried$/),
    ]);
    expect(steps.slice(1).every((step) => step.retries === 0)).toBe(true);
  });
});
