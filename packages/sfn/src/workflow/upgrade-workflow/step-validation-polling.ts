import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, PassState, type State, WaitState } from '../asl/states.js';
import type { StateFactory } from './state-factory.js';
import type { StepReports } from './step-reports.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * The polls of a started step: wait the step's `pollAfterSeconds`, then validate (scope `step`)
 * every `pollIntervalSeconds` while the update is `in_progress`, at most `maxStepPolls` times
 * (then `Upgrade.ValidationTimeout`), and report `deadline` when a poll finds the deadline passed.
 * Healthy → `validation.success` → `onHealthy`; anything else → `validation.failure` (with the
 * failed checks) and `Upgrade.ValidationFailed`. Returns `Step: Start polling`.
 */
export function stepValidationPollingStates(
  f: StateFactory,
  maxStepPolls: number,
  reports: StepReports,
  onHealthy: State,
): State {
  const o = f.options;
  const { stepDetail, reportFailure, reportDeadline, catchFailure } = reports;
  // The deadline the parent's plan states, checked by the polls of the child.
  const pastDeadline = Condition.and(
    Condition.isPresent('$.deadline.at'),
    Condition.timestampGreaterThanEqualsPath('$.poll.now', '$.deadline.at'),
  );
  const validationFailed = f.stepFailure(
    'Step: Record validation failure',
    WorkflowError.VALIDATION_FAILED,
    '$.check.validation.summary',
    reportFailure,
  );
  const validationTimedOut = f.stepFailure(
    'Step: Record validation timeout',
    WorkflowError.VALIDATION_TIMEOUT,
    '$.check.validation.summary',
    reportFailure,
  );

  // Poll until the update finished, then judge it.
  const publishValidationSuccess = f.event(
    'Step: Publish validation success',
    UpgradeEventType.VALIDATION_SUCCESS,
    { ...stepDetail, 'summary.$': '$.check.validation.summary' },
    onHealthy,
  );
  const publishValidationFailure = f.event(
    'Step: Publish validation failure',
    UpgradeEventType.VALIDATION_FAILURE,
    {
      ...stepDetail,
      'summary.$': '$.check.validation.summary',
      'failedChecks.$': '$.check.validation.failedChecks',
    },
    validationFailed,
  );
  const publishValidationTimeout = f.event(
    'Step: Publish validation timeout',
    UpgradeEventType.VALIDATION_FAILURE,
    {
      ...stepDetail,
      'summary.$': '$.check.validation.summary',
      'failedChecks.$': '$.check.validation.failedChecks',
    },
    validationTimedOut,
  );
  const validate = catchFailure(
    f.lambda(
      'Step: Validate',
      UpgradePhase.VALIDATION,
      {
        'request.$': '$.request',
        scope: 'step',
        'step.$': '$.step',
        'stepResult.$': '$.execution.stepResult',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
      'validation',
      '$.check',
    ),
  );
  const waitBeforeNextPoll = new WaitState('Step: Wait before next poll', {
    seconds: o.pollIntervalSeconds,
  });
  waitBeforeNextPoll.next(validate);
  const checkValidation = new ChoiceState('Step: Update finished?')
    .when(
      Condition.and(Condition.stringEquals('$.check.validation.status', 'in_progress'), pastDeadline),
      reportDeadline,
    )
    .when(
      Condition.and(
        Condition.stringEquals('$.check.validation.status', 'in_progress'),
        Condition.numericLessThan('$.poll.count', maxStepPolls),
      ),
      waitBeforeNextPoll,
    )
    .when(Condition.stringEquals('$.check.validation.status', 'in_progress'), publishValidationTimeout)
    .when(Condition.stringEquals('$.check.validation.status', 'healthy'), publishValidationSuccess)
    .otherwise(publishValidationFailure);
  const countPoll = new PassState('Step: Count poll', {
    parameters: { 'count.$': 'States.MathAdd($.poll.count, 1)', 'now.$': '$$.State.EnteredTime' },
    resultPath: '$.poll',
  });
  countPoll.next(checkValidation);
  validate.next(countPoll);
  const waitForUpdate = new WaitState('Step: Wait for update', {
    secondsPath: '$.execution.stepResult.pollAfterSeconds',
  });
  waitForUpdate.next(validate);
  const startPolling = new PassState('Step: Start polling', { result: { count: 0 }, resultPath: '$.poll' });
  startPolling.next(waitForUpdate);
  return startPolling;
}
