import type { AgentConfig } from '@eks-upgrade/core-models';
import type { StepFunctionsClient } from '@eks-upgrade/sfn';
import { loadAgentConfig } from '../context/agent-config.js';
import type { CommandRuntime } from '../context/command-context.js';
import { findStateMachineArn } from './resolve.js';

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
