import { describe, expect, it } from 'vitest';
import { fakeAws } from '../helpers/fake-aws.js';
import { runCli } from '../helpers/run-cli.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:prod-1-31-a';
const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const INPUT = { clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' };

function entered(id: number, type: string, name: string) {
  return { id, type, timestamp: at(id), stateEnteredEventDetails: { name, input: JSON.stringify(INPUT) } };
}

/** One execution of the deployed workflow, as Step Functions describes it, with its history. */
function account(execution: Record<string, unknown>, events: unknown[]) {
  return fakeAws({
    GetParametersByPath: () => ({ Parameters: [] }),
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
    ListExecutions: () => ({
      executions: [
        {
          executionArn: EXECUTION_ARN,
          stateMachineArn: STATE_MACHINE_ARN,
          name: 'prod-1-31-a',
          status: execution.status,
          startDate: T0,
        },
      ],
    }),
    DescribeExecution: () => ({
      executionArn: EXECUTION_ARN,
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'prod-1-31-a',
      startDate: T0,
      stopDate: at(100),
      input: JSON.stringify(INPUT),
      ...execution,
    }),
    GetExecutionHistory: () => ({ events }),
    RedriveExecution: () => ({ redriveDate: at(200) }),
    SendTaskSuccess: () => ({}),
  });
}

const STOPPED_IN_A_STEP = [
  { id: 1, type: 'ExecutionStarted', timestamp: T0, executionStartedEventDetails: {} },
  entered(2, 'TaskStateEntered', 'Perception: Collect cluster state'),
  entered(3, 'MapStateEntered', 'Step: Run'),
  {
    id: 4,
    type: 'ExecutionAborted',
    timestamp: at(4),
    executionAbortedEventDetails: { error: 'StoppedByOperator' },
  },
];

describe('Command: resume (fake AWS)', () => {
  it('redrives an execution stopped in a step, from that step', async () => {
    // Prepare
    const aws = account(
      { status: 'ABORTED', redriveStatus: 'REDRIVABLE', redriveCount: 0 },
      STOPPED_IN_A_STEP,
    );

    // Act
    const result = await runCli(['resume', '--cluster', 'prod', '--output', 'json'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(aws.mutatingCalls()).toEqual([
      {
        service: 'SFN',
        operation: 'RedriveExecution',
        input: { executionArn: EXECUTION_ARN, clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      executionArn: EXECUTION_ARN,
      redrivenFrom: 'Step: Run',
      redrivenAt: at(200).toISOString(),
    });
    expect(result.stderr).toContain('redriving prod-1-31-a from Step: Run');
  });

  it('resumes a failure held at its gate: approves it with resume true', async () => {
    // Prepare: the hold gate's Task scheduled, not answered.
    const detail = {
      clusterName: 'prod',
      executionArn: EXECUTION_ARN,
      planId: 'plan-1',
      stepId: 'ng-spot-workers-1.30',
      gate: {
        purpose: 'failure',
        summary: 'Step ng-spot-workers-1.30 failed with Upgrade.ValidationFailed',
        timeoutSeconds: 86_400,
        acceptsTrafficTarget: false,
      },
      taskToken: 'token-1',
    };
    const aws = account({ status: 'RUNNING' }, [
      ...STOPPED_IN_A_STEP.slice(0, 3),
      entered(4, 'TaskStateEntered', 'Step: Hold failure'),
      {
        id: 5,
        type: 'TaskScheduled',
        timestamp: at(5),
        previousEventId: 4,
        taskScheduledEventDetails: {
          resourceType: 'events',
          resource: 'putEvents.waitForTaskToken',
          region: 'us-east-1',
          parameters: JSON.stringify({ Entries: [{ DetailType: 'gate.pending', Detail: detail }] }),
        },
      },
    ]);

    // Act
    const result = await runCli(['resume', '--cluster', 'prod', '--output', 'json'], {
      services: aws.services,
      env: { USER: 'alice' },
    });

    // Assess
    expect(result.exitCode, result.stderr).toBe(0);
    expect(aws.mutatingCalls()).toEqual([
      {
        service: 'SFN',
        operation: 'SendTaskSuccess',
        input: {
          taskToken: 'token-1',
          output: JSON.stringify({
            approvedBy: 'alice',
            comment: 'resumed with eks-upgrade resume',
            resume: true,
          }),
        },
      },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      executionArn: EXECUTION_ARN,
      resumedStep: 'ng-spot-workers-1.30',
    });
  });

  it('does not redrive what rolled back: says why and what to do (exit 1)', async () => {
    // Prepare
    const aws = account({ status: 'FAILED', error: 'Upgrade.RolledBack', redriveStatus: 'REDRIVABLE' }, [
      ...STOPPED_IN_A_STEP.slice(0, 3),
      entered(4, 'TaskStateEntered', 'Rollback: Undo changes'),
      entered(5, 'FailStateEntered', 'Upgrade: Rolled back'),
      {
        id: 6,
        type: 'ExecutionFailed',
        timestamp: at(6),
        executionFailedEventDetails: { error: 'Upgrade.RolledBack' },
      },
    ]);

    // Act
    const result = await runCli(['resume', 'prod-1-31-a'], { services: aws.services });

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'Nothing to resume: execution prod-1-31-a the workflow rolled back and ended in Upgrade: Rolled back (Upgrade.RolledBack)',
    );
    expect(result.stderr).toContain('then start a new upgrade (eks-upgrade start)');
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('says an execution past the 14 days cannot be redriven, and what to do instead', async () => {
    // Prepare
    const aws = account(
      {
        status: 'ABORTED',
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution redrivable period exceeded',
      },
      STOPPED_IN_A_STEP,
    );

    // Act
    const result = await runCli(['resume', '--cluster', 'prod'], { services: aws.services });

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('more than 14 days ago, and Step Functions redrives only within 14 days');
    expect(result.stderr).toContain('start a new upgrade (eks-upgrade start)');
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('refuses bad usage before any call (exit 2)', async () => {
    // Prepare
    const aws = account({ status: 'FAILED' }, []);

    // Act
    const result = await runCli(['resume', '--cluster', 'prod', '--state-machine', 'bad name'], {
      services: aws.services,
    });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(aws.calls).toEqual([]);
  });
});
