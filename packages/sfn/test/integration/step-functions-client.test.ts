import {
  ExecutionError,
  UpgradeEventDetailSchemas,
  type UpgradeEventType,
  UpgradeRequestSchema,
  ValidationFailureDetailSchema,
} from '@eks-upgrade/core-models';
import { useMoto } from '@eks-upgrade/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createUpgradeStateMachineDefinition,
  type LocalRunResult,
  runWorkflowLocally,
  STEP_RUN_STATE,
  StepFunctionsClient,
  type WorkflowHistoryEvent,
} from '../../src/index.js';
import {
  BLUE_GREEN_REQUEST,
  type FakeScenario,
  fakeLambdaHandlers,
  IN_PLACE_REQUEST,
} from '../support/fake-upgrade.js';
import { captureEvents, receivedEvents } from './moto-events.js';
import { createRole, deployWorkflow, enableMotoExecution, FAST_WORKFLOW } from './moto-workflow.js';

const moto = useMoto();
const TEST_TIMEOUT = 180_000;
/** A one-hop upgrade keeps moto's real Wait states short. */
const REQUEST = UpgradeRequestSchema.parse({ ...IN_PLACE_REQUEST, targetVersion: '1.30' });

/**
 * Runs the scenario locally first; the Lambda results of that run, in order, are what moto's
 * functions answer. Both interpreters then run the same definition on the same data.
 */
async function rehearse(scenario: FakeScenario, input: unknown = REQUEST): Promise<LocalRunResult> {
  return runWorkflowLocally({
    definition: createUpgradeStateMachineDefinition(FAST_WORKFLOW),
    input,
    lambdaHandlers: fakeLambdaHandlers({ pollAfterSeconds: 1, ...scenario }),
  });
}

function lambdaOutputs(result: LocalRunResult): unknown[] {
  return result.taskInvocations.filter((call) => call.functionName !== undefined).map((call) => call.output);
}

function enteredStates(events: readonly WorkflowHistoryEvent[]): string[] {
  return events.filter((event) => event.type.endsWith('StateEntered')).map((event) => event.stateName ?? '');
}

