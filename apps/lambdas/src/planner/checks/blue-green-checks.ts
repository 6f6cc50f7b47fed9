import { type AgentConfig, EksClusterNameSchema, type UpgradeRequest } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * The green cluster needs a valid EKS cluster name
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html) other than the
 * blue cluster's, since both run side by side.
 *
 * @example
 * ```ts
 * checkGreenClusterName('prod', 'prod', builder); // GREEN_CLUSTER_NAME
 * ```
 */
export function checkGreenClusterName(
  blueClusterName: string,
  greenClusterName: string,
  builder: PlanBuilder,
): void {
  if (!EksClusterNameSchema.safeParse(greenClusterName).success || greenClusterName === blueClusterName) {
    builder.block(
      PlanIssueCode.GREEN_CLUSTER_NAME,
      greenClusterName === blueClusterName
        ? `The green cluster needs a name other than the blue cluster's (${blueClusterName})`
        : `The green cluster name ${greenClusterName} is not a valid EKS cluster name`,
    );
  }
}

/**
 * Blue/green shifts traffic with Route 53 weighted records
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html), so
 * the request must name them.
 *
 * @example
 * ```ts
 * checkTrafficRouting(request, builder); // TRAFFIC_ROUTING_MISSING without request.trafficRouting
 * ```
 */
export function checkTrafficRouting(request: UpgradeRequest, builder: PlanBuilder): void {
  if (!request.trafficRouting) {
    builder.block(
      PlanIssueCode.TRAFFIC_ROUTING_MISSING,
      'A blue/green upgrade needs trafficRouting (the Route 53 weighted records to shift)',
    );
  }
}

/**
 * Blue/green moves production traffic step by step; each step's gate must look at the
 * application, not only at EKS resource status, so at least one CloudWatch alarm (from
 * `upgrade.alarmNames` or the request's `alarmNames`) must watch it. Without one the upgrade
 * is not planned, unless the request says `alarmGate: 'none'` (then a warning says what the
 * gates do not see).
 *
 * @example
 * ```ts
 * checkAlarmGate(request, config, builder); // ALARM_GATE_MISSING without any alarm
 * ```
 */
export function checkAlarmGate(request: UpgradeRequest, config: AgentConfig, builder: PlanBuilder): void {
  if (config.upgrade.alarmNames.length > 0 || (request.alarmNames?.length ?? 0) > 0) return;
  if (request.alarmGate === 'none') {
    builder.warn(
      PlanIssueCode.ALARM_GATE_NONE,
      "No CloudWatch alarm gates the traffic steps (the request says alarmGate: 'none'): each step checks only EKS resource status and the Route 53 weights, not the application's errors or latency",
    );
    return;
  }
  builder.block(
    PlanIssueCode.ALARM_GATE_MISSING,
    "A blue/green upgrade needs at least one CloudWatch alarm on the application to gate its traffic steps: name it in upgrade.alarmNames or the request's alarmNames, or set alarmGate: 'none' in the request to go without",
  );
}
