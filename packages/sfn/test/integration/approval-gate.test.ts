import {
  GATE_REJECTED_ERROR,
  phaseFunctionName,
  type UpgradePlan,
  UpgradeRequestSchema,
} from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createUpgradeStateMachineDefinition,
  type LocalRunResult,
  runWorkflowLocally,
  type StepFunctionsClient,
} from '../../src/index.js';
import { fakeLambdaHandlers, IN_PLACE_REQUEST } from '../support/fake-upgrade.js';
import { createRole, deployWorkflow, enableMotoExecution, FAST_WORKFLOW } from './moto-workflow.js';

const moto = useMoto();
const TEST_TIMEOUT = 180_000;
const REQUEST = UpgradeRequestSchema.parse({ ...IN_PLACE_REQUEST, targetVersion: '1.30', approvePlan: true });

/** The fake phases, with a plan gate first in the plan (as the planner puts it for `approvePlan`). */
function handlersWithPlanGate() {
  const handlers = fakeLambdaHandlers({ pollAfterSeconds: 1 });
  const reasoning = phaseFunctionName('reasoning');
  const plan = handlers[reasoning]!;
  handlers[reasoning] = async (payload, context) => {
    const planned = (await plan(payload, context)) as UpgradePlan;
    return {
      ...planned,
      steps: [
        {
          id: 'gate-plan',
          kind: 'approval_gate',
          description: `Approve the plan for ${planned.clusterName} before anything changes`,
          clusterName: planned.clusterName,
          gate: {
            purpose: 'plan',
            summary: 'Review the plan',
            timeoutSeconds: 300,
            acceptsTrafficTarget: false,
          },
        },
        ...planned.steps,
      ],
    };
  };
  return handlers;
}

function lambdaOutputs(result: LocalRunResult): unknown[] {
  return result.taskInvocations.filter((call) => call.functionName !== undefined).map((call) => call.output);
}

async function pendingGateOf(client: StepFunctionsClient, executionArn: string) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const pending = await client.findPendingGate(executionArn);
    if (pending) return pending;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the execution never waited at the gate');
}

describe('Approval gate (moto)', () => {
  let roleArn: string;
  beforeEach(async () => {
    await enableMotoExecution(moto);
    roleArn = await createRole(moto);
  });

  it(
    'pauses at the plan gate on a task token, found from the history, until approve (SendTaskSuccess) resumes it',
    async () => {
      // Prepare: the local run gives the Lambda answers moto's functions return, in order.
      const local = await runWorkflowLocally({
        definition: createUpgradeStateMachineDefinition(FAST_WORKFLOW),
        input: REQUEST,
        lambdaHandlers: handlersWithPlanGate(),
      });
      expect(local.status).toBe('SUCCEEDED');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'ca-central-1', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'ca-central-1' });
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);

      // Act
      const pending = await pendingGateOf(client, executionArn);
      // Still waiting a moment later: nothing moves the execution on but the answer.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const stillRunning = await client.getExecutionStatus(executionArn);
      const again = await client.findPendingGate(executionArn);
      await client.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId, approvedBy: 'alice' });
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 90, maxDelaySeconds: 2 });

      // Assess
      expect(pending.detail).toMatchObject({
        clusterName: REQUEST.clusterName,
        executionArn,
        planId: `plan-${REQUEST.clusterName}-1.30`,
        stepId: 'gate-plan',
        gate: { purpose: 'plan', timeoutSeconds: 300 },
      });
      expect(pending.taskToken.length).toBeGreaterThan(0);
      expect(stillRunning.status).toBe('RUNNING');
      expect(again?.taskToken).toBe(pending.taskToken);
      expect(result.status).toBe('SUCCEEDED');
      // Once answered, no gate is pending.
      expect(await client.findPendingGate(executionArn)).toBeUndefined();
    },
    TEST_TIMEOUT,
  );

  it(
    'ends as the local runner does when reject (SendTaskFailure Upgrade.GateRejected) answers the plan gate: nothing ran',
    async () => {
      // Prepare
      const local = await runWorkflowLocally({
        definition: createUpgradeStateMachineDefinition(FAST_WORKFLOW),
        input: REQUEST,
        lambdaHandlers: handlersWithPlanGate(),
        resolveGate: () => ({ decision: 'reject', reason: 'CHG-2041 refused' }),
      });
      const { client, stateMachineArn } = await deployWorkflow(moto, 'sa-east-1', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'sa-east-1' });
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);

      // Act
      const pending = await pendingGateOf(client, executionArn);
      await client.sendTaskFailure(pending.taskToken, GATE_REJECTED_ERROR, 'CHG-2041 refused');
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 60, maxDelaySeconds: 2 });

      // Assess
      expect(local.status).toBe('FAILED');
      expect(result.status).toBe(local.status);
      expect(result.error).toBe(local.error);
      expect(local.cause).toContain('CHG-2041 refused');
      // moto 5.2.1 drops SendTaskFailure's cause (its responses.py passes only the error on), so
      // the reason reaches the execution's cause on AWS and locally, not on moto.
      const history = await client.getExecutionHistory(executionArn);
      const invoked = history
        .filter((event) => event.type === 'TaskScheduled' && event.resourceType === 'lambda')
        .map((event) => (event.parameters as { FunctionName?: string }).FunctionName);
      // Perception, reasoning, and Execution asked only how long the gate may wait: no step ran.
      expect(invoked).toEqual([
        phaseFunctionName('perception'),
        phaseFunctionName('reasoning'),
        phaseFunctionName('execution'),
      ]);
      expect(lambdaOutputs(local)).toHaveLength(3);
      expect(lambdaOutputs(local)[2]).toMatchObject({ stepId: 'gate-plan', kind: 'approval_gate' });
    },
    TEST_TIMEOUT,
  );
});
