import type {
  AgentConfig,
  ApprovalGateStep,
  GatePurpose,
  PlanStep,
  UpgradeRequest,
} from '@eks-upgrade/core-models';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';
import { stepId } from './step-id.js';

/** What a gate step needs besides its purpose: where, what is asked, and whether it may name green's target. */
interface GateFacts {
  id: string;
  clusterName: string;
  description: string;
  summary: string;
  acceptsTrafficTarget?: boolean;
}

function gateStep(purpose: GatePurpose, facts: GateFacts, config: AgentConfig): ApprovalGateStep {
  return {
    id: facts.id,
    kind: 'approval_gate',
    description: facts.description,
    clusterName: facts.clusterName,
    gate: {
      purpose,
      summary: facts.summary,
      timeoutSeconds: config.upgrade.approval.timeoutSeconds,
      acceptsTrafficTarget: facts.acceptsTrafficTarget ?? false,
    },
  };
}

/**
 * Blue/green: the workload gate between "green ready" (its node groups, Fargate profiles,
 * access entries and add-ons in place) and the first traffic shift, so workloads are deployed to
 * green before any traffic moves. Its approval may name green's traffic target (the weighted
 * record's SetIdentifier), which usually exists only once workloads are deployed: it does when
 * the request does not name it. Without the gate (`upgrade.approval.workload: false`) the request
 * must name the green target, or the plan is blocked (GREEN_TRAFFIC_TARGET_MISSING).
 *
 * @example
 * ```ts
 * addWorkloadGate(builder, { blue: 'shop', green: 'shop-1-31', request, config });
 * builder.steps.at(-1)?.id; // 'gate-workload-shop-1-31'
 * ```
 */
export function addWorkloadGate(
  builder: PlanBuilder,
  facts: { blue: string; green: string; request: UpgradeRequest; config: AgentConfig },
): void {
  const { blue, green, request, config } = facts;
  const routing = request.trafficRouting;
  const greenTargetNamed = routing?.green !== undefined;
  if (!config.upgrade.approval.workload) {
    if (routing && !greenTargetNamed) {
      builder.block(
        PlanIssueCode.GREEN_TRAFFIC_TARGET_MISSING,
        `trafficRouting names no green target and upgrade.approval.workload is off, so no workload gate can supply it: name trafficRouting.green.setIdentifier in the request, or turn the workload gate on (\`eks-upgrade config set upgrade.approval.workload true\`) and approve it with --traffic-target`,
      );
    }
    return;
  }
  const target = greenTargetNamed
    ? `approve; traffic then moves to the green record ${routing?.green?.setIdentifier}`
    : 'approve with the green record (`eks-upgrade approve --traffic-target \'{"setIdentifier":"…"}\'`), which traffic then moves to';
  builder.add(
    gateStep(
      'workload',
      {
        id: stepId('gate-workload', green.slice(0, 50)),
        clusterName: green,
        description: `Wait for workloads on ${green} before any traffic moves from ${blue}`,
        summary: `Green cluster ${green} is ready (node groups and add-ons at ${request.targetVersion}). Deploy your workloads to it and check them; then ${target}. Rejecting deletes ${green}; traffic stays on ${blue}.`,
        acceptsTrafficTarget: !greenTargetNamed,
      },
      config,
    ),
  );
}

