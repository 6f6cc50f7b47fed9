import { ExecutionError, type UpgradePlan } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadAgentConfig, parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { readTrafficRouting, upgradeRequestFromFlags } from '../../inputs/upgrade-request.js';

/** The plan's steps as rows, and its one-line header. */
function planLines(plan: UpgradePlan) {
  const rows = plan.steps.map((step, index) => ({
    n: index + 1,
    id: step.id,
    kind: step.kind,
    description: step.description,
  }));
  const minutes =
    plan.estimatedDurationSeconds === undefined ? undefined : Math.round(plan.estimatedDurationSeconds / 60);
  const header = `${plan.clusterName}: ${plan.sourceVersion} → ${plan.targetVersion} (${plan.strategy}), hops ${plan.hops.join(', ') || '-'}${plan.blocked ? ', BLOCKED' : ''}${minutes === undefined ? '' : `, typically ${minutes} min`}`;
  return { rows, header };
}

/**
 * `eks-upgrade plan --cluster X` (no `--target`): the plan the cluster's running execution waits
 * to have approved at its plan gate, with the plan id `approve --plan-id` must name. Any other
 * gate (or none) is an `ExecutionError` saying so.
 */
async function showPendingPlan(context: CommandContext<'plan'>): Promise<ExitCode> {
  const { flags } = context;
  // Loaded only here: planning a real cluster (with --target) needs no Step Functions client.
  const { checkGateTarget, describePendingGate, findPendingGateOf, pendingGateView } = await import(
    '../../executions/pending-gate.js'
  );
  const selector = checkGateTarget(undefined, flags, 'plan without --target');
  const { pending } = await findPendingGateOf(context, flags, selector);
  const view = pendingGateView(pending);
  const { pendingGatePlan } = await import('@eks-upgrade/sfn');
  const plan = pendingGatePlan(pending);
  if (view.purpose !== 'plan' || !plan) {
    throw new ExecutionError(
      `The execution of ${view.clusterName} waits at the ${view.purpose} gate ${view.stepId}, not for a plan approval: ${view.summary} (give --target to plan an upgrade instead)`,
      { executionArn: view.executionArn, status: 'RUNNING' },
    );
  }
  const { rows, header } = planLines(plan);
  for (const warning of plan.warnings) context.log.warn(`${warning.code}: ${warning.message}`);
  context.log.info(describePendingGate(view));
  context.print({
    data: { pendingGate: view, plan },
    table: { columns: ['n', 'id', 'kind', 'description'], rows },
    text: [
      `plan ${plan.planId} awaiting approval until ${view.timesOutAt}`,
      header,
      ...rows.map((row) => `${row.n}. ${row.id}\t${row.kind}\t${row.description}`),
      ...(plan.narrative ? ['', plan.narrative] : []),
    ].join('\n'),
  });
  return ExitCode.SUCCESS;
}

/**
 * `eks-upgrade plan`: perception and reasoning against the real cluster, with the phase code the
 * functions run; prints the plan (steps, blockers, warnings) and changes nothing. Without
 * `--target`, the plan a running execution waits to have approved (`showPendingPlan`).
 */
export async function run(context: CommandContext<'plan'>): Promise<ExitCode> {
  if (context.flags.target === undefined) return showPendingPlan(context);
  const flags = { ...context.flags, target: context.flags.target };
  const trafficRouting = await readTrafficRouting(flags, context.resolvePath);
  upgradeRequestFromFlags(flags, flags.strategy ?? 'in_place', trafficRouting);
  parameterPrefixOf(flags);
  const config = await loadAgentConfig(context, flags);
  const request = upgradeRequestFromFlags(flags, config.upgrade.defaultStrategy, trafficRouting);
  const { createPhaseHandlers } = await import('@eks-upgrade/lambdas');
  const gateway = await context.services.clusterGateway();
  const narrative = config.bedrock.enabled ? await context.services.narrative() : undefined;
  // The phase handlers the functions run, here against the real cluster.
  const handlers = createPhaseHandlers({ gateway, config, ...(narrative ? { narrative } : {}) });
  context.log.info(`reading cluster ${request.clusterName}`);
  const snapshot = await handlers.perception({ request });
  context.log.info(`planning ${request.strategy} upgrade ${snapshot.version} → ${request.targetVersion}`);
  const plan = await handlers.reasoning({ request, snapshot });
  for (const blocker of plan.blockers) context.log.error(`blocker ${blocker.code}: ${blocker.message}`);
  for (const warning of plan.warnings) context.log.warn(`${warning.code}: ${warning.message}`);
  if (plan.narrativeUnavailableReason) context.log.info(`no narrative: ${plan.narrativeUnavailableReason}`);
  const { rows, header } = planLines(plan);
  context.print({
    data: { snapshot, plan },
    table: { columns: ['n', 'id', 'kind', 'description'], rows },
    text: [
      header,
      ...rows.map((row) => `${row.n}. ${row.id}\t${row.kind}\t${row.description}`),
      ...(plan.narrative ? ['', plan.narrative] : []),
    ].join('\n'),
  });
  return plan.blocked ? ExitCode.FAILURE : ExitCode.SUCCESS;
}