async function waitForState(
  client: StepFunctionsClient,
  executionArn: string,
  stateName: string,
): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const history = await client.getExecutionHistory(executionArn);
    if (enteredStates(history).includes(stateName)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${stateName} was never entered`);
}

describe('Class: StepFunctionsClient (moto)', () => {
  let roleArn: string;
  beforeEach(async () => {
    await enableMotoExecution(moto);
    roleArn = await createRole(moto);
  });

  it('creates the upgrade state machine, and a second upsert changes nothing', async () => {
    // Act
    const { client, stateMachineArn } = await deployWorkflow(moto, 'us-east-1', roleArn);
    const again = await client.upsertStateMachine({
      name: 'eks-upgrade-workflow',
      definition: createUpgradeStateMachineDefinition(FAST_WORKFLOW),
      roleArn,
    });
    const described = await client.describeStateMachine(stateMachineArn);
    // Assess
    expect(again).toEqual({ stateMachineArn, action: 'unchanged' });
    expect(await client.findStateMachineByName('eks-upgrade-workflow')).toBe(stateMachineArn);
    expect(described.definition).toEqual(createUpgradeStateMachineDefinition(FAST_WORKFLOW));
    expect(described.roleArn).toBe(roleArn);
  });

  it('moto runs an inline Map state (the workflow loops instead, see README)', async () => {
    // Prepare
    const client = new StepFunctionsClient({ clientConfig: moto.clientConfig({ region: 'sa-east-1' }) });
    const stateMachineArn = await client.createStateMachine({
      name: 'map-probe',
      roleArn,
      definition: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.alarmNames',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Echo',
              States: { Echo: { Type: 'Pass', Parameters: { 'alarm.$': '$' }, End: true } },
            },
            End: true,
          },
        },
      },
    });
    // Act
    const executionArn = await client.startExecution(stateMachineArn, { ...REQUEST, alarmNames: ['a', 'b'] });
    const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 20, maxDelaySeconds: 1 });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ alarm: 'a' }, { alarm: 'b' }]);
  });

  it(
    'runs the success path to SUCCEEDED, in the same states as the local runner',
    async () => {
      // Prepare
      const local = await rehearse({ pollsBeforeVerdict: 1 });
      expect(local.status).toBe('SUCCEEDED');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'eu-west-1', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'eu-west-1' });
      // Act
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 75, maxDelaySeconds: 2 });
      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(result.input).toMatchObject({ clusterName: 'payments-prod', targetVersion: '1.30' });
      const history = await client.getExecutionHistory(executionArn);
      expect(enteredStates(history)).toEqual(enteredStates(local.eventLog));
      const timeline = await client.getPhaseTimeline(executionArn);
      expect(timeline.map((entry) => [entry.phase, entry.stepId ?? '', entry.status])).toEqual(
        local.timeline.map((entry) => [entry.phase, entry.stepId ?? '', entry.status]),
      );
      const succeeded = await client.listExecutions(stateMachineArn, { statusFilter: 'SUCCEEDED' });
      expect(succeeded.map((execution) => execution.executionArn)).toEqual([executionArn]);
      expect(await client.listExecutions(stateMachineArn, { statusFilter: 'RUNNING' })).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'runs blue/green (provision, green node groups and add-ons, five traffic shifts with bakes, decommission) to SUCCEEDED',
    async () => {
      // Prepare
      const request = UpgradeRequestSchema.parse(BLUE_GREEN_REQUEST);
      const local = await rehearse({ pollsBeforeVerdict: 0 }, request);
      expect(local.status).toBe('SUCCEEDED');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'us-west-2', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'us-west-2' });
      const queueUrl = await captureEvents(moto, 'us-west-2', 'eks-upgrade-agent');
      // Act
      const executionArn = await client.startExecution(stateMachineArn, request);
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 150, maxDelaySeconds: 2 });
      // Assess
      expect(result.status).toBe('SUCCEEDED');
      const history = await client.getExecutionHistory(executionArn);
      expect(enteredStates(history)).toEqual(enteredStates(local.eventLog));
      // Each step ran as a child execution (its states are in its own history, not the parent's):
      // the five traffic steps' children each published traffic.shifted.
      expect(
        local.childExecutions.filter((child) =>
          enteredStates(child.eventLog).includes('Step: Publish traffic shifted'),
        ),
      ).toHaveLength(5);
      // The events EventBridge delivered: same types in the same order as the local run, details
      // valid for their type, and the traffic weights in order.
      const delivered = await receivedEvents(moto, 'us-west-2', queueUrl);
      expect(delivered.map((event) => event.detailType)).toEqual(
        local.publishedEvents.map((event) => event.detailType),
      );
      for (const event of delivered) {
        const schema = UpgradeEventDetailSchemas[event.detailType as UpgradeEventType];
        expect(schema.safeParse(event.detail).success, event.detailType).toBe(true);
        expect(event.detail.upgradeId).toBe(result.name);
      }
      expect(
        delivered
          .filter((event) => event.detailType === 'traffic.shifted')
          .map((event) => event.detail.weight),
      ).toEqual([10, 25, 50, 75, 100]);
    },
    TEST_TIMEOUT,
  );

  it(
    'runs a validation failure to the rollback and FAILED with the original cause',
    async () => {
      // Prepare
      const local = await rehearse({ updateFailsAt: 'cp-1.30' });
      expect(local.error).toBe('Upgrade.ValidationFailed');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'eu-central-1', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'eu-central-1' });
      const queueUrl = await captureEvents(moto, 'eu-central-1', 'eks-upgrade-agent');
      // Act
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 60, maxDelaySeconds: 2 });
      // Assess
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('Upgrade.ValidationFailed');
      expect(result.cause).toBe('Update update-cp-1.30 ended Failed');
      const history = await client.getExecutionHistory(executionArn);
      expect(enteredStates(history)).toContain('Rollback: Undo changes');
      expect(enteredStates(history)).toEqual(enteredStates(local.eventLog));
      const timeline = await client.getPhaseTimeline(executionArn);
      expect(timeline.find((entry) => entry.status === 'failed')).toMatchObject({
        phase: 'execution',
        stepId: 'cp-1.30',
        error: 'Upgrade.ValidationFailed',
      });
      expect(timeline.at(-1)).toMatchObject({ phase: 'rollback', status: 'succeeded' });
      const failed = await client.listExecutions(stateMachineArn, { statusFilter: 'FAILED' });
      expect(failed.map((execution) => execution.name)).toEqual([result.name]);
      // the ValidationResult's failedChecks reached EventBridge in the validation.failure event
      const delivered = await receivedEvents(moto, 'eu-central-1', queueUrl);
      const failures = delivered.filter((event) => event.detailType === 'validation.failure');
      expect(failures.map((event) => event.detail)).toEqual([
        expect.objectContaining({ stepId: 'cp-1.30', failedChecks: ['update-status'] }),
      ]);
      expect(ValidationFailureDetailSchema.safeParse(failures[0]?.detail).success).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    'runs the rollback again while its undos are pending, as the local runner does, to Upgrade: Rolled back',
    async () => {
      // Prepare: the rollback reports an undo pending on its first two passes
      const local = await rehearse({ updateFailsAt: 'cp-1.30', rollbackPendingPasses: 3 });
      expect(local.error).toBe('Upgrade.ValidationFailed');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'eu-north-1', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'eu-north-1' });
      // Act
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 60, maxDelaySeconds: 2 });
      // Assess: moto's interpreter takes the same states (three passes, two waits)
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('Upgrade.ValidationFailed');
      const history = await client.getExecutionHistory(executionArn);
      const entered = enteredStates(history);
      expect(entered).toEqual(enteredStates(local.eventLog));
      expect(entered.filter((state) => state === 'Rollback: Undo changes')).toHaveLength(3);
      expect(entered.filter((state) => state === 'Rollback: Wait for undos')).toHaveLength(2);
      expect(entered.at(-1)).toBe('Upgrade: Rolled back');
    },
    TEST_TIMEOUT,
  );

  it(
    'fails with Upgrade.RollbackFailed and both causes when the rollback reports success: false',
    async () => {
      // Prepare
      const local = await rehearse({ updateFailsAt: 'cp-1.30', rollbackIncomplete: true });
      expect(local.error).toBe('Upgrade.RollbackFailed');
      const { client, stateMachineArn } = await deployWorkflow(moto, 'eu-west-3', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'eu-west-3' });
      // Act
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);
      const result = await client.waitForExecution(executionArn, { maxWaitSeconds: 60, maxDelaySeconds: 2 });
      // Assess: moto's interpreter agrees with the local one, nested intrinsic functions included
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('Upgrade.RollbackFailed');
      expect(result.cause).toBe(local.cause);
      expect(result.cause).toContain('Upgrade failed with Upgrade.ValidationFailed');
      expect(result.cause).toContain('Not undone: ["control plane stays at 1.30');
      const history = await client.getExecutionHistory(executionArn);
      expect(enteredStates(history)).toEqual(enteredStates(local.eventLog));
      const timeline = await client.getPhaseTimeline(executionArn);
      expect(timeline.at(-1)).toMatchObject({
        phase: 'rollback',
        status: 'failed',
        error: 'Upgrade.RollbackIncomplete',
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses a second upgrade of a cluster while one runs, and stops the running one',
    async () => {
      // Prepare: the first update asks for a 300 s wait, so the execution keeps running
      const local = await rehearse({ pollAfterSeconds: 300 });
      const { client, stateMachineArn } = await deployWorkflow(moto, 'ap-southeast-2', roleArn);
      await moto.queueLambdaResults(lambdaOutputs(local), { region: 'ap-southeast-2' });
      const executionArn = await client.startExecution(stateMachineArn, REQUEST);
      // Act
      const second = client.startExecution(stateMachineArn, { ...REQUEST, targetVersion: '1.31' });
      // Assess
      await expect(second).rejects.toSatisfy(
        (error) => ExecutionError.isInstance(error) && error.executionArn === executionArn,
      );
      const running = await client.listExecutions(stateMachineArn, { statusFilter: 'RUNNING' });
      expect(running.map((execution) => execution.executionArn)).toEqual([executionArn]);
      // moto 5.2.1 answers StopExecution with HTTP 500 until the interpreter has set the run up
      // (AttributeError in ExecutionWorker.stop), so stop once the execution is waiting.
      // (The step's own Wait runs in its child execution, whose history is not the parent's: wait
      // for the parent to enter the Distributed Map that runs it.)
      await waitForState(client, executionArn, STEP_RUN_STATE);
      // Act
      await client.stopExecution(executionArn, 'Operator.Stopped', 'rehearsal over');
      const stopped = await client.waitForExecution(executionArn, { maxWaitSeconds: 20 });
      // Assess
      expect(stopped.status).toBe('ABORTED');
      expect(stopped.stopDate).toBeInstanceOf(Date);
      const aborted = await client.listExecutions(stateMachineArn, { statusFilter: 'ABORTED' });
      expect(aborted.map((execution) => execution.executionArn)).toEqual([executionArn]);
    },
    TEST_TIMEOUT,
  );
});
