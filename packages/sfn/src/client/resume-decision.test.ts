import {
  DescribeExecutionCommand,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PendingGate } from './approval-gates.js';
import type { WorkflowHistoryEvent } from './phase-timeline.js';
import { decideResume } from './resume-decision.js';
import { StepFunctionsClient } from './step-functions-client.js';

const sfnMock = mockClient(SFNClient);
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:eks-upgrade-workflow:run-1';
const T = new Date('2026-11-25T10:00:00Z');

function entered(id: number, type: string, stateName: string): WorkflowHistoryEvent {
  return { id, timestamp: T, type, stateName };
}

describe('Function: decideResume', () => {
  const failedInStep = [
    entered(1, 'TaskStateEntered', 'Perception'),
    entered(2, 'TaskStateEntered', 'Step: Execute'),
    entered(3, 'TaskStateEntered', 'Step: Validate'),
    { id: 4, timestamp: T, type: 'ExecutionFailed', error: 'States.TaskFailed' },
  ];

  it('redrives an execution that failed in a working state while Step Functions allows it', () => {
    expect(decideResume({ status: 'FAILED', redriveStatus: 'REDRIVABLE' }, failedInStep, undefined)).toEqual({
      action: 'redrive',
      failedState: 'Step: Validate',
    });
    expect(
      decideResume({ status: 'ABORTED', redriveStatus: 'REDRIVABLE' }, failedInStep, undefined).action,
    ).toBe('redrive');
  });

  it('does not redrive what ended in the workflow’s own Fail state after a rollback', () => {
    const rolledBack = [
      ...failedInStep.slice(0, 3),
      entered(4, 'TaskStateEntered', 'Rollback'),
      entered(5, 'FailStateEntered', 'Upgrade: Rolled back'),
    ];
    const decision = decideResume(
      { status: 'FAILED', redriveStatus: 'REDRIVABLE', error: 'Upgrade.RolledBack' },
      rolledBack,
      undefined,
    );
    expect(decision).toEqual({
      action: 'none',
      reason:
        'the workflow rolled back and ended in Upgrade: Rolled back (Upgrade.RolledBack): there is nothing left to resume, and a redrive would only end there again',
      advice:
        'see what happened with eks-upgrade history, fix the cause, then start a new upgrade (eks-upgrade start)',
    });
  });

  it.each([
    ['Execution redrivable period exceeded', 'more than 14 days ago'],
    ['Execution has exceeded the max execution time', "past the state machine's timeout"],
    ['Execution history event limit exceeded', '25,000 events'],
  ])('says why it cannot be redriven: %s', (redriveStatusReason, why) => {
    const decision = decideResume(
      { status: 'TIMED_OUT', redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason },
      failedInStep,
      undefined,
    );
    expect(decision.action).toBe('none');
    expect(decision.action === 'none' && decision.reason).toContain(why);
    expect(decision.action === 'none' && decision.advice).toContain('start a new upgrade');
  });

  it('resumes a failure held at its gate by approving it', () => {
    const held = { taskToken: 'token', detail: { gate: { purpose: 'failure' } } } as unknown as PendingGate;
    expect(decideResume({ status: 'RUNNING' }, failedInStep, held)).toEqual({
      action: 'resume_held',
      pending: held,
    });
  });

  it('answers a pending gate of a running execution instead, and has nothing to resume otherwise', () => {
    const pending = {
      taskToken: 'token',
      detail: { gate: { purpose: 'workload' } },
    } as unknown as PendingGate;
    expect(decideResume({ status: 'RUNNING' }, failedInStep, pending)).toEqual({
      action: 'answer_gate',
      pending,
    });
    expect(decideResume({ status: 'RUNNING' }, failedInStep, undefined)).toEqual({
      action: 'none',
      reason: 'it is running and waits at no gate',
      advice: 'follow it with eks-upgrade watch',
    });
    expect(decideResume({ status: 'SUCCEEDED' }, failedInStep, undefined).action).toBe('none');
  });
});

describe('Method: redriveExecution', () => {
  const client = new StepFunctionsClient({
    client: new SFNClient({ region: 'us-east-1' }),
    retry: { sleep: async () => undefined },
  });
  beforeEach(() => sfnMock.reset());

  it('redrives with one client token across retries and returns when it started', async () => {
    // Prepare
    sfnMock
      .on(RedriveExecutionCommand)
      .rejectsOnce(
        new SFNServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: 'slow down',
        }),
      )
      .resolves({ redriveDate: T });

    // Act
    const redrivenAt = await client.redriveExecution(EXECUTION_ARN);

    // Assess
    expect(redrivenAt).toEqual(T);
    const inputs = sfnMock.commandCalls(RedriveExecutionCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { executionArn: EXECUTION_ARN, clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      { executionArn: EXECUTION_ARN, clientToken: inputs[0]?.clientToken },
    ]);
  });

  it('maps a refusal to the taxonomy and reads why from DescribeExecution', async () => {
    // Prepare
    sfnMock.on(RedriveExecutionCommand).rejects(
      new ExecutionNotRedrivable({
        message: 'Execution is SUCCEEDED and cannot be redriven',
        $metadata: {},
      }),
    );
    sfnMock.on(DescribeExecutionCommand).resolves({
      executionArn: EXECUTION_ARN,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:eks-upgrade-workflow',
      status: 'SUCCEEDED',
      startDate: T,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      redriveCount: 0,
    });

    // Act
    const error = await client.redriveExecution(EXECUTION_ARN).catch((caught) => caught);
    const status = await client.getExecutionStatus(EXECUTION_ARN);

    // Assess
    expect(error).toMatchObject({
      name: 'AWSServiceError',
      operation: 'RedriveExecution',
      code: 'ExecutionNotRedrivable',
    });
    expect(status).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      redriveCount: 0,
    });
  });
});
