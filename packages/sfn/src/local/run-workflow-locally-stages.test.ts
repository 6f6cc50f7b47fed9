import {
  type PlanStep,
  PlanStepSchema,
  phaseFunctionName,
  type UpgradePlan,
  UpgradeRequestSchema,
} from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { fakeLambdaHandlers, IN_PLACE_REQUEST, lambdaCalls } from '../../test/support/fake-upgrade.js';
import type { AslDefinition } from '../workflow/asl/types.js';
import { createUpgradeStateMachineDefinition, STEP_RUN_STATE } from '../workflow/upgrade-workflow.js';
import { type LocalLambdaHandler, type LocalRunResult, runWorkflowLocally } from './run-workflow-locally.js';

const REQUEST = UpgradeRequestSchema.parse({ ...IN_PLACE_REQUEST, targetVersion: '1.30' });
const START = new Date('2026-03-02T08:00:00.000Z');

function eventTypes(result: LocalRunResult): string[] {
  return result.publishedEvents.map((event) => event.detailType);
}

function failStates(result: LocalRunResult): string[] {
  return result.eventLog
    .filter((event) => event.type === 'FailStateEntered')
    .map((event) => event.stateName ?? '');
}

/** The fake phases, with the plan the reasoning phase returns rewritten by `edit`. */
function withPlan(
  edit: (plan: UpgradePlan) => UpgradePlan,
  overrides: Record<string, LocalLambdaHandler> = {},
  scenario: Parameters<typeof fakeLambdaHandlers>[0] = {},
): Record<string, LocalLambdaHandler> {
  const handlers = fakeLambdaHandlers({ pollAfterSeconds: 30, ...scenario });
  const reasoning = handlers[phaseFunctionName('reasoning')] as LocalLambdaHandler;
  return {
    ...handlers,
    [phaseFunctionName('reasoning')]: async (payload, context) =>
      edit((await reasoning(payload, context)) as UpgradePlan),
    ...overrides,
  };
}

function nodegroupStep(name: string, group?: string): PlanStep {
  return PlanStepSchema.parse({
    id: `ng-${name}-1.30`,
    kind: 'nodegroup_upgrade',
    description: `Node group ${name} 1.29 → 1.30`,
    clusterName: REQUEST.clusterName,
    nodegroupName: name,
    fromVersion: '1.29',
    toVersion: '1.30',
    ...(group ? { parallelGroup: group } : {}),
  });
}

function gateStep(purpose: string, acceptsTrafficTarget = false): PlanStep {
  return PlanStepSchema.parse({
    id: `gate-${purpose}`,
    kind: 'approval_gate',
    description: `Approve (${purpose})`,
    clusterName: REQUEST.clusterName,
    gate: { purpose, summary: `Approve ${purpose}`, timeoutSeconds: 3600, acceptsTrafficTarget },
  });
}

describe('Function: runWorkflowLocally (Distributed Map: child executions)', () => {
  const waits: AslDefinition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemSelector: { 'seconds.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Sleep',
          States: {
            Sleep: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Work' },
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'work', 'Payload.$': '$' },
              ResultSelector: { 'done.$': '$.Payload' },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };

  it('runs each item as a child execution with a history of its own, MaxConcurrency at a time on one virtual clock', async () => {
    // Act
    const calls: Array<{ seconds: number; at: number }> = [];
    const result = await runWorkflowLocally({
      definition: waits,
      input: { items: [100, 100, 100], tag: 'x' },
      lambdaHandlers: {
        work: (payload, { clock }) => {
          calls.push({ seconds: (payload as { seconds: number }).seconds, at: clock.elapsedSeconds() });
          return 'ok';
        },
      },
      startTime: START,
      validate: false,
    });
    // Assess: two children wait together, the third after them: 200 s, not 300 s
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ done: 'ok' }, { done: 'ok' }, { done: 'ok' }]);
    expect(calls.map((call) => call.at)).toEqual([100, 100, 200]);
    expect(result.durations.virtualSeconds).toBe(200);
    // Parent: ExecutionStarted, MapStateEntered, MapRunStarted, MapRunSucceeded, MapStateExited,
    // ExecutionSucceeded. Each child: ExecutionStarted, Wait 2, Task 2 + 3, ExecutionSucceeded.
    expect(result.historyEventCount).toBe(6);
    expect(result.childExecutions.map((child) => [child.index, child.historyEventCount])).toEqual([
      [0, 9],
      [1, 9],
      [2, 9],
    ]);
    expect(result.largestChildHistoryEventCount).toBe(9);
    expect(result.eventLog.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(result.childExecutions[0]?.eventLog.map((event) => event.stateName ?? event.type)).toEqual([
      'ExecutionStarted',
      'Sleep',
      'Sleep',
      'Work',
      'Work',
      'ExecutionSucceeded',
    ]);
  });

  it('fails a child execution past the quota on its own count, and the Map Run with it (the parent can catch it)', async () => {
    // Prepare: the parent catches the Map Run's failure
    const caught: AslDefinition = {
      StartAt: 'Each',
      States: {
        Each: { ...waits.States.Each, Type: 'Map', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] },
        Caught: { Type: 'Pass', End: true },
      },
    };
    // Act: a child's history is 9 events; the quota is lowered to 8
    const result = await runWorkflowLocally({
      definition: caught,
      input: { items: [10], tag: 'x' },
      lambdaHandlers: { work: () => 'ok' },
      historyEventQuota: 8,
      validate: false,
    });
    // Assess
    expect(result.childExecutions[0]).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.childExecutions[0]?.cause).toMatch(/passed the Step Functions quota of 8 events/);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.eventLog.some((event) => event.stateName === 'Caught')).toBe(true);
  });
});

