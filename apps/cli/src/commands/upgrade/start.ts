import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { followExecution } from '../../executions/follow.js';
import { checkStateMachineName } from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';
import { readTrafficRouting, upgradeRequestFromFlags } from '../../inputs/upgrade-request.js';

/** `eks-upgrade start`: starts an upgrade execution; with `--wait`, follows it like `watch`. */
export async function run(context: CommandContext<'start'>): Promise<ExitCode> {
  const { flags } = context;
  // Everything the user typed is checked before the first AWS call (the strategy default comes later).
  const trafficRouting = await readTrafficRouting(flags, context.resolvePath);
  upgradeRequestFromFlags(flags, flags.strategy ?? 'in_place', trafficRouting);
  parameterPrefixOf(flags);
  checkStateMachineName(flags['state-machine']);
  const name = flags.name === undefined ? undefined : checkStateMachineName(flags.name);
  const { config, sfn, stateMachineArn } = await workflowTarget(context, flags);
  const request = upgradeRequestFromFlags(flags, config.upgrade.defaultStrategy, trafficRouting);
  const executionArn = await sfn.startExecution(stateMachineArn, request, {
    ...(name ? { name } : {}),
    maxConcurrentUpgrades: config.agent.maxConcurrentUpgrades,
  });
  context.log.success(
    `started ${request.strategy} upgrade of ${request.clusterName} to ${request.targetVersion}: ${executionArn}`,
  );
  if (!flags.wait) {
    context.print({ data: { executionArn, request }, text: executionArn });
    return ExitCode.SUCCESS;
  }
  return followExecution(context, sfn, executionArn, {
    maxWaitSeconds: config.stepFunctions.executionTimeoutSeconds + 300,
    minDelaySeconds: 2,
  });
}
