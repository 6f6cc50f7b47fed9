import {
  ExecutionError,
  type ExecutionInput,
  ExecutionInputSchema,
  type ExecutionPhaseResult,
  type GateWait,
  parseOrThrow,
  type StepDeferral,
  type StepResult,
  StepResultSchema,
  withApprovedTrafficTarget,
} from '@eks-upgrade/core-models';
import { stepKindOf } from '../steps/registry.js';
import type { GatewayOperation } from '../steps/step-kind-module.js';
import { maintenanceWindowDeferral } from '../windows/maintenance-window-deferral.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';

export { nodegroupCopySpec } from '../steps/nodegroup-provision/nodegroup-copy-spec.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;

/**
 * The gateway operations the execution phase calls itself, beyond what its step kinds declare:
 * none, as every call belongs to a step kind.
 */
export const EXECUTION_OWN_OPERATIONS: readonly GatewayOperation[] = [];

/**
 * Execution: performs one plan step and returns at once with what to poll. Safe under Step
 * Functions retries: a resource already at the step's target gives `skipped`; an update for the
 * same target already in progress (ListUpdates + DescribeUpdate, or EKS's
 * ResourceInUseException) is returned instead of starting a second one. What each kind does is
 * in its module (`STEP_KINDS`).
 *
 * @throws ExecutionError when the cluster is not where the step expects it, or another update blocks it.
 * @example
 * ```ts
 * const result = await executeStep({ request, step: plan.steps[0] }, { gateway, config });
 * // { status: 'in_progress', updateId: '…', pollAfterSeconds: 30, ... }
 * ```
 */
export async function executeStep(input: ExecutionInput, dependencies: Dependencies): Promise<StepResult> {
  return executeStepFromParsedInput(
    parseOrThrow(ExecutionInputSchema, input, 'execution input'),
    dependencies,
  );
}

/** `executeStep` for an input already parsed with `ExecutionInputSchema` (by `executeOrDeferStep`). */
async function executeStepFromParsedInput(
  parsed: ExecutionInput,
  dependencies: Dependencies,
): Promise<StepResult> {
  const { step } = parsed;
  // A traffic step moves traffic to the green record the workload gate's approval named, when the request names none.
  const request = withApprovedTrafficTarget(parsed.request, parsed.approvedTrafficTarget);
  const logger = dependencies.logger ?? silentLogger;
  const startedAt = (dependencies.clock ?? systemClock).now().toISOString();
  const kind = stepKindOf(step);
  logger.info('Executing step', { stepId: step.id, kind: step.kind, what: kind.describe(step) });
  const outcome = await kind.execute(step, { gateway: dependencies.gateway, request });
  const result = parseOrThrow(
    StepResultSchema,
    {
      ...outcome,
      stepId: step.id,
      kind: step.kind,
      pollAfterSeconds:
        outcome.pollAfterSeconds ??
        (outcome.status === 'in_progress' ? dependencies.config.upgrade.pollIntervalSeconds : 0),
      startedAt,
    },
    'step result',
  );
  logger.info('Step executed', {
    stepId: step.id,
    status: result.status,
    updateId: result.updateId,
    changeId: result.changeId,
  });
  return result;
}

/**
 * The deferral a step's own kind asks for (a retention period counted from when the workflow
 * first selected the step), as a `StepDeferral`; none without `stepSelectedAt`, as only the
 * workflow knows when it first selected the step.
 */
function kindDeferral(input: ExecutionInput, now: Date): StepDeferral | undefined {
  const { step, stepSelectedAt } = input;
  const kind = stepKindOf(step);
  if (!kind.deferral || !stepSelectedAt) return undefined;
  const wait = kind.deferral(step, { stepSelectedAt: new Date(stepSelectedAt), now });
  if (!wait || wait.until.getTime() <= now.getTime()) return undefined;
  return {
    stepId: step.id,
    kind: step.kind,
    clusterName: 'clusterName' in step ? step.clusterName : step.blueClusterName,
    started: false,
    deferredUntil: wait.until.toISOString(),
    deferredReason: wait.reason,
    message: `${step.id} waits until ${wait.until.toISOString()}`,
  };
}