describe('Function: runWorkflowLocally (upgrade workflow: steps as child executions)', () => {
  it('keeps every step in a child execution: the parent history stays small whatever the steps poll', async () => {
    // Act: the node group polls 200 times (each poll ~11 events in its child)
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({
        operationTimeoutSeconds: 86_400,
        executionTimeoutSeconds: 86_400,
      }),
      input: REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ pollsBeforeVerdict: 200, pollAfterSeconds: 30 }),
      startTime: START,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.childExecutions.map((child) => (child.output as { stepId: string }).stepId)).toEqual([
      'cp-1.30',
      'addon-vpc-cni-1.30',
      'ng-workers-1.30',
    ]);
    expect(result.largestChildHistoryEventCount).toBeGreaterThan(200 * 11);
    expect(result.historyEventCount).toBeLessThan(200);
    expect(
      result.eventLog.filter((event) => event.type === 'MapStateEntered').map((event) => event.stateName),
    ).toEqual([STEP_RUN_STATE, STEP_RUN_STATE, STEP_RUN_STATE]);
  });

  it('runs a parallel group nodegroupParallelism at a time, and a failure waits for the others of its batch, starts no later batch, then rolls back', async () => {
    // Prepare: four node groups of one group; b fails, c rolls on; d is in the next batch
    const handlers = withPlan(
      (plan) => ({
        ...plan,
        steps: [
          ...plan.steps.filter((step) => step.kind !== 'nodegroup_upgrade'),
          ...['a', 'b', 'c', 'd'].map((name) => nodegroupStep(name, 'nodegroups-1.30')),
        ],
      }),
      {},
      { updateFailsAt: 'ng-b-1.30', pollsBeforeVerdict: 3 },
    );
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ nodegroupParallelism: 3 }),
      input: REQUEST,
      lambdaHandlers: handlers,
      startTime: START,
    });
    // Assess: a, b, c started together; d never did
    const executed = lambdaCalls(result).filter((call) => call.startsWith('execution:'));
    expect(executed).toEqual([
      'execution:cp-1.30',
      'execution:addon-vpc-cni-1.30',
      'execution:ng-a-1.30',
      'execution:ng-b-1.30',
      'execution:ng-c-1.30',
    ]);
    const children = new Map(
      result.childExecutions.map((child) => [(child.output as { stepId: string }).stepId, child]),
    );
    expect(children.get('ng-a-1.30')?.startedAtSeconds).toBe(children.get('ng-b-1.30')?.startedAtSeconds);
    expect(children.get('ng-c-1.30')?.startedAtSeconds).toBe(children.get('ng-b-1.30')?.startedAtSeconds);
    expect(children.get('ng-c-1.30')?.output).toEqual({
      outcome: 'succeeded',
      stepId: 'ng-c-1.30',
      index: 4,
    });
    expect(children.get('ng-b-1.30')?.output).toMatchObject({
      outcome: 'failed',
      failure: { Error: 'Upgrade.ValidationFailed' },
    });
    expect(children.has('ng-d-1.30')).toBe(false);
    // the rollback starts after c finished
    const rollback = result.taskInvocations.find((call) => call.stateName === 'Rollback: Undo changes');
    expect(rollback?.atSeconds).toBeGreaterThanOrEqual(children.get('ng-c-1.30')?.endedAtSeconds ?? Infinity);
    expect(result.error).toBe('Upgrade.ValidationFailed');
    expect(failStates(result)).toEqual(['Upgrade: Rolled back']);
  });

  it('takes as long as its slowest roll when the group rolls together, and one after another with the default 1', async () => {
    // Prepare
    const handlers = () =>
      withPlan(
        (plan) => ({
          ...plan,
          steps: [
            ...plan.steps.filter((step) => step.kind !== 'nodegroup_upgrade'),
            ...['a', 'b', 'c'].map((name) => nodegroupStep(name, 'nodegroups-1.30')),
          ],
        }),
        {},
        { pollsBeforeVerdict: 10 },
      );
    // Act
    const together = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ nodegroupParallelism: 3 }),
      input: REQUEST,
      lambdaHandlers: handlers(),
      startTime: START,
    });
    const inTurn = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: handlers(),
      startTime: START,
    });
    // Assess
    expect(together.status).toBe('SUCCEEDED');
    expect(inTurn.status).toBe('SUCCEEDED');
    const span = (run: LocalRunResult) => {
      const rolls = run.childExecutions.filter((child) =>
        (child.output as { stepId: string }).stepId.startsWith('ng-'),
      );
      return (
        Math.max(...rolls.map((child) => child.endedAtSeconds)) -
        Math.min(...rolls.map((child) => child.startedAtSeconds))
      );
    };
    const one = inTurn.childExecutions.find(
      (child) => (child.output as { stepId: string }).stepId === 'ng-a-1.30',
    );
    const single = (one?.endedAtSeconds ?? 0) - (one?.startedAtSeconds ?? 0);
    expect(span(inTurn)).toBeGreaterThanOrEqual(3 * single);
    expect(span(together)).toBeLessThan(1.5 * single);
    expect(lambdaCalls(together).filter((call) => call.startsWith('execution:ng-'))).toHaveLength(3);
  });
});

