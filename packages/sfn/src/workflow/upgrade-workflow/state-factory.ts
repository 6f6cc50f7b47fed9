import { UpgradeEventType, type UpgradePhase } from '@eks-upgrade/core-models';
import { type FailState, PassState, type State, TaskState } from '../asl/states.js';
import type { JsonObject } from '../asl/types.js';
import {
  EVENTS_PUT_EVENTS_RESOURCE,
  LAMBDA_INVOKE_RESOURCE,
  LAMBDA_TRANSIENT_ERRORS,
  RETRYABLE_AWS_ERROR_RETRY,
} from './service-integrations.js';
import type { WorkflowError } from './workflow-errors.js';
import type { ResolvedUpgradeWorkflowOptions } from './workflow-options.js';

/** Event detail fields every event carries: the cluster and the upgrade (execution) id. */
export const DETAIL_BASE: JsonObject = {
  'clusterName.$': '$.request.clusterName',
  'upgradeId.$': '$.upgradeId',
};
/** `phase.failed` of the phase `$.failedPhase` names, with the failure recorded at `$.failure`. */
export const FAILED_PHASE_DETAIL: JsonObject = {
  'phase.$': '$.failedPhase',
  'error.$': '$.failure.Error',
  'cause.$': '$.failure.Cause',
};
/** `upgrade.failed` with the failed phase and the failure recorded at `$.failure`. */
export const UPGRADE_FAILED_DETAIL: JsonObject = {
  'targetVersion.$': '$.request.targetVersion',
  ...FAILED_PHASE_DETAIL,
};

/**
 * Builds the states every part of the workflow is made of, with the resolved options: the
 * best-effort event publishers, the phase function tasks with their retries, and the small Pass
 * states that record a failure. Each part of the workflow (a module of this folder) takes one.
 *
 * @example
 * ```ts
 * const f = new StateFactory(resolveWorkflowOptions());
 * const done = f.event('Upgrade: Publish completed', UpgradeEventType.UPGRADE_COMPLETED, {}, new SucceedState('Done'));
 * ```
 */
export class StateFactory {
  constructor(readonly options: ResolvedUpgradeWorkflowOptions) {}

  /** A best-effort PutEvents task: retried, then skipped (events never fail an upgrade). */
  event(name: string, type: UpgradeEventType, detail: JsonObject, next: State): TaskState {
    const task = new TaskState(name, {
      resource: EVENTS_PUT_EVENTS_RESOURCE,
      parameters: {
        Entries: [
          {
            Source: this.options.eventSource,
            DetailType: type,
            EventBusName: this.options.eventBusName,
            Detail: { ...DETAIL_BASE, ...detail },
          },
        ],
      },
      resultPath: null,
      timeoutSeconds: this.options.eventTimeoutSeconds,
    })
      .addRetry({ errors: ['States.ALL'], intervalSeconds: 1, maxAttempts: 2, backoffRate: 2 })
      .addCatch(next, { resultPath: '$.eventFailure' });
    task.next(next);
    return task;
  }

  /**
   * A `lambda:invoke` task with AWS's recommended retry of Lambda's transient errors (or only
   * `retriedLambdaErrors` of them, when a task handles the others itself), the retry of
   * retryable AWS failures (`RETRYABLE_AWS_ERROR_RETRY`) and the Payload selected. The payload
   * is built from the state, or (`{ path }`) is the state at that path.
   */
  lambda(
    name: string,
    phase: UpgradePhase,
    payload: JsonObject | { path: string },
    resultKey: string,
    resultPath: string,
    timeoutSeconds = this.options.taskTimeoutSeconds,
    retriedLambdaErrors: readonly string[] = LAMBDA_TRANSIENT_ERRORS,
  ): TaskState {
    const input: JsonObject =
      'path' in payload && typeof payload.path === 'string'
        ? { 'Payload.$': payload.path }
        : { Payload: payload };
    return new TaskState(name, {
      resource: LAMBDA_INVOKE_RESOURCE,
      parameters: { FunctionName: this.options.functions[phase], ...input },
      resultSelector: { [`${resultKey}.$`]: '$.Payload' },
      resultPath,
      timeoutSeconds,
    })
      .addRetry({ errors: retriedLambdaErrors, intervalSeconds: 1, maxAttempts: 3, backoffRate: 2 })
      .addRetry(RETRYABLE_AWS_ERROR_RETRY);
  }

  /**
   * The end of a path that changed nothing: `phase.failed` for the phase at `$.failedPhase`, then
   * `upgrade.failed`, then the Fail state `end` (with `$.failure`'s error and cause).
   */
  closeAndFail(phaseFailedName: string, upgradeFailedName: string, end: FailState): TaskState {
    const publishUpgradeFailed = this.event(
      upgradeFailedName,
      UpgradeEventType.UPGRADE_FAILED,
      UPGRADE_FAILED_DETAIL,
      end,
    );
    return this.event(
      phaseFailedName,
      UpgradeEventType.PHASE_FAILED,
      FAILED_PHASE_DETAIL,
      publishUpgradeFailed,
    );
  }

  /** A Pass state recording which phase failed (`$.failedPhase`, read by the failure events), then `next`. */
  noteFailedPhase(name: string, phase: UpgradePhase, next: State): PassState {
    const state = new PassState(name, { result: phase, resultPath: '$.failedPhase' });
    state.next(next);
    return state;
  }

  /** A Pass state recording the step's failure, then on to rollback. */
  stepFailure(name: string, error: WorkflowError, causePath: string, onFailure: State): PassState {
    const state = new PassState(name, {
      parameters: { Error: error, 'Cause.$': causePath },
      resultPath: '$.failure',
    });
    state.next(onFailure);
    return state;
  }
}
