/**
 * Default names, taken from the original system so existing deployments keep working.
 */
export const DEFAULT_AGENT_NAME = 'eks-upgrade-agent';
export const DEFAULT_PARAMETER_PREFIX = '/eks-upgrade-agent/';
export const DEFAULT_STATE_MACHINE_NAME = 'eks-upgrade-workflow';
export const DEFAULT_RULE_PREFIX = 'eks-upgrade';
export const DEFAULT_FUNCTION_PREFIX = 'eks-upgrade-agent';
export const DEFAULT_EVENT_SOURCE = 'eks-upgrade-agent';
export const DEFAULT_EVENT_BUS_NAME = 'default';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_LAMBDA_RUNTIME = 'nodejs24.x';
export const DEFAULT_TRAFFIC_SHIFT_INTERVALS: readonly number[] = Object.freeze([10, 25, 50, 75, 100]);

/** The name of a phase's Lambda function: `eks-upgrade-agent-<phase>`. */
export function phaseFunctionName(phase: string, prefix: string = DEFAULT_FUNCTION_PREFIX): string {
  return `${prefix}-${phase}`;
}