describe('Function: runWorkflowLocally (approval gates)', () => {
  const planGate = (plan: UpgradePlan): UpgradePlan => ({
    ...plan,
    steps: [gateStep('plan'), ...plan.steps],
  });

  it('approves a gate at once by default with the pending plan id, publishing gate.pending and gate.approved', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: withPlan(planGate),
      startTime: START,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(eventTypes(result).slice(6, 8)).toEqual(['gate.pending', 'gate.approved']);
    const pending = result.publishedEvents.find((event) => event.detailType === 'gate.pending')?.detail;
    expect(pending).toMatchObject({
      clusterName: REQUEST.clusterName,
      planId: 'plan-payments-prod-1.30',
      stepId: 'gate-plan',
      gate: { purpose: 'plan', timeoutSeconds: 3600 },
      plan: { planId: 'plan-payments-prod-1.30' },
    });
    expect(pending?.taskToken).toMatch(/^local-task-token-/);
    expect(pending?.executionArn).toMatch(/^arn:aws:states:local:/);
    expect(lambdaCalls(result)).toContain('execution:cp-1.30');
  });

  it('ends "Upgrade: Rejected" when the plan gate is rejected before anything changed: no step, no rollback', async () => {
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: withPlan(planGate),
      resolveGate: () => ({ decision: 'reject', reason: 'not in this change window', afterSeconds: 600 }),
      startTime: START,
    });
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.GateRejected');
    expect(result.cause).toBe('not in this change window');
    expect(failStates(result)).toEqual(['Upgrade: Rejected']);
    // Execution only says how long the gate may wait; no step ran.
    expect(lambdaCalls(result)).toEqual(['perception', 'reasoning', 'execution:gate-wait:gate-plan']);
    expect(eventTypes(result).slice(-4)).toEqual([
      'gate.pending',
      'gate.rejected',
      'phase.failed',
      'upgrade.failed',
    ]);
    expect(result.durations.virtualSeconds).toBeGreaterThanOrEqual(600);
  });

  it('treats an approval naming another plan as a rejection, and a timeout as Upgrade.GateTimedOut', async () => {
    // Act
    const otherPlan = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: withPlan(planGate),
      resolveGate: () => ({ decision: 'approve', output: { planId: 'plan-older' } }),
      startTime: START,
    });
    const timedOut = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: withPlan(planGate),
      resolveGate: () => ({ decision: 'timeout' }),
      startTime: START,
    });
    // Assess
    expect(otherPlan.error).toBe('Upgrade.GateRejected');
    expect(otherPlan.cause).toBe(
      'The approval named plan plan-older but this execution runs plan plan-payments-prod-1.30: not approved',
    );
    expect(failStates(otherPlan)).toEqual(['Upgrade: Rejected']);
    expect(timedOut.error).toBe('Upgrade.GateTimedOut');
    expect(timedOut.cause).toBe('Nobody answered the plan gate gate-plan within 3600 s');
    expect(eventTypes(timedOut).slice(-4)).toEqual([
      'gate.pending',
      'gate.timed_out',
      'phase.failed',
      'upgrade.failed',
    ]);
    expect(timedOut.durations.virtualSeconds).toBeGreaterThanOrEqual(3600);
    expect(failStates(timedOut)).toEqual(['Upgrade: Rejected']);
  });

  it('ends the execution with States.Timeout, as AWS does, when a plan without a deadline (an older reasoning function) has a gate still waiting at the execution timeout', async () => {
    // Act: the gate may wait 7200 s, but the execution itself times out after 5400 s.
    const longGate = (plan: UpgradePlan): UpgradePlan => {
      const gate = gateStep('plan') as Extract<PlanStep, { kind: 'approval_gate' }>;
      return { ...plan, steps: [{ ...gate, gate: { ...gate.gate, timeoutSeconds: 7200 } }, ...plan.steps] };
    };
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 5400 }),
      input: REQUEST,
      lambdaHandlers: withPlan(longGate),
      resolveGate: () => ({
        decision: 'approve',
        output: { planId: 'plan-payments-prod-1.30' },
        afterSeconds: 6000,
      }),
      startTime: START,
    });
    // Assess
    expect(result.status).toBe('TIMED_OUT');
    expect(result.durations.virtualSeconds).toBe(5400);
    expect(eventTypes(result)).not.toContain('gate.approved');
    expect(eventTypes(result)).not.toContain('rollback.triggered');
    expect(lambdaCalls(result)).toEqual(['perception', 'reasoning', 'execution:gate-wait:gate-plan']);
  });

  it("cuts a gate's wait at the plan's deadline, publishing the time it really has, and rolls back before the execution timeout", async () => {
    // Prepare: the plan's deadline is the workflow's (start + 5400 s − the rollback reserve); a
    // workload gate after the first step may wait 7200 s, and nobody answers it.
    const workloadGate = (plan: UpgradePlan): UpgradePlan => {
      const gate = gateStep('workload') as Extract<PlanStep, { kind: 'approval_gate' }>;
      const [first, ...rest] = plan.steps;
      return {
        ...plan,
        steps: [first as PlanStep, { ...gate, gate: { ...gate.gate, timeoutSeconds: 7200 } }, ...rest],
      };
    };
    const handlers = withPlan(workloadGate);
    const reasoning = handlers[phaseFunctionName('reasoning')] as LocalLambdaHandler;
    handlers[phaseFunctionName('reasoning')] = async (payload, context) => {
      const plan = (await reasoning(payload, context)) as UpgradePlan;
      const { deadline } = payload as { deadline: { startedAt: string; budgetSeconds: number } };
      return {
        ...plan,
        deadline: new Date(Date.parse(deadline.startedAt) + deadline.budgetSeconds * 1000).toISOString(),
      };
    };
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ executionTimeoutSeconds: 5400 }),
      input: REQUEST,
      lambdaHandlers: handlers,
      resolveGate: () => ({ decision: 'timeout' }),
      startTime: START,
    });
    // Assess: the deadline's rollback, not Step Functions' States.Timeout
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Upgrade.DeadlineReached');
    expect(result.cause).toMatch(/reached its deadline .* while the workload gate gate-workload waited/);
    const pending = result.publishedEvents.find((event) => event.detailType === 'gate.pending')?.detail as {
      gate: { timeoutSeconds: number };
    };
    expect(pending.gate.timeoutSeconds).toBeLessThan(5400 - 3510);
    expect(pending.gate.timeoutSeconds).toBeGreaterThan(0);
    expect(eventTypes(result)).toContain('gate.timed_out');
    expect(eventTypes(result)).toContain('rollback.triggered');
    expect(lambdaCalls(result).at(-1)).toBe('rollback');
    expect(result.durations.virtualSeconds).toBeLessThan(5400);
  });

  it('rolls back a gate rejected after a step ran, and passes an approved traffic target to every later Execute', async () => {
    // Prepare: cp, then a workload gate that supplies a traffic target, then the rest
    const target = { setIdentifier: 'green', target: 'green-ingress.example.com' };
    const gated = (plan: UpgradePlan): UpgradePlan => ({
      ...plan,
      steps: [
        plan.steps[0] as PlanStep,
        gateStep('workload', true),
        ...plan.steps.slice(1),
        gateStep('traffic'),
      ],
    });
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: withPlan(gated),
      resolveGate: (pending) =>
        pending.gate.purpose === 'workload'
          ? { decision: 'approve', output: { trafficTarget: target } }
          : { decision: 'reject', reason: 'error budget spent' },
      startTime: START,
    });
    // Assess
    const executes = result.taskInvocations.filter((call) => call.stateName === 'Step: Execute');
    expect(
      executes.map((call) => (call.input as { approvedTrafficTarget: unknown }).approvedTrafficTarget),
    ).toEqual([null, target, target]);
    expect(result.error).toBe('Upgrade.GateRejected');
    expect(failStates(result)).toEqual(['Upgrade: Rolled back']);
    expect(eventTypes(result).slice(-5)).toEqual([
      'gate.rejected',
      'phase.failed',
      'rollback.triggered',
      'rollback.completed',
      'upgrade.failed',
    ]);
  });
});