/**
 * How long an approval gate may wait: its own timeout, cut to the seconds left before the
 * workflow's deadline (at least 1, Step Functions' minimum TimeoutSeconds). A `.waitForTaskToken`
 * task ends only when answered or at its own timeout, and a wait still running when the
 * execution's TimeoutSeconds passes ends the execution with States.Timeout, which no Catch sees
 * (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html); cut at the
 * deadline, the workflow rolls back while the time kept for the rollback is left.
 *
 * @throws ExecutionError when the step is not an approval gate.
 * @example
 * ```ts
 * gateWaitOf(gate, '2026-12-01T12:00:00Z', new Date('2026-12-01T11:30:00Z')).waitSeconds; // 1800 (gate: 3600)
 * ```
 */
export function gateWaitOf(step: ExecutionInput['step'], deadline: string | undefined, now: Date): GateWait {
  if (step.kind !== 'approval_gate') {
    throw new ExecutionError(
      `Execution was asked how long step ${step.id} may wait at a gate, but it is a ${step.kind} step, not an approval gate: redeploy the workflow and the functions from one release`,
      { phase: 'execution' },
    );
  }
  const own = step.gate.timeoutSeconds;
  const left =
    deadline === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor((Date.parse(deadline) - now.getTime()) / 1000);
  const cutByDeadline = left < own;
  const waitSeconds = Math.max(1, Math.min(own, left));
  return {
    stepId: step.id,
    kind: 'approval_gate',
    clusterName: step.clusterName,
    waitSeconds,
    cutByDeadline,
    message: cutByDeadline
      ? `Gate ${step.id} may wait ${waitSeconds} s: the workflow's deadline ${deadline} comes before its own ${own} s timeout`
      : `Gate ${step.id} may wait its ${own} s timeout`,
  };
}

/**
 * Execution as the workflow calls it: the step's deferral when it may not start yet, else
 * `executeStep`. A disruptive step (its kind's `disruptive`) waits for a maintenance window it
 * typically fits in (`upgrade.maintenanceWindows`); the workflow waits until `deferredUntil`
 * and calls again with the same step (contract C). Nothing is changed by a deferral.
 *
 * @throws ExecutionError when no maintenance window is long enough for the step.
 * @example
 * ```ts
 * const result = await executeOrDeferStep({ request, step, stepSelectedAt }, { gateway, config });
 * if (isStepDeferral(result)) console.log(result.deferredUntil, result.deferredReason);
 * ```
 */
export async function executeOrDeferStep(
  input: ExecutionInput,
  dependencies: Dependencies,
): Promise<ExecutionPhaseResult> {
  return executeOrDeferStepFromParsedInput(
    parseOrThrow(ExecutionInputSchema, input, 'execution input'),
    dependencies,
  );
}

/**
 * `executeOrDeferStep` for an input already parsed with `ExecutionInputSchema`: the handlers
 * parse the event once, at the boundary, and call this.
 *
 * @example
 * ```ts
 * const input = parseOrThrow(ExecutionInputSchema, event, 'execution input');
 * const result = await executeOrDeferStepFromParsedInput(input, { gateway, config });
 * ```
 */
export async function executeOrDeferStepFromParsedInput(
  parsed: ExecutionInput,
  dependencies: Dependencies,
): Promise<ExecutionPhaseResult> {
  const now = (dependencies.clock ?? systemClock).now();
  if (parsed.gateWait) return gateWaitOf(parsed.step, parsed.gateWait.deadline.at, now);
  const kind = stepKindOf(parsed.step);
  const ownDeferral = kindDeferral(parsed, now);
  if (ownDeferral) return ownDeferral;
  const deferral = maintenanceWindowDeferral(
    parsed.step,
    {
      disruptive: kind.disruptive === true,
      estimateSeconds: kind.typicalDurationSeconds(parsed.step, dependencies.config),
    },
    dependencies.config,
    (dependencies.clock ?? systemClock).now(),
  );
  if (deferral) {
    (dependencies.logger ?? silentLogger).info('Step deferred', {
      stepId: deferral.stepId,
      deferredUntil: deferral.deferredUntil,
      reason: deferral.deferredReason,
    });
    return deferral;
  }
  return executeStepFromParsedInput(parsed, dependencies);
}
