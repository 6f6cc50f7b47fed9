import { UpgradeEventType, UpgradePhase } from '@eks-upgrade/core-models';
import { ChoiceState, Condition, type State, WaitState } from '../asl/states.js';
import type { StateFactory } from './state-factory.js';
import type { StepReports } from './step-reports.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * How a step that validated healthy completes, by kind: a traffic step publishes
 * `traffic.shifted`, bakes for `bakeTimeSeconds` and must validate healthy again (scope `bake`,
 * else `Upgrade.BakeValidationFailed`); a cluster provision or decommission publishes its event;
 * then `phase.completed` and the report `succeeded`. Returns `Step: Which kind?`.
 */
export function stepCompletionStates(f: StateFactory, reports: StepReports): State {
  const o = f.options;
  const { stepDetail, reportFailure, reportSuccess, catchFailure } = reports;
  const bakeFailed = f.stepFailure(
    'Step: Record bake failure',
    WorkflowError.BAKE_VALIDATION_FAILED,
    '$.bake.validation.summary',
    reportFailure,
  );

  const publishStepCompleted = f.event(
    'Step: Publish completed',
    UpgradeEventType.PHASE_COMPLETED,
    { phase: UpgradePhase.EXECUTION, ...stepDetail },
    reportSuccess,
  );
  // Traffic steps: traffic.shifted → bake → validation (scope bake) must be healthy.
  const publishBakeSuccess = f.event(
    'Step: Publish bake validation success',
    UpgradeEventType.VALIDATION_SUCCESS,
    { ...stepDetail, 'summary.$': '$.bake.validation.summary' },
    publishStepCompleted,
  );
  const publishBakeFailure = f.event(
    'Step: Publish bake validation failure',
    UpgradeEventType.VALIDATION_FAILURE,
    {
      ...stepDetail,
      'summary.$': '$.bake.validation.summary',
      'failedChecks.$': '$.bake.validation.failedChecks',
    },
    bakeFailed,
  );
  const checkBake = new ChoiceState('Step: Healthy after bake?')
    .when(Condition.stringEquals('$.bake.validation.status', 'healthy'), publishBakeSuccess)
    .otherwise(publishBakeFailure);
  const validateBake = catchFailure(
    f.lambda(
      'Step: Validate after bake',
      UpgradePhase.VALIDATION,
      {
        'request.$': '$.request',
        scope: 'bake',
        'step.$': '$.step',
        'stepResult.$': '$.execution.stepResult',
        'approvedTrafficTarget.$': '$.approvedTrafficTarget',
      },
      'validation',
      '$.bake',
    ),
  );
  validateBake.next(checkBake);
  const bake = new WaitState('Step: Bake', { seconds: o.bakeTimeSeconds });
  bake.next(validateBake);
  const publishTrafficShifted = f.event(
    'Step: Publish traffic shifted',
    UpgradeEventType.TRAFFIC_SHIFTED,
    {
      'blueClusterName.$': '$.step.blueClusterName',
      'greenClusterName.$': '$.step.greenClusterName',
      'weight.$': '$.step.toWeight',
      'previousWeight.$': '$.step.fromWeight',
    },
    bake,
  );
  const publishProvisioned = f.event(
    'Step: Publish cluster provisioned',
    UpgradeEventType.CLUSTER_PROVISIONED,
    {
      'clusterName.$': '$.step.clusterName',
      'sourceClusterName.$': '$.step.sourceClusterName',
      'version.$': '$.step.version',
    },
    publishStepCompleted,
  );
  const publishDecommissioned = f.event(
    'Step: Publish cluster decommissioned',
    UpgradeEventType.CLUSTER_DECOMMISSIONED,
    { 'clusterName.$': '$.step.clusterName', reason: 'blue/green upgrade completed' },
    publishStepCompleted,
  );
  const routeByKind = new ChoiceState('Step: Which kind?')
    .when(Condition.stringEquals('$.step.kind', 'traffic_shift'), publishTrafficShifted)
    .when(Condition.stringEquals('$.step.kind', 'cluster_provision'), publishProvisioned)
    .when(Condition.stringEquals('$.step.kind', 'cluster_decommission'), publishDecommissioned)
    .otherwise(publishStepCompleted);
  return routeByKind;
}
