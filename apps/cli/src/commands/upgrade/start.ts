import { ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { followExecution } from '../../executions/follow.js';
import { checkStateMachineName } from '../../executions/resolve.js';
import { workflowTarget } from '../../executions/workflow-target.js';
import { readTrafficRouting, upgradeRequestFromFlags } from '../../inputs/upgrade-request.js';
import { startUpgradeExecution } from '../../stack/workflow-version.js';

/**
 * `eks-upgrade start`: starts an upgrade execution; with `--wait`, follows it like `watch`; with
 * `--at TIME`, schedules the start (EventBridge Scheduler one-time schedule) instead.
 */
export async function run(context: CommandContext<'start'>): Promise<ExitCode> {
  const { flags } = context;
  // Everything the user typed is checked before the first AWS call (the strategy default comes later).
  const trafficRouting = await readTrafficRouting(flags, context.resolvePath);
  upgradeRequestFromFlags(flags, flags.strategy ?? 'in_place', trafficRouting);
  parameterPrefixOf(flags);
  checkStateMachineName(flags['state-machine']);
  if (flags['time-zone'] !== undefined && flags.at === undefined) {
    throw new ValidationError('Invalid --time-zone', [
      { path: '--time-zone', message: '--time-zone says how to read --at: give --at TIME too' },
    ]);
  }
  // Loaded only for --at: scheduling needs the Scheduler client and the time-zone rules.
  const scheduling = flags.at === undefined ? undefined : await import('../../scheduling/scheduled-start.js');
  const at =
    flags.at === undefined
      ? undefined
      : scheduling?.checkScheduledStart({ ...flags, at: flags.at }, new Date());
  const name = flags.name === undefined || at !== undefined ? undefined : checkStateMachineName(flags.name);
  const { config, sfn, stateMachineArn } = await workflowTarget(context, flags);
  const request = {
    ...upgradeRequestFromFlags(flags, config.upgrade.defaultStrategy, trafficRouting),
    // The plan's first step is then a plan gate (the planner adds it; approve --plan-id answers).
    ...(flags['approve-plan'] ? { approvePlan: true } : {}),
  };
  if (scheduling && at) {
    return scheduling.scheduleStart(
      context,
      { stateMachineArn, roleName: scheduling.schedulerRoleName(config), request },
      at,
    );
  }
  const executionArn = await startUpgradeExecution(context, sfn, stateMachineArn, request, {
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
