import {
  type PlanStep,
  type PlanStepKind,
  parseOrThrow,
  type RollbackInput,
  RollbackInputSchema,
  type RollbackResult,
  RollbackResultSchema,
  withApprovedTrafficTarget,
} from '@eks-upgrade/core-models';
import { STEP_KINDS } from '../steps/registry.js';
import { describeError, mergeRollbackActions, RollbackReport } from '../steps/shared/rollback-report.js';
import type {
  GatewayOperation,
  RollbackContext,
  StepKindModule,
  StepOfKind,
} from '../steps/step-kind-module.js';
import { type PhaseDependencies, silentLogger, systemClock } from './dependencies.js';

export { NATIVE_ROLLBACK_WINDOW_DAYS } from '../steps/control-plane-upgrade/native-rollback.js';

type Dependencies = Pick<PhaseDependencies, 'gateway' | 'config' | 'logger' | 'clock'>;

/**
 * The gateway operations the rollback phase calls itself, beyond what its step kinds declare
 * for their undo: none.
 */
export const ROLLBACK_OWN_OPERATIONS: readonly GatewayOperation[] = [];

/**
 * The kinds of the plan's steps in reverse order of when each began: a kind whose first step
 * came later is undone earlier (traffic before the green cluster; in place, node groups before
 * add-ons — the kube-proxy step that follows the node groups in each hop notwithstanding — and
 * both before the control plane).
 */
function kindsInUndoOrder(steps: readonly PlanStep[]): PlanStepKind[] {
  const kinds = new Set<PlanStepKind>();
  for (const step of steps) kinds.add(step.kind);
  return [...kinds].reverse();
}

/**
 * Undoes one kind's steps. Best effort: one part failing to read must not stop the others, so a
 * failure is reported against the kind's target and rollback goes on.
 */
async function undoKind<K extends PlanStepKind>(
  kind: K,
  steps: readonly PlanStep[],
  context: RollbackContext,
  logger: NonNullable<Dependencies['logger']>,
): Promise<void> {
  const module: StepKindModule<K> = STEP_KINDS[kind];
  const rollback = module.rollback;
  if (rollback.kind !== 'undo') {
    logger.info('Step kind not undone on its own', { kind, reason: rollback.reason });
    return;
  }
  const ofKind = steps.filter((step): step is StepOfKind<K> => step.kind === kind);
  try {
    await rollback.undo(ofKind, context);
  } catch (error) {
    context.report.act({
      target: rollback.target,
      status: 'failed',
      message: `Could not inspect ${rollback.target}: ${describeError(error)}`,
    });
  }
}

/**
 * Rollback: undoes what can be undone, each step kind by its own undo (`STEP_KINDS`), the
 * kind that began last first, and says plainly what cannot. Blue/green: traffic back to 100 % blue (unless blue is
 * gone), then the green cluster deleted (its node groups and add-ons with it) once Route 53 has
 * the move back INSYNC and the records' TTL has passed since (a pass after one that left no
 * answer, `pass.unanswered`, counts traffic it finds on blue as moved back then). In place, EKS
 * native rollback's choreography when it is allowed (N-1, within 7 days of the in-place upgrade,
 * no update running): node groups at N back to N-1, add-ons that do not support N-1 downgraded,
 * then, on the pass that finds those done, the control plane one minor back unless a
 * ROLLBACK_READINESS insight is ERROR; EKS cancels that rollback if it runs longer than
 * `upgrade.nativeRollbackTimeoutMinutes`. What stays changed is listed in `notUndone`; undos
 * started and still running in `pending`. A pass never waits: the workflow runs rollback again
 * (safe: each undo resumes what runs) with the pass before as `previous`, whose actions the
 * report keeps (`mergeRollbackActions`), until nothing is pending or `pass.limit` is reached, when
 * what still runs is listed as not undone. Without a plan nothing was executed. `success` is
 * false only when an attempted undo failed.
 *
 * @example
 * ```ts
 * const report = await rollbackUpgrade({ request, plan, failure: { Error: 'ValidationError', Cause: '…' } }, { gateway, config });
 * report.notUndone.forEach((line) => console.error(line));
 * ```
 */
export async function rollbackUpgrade(
  input: RollbackInput,
  dependencies: Dependencies,
): Promise<RollbackResult> {
  return rollbackUpgradeFromParsedInput(
    parseOrThrow(RollbackInputSchema, input, 'rollback input'),
    dependencies,
  );
}

/**
 * `rollbackUpgrade` for an input already parsed with `RollbackInputSchema`: the Lambda handler
 * parses the event once, at the boundary, and calls this.
 *
 * @example
 * ```ts
 * const input = parseOrThrow(RollbackInputSchema, event, 'rollback input');
 * const report = await rollbackUpgradeFromParsedInput(input, { gateway, config });
 * ```
 */
export async function rollbackUpgradeFromParsedInput(
  parsed: RollbackInput,
  dependencies: Dependencies,
): Promise<RollbackResult> {
  const { plan, failure, previous, pass } = parsed;
  // The traffic undo reads and moves the green record the workload gate's approval named, when the request names none.
  const request = withApprovedTrafficTarget(parsed.request, parsed.approvedTrafficTarget);
  const logger = dependencies.logger ?? silentLogger;
  const clock = dependencies.clock ?? systemClock;
  const now = clock.now();
  logger.warn('Rolling back', {
    clusterName: request.clusterName,
    error: failure.Error,
    planId: plan?.planId,
  });
  const report = new RollbackReport();
  if (!plan) {
    report.act({
      target: 'control-plane',
      status: 'not_needed',
      message: 'No plan was made, so nothing was executed',
    });
  } else {
    const context: RollbackContext = {
      gateway: dependencies.gateway,
      request,
      plan,
      config: dependencies.config,
      now,
      report,
      earlier: previous?.actions ?? [],
      passLeftNoAnswer: (pass?.unanswered ?? 0) > 0,
      clustersServingTraffic: new Set(),
    };
    for (const kind of kindsInUndoOrder(plan.steps)) await undoKind(kind, plan.steps, context, logger);
  }
  let pending = report.pending;
  const notUndone = [...report.notUndone];
  if (pass && pass.count >= pass.limit && pending.length > 0) {
    // The workflow's last pass: what still runs is left for the operator, so it counts as changed.
    notUndone.push(...pending.map((line) => `still in progress after ${pass.count} polls: ${line}`));
    pending = [];
  }
  const actions = mergeRollbackActions(previous?.actions ?? [], report.actions, pending);
  const success = !actions.some((action) => action.status === 'failed');
  const done = actions.filter((action) => action.status === 'undone' || action.status === 'started');
  const summary = `Rollback of ${request.clusterName} after ${failure.Error}: ${done.length} action(s) taken, ${notUndone.length} thing(s) not undone${pending.length > 0 ? `, ${pending.length} still in progress` : ''}${success ? '' : ', some undo failed'}`;
  const result = parseOrThrow(
    RollbackResultSchema,
    {
      clusterName: request.clusterName,
      success,
      actions,
      notUndone,
      pending,
      summary,
      completedAt: (dependencies.clock ?? systemClock).now().toISOString(),
    },
    'rollback result',
  );
  logger.info('Rollback done', {
    success,
    actions: result.actions.length,
    notUndone: result.notUndone.length,
    pending: result.pending.length,
  });
  return result;
}
