import { ConfigurationError, ExecutionError, ValidationError } from '@eks-upgrade/core-models';
import { type PendingGate, pendingGatePlan, type StepFunctionsClient } from '@eks-upgrade/sfn';
import type { CommandRuntime } from '../context/command-context.js';
import { checkExecutionTarget, type ExecutionTargetFlags, executionTarget } from './workflow-target.js';

/** A pending gate as `status`, `watch`, `approve` and `reject` show it (the task token left out). */
export interface PendingGateView {
  readonly executionArn: string;
  readonly clusterName: string;
  readonly planId: string;
  readonly stepId: string;
  readonly purpose: string;
  readonly summary: string;
  readonly acceptsTrafficTarget: boolean;
  readonly timeoutSeconds: number;
  readonly pendingSince: string;
  readonly timesOutAt: string;
  /** The commands that answer it. */
  readonly approveWith: string;
  readonly rejectWith: string;
  /** What approving runs: the plan's steps after this gate, up to the next gate (`id: description`). */
  readonly thenRuns?: readonly string[];
}

/** The plan's steps after the gate, up to the next gate; `undefined` when the plan is not at hand. */
function stepsAfter(pending: PendingGate): string[] | undefined {
  let plan: ReturnType<typeof pendingGatePlan>;
  try {
    plan = pendingGatePlan(pending);
  } catch {
    // A state that does not hold a valid plan: the view shows the gate without it.
    return undefined;
  }
  const at = plan?.steps.findIndex((step) => step.id === pending.detail.stepId) ?? -1;
  if (!plan || at < 0) return undefined;
  const after = plan.steps.slice(at + 1);
  const nextGate = after.findIndex((step) => step.kind === 'approval_gate');
  return (nextGate < 0 ? after : after.slice(0, nextGate)).map((step) => `${step.id}: ${step.description}`);
}

/**
 * What a pending gate shows: what is asked, since and until when, and how to answer it.
 *
 * @example
 * ```ts
 * const view = pendingGateView(pending);
 * context.log.warn(`${view.purpose} gate ${view.stepId}: ${view.summary}`);
 * ```
 */
export function pendingGateView(pending: PendingGate): PendingGateView {
  const { detail } = pending;
  const cluster = `--cluster ${detail.clusterName}`;
  const approveWith =
    detail.gate.purpose === 'plan'
      ? `eks-upgrade approve ${cluster} --plan-id ${detail.planId}`
      : detail.gate.acceptsTrafficTarget
        ? `eks-upgrade approve ${cluster} --traffic-target '{"setIdentifier":"…"}'`
        : `eks-upgrade approve ${cluster}`;
  const thenRuns = stepsAfter(pending);
  return {
    executionArn: detail.executionArn,
    clusterName: detail.clusterName,
    planId: detail.planId,
    stepId: detail.stepId,
    purpose: detail.gate.purpose,
    summary: detail.gate.summary,
    acceptsTrafficTarget: detail.gate.acceptsTrafficTarget,
    timeoutSeconds: detail.gate.timeoutSeconds,
    pendingSince: pending.pendingSince.toISOString(),
    timesOutAt: pending.timesOutAt.toISOString(),
    approveWith,
    rejectWith: `eks-upgrade reject ${cluster} --reason "…"`,
    ...(thenRuns ? { thenRuns } : {}),
  };
}

/** One line for stderr: which gate waits, for what, until when, and how to answer it. */
export function describePendingGate(view: PendingGateView): string {
  const runs = view.thenRuns;
  const next =
    runs === undefined
      ? ''
      : runs.length === 0
        ? ' Approving then finishes the plan.'
        : ` Approving then runs ${runs
            .slice(0, 3)
            .map((step) => step.split(':')[0])
            .join(', ')}${runs.length > 3 ? ` and ${runs.length - 3} more` : ''}.`;
  return `waiting at the ${view.purpose} gate ${view.stepId} until ${view.timesOutAt}: ${view.summary}${next} Answer with: ${view.approveWith} (or ${view.rejectWith})`;
}

/**
 * Checks that an answer names its execution: `--cluster` or EXECUTION (approving the newest
 * execution of whichever cluster would be a guess).
 */
export function checkGateTarget(execution: string | undefined, flags: ExecutionTargetFlags, command: string) {
  if (execution === undefined && flags.cluster === undefined) {
    throw new ValidationError(`Invalid ${command}`, [
      {
        path: '--cluster',
        message: `is required (or EXECUTION): ${command} answers the gate of one cluster's running execution`,
      },
    ]);
  }
  return checkExecutionTarget(execution, flags);
}

/**
 * The running execution `selector` names and the gate it waits at. Raises a `ConfigurationError`
 * when the cluster has no running execution and an `ExecutionError` when the execution waits at
 * no gate (saying where it is instead).
 *
 * @example
 * ```ts
 * const { sfn, pending } = await findPendingGateOf(context, flags, selector);
 * await sfn.sendTaskSuccess(pending.taskToken, { planId: pending.detail.planId });
 * ```
 */
export async function findPendingGateOf(
  context: CommandRuntime,
  flags: ExecutionTargetFlags,
  selector: ReturnType<typeof checkExecutionTarget>,
): Promise<{ sfn: StepFunctionsClient; executionArn: string; pending: PendingGate }> {
  const { sfn, executionArn } = await executionTarget(context, flags, selector, { onlyRunning: true }).catch(
    (error: unknown) => {
      if (!ConfigurationError.isInstance(error) || error.key !== 'EXECUTION') throw error;
      const which = selector.cluster === undefined ? '' : ` of cluster ${selector.cluster}`;
      throw new ConfigurationError(
        `No running execution${which}: there is no gate to answer (eks-upgrade list --status RUNNING shows what runs)`,
        { key: 'EXECUTION', cause: error },
      );
    },
  );
  const [status, pending] = await Promise.all([
    sfn.getExecutionStatus(executionArn),
    sfn.findPendingGate(executionArn),
  ]);
  if (status.status !== 'RUNNING') {
    throw new ExecutionError(`Execution ${status.name} is ${status.status}: it waits at no gate`, {
      executionArn,
      status: status.status,
    });
  }
  if (!pending) {
    throw new ExecutionError(
      `Execution ${status.name} is running but waits at no approval gate now (eks-upgrade status shows where it is)`,
      { executionArn, status: status.status },
    );
  }
  return { sfn, executionArn, pending };
}
