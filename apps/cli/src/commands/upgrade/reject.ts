import { GATE_REJECTED_ERROR, ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkGateTarget, findPendingGateOf, pendingGateView } from '../../executions/pending-gate.js';

/** The longest cause SendTaskFailure accepts (API reference, SendTaskFailure). */
export const MAX_REJECT_REASON_CHARACTERS = 32_768;

/**
 * `eks-upgrade reject`: rejects the gate the cluster's running execution waits at
 * (SendTaskFailure `Upgrade.GateRejected` with the reason as cause); the workflow then rolls back
 * what changed, or ends "Upgrade: Rejected" when nothing did.
 */
export async function run(context: CommandContext<'reject'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkGateTarget(context.positionals.EXECUTION, flags, 'reject');
  const reason = flags.reason ?? 'Rejected with eks-upgrade reject';
  const characters = Array.from(reason).length;
  if (characters === 0 || characters > MAX_REJECT_REASON_CHARACTERS) {
    throw new ValidationError('Invalid --reason', [
      {
        path: '--reason',
        message: `is ${characters} characters; Step Functions keeps 1-${MAX_REJECT_REASON_CHARACTERS}`,
      },
    ]);
  }
  const { sfn, executionArn, pending } = await findPendingGateOf(context, flags, selector);
  const view = pendingGateView(pending);
  await sfn.sendTaskFailure(pending.taskToken, GATE_REJECTED_ERROR, reason);
  context.log.success(
    `rejected the ${view.purpose} gate ${view.stepId} of ${view.clusterName}: the upgrade rolls back what it changed`,
  );
  context.print({
    data: { executionArn, stepId: view.stepId, purpose: view.purpose, reason },
    text: `${executionArn}\t${view.stepId}\trejected`,
  });
  return ExitCode.SUCCESS;
}
