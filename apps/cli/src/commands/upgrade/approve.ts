import { type GateDecision, TrafficTargetSchema, ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkGateTarget, findPendingGateOf, pendingGateView } from '../../executions/pending-gate.js';
import { readJsonArgument } from '../../inputs/json-input.js';

/** GateDecision's limits on the free-text fields (core-models `GateDecisionSchema`). */
const MAX_COMMENT_CHARACTERS = 2000;
const MAX_APPROVED_BY_CHARACTERS = 256;

/** Checks `--comment`, `--approved-by` and `--traffic-target` before any AWS call. */
async function checkApproval(context: CommandContext<'approve'>) {
  const { flags } = context;
  const issues: { path: string; message: string }[] = [];
  if (
    flags.comment !== undefined &&
    (flags.comment.length === 0 || flags.comment.length > MAX_COMMENT_CHARACTERS)
  )
    issues.push({ path: '--comment', message: `must be 1-${MAX_COMMENT_CHARACTERS} characters` });
  const approvedBy = flags['approved-by'] ?? context.io.env.USER;
  if (approvedBy !== undefined && (approvedBy.length === 0 || approvedBy.length > MAX_APPROVED_BY_CHARACTERS))
    issues.push({ path: '--approved-by', message: `must be 1-${MAX_APPROVED_BY_CHARACTERS} characters` });
  if (flags['plan-id'] !== undefined && (flags['plan-id'].length === 0 || flags['plan-id'].length > 128))
    issues.push({ path: '--plan-id', message: 'must be 1-128 characters' });
  let trafficTarget: GateDecision['trafficTarget'];
  if (flags['traffic-target'] !== undefined) {
    const value = await readJsonArgument(flags['traffic-target'], '--traffic-target', context.resolvePath);
    const parsed = TrafficTargetSchema.safeParse(value);
    if (parsed.success) trafficTarget = parsed.data;
    else
      for (const issue of parsed.error.issues)
        issues.push({
          path: ['--traffic-target', ...issue.path].join('.'),
          message: issue.message,
        });
  }
  if (issues.length > 0) throw new ValidationError('Invalid approval', issues);
  return { approvedBy, trafficTarget };
}

/**
 * `eks-upgrade approve`: approves the gate the cluster's running execution waits at (found from
 * its history; no token to paste). A plan gate needs `--plan-id` of the plan reviewed (the plan
 * approved is the plan executed); a workload gate that accepts a traffic target needs
 * `--traffic-target`, the green record traffic then moves to.
 */
export async function run(context: CommandContext<'approve'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkGateTarget(context.positionals.EXECUTION, flags, 'approve');
  const { approvedBy, trafficTarget } = await checkApproval(context);
  const { sfn, executionArn, pending } = await findPendingGateOf(context, flags, selector);
  const view = pendingGateView(pending);
  const { gate, planId } = pending.detail;
  if (gate.purpose === 'plan') {
    if (flags['plan-id'] === undefined)
      throw new ValidationError('Invalid approval', [
        {
          path: '--plan-id',
          message: `is required to approve a plan: name the plan you reviewed (eks-upgrade plan --cluster ${view.clusterName} shows plan ${planId})`,
        },
      ]);
    if (flags['plan-id'] !== planId)
      throw new ValidationError('Invalid approval', [
        {
          path: '--plan-id',
          message: `is ${flags['plan-id']}, but the execution waits for approval of plan ${planId}: review that plan (eks-upgrade plan --cluster ${view.clusterName}) before approving it`,
        },
      ]);
  }
  if (trafficTarget && !gate.acceptsTrafficTarget)
    throw new ValidationError('Invalid approval', [
      {
        path: '--traffic-target',
        message: `is not taken by the ${gate.purpose} gate ${view.stepId} (only a workload gate whose request names no green record takes one)`,
      },
    ]);
  if (!trafficTarget && gate.acceptsTrafficTarget)
    throw new ValidationError('Invalid approval', [
      {
        path: '--traffic-target',
        message: `is required: the request names no green record, so the workload gate's approval must ({"setIdentifier": "<green record's SetIdentifier>"})`,
      },
    ]);
  const decision: GateDecision = {
    ...(gate.purpose === 'plan' ? { planId } : {}),
    ...(approvedBy ? { approvedBy } : {}),
    ...(flags.comment ? { comment: flags.comment } : {}),
    ...(trafficTarget ? { trafficTarget } : {}),
  };
  await sfn.sendTaskSuccess(pending.taskToken, decision);
  context.log.success(
    `approved the ${gate.purpose} gate ${view.stepId} of ${view.clusterName}: the upgrade goes on`,
  );
  context.print({
    data: { executionArn, stepId: view.stepId, purpose: gate.purpose, decision },
    text: `${executionArn}\t${view.stepId}\tapproved`,
  });
  return ExitCode.SUCCESS;
}
