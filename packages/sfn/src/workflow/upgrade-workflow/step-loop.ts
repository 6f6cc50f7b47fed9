import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, PassState, type State, type TaskState } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import type { DeadlineStates } from './deadline.js';
import type { StateFactory } from './state-factory.js';

/**
 * The fields every step of the loop carries; step-level results are dropped between steps.
 * `deadline` is `{ at }` (the plan's deadline) or `{}` for a plan without one; `approvedTrafficTarget`
 * is the traffic target the last approval supplied (null until then); `changed` is false until
 * a step other than a gate has run (a gate rejected before that ends "Upgrade: Rejected").
 */
export const LOOP_STATE_KEPT: JsonObject = {
  'request.$': '$.request',
  'upgradeId.$': '$.upgradeId',
  'plan.$': '$.plan',
  'deadline.$': '$.deadline',
  'approvedTrafficTarget.$': '$.approvedTrafficTarget',
};
export const LOOP_STATE: JsonObject = { ...LOOP_STATE_KEPT, 'changed.$': '$.changed' };

/** The advance after a step that ran work (the upgrade has changed something from here on). */
export const ADVANCE_AFTER_WORK = 'Upgrade: Next step';
/** The advance after a gate (nothing changed by it). */
export const ADVANCE_AFTER_GATE = 'Upgrade: Next step after gate';

/** The two states that move the step loop on; every stage ends in one of them. */
export interface StepLoopAdvances {
  /** Moves the loop to the next step after a stage that ran work. */
  readonly advance: PassState;
  /** Moves the loop past a gate. */
  readonly advanceAfterGate: PassState;
}

/** The loop's advance states (their next state is set by `stepLoopStates`). */
export function createLoopAdvances(): StepLoopAdvances {
  return {
    advance: new PassState(ADVANCE_AFTER_WORK, {
      parameters: {
        ...LOOP_STATE_KEPT,
        changed: true,
        steps: {
          'count.$': '$.steps.count',
          // A stage of a parallel group spans steps first..last; a lone step is a stage of one.
          'index.$': 'States.MathAdd($.stage.last, 1)',
          'now.$': '$$.State.EnteredTime',
        },
      },
    }),
    advanceAfterGate: new PassState(ADVANCE_AFTER_GATE, {
      parameters: {
        ...LOOP_STATE,
        steps: {
          'count.$': '$.steps.count',
          'index.$': 'States.MathAdd($.steps.index, 1)',
          'now.$': '$$.State.EnteredTime',
        },
      },
    }),
  };
}

/** What the step loop leads to. */
export interface StepLoopTargets {
  /** The stage that runs the selected step (see `stageStates`). */
  readonly stage: State;
  /** The workflow's deadline states (the loop checks the deadline before each step). */
  readonly deadline: DeadlineStates;
  /** After the last step (the final validation's first state). */
  readonly afterLastStep: State;
}

/**
 * The plan's steps, one at a time (a loop: the state is rebuilt for each step): `upgrade.started`
 * and the execution phase's `phase.started`, the deadline kept for the child executions, then
 * `Upgrade: More steps?` before each stage (past the deadline: roll back) until every step ran,
 * when the execution phase is closed. Returns the first state (`Upgrade: Publish started`).
 */
export function stepLoopStates(f: StateFactory, loop: StepLoopAdvances, targets: StepLoopTargets): TaskState {
  const { deadlineReached, pastDeadline } = targets.deadline;
  const moreSteps = new ChoiceState('Upgrade: More steps?')
    .when(
      Condition.and(
        Condition.numericLessThanPath('$.steps.index', '$.steps.count'),
        pastDeadline('$.steps.now'),
      ),
      deadlineReached,
    )
    .when(Condition.numericLessThanPath('$.steps.index', '$.steps.count'), targets.stage)
    .otherwise(
      // Every step done: the execution phase is closed before the final validation starts.
      f.event(
        'Upgrade: Publish execution completed',
        UpgradeEventType.PHASE_COMPLETED,
        { phase: UpgradePhase.EXECUTION },
        targets.afterLastStep,
      ),
    );
  loop.advance.next(moreSteps);
  loop.advanceAfterGate.next(moreSteps);
  const startSteps = new PassState('Upgrade: Start steps', {
    parameters: {
      'count.$': 'States.ArrayLength($.plan.steps)',
      index: 0,
      'now.$': '$$.State.EnteredTime',
    },
    resultPath: '$.steps',
  });
  startSteps.next(moreSteps);
  // What every step's child execution needs of the plan, without the plan itself (its steps
  // would make every child's input as large as the plan): the deadline, if the plan has one.
  const loopStart = (name: string, deadline: JsonObject): PassState => {
    const state = new PassState(name, {
      parameters: {
        'request.$': '$.request',
        'upgradeId.$': '$.upgradeId',
        'plan.$': '$.plan',
        deadline,
        approvedTrafficTarget: null,
        changed: false,
      },
    });
    state.next(startSteps);
    return state;
  };
  const deadlineSet = new ChoiceState('Upgrade: Deadline set?')
    .when(
      Condition.isPresent('$.plan.deadline'),
      loopStart('Upgrade: Keep the deadline', { 'at.$': '$.plan.deadline' }),
    )
    .otherwise(loopStart('Upgrade: No deadline', {}));

  const publishExecutionStarted = f.event(
    'Upgrade: Publish execution started',
    UpgradeEventType.PHASE_STARTED,
    { phase: UpgradePhase.EXECUTION },
    deadlineSet,
  );
  const publishUpgradeStarted = f.event(
    'Upgrade: Publish started',
    UpgradeEventType.UPGRADE_STARTED,
    {
      'targetVersion.$': '$.request.targetVersion',
      'strategy.$': '$.request.strategy',
      'sourceVersion.$': '$.plan.sourceVersion',
    },
    publishExecutionStarted,
  );
  return publishUpgradeStarted;
}
