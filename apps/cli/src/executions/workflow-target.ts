import type { AgentConfig } from '@eks-upgrade/core-models';
import type { StepFunctionsClient } from '@eks-upgrade/sfn';
import { loadAgentConfig, parameterPrefixOf } from '../context/agent-config.js';
import type { CommandRuntime } from '../context/command-context.js';
import {
  checkExecutionSelector,
  checkStateMachineName,
  type ExecutionSelector,
  findStateMachineArn,
  resolveExecutionArn,
} from './resolve.js';

/** The deployed workflow a command acts on. */
export interface WorkflowTarget {
  readonly config: AgentConfig;
  readonly sfn: StepFunctionsClient;
  readonly stateMachineArn: string;
}

/** Loads the configuration and finds the deployed state machine (`--state-machine` overrides the name). */
export async function workflowTarget(
  context: CommandRuntime,
  flags: { readonly prefix?: string | undefined; readonly 'state-machine'?: string | undefined },
): Promise<WorkflowTarget> {
  const config = await loadAgentConfig(context, flags);
  const sfn = await context.services.stepFunctions();
  const name = flags['state-machine'] ?? config.stepFunctions.stateMachineName;
  return { config, sfn, stateMachineArn: await findStateMachineArn(context, sfn, name) };
}

/** The flags that name one execution of the deployed workflow. */
export interface ExecutionTargetFlags {
  readonly cluster?: string | undefined;
  readonly prefix?: string | undefined;
  readonly 'state-machine'?: string | undefined;
}

/** Checks `EXECUTION`, `--cluster`, `--state-machine` and `--prefix`; makes no call. */
export function checkExecutionTarget(
  execution: string | undefined,
  flags: ExecutionTargetFlags,
): ExecutionSelector {
  const selector = checkExecutionSelector({ execution, cluster: flags.cluster });
  checkStateMachineName(flags['state-machine']);
  parameterPrefixOf(flags);
  return selector;
}

/** The deployed workflow and the ARN of the execution `selector` names. */
export async function executionTarget(
  context: CommandRuntime,
  flags: ExecutionTargetFlags,
  selector: ExecutionSelector,
  options: { onlyRunning?: boolean } = {},
): Promise<WorkflowTarget & { readonly executionArn: string }> {
  const target = await workflowTarget(context, flags);
  const executionArn = await resolveExecutionArn(target.sfn, target.stateMachineArn, selector, options);
  return { ...target, executionArn };
}
