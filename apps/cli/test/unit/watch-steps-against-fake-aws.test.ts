import { AgentConfigSchema } from '@eks-upgrade/core-models';
import { configurationRoot, encodeConfiguration } from '@eks-upgrade/params';
import { describe, expect, it } from 'vitest';
import { type FakeHandler, fakeAws, serviceError } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:prod-1-31-a';
const MAP_RUN_ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:eks-upgrade-workflow/Step-Run:5d1e';
const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow/Step-Run:7a2c';
const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const STEP = { id: 'cp-1.31', kind: 'control_plane_upgrade', clusterName: 'prod' };
const STEP_INPUT = JSON.stringify({ step: STEP, steps: { index: 0 } });

/** An event as GetExecutionHistory returns it. */
function event(id: number, seconds: number, type: string, details: Record<string, unknown> = {}) {
  return { id, timestamp: at(seconds), type, ...details };
}
const entered = (id: number, seconds: number, kind: string, name: string, input = STEP_INPUT) =>
  event(id, seconds, `${kind}StateEntered`, { stateEnteredEventDetails: { name, input } });
const exited = (id: number, seconds: number, kind: string, name: string, output: unknown) =>
  event(id, seconds, `${kind}StateExited`, {
    stateExitedEventDetails: { name, output: JSON.stringify(output) },
  });

/** The parent's history: the step's stage runs in the Distributed Map `Step: Run`. */
function parentHistory(done: boolean) {
  const events = [
    event(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: '{}' } }),
    entered(2, 0, 'Pass', 'Step: Select', JSON.stringify({ steps: { index: 0, count: 1 } })),
    exited(3, 0, 'Pass', 'Step: Select', { step: STEP, steps: { index: 0 } }),
    entered(4, 0, 'Map', 'Step: Run'),
    event(5, 0, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: MAP_RUN_ARN } }),
  ];
  if (!done) return events;
  return [
    ...events,
    event(6, 92, 'MapRunSucceeded'),
    exited(7, 92, 'Map', 'Step: Run', {}),
    event(8, 93, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '{}' } }),
  ];
}

/** The step's child execution: a retried Execute, then polls until the update finished. */
function childHistory(done: boolean) {
  const events = [
    event(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: STEP_INPUT } }),
    entered(2, 0, 'Task', 'Step: Execute'),
    event(3, 0, 'TaskScheduled', {
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke' },
    }),
    event(4, 1, 'TaskFailed', {
      taskFailedEventDetails: { error: 'AWSServiceError.Retryable', cause: 'ThrottlingException' },
    }),
    event(5, 5, 'TaskScheduled', {
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke' },
    }),
    event(6, 6, 'TaskSucceeded', { taskSucceededEventDetails: { output: '{}' } }),
    exited(7, 6, 'Task', 'Step: Execute', {
      execution: {
        stepResult: { status: 'in_progress', message: 'UpdateClusterVersion 1.30 → 1.31 started' },
      },
    }),
    entered(8, 36, 'Task', 'Step: Validate'),
    exited(9, 37, 'Task', 'Step: Validate', {
      check: { validation: { status: 'in_progress', summary: 'prod: waiting (update in progress)' } },
    }),
  ];
  if (!done) return events;
  return [
    ...events,
    entered(10, 67, 'Task', 'Step: Validate'),
    exited(11, 68, 'Task', 'Step: Validate', {
      check: { validation: { status: 'healthy', summary: 'prod: healthy' } },
    }),
    entered(12, 90, 'Pass', 'Step: Report success'),
    exited(13, 90, 'Pass', 'Step: Report success', { outcome: 'succeeded', stepId: 'cp-1.31', index: 0 }),
    event(14, 91, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '{}' } }),
  ];
}

/**
 * An account whose execution is running at the first DescribeExecution and has succeeded at the
 * next; the step's child execution is listed across two pages of ListExecutions.
 */
