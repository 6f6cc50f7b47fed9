import {
  ConfigurationError,
  parseOrThrow,
  StepFunctionsNameSchema,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { ExecutionSummary, StepFunctionsClient } from '@eks-upgrade/sfn';
import type { CommandRuntime } from '../context/command-context.js';
import { parseClusterName } from '../inputs/upgrade-request.js';

/** Checks `--state-machine` before any call. */
export function checkStateMachineName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const result = StepFunctionsNameSchema.safeParse(name);
  if (!result.success) {
    throw new ValidationError('Invalid state machine name', [
      {
        path: '--state-machine',
        message: `${result.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(name)})`,
      },
    ]);
  }
  return name;
}

/** The deployed state machine's ARN, or a `ConfigurationError` telling to deploy first. */
export async function findStateMachineArn(
  context: CommandRuntime,
  sfn: StepFunctionsClient,
  name: string,
): Promise<string> {
  const arn = await sfn.findStateMachineByName(name);
  if (!arn) {
    const where = context.aws.region ? ` in ${context.aws.region}` : '';
    throw new ConfigurationError(`State machine ${name} not found${where}: run eks-upgrade deploy first`, {
      key: 'stepFunctions.stateMachineName',
    });
  }
  return arn;
}

/** How the user named an execution: an ARN, a name, or nothing (then the latest, maybe of a cluster). */
export interface ExecutionSelector {
  readonly execution?: string | undefined;
  readonly cluster?: string | undefined;
}

/** Checks the selector before any call. */
export function checkExecutionSelector(selector: ExecutionSelector): ExecutionSelector {
  if (selector.cluster !== undefined) parseClusterName(selector.cluster);
  const execution = selector.execution;
  if (execution !== undefined && !execution.startsWith('arn:')) {
    parseOrThrow(StepFunctionsNameSchema, execution, 'execution name (EXECUTION)');
  } else if (
    execution !== undefined &&
    !/^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(execution)
  ) {
    throw new ValidationError('Invalid execution', [
      { path: 'EXECUTION', message: `must be an execution ARN or name (got ${JSON.stringify(execution)})` },
    ]);
  }
  return selector;
}

function executionArnFromName(stateMachineArn: string, name: string): string {
  // arn:aws:states:region:account:stateMachine:machine → arn:aws:states:region:account:execution:machine:name
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

function newestFirst(executions: ExecutionSummary[]): ExecutionSummary[] {
  return [...executions].sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
}

/**
 * The execution ARN the selector names: the ARN itself, the name under the state machine, or
 * the newest execution (of `cluster`, when given, read from each execution's input).
 */
export async function resolveExecutionArn(
  sfn: StepFunctionsClient,
  stateMachineArn: string,
  selector: ExecutionSelector,
  options: { onlyRunning?: boolean } = {},
): Promise<string> {
  if (selector.execution?.startsWith('arn:')) return selector.execution;
  if (selector.execution !== undefined) return executionArnFromName(stateMachineArn, selector.execution);
  const executions = newestFirst(
    await sfn.listExecutions(stateMachineArn, options.onlyRunning ? { statusFilter: 'RUNNING' } : {}),
  );
  for (const execution of executions) {
    if (selector.cluster === undefined) return execution.executionArn;
    const status = await sfn.getExecutionStatus(execution.executionArn);
    const input = status.input as { clusterName?: unknown } | undefined;
    if (input?.clusterName === selector.cluster) return execution.executionArn;
  }
  const which = selector.cluster === undefined ? '' : ` of cluster ${selector.cluster}`;
  const running = options.onlyRunning ? ' running' : '';
  throw new ConfigurationError(`No${running} execution${which} found on ${stateMachineArn}`, {
    key: 'EXECUTION',
  });
}
