import { EksClusterNameSchema, type UpgradeRequest } from '@eks-upgrade/core-models';
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
