import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { GateDecision } from '@eks-upgrade/core-models';
import {
  checkTaskFailure,
  checkTaskToken,
  explainTaskTokenError,
  gateDecisionOutput,
} from './approval-gates.js';
import type { SfnCalls } from './sfn-calls.js';

// Answering an approval gate (a task token): approve with SendTaskSuccess, reject with
// SendTaskFailure; `StepFunctionsClient` documents both.

export async function sendTaskSuccess(
  calls: SfnCalls,
  taskToken: string,
  decision: GateDecision = {},
): Promise<void> {
  const token = checkTaskToken(taskToken);
  const output = gateDecisionOutput(decision);
  try {
    await calls.call('SendTaskSuccess', 'approve a gate (send task success)', () =>
      calls.client.send(new SendTaskSuccessCommand({ taskToken: token, output })),
    );
  } catch (error) {
    throw explainTaskTokenError(error, 'SendTaskSuccess');
  }
}

export async function sendTaskFailure(
  calls: SfnCalls,
  taskToken: string,
  error: string,
  cause?: string,
): Promise<void> {
  const token = checkTaskToken(taskToken);
  checkTaskFailure(error, cause);
  try {
    await calls.call('SendTaskFailure', 'reject a gate (send task failure)', () =>
      calls.client.send(
        new SendTaskFailureCommand({ taskToken: token, error, ...(cause !== undefined ? { cause } : {}) }),
      ),
    );
  } catch (failure) {
    throw explainTaskTokenError(failure, 'SendTaskFailure');
  }
}
