import { PlanStepKind } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, MapState, PassState, type State } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import { approvalGateStates } from './approval-gate.js';
import { failureHoldStates } from './failure-hold.js';
import type { StateFactory } from './state-factory.js';
import { stepChildExecutionStates } from './step-child-execution.js';
import { LOOP_STATE, type StepLoopAdvances } from './step-loop.js';

/**
 * The Distributed Map state that runs a plan step (or a batch of a parallel group's steps) as
 * child workflow executions: the parent's history stays small whatever a step polls.
 */
export const STEP_RUN_STATE = 'Step: Run';

/** Where a stage goes when it does not advance the loop. */
export interface StageTargets {
  /** A step failed (its failure at `$.failure`): the rollback. */
  readonly onFailure: State;
  /** A child execution met the deadline: `Upgrade.DeadlineReached`, then the rollback. */
  readonly onDeadline: State;
  /** A gate was rejected or timed out before any step changed anything: `Upgrade: Rejected`. */
  readonly onRejectedBeforeChange: State;
}

/**
 * One stage of the step loop, run in this (the parent) execution: a gate waits here for its
 * answer; any other step runs as a child execution of the `Step: Run` Distributed Map, a
 * parallel group's steps in batches of `nodegroupParallelism` child executions. A child never
 * fails: it reports `succeeded`, `failed` (with the `{ Error, Cause }` the step failed with) or
 * `deadline`, so the parent waits for every child of a batch and then takes the rollback path
 * with the first failure, or starts the next batch.
 */