function account(options: { endAfterDescribes: number; overrides?: Record<string, FakeHandler> }) {
  const config = AgentConfigSchema.parse({});
  const { parameters } = encodeConfiguration(config, configurationRoot('/eks-upgrade-agent/', 'config'));
  let describes = 0;
  const done = () => describes > options.endAfterDescribes;
  return fakeAws({
    GetParametersByPath: () => ({
      Parameters: parameters.map((parameter) => ({
        Name: parameter.name,
        Value: parameter.value,
        Type: 'String',
      })),
    }),
    ListStateMachines: () => ({
      stateMachines: [
        {
          name: 'eks-upgrade-workflow',
          stateMachineArn: STATE_MACHINE_ARN,
          type: 'STANDARD',
          creationDate: T0,
        },
      ],
    }),
    DescribeExecution: () => {
      describes += 1;
      return {
        executionArn: EXECUTION_ARN,
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'prod-1-31-a',
        status: done() ? 'SUCCEEDED' : 'RUNNING',
        startDate: T0,
        ...(done() ? { stopDate: at(93) } : {}),
        input: '{}',
      };
    },
    GetExecutionHistory: (input: { executionArn: string }) => ({
      events: input.executionArn === CHILD_ARN ? childHistory(done()) : parentHistory(done()),
    }),
    ListMapRuns: () => ({
      mapRuns: [
        {
          executionArn: EXECUTION_ARN,
          mapRunArn: MAP_RUN_ARN,
          stateMachineArn: STATE_MACHINE_ARN,
          startDate: at(0),
          ...(done() ? { stopDate: at(92) } : {}),
        },
      ],
    }),
    ListExecutions: (input: { mapRunArn?: string; nextToken?: string }) =>
      input.nextToken === undefined
        ? { executions: [], nextToken: 'page-2' }
        : {
            executions: [
              {
                executionArn: CHILD_ARN,
                stateMachineArn: STATE_MACHINE_ARN,
                name: '7a2c',
                status: done() ? 'SUCCEEDED' : 'RUNNING',
                startDate: at(0),
                ...(done() ? { stopDate: at(91) } : {}),
              },
            ],
          },
    ...options.overrides,
  });
}

/** The Step Functions reads of the step's child execution, with their whole inputs. */
function stepReads(calls: ReadonlyArray<{ operation: string; input: Record<string, unknown> }>) {
  return calls
    .filter(
      (call) =>
        call.operation === 'ListMapRuns' ||
        call.operation === 'ListExecutions' ||
        (call.operation === 'GetExecutionHistory' && call.input.executionArn === CHILD_ARN),
    )
    .map((call) => ({ operation: call.operation, input: call.input }));
}

const LIST_MAP_RUNS = { operation: 'ListMapRuns', input: { executionArn: EXECUTION_ARN, maxResults: 1000 } };
const LIST_CHILDREN = [
  { operation: 'ListExecutions', input: { mapRunArn: MAP_RUN_ARN, maxResults: 1000 } },
  { operation: 'ListExecutions', input: { mapRunArn: MAP_RUN_ARN, maxResults: 1000, nextToken: 'page-2' } },
];
const READ_CHILD = {
  operation: 'GetExecutionHistory',
  input: { executionArn: CHILD_ARN, includeExecutionData: true, maxResults: 1000 },
};