describe('Function: runWorkflowLocally (deferred steps)', () => {
  it('waits until deferredUntil on the virtual clock and executes the same step again with the first selection time', async () => {
    // Prepare: the control plane may start only at 09:00 (a maintenance window)
    const handlers = fakeLambdaHandlers({ pollAfterSeconds: 30 });
    const execute = handlers[phaseFunctionName('execution')] as LocalLambdaHandler;
    const until = '2026-03-02T09:00:00.000Z';
    handlers[phaseFunctionName('execution')] = (payload, context) => {
      const { step } = payload as { step: PlanStep };
      if (step.id === 'cp-1.30' && context.clock.now().toISOString() < until) {
        return {
          stepId: step.id,
          kind: step.kind,
          clusterName: REQUEST.clusterName,
          started: false,
          deferredUntil: until,
          deferredReason: 'outside the maintenance window',
          message: `cp-1.30 waits until ${until}`,
        };
      }
      return execute(payload, context);
    };
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: handlers,
      startTime: START,
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const calls = result.taskInvocations.filter(
      (call) =>
        call.stateName === 'Step: Execute' && (call.input as { step: PlanStep }).step.id === 'cp-1.30',
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]?.atSeconds).toBe((Date.parse(until) - START.getTime()) / 1000);
    const selectedAt = calls.map((call) => (call.input as { stepSelectedAt: string }).stepSelectedAt);
    expect(selectedAt[0]).toBe(selectedAt[1]);
    expect(Date.parse(selectedAt[0] as string)).toBeLessThan(Date.parse(until));
  });

  it('rolls back at once a deferral past the deadline', async () => {
    // Prepare: the deferral is a day away; the execution times out after 4 h
    const handlers = fakeLambdaHandlers({ pollAfterSeconds: 30 });
    const reasoning = handlers[phaseFunctionName('reasoning')] as LocalLambdaHandler;
    handlers[phaseFunctionName('reasoning')] = async (payload, context) => {
      const plan = (await reasoning(payload, context)) as UpgradePlan;
      const { deadline } = payload as { deadline: { startedAt: string; budgetSeconds: number } };
      return {
        ...plan,
        deadline: new Date(Date.parse(deadline.startedAt) + deadline.budgetSeconds * 1000).toISOString(),
      };
    };
    handlers[phaseFunctionName('execution')] = (payload) => {
      const { step } = payload as { step: PlanStep };
      return {
        stepId: step.id,
        kind: step.kind,
        clusterName: REQUEST.clusterName,
        started: false,
        deferredUntil: '2026-03-03T08:00:00.000Z',
        deferredReason: 'next window tomorrow',
        message: 'waits',
      };
    };
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition(),
      input: REQUEST,
      lambdaHandlers: handlers,
      startTime: START,
    });
    // Assess: no wait: the deadline's rollback right away
    expect(result.error).toBe('Upgrade.DeadlineReached');
    expect(result.durations.virtualSeconds).toBeLessThan(600);
    expect(lambdaCalls(result).at(-1)).toBe('rollback');
  });
});

