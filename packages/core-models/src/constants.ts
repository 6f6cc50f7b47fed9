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
/**
 * Whole-workflow timeout. The original system used 3600 s, but one EKS control-plane hop takes
 * 10-25 minutes and each node group roll as long again, so a two-hop upgrade or a blue/green run
 * with five bakes does not fit in an hour — and a timed-out execution stops without rollback.
 * Four hours fits the plans the planner estimates for typical clusters; it warns when one does not.
 */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 14_400;
export const DEFAULT_TRAFFIC_SHIFT_INTERVALS: readonly number[] = Object.freeze([10, 25, 50, 75, 100]);

/** The name of a phase's Lambda function: `eks-upgrade-agent-<phase>`. */
export function phaseFunctionName(phase: string, prefix: string = DEFAULT_FUNCTION_PREFIX): string {
  return `${prefix}-${phase}`;
}
