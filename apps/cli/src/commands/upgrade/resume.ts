import { ExecutionError } from '@eks-upgrade/core-models';
import { decideResume } from '@eks-upgrade/sfn';
import { ExitCode } from '../../cli/exit-codes.js';
import type { CommandContext } from '../../context/command-context.js';
import { followExecution } from '../../executions/follow.js';
import { checkExecutionTarget, executionTarget } from '../../executions/workflow-target.js';

/**
 * `eks-upgrade resume`: continues an execution that stopped short. A failed, stopped or
 * timed-out execution that Step Functions can redrive is redriven: it restarts from the state
 * that did not finish, with the input it had, and the steps done before are not run again
 * (each step's execute adopts an update already in progress or done). A running execution
 * holding a failed step at its failure gate (`upgrade.failurePolicy: hold`) is resumed by
 * approving that gate with `{ resume: true }`: the step runs again. One waiting at another gate
 * is answered with `approve` / `reject` instead. Otherwise it says
 * why nothing can be resumed (rolled back, past the 14 days, the timeout …) and what to do,
 * and exits 1.
 */
export async function run(context: CommandContext<'resume'>): Promise<ExitCode> {
  const { flags } = context;
  const selector = checkExecutionTarget(context.positionals.EXECUTION, flags);
  const { config, sfn, executionArn } = await executionTarget(context, flags, selector);
  const execution = await sfn.getExecutionStatus(executionArn);
  const history = await sfn.getExecutionHistory(executionArn);
  const pending = execution.status === 'RUNNING' ? await sfn.findPendingGate(executionArn) : undefined;
  const decision = decideResume(execution, history, pending);
  if (decision.action === 'resume_held') {
    // The failure gate of `upgrade.failurePolicy: hold`: approving it with resume runs the failed step again.
    const { stepId } = decision.pending.detail;
    const approvedBy = context.io.env.USER;
    await sfn.sendTaskSuccess(decision.pending.taskToken, {
      resume: true,
      ...(approvedBy ? { approvedBy } : {}),
      comment: 'resumed with eks-upgrade resume',
    });
    context.log.success(`resumed ${execution.name}: step ${stepId} runs again (it held at its failure gate)`);
    if (!flags.wait) {
      context.print({ data: { executionArn, resumedStep: stepId }, text: executionArn });
      return ExitCode.SUCCESS;
    }
    return followExecution(context, sfn, executionArn, {
      maxWaitSeconds: config.stepFunctions.executionTimeoutSeconds + 300,
      minDelaySeconds: 2,
    });
  }
  if (decision.action === 'answer_gate') {
    const { gate, stepId } = decision.pending.detail;
    throw new ExecutionError(
      `Execution ${execution.name} is running and waits at the ${gate.purpose} gate of step ${stepId} (${gate.summary}): answer it with eks-upgrade approve --cluster ${decision.pending.detail.clusterName} or eks-upgrade reject --cluster ${decision.pending.detail.clusterName}`,
      { executionArn, status: execution.status },
    );
  }
  if (decision.action === 'none') {
    throw new ExecutionError(
      `Nothing to resume: execution ${execution.name} ${decision.reason}. To go on: ${decision.advice}`,
      {
        executionArn,
        status: execution.status,
      },
    );
  }
  const redrivenAt = await sfn.redriveExecution(executionArn);
  context.log.success(
    `redriving ${execution.name} from ${decision.failedState ?? 'the state that did not finish'} (the definition it started with; what ran before is not run again)`,
  );
  if (!flags.wait) {
    context.print({
      data: {
        executionArn,
        redrivenFrom: decision.failedState,
        ...(redrivenAt ? { redrivenAt: redrivenAt.toISOString() } : {}),
      },
      text: executionArn,
    });
    return ExitCode.SUCCESS;
  }
  return followExecution(context, sfn, executionArn, {
    maxWaitSeconds: config.stepFunctions.executionTimeoutSeconds + 300,
    minDelaySeconds: 2,
  });
}