describe('Command: watch (fake AWS): the steps of the Distributed Map', () => {
  it('shows each step’s start, retries, polls and end under its stage, read from its child execution', async () => {
    // Prepare
    const aws = account({ endAfterDescribes: 1 });

    // Act
    const result = await runCli(['watch', 'prod-1-31-a', '--interval', '1', '--output', 'json'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split('\n');
    const stage = lines.findIndex((line) => /execution +cp-1\.31/.test(line));
    expect(stage, result.stderr).toBeGreaterThanOrEqual(0);
    expect(lines.filter((line) => line.includes('↳'))).toEqual([
      '    ↳ cp-1.31  started',
      '    ↳ cp-1.31  Step: Execute failed with AWSServiceError.Retryable (ThrottlingException): retried',
      '    ↳ cp-1.31  UpdateClusterVersion 1.30 → 1.31 started',
      '    ↳ cp-1.31  poll 1: in_progress: prod: waiting (update in progress)',
      '    ↳ cp-1.31  poll 2: healthy: prod: healthy',
      '    ↳ cp-1.31  succeeded',
    ]);
    expect(lines.findIndex((line) => line.includes('↳'))).toBeGreaterThan(stage);
    // The stage is said to have ended after its step's last event.
    const stageEnded = lines.findIndex((line) => /✓ execution +cp-1\.31/.test(line));
    expect(stageEnded).toBeGreaterThan(lines.indexOf('    ↳ cp-1.31  succeeded'));
    // Read while the step ran, then once more after it ended; never again once it had ended.
    expect(stepReads(aws.calls)).toEqual([
      LIST_MAP_RUNS,
      ...LIST_CHILDREN,
      READ_CHILD,
      LIST_MAP_RUNS,
      ...LIST_CHILDREN,
      READ_CHILD,
    ]);
    const report = JSON.parse(result.stdout);
    expect(report.runningStep).toBeUndefined();
    expect(report.steps).toEqual([
      {
        stepId: 'cp-1.31',
        kind: 'control_plane_upgrade',
        index: 0,
        status: 'succeeded',
        outcome: 'succeeded',
        startedAt: at(0).toISOString(),
        endedAt: at(91).toISOString(),
        polls: 2,
        retries: 1,
        execution: CHILD_ARN,
        events: [
          { at: at(0).toISOString(), kind: 'started', message: 'started' },
          {
            at: at(5).toISOString(),
            kind: 'retry',
            message: 'Step: Execute failed with AWSServiceError.Retryable (ThrottlingException): retried',
          },
          { at: at(6).toISOString(), kind: 'executed', message: 'UpdateClusterVersion 1.30 → 1.31 started' },
          {
            at: at(37).toISOString(),
            kind: 'poll',
            message: 'poll 1: in_progress: prod: waiting (update in progress)',
          },
          { at: at(68).toISOString(), kind: 'poll', message: 'poll 2: healthy: prod: healthy' },
          { at: at(90).toISOString(), kind: 'ended', message: 'succeeded' },
        ],
      },
    ]);
  });
});

describe('Command: watch (fake AWS): without access to the child executions', () => {
  it('says once what to grant and follows the execution to its end from the parent’s history', async () => {
    // Prepare
    const denied = account({
      endAfterDescribes: 1,
      overrides: {
        ListMapRuns: () => {
          throw serviceError('AccessDeniedException', 'not authorized to perform: states:ListMapRuns');
        },
      },
    });

    // Act
    const result = await runCli(['watch', 'prod-1-31-a', '--interval', '1'], { services: denied.services });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('prod-1-31-a\tSUCCEEDED\tsucceeded\n');
    expect(result.stderr.match(/cannot read the steps' child executions/g)).toHaveLength(1);
    expect(result.stderr).toContain('grant states:ListMapRuns on the execution');
    expect(result.stderr).not.toContain('↳');
    // Asked once: not again on each refresh.
    expect(denied.calls.filter((call) => call.operation === 'ListMapRuns')).toHaveLength(1);
    expect(denied.calls.filter((call) => call.operation === 'ListExecutions')).toEqual([]);
  });
});

describe('Command: status (fake AWS): the step running now', () => {
  it('names the running step, the state it is in and its last poll, in the text and the JSON', async () => {
    // Act
    const text = await runCli(['status', 'prod-1-31-a'], {
      services: account({ endAfterDescribes: 9 }).services,
    });
    const aws = account({ endAfterDescribes: 9 });
    const json = await runCli(['status', 'prod-1-31-a', '--output', 'json'], { services: aws.services });

    // Assess
    expect(text.exitCode, text.stderr).toBe(0);
    const running =
      'running step cp-1.31 (control_plane_upgrade), in Step: Validate: poll 1: in_progress: prod: waiting (update in progress)';
    expect(text.stdout).toBe(`prod-1-31-a\tRUNNING\trunning\n${running}\n`);
    expect(JSON.parse(json.stdout).runningStep).toEqual({
      stepId: 'cp-1.31',
      kind: 'control_plane_upgrade',
      state: 'Step: Validate',
      description: running,
    });
    expect(stepReads(aws.calls)).toEqual([LIST_MAP_RUNS, ...LIST_CHILDREN, READ_CHILD]);
  });
});