/** The gate the configuration puts before `step`, if any. */
function gateBefore(
  step: PlanStep,
  request: UpgradeRequest,
  config: AgentConfig,
): ApprovalGateStep | undefined {
  const approval = config.upgrade.approval;
  if (step.kind === 'control_plane_upgrade' && approval.controlPlaneHops) {
    return gateStep(
      'control_plane_hop',
      {
        id: stepId('gate-cp', step.toVersion),
        clusterName: step.clusterName,
        description: `Approve the control-plane update of ${step.clusterName} to ${step.toVersion}`,
        summary: `Update the control plane of ${step.clusterName} from ${step.fromVersion} to ${step.toVersion}? EKS cannot cancel a control-plane update once it started.`,
      },
      config,
    );
  }
  if (step.kind === 'traffic_shift' && step.toWeight > approval.trafficAbovePercent) {
    return gateStep(
      'traffic',
      {
        id: stepId('gate-traffic', String(step.toWeight)),
        clusterName: step.greenClusterName,
        description: `Approve shifting ${step.toWeight}% of traffic to ${step.greenClusterName}`,
        summary: `Move traffic from ${step.fromWeight}% to ${step.toWeight}% on ${step.greenClusterName} (the rest on ${step.blueClusterName})? The share so far has baked and passed its checks.`,
      },
      config,
    );
  }
  if (step.kind === 'cluster_decommission' && approval.decommission === 'approval') {
    return gateStep(
      'decommission',
      {
        id: stepId('gate-decommission', step.clusterName.slice(0, 40)),
        clusterName: step.clusterName,
        description: `Approve deleting the old (blue) cluster ${step.clusterName}`,
        summary: `All traffic is on the green cluster and has baked. Delete ${step.clusterName} (its Fargate profiles, node groups, then the cluster)? This cannot be undone; rejecting keeps it${request.greenClusterName ? ` next to ${request.greenClusterName}` : ''}.`,
      },
      config,
    );
  }
  return undefined;
}

/**
 * The configured approval gates (`upgrade.approval`), inserted into the planned steps: a `plan`
 * gate first when the request (`start --approve-plan`) or the configuration asks for plan
 * approval; a gate before each control-plane hop, before each traffic shift above
 * `trafficAbovePercent`, and before decommission (by default). A step right after another gate
 * gets no second one (the workload gate already stands before the first shift). Warns when one
 * gate waiting its whole timeout, added to the estimate, would outlast the execution timeout.
 *
 * @example
 * ```ts
 * insertApprovalGates(builder, request, config, estimatedDurationSeconds);
 * builder.steps[0]?.kind; // 'approval_gate' when plan approval is on
 * ```
 */
export function insertApprovalGates(
  builder: PlanBuilder,
  request: UpgradeRequest,
  config: AgentConfig,
  estimatedDurationSeconds: number,
): void {
  if (builder.steps.length === 0) return;
  const withGates: PlanStep[] = [];
  if (request.approvePlan || config.upgrade.approval.plan) {
    const kinds = new Set(builder.steps.map((step) => step.kind));
    withGates.push(
      gateStep(
        'plan',
        {
          id: 'gate-plan',
          clusterName: request.clusterName,
          description: `Approve the plan for ${request.clusterName} before anything changes`,
          summary: `Review the plan (${builder.steps.length} steps: ${[...kinds].join(', ')}) for ${request.clusterName} to ${request.targetVersion} (eks-upgrade plan --cluster ${request.clusterName}) and approve it by its plan id; rejecting ends the upgrade with nothing changed.`,
        },
        config,
      ),
    );
  }
  for (const step of builder.steps) {
    const gate = gateBefore(step, request, config);
    if (gate && withGates.at(-1)?.kind !== 'approval_gate') withGates.push(gate);
    withGates.push(step);
  }
  builder.steps.splice(0, builder.steps.length, ...withGates);
  const gates = withGates.filter((step): step is ApprovalGateStep => step.kind === 'approval_gate');
  // The workflow cuts each gate's wait at its deadline (Execution's GateWait), so a slow answer is
  // followed by a rollback rather than Step Functions' own States.Timeout; the operator should
  // know when even one gate waiting its full timeout would not fit.
  const longest = Math.max(0, ...gates.map((gate) => gate.gate.timeoutSeconds));
  const timeout = config.stepFunctions.executionTimeoutSeconds;
  if (gates.length > 0 && estimatedDurationSeconds + longest > timeout) {
    builder.warn(
      PlanIssueCode.APPROVAL_WAIT_BEYOND_TIMEOUT,
      `One of the plan's ${gates.length} approval gate(s) waiting its full ${longest} s, added to the steps' ${estimatedDurationSeconds} s, is beyond the execution timeout of ${timeout} s. A gate still unanswered at the workflow's deadline stops waiting there and the upgrade rolls back. Answer promptly, or raise stepFunctions.executionTimeoutSeconds or lower upgrade.approval.timeoutSeconds`,
    );
  }
}