describe('Function: runWorkflowLocally (failurePolicy: hold)', () => {
  it('holds a failed step at a "roll back or resume" gate: resume runs it again from Execute, a rejection then rolls back', async () => {
    // Prepare: the control plane's update fails every time
    const answers: string[] = [];
    // Act
    const result = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({
        failurePolicy: 'hold',
        failureHoldTimeoutSeconds: 7200,
      }),
      input: REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ pollAfterSeconds: 30, updateFailsAt: 'cp-1.30' }),
      resolveGate: (pending) => {
        answers.push(`${pending.gate.purpose}:${pending.stepId}:${pending.gate.timeoutSeconds}`);
        return answers.length === 1
          ? { decision: 'approve', output: { resume: true, approvedBy: 'oncall' }, afterSeconds: 900 }
          : { decision: 'reject', reason: 'give up' };
      },
      startTime: START,
    });
    // Assess
    expect(answers).toEqual(['failure:cp-1.30:7200', 'failure:cp-1.30:7200']);
    expect(lambdaCalls(result).filter((call) => call === 'execution:cp-1.30')).toHaveLength(2);
    // Before each hold, Execution says how long it may wait (its timeout cut at the deadline).
    expect(lambdaCalls(result).filter((call) => call === 'execution:gate-wait:cp-1.30')).toHaveLength(2);
    expect(result.error).toBe('Upgrade.ValidationFailed');
    expect(failStates(result)).toEqual(['Upgrade: Rolled back']);
    expect(eventTypes(result).filter((type) => type.startsWith('gate.'))).toEqual([
      'gate.pending',
      'gate.approved',
      'gate.pending',
      'gate.rejected',
    ]);
    const pending = result.publishedEvents.find((event) => event.detailType === 'gate.pending')?.detail;
    expect(pending?.gate).toEqual({
      purpose: 'failure',
      summary:
        'Step cp-1.30 failed with Upgrade.ValidationFailed. Approve with resume true to run it again, or reject to roll back',
      timeoutSeconds: 7200,
      acceptsTrafficTarget: false,
    });
  });

  it('goes on with the upgrade when the resumed step succeeds, and rolls back by default (an approval without resume)', async () => {
    // Prepare: the control plane's first update fails, the second succeeds
    const handlers = fakeLambdaHandlers({ pollAfterSeconds: 30 });
    const validate = handlers[phaseFunctionName('validation')] as LocalLambdaHandler;
    let failedOnce = false;
    handlers[phaseFunctionName('validation')] = async (payload, context) => {
      const result = (await validate(payload, context)) as { stepId?: string; status: string };
      if (result.stepId === 'cp-1.30' && result.status === 'healthy' && !failedOnce) {
        failedOnce = true;
        return {
          ...result,
          status: 'unhealthy',
          success: false,
          summary: 'update failed once',
          failedChecks: ['update-status'],
        };
      }
      return result;
    };
    // Act
    const resumed = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ failurePolicy: 'hold' }),
      input: REQUEST,
      lambdaHandlers: handlers,
      resolveGate: () => ({ decision: 'approve', output: { resume: true } }),
      startTime: START,
    });
    const byDefault = await runWorkflowLocally({
      definition: createUpgradeStateMachineDefinition({ failurePolicy: 'hold' }),
      input: REQUEST,
      lambdaHandlers: fakeLambdaHandlers({ pollAfterSeconds: 30, updateFailsAt: 'cp-1.30' }),
      startTime: START,
    });
    // Assess
    expect(resumed.status).toBe('SUCCEEDED');
    expect(lambdaCalls(resumed).filter((call) => call.startsWith('execution:'))).toEqual([
      'execution:cp-1.30',
      'execution:gate-wait:cp-1.30',
      'execution:cp-1.30',
      'execution:addon-vpc-cni-1.30',
      'execution:ng-workers-1.30',
    ]);
    expect(byDefault.error).toBe('Upgrade.ValidationFailed');
    expect(failStates(byDefault)).toEqual(['Upgrade: Rolled back']);
    expect(lambdaCalls(byDefault).filter((call) => call === 'execution:cp-1.30')).toHaveLength(1);
  });
});
