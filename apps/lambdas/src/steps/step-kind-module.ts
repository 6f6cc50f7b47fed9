import type {
  AgentConfig,
  PlanStep,
  PlanStepKind,
  RollbackAction,
  StepResult,
  UpgradePlan,
  UpgradeRequest,
  ValidationCheck,
} from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../gateway/cluster-gateway.js';
import type { RollbackReport } from './shared/rollback-report.js';

/** A cluster-gateway method, by name: what a phase or step kind declares it calls. */
export type GatewayOperation = keyof ClusterGateway;

/** The plan step of one kind, e.g. `StepOfKind<'traffic_shift'>` is a `TrafficShiftStep`. */
export type StepOfKind<K extends PlanStepKind> = Extract<PlanStep, { kind: K }>;

/** What a kind's execution returns; the execution phase adds the step id, kind, start time and poll delay. */
export type StepOutcome = Omit<StepResult, 'stepId' | 'kind' | 'startedAt' | 'pollAfterSeconds'> & {
  pollAfterSeconds?: number;
};

/** Until when a kind's step waits before it starts, and why (for the operator). */
export interface StepKindDeferral {
  until: Date;
  reason: string;
}

/** What a kind's execution may use. */
export interface ExecutionContext {
  gateway: ClusterGateway;
  request: UpgradeRequest;
}

/** What a kind's progress check may use. */
export interface ValidationContext {
  gateway: ClusterGateway;
  request: UpgradeRequest;
}

/**
 * Where the thing a step started stands. `running` and `failed` are the verdict by themselves
 * (their checks are pending or failed); `done` lets validation go on to judge health.
 */
export interface StepProgress {
  state: 'running' | 'failed' | 'done';
  checks: ValidationCheck[];
}

/** What the resources should look like for the health checks to pass. */
export interface HealthExpectations {
  clusterVersion?: string;
  nodegroupVersions?: Map<string, string>;
  /** Every node group on this version (final scope). */
  allNodegroupsAt?: string;
  addonVersions?: Map<string, string>;
}

/** The health a finished step should leave behind, which the validation phase checks. */
export interface ExpectedHealth {
  /** The cluster whose health tells whether the step worked. */
  clusterName: string;
  expectations: HealthExpectations;
  /** The green share of traffic the Route 53 weights should show (traffic steps). */
  greenWeight?: number;
}

/** How a kind's progress is judged. */
export interface StepValidation<K extends PlanStepKind> {
  /** Polls what execution started (an EKS update, a Route 53 change, a deletion). */
  progress(step: StepOfKind<K>, result: StepResult, context: ValidationContext): Promise<StepProgress>;
  /**
   * The health to check once `progress` says done; `undefined` when the progress check is the
   * whole verdict (a deleted cluster has no health to judge).
   */
  expectedHealth(step: StepOfKind<K>): ExpectedHealth | undefined;
  /**
   * What the final check expects of the node groups and add-ons the step leaves behind (`{}`
   * when nothing beyond "every node group at the target"); the plan's last step per resource wins.
   */
  finalExpectations(step: StepOfKind<K>): FinalExpectations;
}

/** A step's share of the final state: node group and add-on versions it leaves behind. */
export type FinalExpectations = Pick<HealthExpectations, 'nodegroupVersions' | 'addonVersions'>;

/** What a kind's undo may use and write to. */
export interface RollbackContext {
  gateway: ClusterGateway;
  request: UpgradeRequest;
  plan: UpgradePlan;
  config: AgentConfig;
  now: Date;
  report: RollbackReport;
  /**
   * What the rollback's earlier passes did (the workflow runs it again while undos are pending),
   * empty on the first: an undo that finds its resource where an earlier pass's update took it
   * reports it undone.
   */
  earlier: readonly RollbackAction[];
  /**
   * Whether a pass of this rollback failed without answering (the workflow ran it again,
   * `pass.unanswered`): what it did, e.g. moving traffic back to blue, is in no `earlier` action.
   * Absent: none did.
   */
  passLeftNoAnswer?: boolean;
  /**
   * Clusters that still carry traffic after the traffic undo (blue is gone, so traffic stays on
   * green); an undo must not delete them. A kind is undone before the kinds that began before it,
   * so the traffic undo runs before the green cluster's.
   */
  clustersServingTraffic: Set<string>;
}

/**
 * How a kind is undone. `undo`: called once per rollback with every step of the kind, in plan
 * order, after the kinds whose first step came later were undone; `target` names what a failure to inspect is
 * reported against. `covered`: another kind's undo takes this one's work with it. `impossible`:
 * nothing can undo it; `reason` says why (and where the report shows it). `nothing`: the kind
 * changes nothing (an approval gate).
 */
export type StepRollback<K extends PlanStepKind> =
  | {
      kind: 'undo';
      target: string;
      undo(steps: readonly StepOfKind<K>[], context: RollbackContext): Promise<void>;
    }
  | { kind: 'covered'; by: PlanStepKind; reason: string }
  | { kind: 'impossible'; reason: string }
  /** The kind changes nothing (an approval gate), so there is nothing to undo. */
  | { kind: 'nothing'; reason: string };

/** The gateway operations a kind calls in each phase that handles it (IAM is derived from these). */
export interface StepOperations {
  execution: readonly GatewayOperation[];
  validation: readonly GatewayOperation[];
  rollback: readonly GatewayOperation[];
}

/**
 * Everything about one plan-step kind: how it executes (returning at once with what to poll),
 * how its progress is judged, how it is undone, how it reads in reports, and which gateway
 * operations it needs per phase. The registry (`STEP_KINDS`) holds one per `PlanStepKind`.
 *
 * @example
 * ```ts
 * const module: StepKindModule<'cluster_decommission'> = STEP_KINDS.cluster_decommission;
 * module.describe({ id: 'decommission-prod', kind: 'cluster_decommission', description: '…', clusterName: 'prod' });
 * // 'Delete cluster prod (its node groups first)'
 * ```
 */
export interface StepKindModule<K extends PlanStepKind> {
  kind: K;
  /**
   * A step of this kind as the planner emits it: what the kind's own test and the registry's
   * generic tests (every kind described, undone, judged) run the module's parts on.
   */
  example: StepOfKind<K>;
  /**
   * How long the step typically takes on EKS, in seconds, from which the planner estimates the
   * plan's duration (`UpgradePlan.estimatedDurationSeconds`): a typical value, not a bound.
   */
  typicalDurationSeconds(step: StepOfKind<K>, config: AgentConfig): number;
  /**
   * Whether the step disrupts workloads or traffic (a control-plane hop, a node group roll, a
   * traffic shift, a decommission), so it starts only inside a maintenance window it typically
   * fits in (`upgrade.maintenanceWindows`, `src/windows/`). Absent: not disruptive.
   */
  disruptive?: boolean;
  /** One line for reports and logs. */
  describe(step: StepOfKind<K>): string;
  /**
   * When the step may not start yet by its own nature (a retention period), computed from when
   * the workflow first selected it (`stepSelectedAt`, fixed across re-executions): Execution
   * then returns a deferral (contract C) instead of executing. Absent: the step starts at once.
   */
  deferral?(step: StepOfKind<K>, timing: { stepSelectedAt: Date; now: Date }): StepKindDeferral | undefined;
  operations: StepOperations;
  /** Performs the step without waiting; safe to call again (Step Functions retries). */
  execute(step: StepOfKind<K>, context: ExecutionContext): Promise<StepOutcome>;
  validation: StepValidation<K>;
  rollback: StepRollback<K>;
}
