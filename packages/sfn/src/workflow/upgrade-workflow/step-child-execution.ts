import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, type State, WaitState } from '../asl/states.js';
import type { StateFactory } from './state-factory.js';
import { stepCompletionStates } from './step-completion.js';
import { stepReports } from './step-reports.js';
import { stepValidationPollingStates } from './step-validation-polling.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * The work of one plan step, run as a child execution (the Distributed Map's item processor):
 * execute (again after a deferral's wait) → wait → poll until the update finished → validate;
 * traffic steps publish `traffic.shifted`, bake, and must validate healthy. Ends with a report
 * (`outcome` succeeded | failed | deadline) instead of failing, so its parent decides.
 */
export function stepChildExecutionStates(f: StateFactory, maxStepPolls: number): State {
  const reports = stepReports(f);
  const { stepDetail, reportFailure, reportDeadline, catchFailure } = reports;
  const stepFailed = f.stepFailure(
    'Step: Record step failure',
    WorkflowError.STEP_FAILED,
    '$.execution.stepResult.message',
    reportFailure,
  );
  const startPolling = stepValidationPollingStates(
    f,
    maxStepPolls,
    reports,
    stepCompletionStates(f, reports),
  );
  const execute = catchFailure(
    f.lambda(
      'Step: Execute',
      UpgradePhase.EXECUTION,
      {
        'request.$': '$.request',
        'step.$': '$.step',
        'stepSelectedAt.$': '$.stepSelectedAt',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
      'stepResult',
      '$.execution',
    ),
  );
  // A deferral (contract: core-models' StepDeferral): wait until then and execute the same step
  // again (stepSelectedAt stays the first selection's); one past the deadline rolls back now.
  const waitUntilDeferred = new WaitState('Step: Wait until deferred', {
    timestampPath: '$.execution.stepResult.deferredUntil',
  });
  waitUntilDeferred.next(execute);
  const deferralFits = new ChoiceState('Step: Deferral past deadline?')
    .when(
      Condition.and(
        Condition.isPresent('$.deadline.at'),
        Condition.timestampGreaterThanPath('$.execution.stepResult.deferredUntil', '$.deadline.at'),
      ),
      reportDeadline,
    )
    .otherwise(waitUntilDeferred);
  const checkExecution = new ChoiceState('Step: Started?')
    .when(Condition.isPresent('$.execution.stepResult.deferredUntil'), deferralFits)
    .when(Condition.stringEquals('$.execution.stepResult.status', 'failed'), stepFailed)
    .otherwise(startPolling);
  execute.next(checkExecution);
  const publishStarted = f.event(
    'Step: Publish started',
    UpgradeEventType.PHASE_STARTED,
    { phase: UpgradePhase.EXECUTION, ...stepDetail },
    execute,
  );
  return publishStarted;
}
