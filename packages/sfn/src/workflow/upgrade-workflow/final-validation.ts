import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import {
  ChoiceState,
  Condition,
  PassState,
  type State,
  SucceedState,
  type TaskState,
} from '../asl/states.js';
import type { StateFactory } from './state-factory.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * After the last step: `phase.started` of the validation phase → the final validation of the
 * upgraded cluster (scope `final`) → `validation.success`, `phase.completed` and
 * `upgrade.completed` → `Upgrade: Succeeded`; unhealthy or failed → `validation.failure` (with
 * the failed checks) → `onValidationFailure` (the rollback) with `Upgrade.FinalValidationFailed`.
 * Returns the first state (`Validation: Publish started`).
 */
export function finalValidationStates(f: StateFactory, onValidationFailure: State): TaskState {
  const succeeded = new SucceedState('Upgrade: Succeeded');
  const publishCompleted = f.event(
    'Upgrade: Publish completed',
    UpgradeEventType.UPGRADE_COMPLETED,
    { 'targetVersion.$': '$.request.targetVersion' },
    succeeded,
  );
  const publishValidationCompleted = f.event(
    'Validation: Publish completed',
    UpgradeEventType.PHASE_COMPLETED,
    { phase: UpgradePhase.VALIDATION },
    publishCompleted,
  );
  const publishFinalSuccess = f.event(
    'Validation: Publish success',
    UpgradeEventType.VALIDATION_SUCCESS,
    { 'summary.$': '$.check.validation.summary' },
    publishValidationCompleted,
  );
  const recordFinalFailure = new PassState('Validation: Record failure', {
    parameters: { Error: WorkflowError.FINAL_VALIDATION_FAILED, 'Cause.$': '$.check.validation.summary' },
    resultPath: '$.failure',
  });
  recordFinalFailure.next(onValidationFailure);
  const publishFinalFailure = f.event(
    'Validation: Publish failure',
    UpgradeEventType.VALIDATION_FAILURE,
    { 'summary.$': '$.check.validation.summary', 'failedChecks.$': '$.check.validation.failedChecks' },
    recordFinalFailure,
  );
  const checkFinal = new ChoiceState('Validation: Healthy?')
    .when(Condition.stringEquals('$.check.validation.status', 'healthy'), publishFinalSuccess)
    .otherwise(publishFinalFailure);
  const finalValidation = f
    .lambda(
      'Validation: Check the upgraded cluster',
      UpgradePhase.VALIDATION,
      {
        'request.$': '$.request',
        scope: 'final',
        'plan.$': '$.plan',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
      'validation',
      '$.check',
    )
    .addCatch(onValidationFailure, { resultPath: '$.failure' });
  finalValidation.next(checkFinal);
  const publishValidationStarted = f.event(
    'Validation: Publish started',
    UpgradeEventType.PHASE_STARTED,
    { phase: UpgradePhase.VALIDATION },
    finalValidation,
  );
  return publishValidationStarted;
}