export function stageStates(
  f: StateFactory,
  loop: StepLoopAdvances,
  maxStepPolls: number,
  targets: StageTargets,
): State {
  const o = f.options;
  const { onFailure, onDeadline, onRejectedBeforeChange } = targets;
  const parallel = o.nodegroupParallelism > 1;
  const stepState: JsonObject = {
    ...LOOP_STATE,
    'steps.$': '$.steps',
    'step.$': '$.step',
    'selectedAt.$': '$.selectedAt',
  };

  // ---- after a batch: the first failure → rollback, a deadline → its rollback, else go on.
  const recordFailure = new PassState('Step: Record failure', {
    inputPath: '$.batch.first.report.failure',
    resultPath: '$.failure',
    comment: 'The failure of the first child that failed, as the step recorded it',
  });

  const firstFailure = new PassState('Step: First failure', {
    parameters: { 'report.$': 'States.ArrayGetItem($.batch.failed.reports, 0)' },
    resultPath: '$.batch.first',
  });
  firstFailure.next(recordFailure);
  const findFailure = new PassState('Step: Find failure', {
    parameters: { 'reports.$': "$.batch.run.reports[?(@.outcome == 'failed')]" },
    resultPath: '$.batch.failed',
  });
  findFailure.next(firstFailure);
  const judgeBatch = new PassState('Step: Judge batch', {
    parameters: {
      'failed.$': "States.ArrayContains($.batch.run.outcomes, 'failed')",
      'deadline.$': "States.ArrayContains($.batch.run.outcomes, 'deadline')",
    },
    resultPath: '$.batch.verdict',
  });
  const batchOutcome = new ChoiceState('Step: Batch outcome?')
    .when(Condition.booleanEquals('$.batch.verdict.failed', true), findFailure)
    .when(Condition.booleanEquals('$.batch.verdict.deadline', true), onDeadline);
  judgeBatch.next(batchOutcome);

  const run = new MapState(STEP_RUN_STATE, {
    mode: 'DISTRIBUTED',
    itemsPath: '$.batch.items',
    maxConcurrency: o.nodegroupParallelism,
    itemSelector: {
      'request.$': '$.request',
      'upgradeId.$': '$.upgradeId',
      'step.$': 'States.ArrayGetItem($.plan.steps, $$.Map.Item.Value)',
      steps: { 'index.$': '$$.Map.Item.Value' },
      'deadline.$': '$.deadline',
      'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      'stepSelectedAt.$': '$.selectedAt',
    },
    iterator: stepChildExecutionStates(f, maxStepPolls),
    resultSelector: { 'outcomes.$': '$[*].outcome', 'reports.$': '$' },
    resultPath: '$.batch.run',
    comment:
      'Each step of the batch is a child execution with its own history (the 25,000-event quota counts per execution)',
  }).addCatch(onFailure, { resultPath: '$.failure' });
  run.next(judgeBatch);
  recordFailure.next(
    o.failurePolicy === 'hold' ? failureHoldStates(f, stepState, run, onFailure) : onFailure,
  );

  const gate = approvalGateStates(f, loop, onFailure, onRejectedBeforeChange);
  const whichPath = new ChoiceState('Step: Which path?').when(
    Condition.stringEquals('$.step.kind', PlanStepKind.APPROVAL_GATE),
    gate,
  );

  if (parallel) {
    // A parallel group: the consecutive steps sharing the selected step's parallelGroup, run
    // in batches of nodegroupParallelism.
    const takeBatch = new PassState('Step: Take batch', {
      parameters: {
        ...stepState,
        stage: {
          'first.$': '$.stage.first',
          'last.$': '$.stage.last',
          'batches.$': '$.stage.batches',
          'count.$': '$.stage.count',
          'next.$': 'States.MathAdd($.stage.next, 1)',
        },
        batch: { 'items.$': 'States.ArrayGetItem($.stage.batches, $.stage.next)' },
      },
    });
    takeBatch.next(run);
    batchOutcome.when(Condition.numericLessThanPath('$.stage.next', '$.stage.count'), takeBatch);
    const range = `States.ArrayPartition(States.ArrayRange($.stage.first, $.stage.last, 1), ${o.nodegroupParallelism})`;
    const planBatches = new PassState('Step: Plan batches', {
      parameters: {
        'first.$': '$.stage.first',
        'last.$': '$.stage.last',
        'batches.$': range,
        'count.$': `States.ArrayLength(${range})`,
        next: 0,
      },
      resultPath: '$.stage',
    });
    planBatches.next(takeBatch);
    const lookAhead = new PassState('Step: Look ahead', {
      parameters: { 'next.$': 'States.MathAdd($.stage.last, 1)' },
      resultPath: '$.scan',
    });
    const extendGroup = new PassState('Step: Extend group', {
      parameters: { 'first.$': '$.stage.first', 'last.$': '$.scan.next' },
      resultPath: '$.stage',
    });
    extendGroup.next(lookAhead);
    const sameGroup = new ChoiceState('Step: Same group?')
      .when(
        Condition.and(
          Condition.isPresent('$.scan.step.parallelGroup'),
          Condition.stringEqualsPath('$.scan.step.parallelGroup', '$.step.parallelGroup'),
        ),
        extendGroup,
      )
      .otherwise(planBatches);
    const peek = new PassState('Step: Peek', {
      parameters: {
        'next.$': '$.scan.next',
        'step.$': 'States.ArrayGetItem($.plan.steps, $.scan.next)',
      },
      resultPath: '$.scan',
    });
    peek.next(sameGroup);
    const moreInGroup = new ChoiceState('Step: More in group?')
      .when(Condition.numericLessThanPath('$.scan.next', '$.steps.count'), peek)
      .otherwise(planBatches);
    lookAhead.next(moreInGroup);
    whichPath.when(Condition.isPresent('$.step.parallelGroup'), lookAhead);
  }
  batchOutcome.otherwise(loop.advance);
  whichPath.otherwise(run);

  const select = new PassState('Step: Select', {
    parameters: {
      ...LOOP_STATE,
      'steps.$': '$.steps',
      'step.$': 'States.ArrayGetItem($.plan.steps, $.steps.index)',
      'selectedAt.$': '$$.State.EnteredTime',
      stage: { 'first.$': '$.steps.index', 'last.$': '$.steps.index', next: 1, count: 1 },
      batch: { 'items.$': 'States.Array($.steps.index)' },
    },
    comment: 'Takes the next plan step; drops the results of the previous one',
  });
  select.next(whichPath);
  return select;
}
