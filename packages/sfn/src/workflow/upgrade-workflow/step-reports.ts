import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { PassState, type TaskState } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import type { StateFactory } from './state-factory.js';
import { WorkflowError } from './workflow-errors.js';

/** The ends of a step's child execution: it reports to its parent instead of failing. */
export interface StepReports {
  /** The `stepId` detail of the step's events. */
  readonly stepDetail: JsonObject;
  /** `phase.failed` of the step, then the report `failed` with the failure at `$.failure`. */
  readonly reportFailure: TaskState;
  /** `phase.failed` with `Upgrade.DeadlineReached`, then the report `deadline`. */
  readonly reportDeadline: TaskState;
  /** The report `succeeded`. */
  readonly reportSuccess: PassState;
  /** Adds the catch of any error of `task` into `reportFailure`. */
  readonly catchFailure: <T extends TaskState>(task: T) => T;
}

/**
 * The reports a step's child execution ends with (`outcome` succeeded | failed | deadline, the
 * step's id and index): the parent's `Step: Run` collects them and decides.
 */
export function stepReports(f: StateFactory): StepReports {
  const stepDetail: JsonObject = { 'stepId.$': '$.step.id' };
  const report = (name: string, outcome: string, extra: JsonObject = {}): PassState =>
    new PassState(name, {
      parameters: { outcome, 'stepId.$': '$.step.id', 'index.$': '$.steps.index', ...extra },
    }).end();
  // A step's phase.started is closed by phase.failed when it fails or meets the deadline.
  const reportFailure = f.event(
    'Step: Publish failed',
    UpgradeEventType.PHASE_FAILED,
    {
      phase: UpgradePhase.EXECUTION,
      ...stepDetail,
      'error.$': '$.failure.Error',
      'cause.$': '$.failure.Cause',
    },
    report('Step: Report failure', 'failed', { 'failure.$': '$.failure' }),
  );
  const reportDeadline = f.event(
    'Step: Publish deadline failure',
    UpgradeEventType.PHASE_FAILED,
    {
      phase: UpgradePhase.EXECUTION,
      ...stepDetail,
      error: WorkflowError.DEADLINE_REACHED,
      'cause.$':
        "States.Format('The execution reached its deadline {} while step {} ran', $.deadline.at, $.step.id)",
    },
    report('Step: Report deadline', 'deadline'),
  );
  const reportSuccess = report('Step: Report success', 'succeeded');
  const catchFailure = <T extends TaskState>(task: T): T =>
    task.addCatch(reportFailure, { resultPath: '$.failure' });
  return { stepDetail, reportFailure, reportDeadline, reportSuccess, catchFailure };
}
