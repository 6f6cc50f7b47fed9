import {
  type AgentConfig,
  type ClusterSnapshot,
  PlanSource,
  parseOrThrow,
  planVersionHops,
  type UpgradePlan,
  UpgradePlanSchema,
  type UpgradeRequest,
  UpgradeStrategy,
  ValidationError,
} from '@eks-upgrade/core-models';
import { checkMaintenanceWindows } from '../windows/maintenance-window-check.js';
import { insertApprovalGates } from './approval-gates.js';
import { planBlueGreen } from './blue-green-planner.js';
import { checkClusterHealth, checkUpgradeInsights } from './checks/cluster-checks.js';
import { checkUpgradeDirection, checkVersionSupport } from './checks/version-checks.js';
import { checkExecutionTimeout, estimatePlanDurationSeconds } from './duration-estimate.js';
import { planInPlace } from './in-place-planner.js';
import { PlanBuilder } from './plan-builder.js';
import { stepId } from './step-id.js';

/** What the rules planner needs besides the request and snapshot. */
export interface RulesPlanOptions {
  config: AgentConfig;
  /** When the plan is made (its `createdAt`). */
  now: Date;
  /**
   * The seconds the workflow gives the steps before its own deadline (its execution timeout
   * minus what it keeps for the rollback), when the workflow sent Reasoning a deadline.
   */
  executionBudgetSeconds?: number;
}

/**
 * The deterministic rules planner. In place: the control plane one minor at a time; after each
 * hop the add-ons other than kube-proxy to the default compatible version (VPC CNI one minor at
 * a time), the managed node groups to the control plane's version (EKS requires them there
 * before the next hop; node groups already behind move first), then kube-proxy (never newer
 * than the kubelets). Blue/green: create the green cluster at the target, then a copy of each
 * blue managed node group and each blue add-on (at EKS's default version for the target) on it,
 * shift traffic at the configured intervals, delete the blue cluster.
 *
 * Blockers: ERROR insights, WARNING/UNKNOWN insights about a version the upgrade reaches, an
 * unsupported target or hop, an unhealthy cluster, node group or add-on, a downgrade or no
 * change, an add-on without a compatible version, a custom-AMI node group (in place: EKS cannot
 * move its version; blue/green: its copy would need an AMI for the target), a node group ahead
 * of the control plane, an Amazon Linux 2 node group when an in-place upgrade reaches 1.33 (EKS
 * publishes no AL2 AMI for it), blue/green without traffic routing, an estimated duration
 * (`estimatedDurationSeconds`, each step kind's `typicalDurationSeconds`) beyond
 * `stepFunctions.executionTimeoutSeconds`. Warnings: extended support, other WARNING/UNKNOWN
 * insights, skew already beyond policy, Fargate profiles, add-ons without a default version.
 *
 * @throws ValidationError when the snapshot is of another cluster than the request names.
 * @example
 * ```ts
 * const plan = buildRulesPlan(request, snapshot, { config: createDefaultAgentConfig(), now: new Date() });
 * plan.steps.map((step) => step.id); // ['cp-1.30', 'addon-vpc-cni-1.30', ..., 'ng-general-1.31', 'addon-kube-proxy-1.31']
 * ```
 */
export function buildRulesPlan(
  request: UpgradeRequest,
  snapshot: ClusterSnapshot,
  options: RulesPlanOptions,
): UpgradePlan {
  if (request.clusterName !== snapshot.clusterName) {
    throw new ValidationError('Invalid reasoning input', [
      {
        path: 'snapshot.clusterName',
        message: `must be the requested cluster ${request.clusterName} (got ${snapshot.clusterName})`,
      },
    ]);
  }
  const builder = new PlanBuilder();
  const direction = checkUpgradeDirection(request, snapshot, builder);
  const hops = direction > 0 ? planVersionHops(snapshot.version, request.targetVersion) : [];
  checkVersionSupport(snapshot, request, hops, builder);
  checkClusterHealth(snapshot, builder);
  checkUpgradeInsights(snapshot, hops, builder);
  if (direction > 0) {
    if (request.strategy === UpgradeStrategy.BLUE_GREEN)
      planBlueGreen(snapshot, request, options.config, builder);
    else planInPlace(snapshot, hops, builder, { request, config: options.config });
  }
  const estimatedDurationSeconds = estimatePlanDurationSeconds(builder.steps, options.config);
  insertApprovalGates(builder, request, options.config, estimatedDurationSeconds);
  checkExecutionTimeout(estimatedDurationSeconds, options.config, builder, options.executionBudgetSeconds);
  checkMaintenanceWindows(
    builder.steps,
    options.config,
    builder,
    options.now,
    options.executionBudgetSeconds,
  );
  return parseOrThrow(
    UpgradePlanSchema,
    {
      planId: stepId(
        request.upgradeId ?? `${snapshot.clusterName}-${snapshot.version}-to-${request.targetVersion}`,
        request.strategy,
      ).slice(0, 128),
      clusterName: snapshot.clusterName,
      sourceVersion: snapshot.version,
      targetVersion: request.targetVersion,
      strategy: request.strategy,
      hops,
      steps: builder.steps,
      blockers: builder.blockers,
      warnings: builder.warnings,
      estimatedDurationSeconds,
      blocked: builder.blockers.length > 0,
      source: PlanSource.RULES,
      createdAt: options.now.toISOString(),
    },
    'upgrade plan',
  );
}
