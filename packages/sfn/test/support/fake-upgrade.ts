/**
 * Fake phase functions for local and moto runs: they check their input against the phase
 * contracts of core-models and return schema-valid outputs, with failures injected on demand.
 */
import {
  type ClusterSnapshot,
  ClusterSnapshotSchema,
  ExecutionInputSchema,
  PerceptionInputSchema,
  type PlanIssue,
  type PlanStep,
  phaseFunctionName,
  ReasoningInputSchema,
  RollbackInputSchema,
  RollbackResultSchema,
  StepResultSchema,
  UpgradeEventDetailSchemas,
  type UpgradeEventType,
  type UpgradePlan,
  UpgradePlanSchema,
  type UpgradeRequest,
  type UpgradeRequestInput,
  UpgradeRequestSchema,
  type ValidationCheck,
  ValidationFailureDetailSchema,
  ValidationInputSchema,
  ValidationResultSchema,
} from '@eks-upgrade/core-models';
// Types only, so benchmarks can load this file with Node's type stripping.
import type { LocalLambdaHandler, LocalRunResult } from '../../src/index.js';

type ValidationFailureDetail = ReturnType<typeof ValidationFailureDetailSchema.parse>;

/** An error whose name Step Functions matches in Retry and Catch (as `localTaskError` makes). */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export const NOW = '2026-11-25T10:00:00.000Z';

export const IN_PLACE_REQUEST: UpgradeRequestInput = {
  clusterName: 'payments-prod',
  targetVersion: '1.31',
  strategy: 'in_place',
};

export const BLUE_GREEN_REQUEST: UpgradeRequestInput = {
  clusterName: 'payments-prod',
  targetVersion: '1.31',
  strategy: 'blue_green',
  greenClusterName: 'payments-prod-1-31',
};

export function snapshotFor(request: UpgradeRequest, version = '1.29'): ClusterSnapshot {
  return ClusterSnapshotSchema.parse({
    clusterName: request.clusterName,
    version,
    status: 'ACTIVE',
    nodegroups: [
      { name: 'workers', version, status: 'ACTIVE' },
      { name: 'system', version, status: 'ACTIVE' },
    ],
    addons: [
      { name: 'vpc-cni', version: 'v1.18.0-eksbuild.1', status: 'ACTIVE' },
      { name: 'coredns', version: 'v1.11.1-eksbuild.4', status: 'ACTIVE' },
    ],
    capturedAt: NOW,
  });
}

const ADDON_VERSIONS: Record<string, Record<string, string>> = {
  'vpc-cni': { '1.30': 'v1.18.3-eksbuild.2', '1.31': 'v1.19.0-eksbuild.1' },
  coredns: { '1.30': 'v1.11.3-eksbuild.1', '1.31': 'v1.11.4-eksbuild.2' },
};

/** In place, one minor at a time: control plane, then add-ons, then node groups, per hop. */
export function inPlaceSteps(cluster: string, from: string, hops: string[]): PlanStep[] {
  const steps: PlanStep[] = [];
  let previous = from;
  for (const hop of hops) {
    steps.push({
      id: `cp-${hop}`,
      kind: 'control_plane_upgrade',
      description: `Control plane ${previous} → ${hop}`,
      clusterName: cluster,
      fromVersion: previous,
      toVersion: hop,
    });
    for (const addon of ['vpc-cni', 'coredns']) {
      steps.push({
        id: `addon-${addon}-${hop}`,
        kind: 'addon_upgrade',
        description: `Add-on ${addon} for ${hop}`,
        clusterName: cluster,
        addonName: addon,
        fromVersion: 'current',
        toVersion: ADDON_VERSIONS[addon]?.[hop] ?? 'latest',
        kubernetesVersion: hop,
      });
    }
    for (const nodegroup of ['workers', 'system']) {
      steps.push({
        id: `ng-${nodegroup}-${hop}`,
        kind: 'nodegroup_upgrade',
        description: `Node group ${nodegroup} ${previous} → ${hop}`,
        clusterName: cluster,
        nodegroupName: nodegroup,
        fromVersion: previous,
        toVersion: hop,
      });
    }
    previous = hop;
  }
  return steps;
}

/** Add-ons the fake blue cluster runs, installed on green at the target's versions. */
const GREEN_ADDONS = ['vpc-cni', 'coredns', 'kube-proxy'];

/**
 * Blue/green: provision green, bootstrap it (its node groups and add-ons, copied from blue),
 * shift traffic through the weights, decommission blue.
 */
export function blueGreenSteps(request: UpgradeRequest, weights = [10, 25, 50, 75, 100]): PlanStep[] {
  const green = request.greenClusterName ?? `${request.clusterName}-green`;
  const steps: PlanStep[] = [
    {
      id: 'provision-green',
      kind: 'cluster_provision',
      description: `Create ${green} at ${request.targetVersion}`,
      sourceClusterName: request.clusterName,
      clusterName: green,
      version: request.targetVersion,
    },
  ];
  for (const nodegroup of ['workers', 'system']) {
    steps.push({
      id: `green-ng-${nodegroup}`,
      kind: 'nodegroup_provision',
      description: `Node group ${nodegroup} on ${green}`,
      clusterName: green,
      nodegroupName: nodegroup,
      sourceClusterName: request.clusterName,
      sourceNodegroupName: nodegroup,
      version: request.targetVersion,
    });
  }
  for (const addon of GREEN_ADDONS) {
    steps.push({
      id: `green-addon-${addon}`,
      kind: 'addon_install',
      description: `Add-on ${addon} on ${green}`,
      clusterName: green,
      addonName: addon,
      toVersion: ADDON_VERSIONS[addon]?.[request.targetVersion] ?? 'v1.31.2-eksbuild.3',
      kubernetesVersion: request.targetVersion,
      sourceClusterName: request.clusterName,
    });
  }
  let previous = 0;
  for (const weight of weights) {
    steps.push({
      id: `traffic-${weight}`,
      kind: 'traffic_shift',
      description: `Send ${weight} % of traffic to ${green}`,
      blueClusterName: request.clusterName,
      greenClusterName: green,
      fromWeight: previous,
      toWeight: weight,
    });
    previous = weight;
  }
  steps.push({
    id: 'decommission-blue',
    kind: 'cluster_decommission',
    description: `Remove ${request.clusterName}`,
    clusterName: request.clusterName,
  });
  return steps;
}

export function planFor(
  request: UpgradeRequest,
  snapshot: ClusterSnapshot,
  blockers: PlanIssue[] = [],
): UpgradePlan {
  const hops = blockers.length > 0 ? [] : hopsBetween(snapshot.version, request.targetVersion);
  const steps =
    blockers.length > 0
      ? []
      : request.strategy === 'blue_green'
        ? blueGreenSteps(request)
        : inPlaceSteps(request.clusterName, snapshot.version, hops);
  return UpgradePlanSchema.parse({
    planId: `plan-${request.clusterName}-${request.targetVersion}`,
    clusterName: request.clusterName,
    sourceVersion: snapshot.version,
    targetVersion: request.targetVersion,
    strategy: request.strategy,
    hops,
    steps,
    blockers,
    warnings: [],
    blocked: blockers.length > 0,
    source: 'rules',
    createdAt: NOW,
  });
}

function hopsBetween(from: string, to: string): string[] {
  const start = Number(from.split('.')[1]);
  const end = Number(to.split('.')[1]);
  return Array.from({ length: Math.max(0, end - start) }, (_, index) => `1.${start + index + 1}`);
}

/** Failures to inject. */
export interface FakeScenario {
  /** Every perception call fails with Lambda.ServiceException. */
  perceptionUnavailable?: boolean;
  blockers?: PlanIssue[];
  /** Validation polls answering in_progress before the verdict (default 1). */
  pollsBeforeVerdict?: number;
  /** `pollsBeforeVerdict` for some steps by id (a slow update). */
  pollsBeforeVerdictByStep?: Record<string, number>;
  /** The update of this step ends Failed (validation says unhealthy). */
  updateFailsAt?: string;
  /** The bake validation of this traffic step is unhealthy. */
  bakeFailsAt?: string;
  /** The update of this step never finishes (always in_progress). */
  neverFinishes?: string;
  /** The rollback function throws. */
  rollbackFails?: boolean;
  /** The rollback function returns `success: false`: its undo of the control plane failed. */
  rollbackIncomplete?: boolean;
  /** `pollAfterSeconds` of the step results (default 60; moto really waits). */
  pollAfterSeconds?: number;
  /** How long each fake function "runs", in virtual seconds (local runs only). */
  workSeconds?: number;
}

/** Checks `value` against `schema` the way a handler does, returning the parsed value. */
function check<T>(schema: { parse: (value: unknown) => T }, value: unknown): T {
  return schema.parse(value);
}

/** The five fake functions keyed by their default names, for `runWorkflowLocally`. */
export function fakeLambdaHandlers(scenario: FakeScenario = {}): Record<string, LocalLambdaHandler> {
  const polls = new Map<string, number>();
  const pollsBeforeVerdict = scenario.pollsBeforeVerdict ?? 1;
  const work = (context: { clock: { advance: (seconds: number) => void } }) =>
    context.clock.advance(scenario.workSeconds ?? 1);
  return {
    [phaseFunctionName('perception')]: (payload, context) => {
      const { request } = check(PerceptionInputSchema, payload);
      work(context);
      if (scenario.perceptionUnavailable) {
        throw namedError('Lambda.ServiceException', 'Lambda is unavailable (simulated)');
      }
      return check(ClusterSnapshotSchema, snapshotFor(request));
    },
    [phaseFunctionName('reasoning')]: (payload, context) => {
      const { request, snapshot } = check(ReasoningInputSchema, payload);
      work(context);
      return check(UpgradePlanSchema, planFor(request, snapshot, scenario.blockers));
    },
    [phaseFunctionName('execution')]: (payload, context) => {
      const { step } = check(ExecutionInputSchema, payload);
      work(context);
      const immediate = step.kind === 'traffic_shift';
      return check(StepResultSchema, {
        stepId: step.id,
        kind: step.kind,
        status: immediate ? 'succeeded' : 'in_progress',
        clusterName: step.kind === 'traffic_shift' ? step.greenClusterName : step.clusterName,
        ...(immediate ? {} : { updateId: `update-${step.id}` }),
        ...(step.kind === 'nodegroup_upgrade' || step.kind === 'nodegroup_provision'
          ? { nodegroupName: step.nodegroupName }
          : {}),
        ...(step.kind === 'addon_upgrade' || step.kind === 'addon_install'
          ? { addonName: step.addonName }
          : {}),
        pollAfterSeconds: immediate ? 0 : (scenario.pollAfterSeconds ?? 60),
        message: `${step.description} started`,
        startedAt: NOW,
      });
    },
    [phaseFunctionName('validation')]: (payload, context) => {
      const input = check(ValidationInputSchema, payload);
      work(context);
      const stepId = input.step?.id;
      let summary = 'All checks passed';
      const checks: ValidationCheck[] = [];
      if (input.scope === 'step' && stepId) {
        const seen = (polls.get(stepId) ?? 0) + 1;
        polls.set(stepId, seen);
        const inFlightPolls = scenario.pollsBeforeVerdictByStep?.[stepId] ?? pollsBeforeVerdict;
        if (stepId === scenario.neverFinishes || seen <= inFlightPolls) {
          summary = `Update of ${stepId} still InProgress`;
          checks.push({ name: 'update-status', status: 'pending', message: summary });
        } else if (stepId === scenario.updateFailsAt) {
          summary = `Update update-${stepId} ended Failed`;
          checks.push({ name: 'update-status', status: 'fail', message: summary });
        } else {
          checks.push({
            name: 'update-status',
            status: 'pass',
            message: `Update update-${stepId} succeeded`,
          });
        }
      }
      checks.push({ name: 'cluster-active', status: 'pass', message: 'Cluster is ACTIVE' });
      if (input.scope === 'bake' && stepId === scenario.bakeFailsAt) {
        summary = `Alarm api-5xx in ALARM after baking ${stepId}`;
        checks.push({ name: 'alarm:api-5xx', status: 'fail', message: summary });
      }
      const failedChecks = checks.filter((item) => item.status === 'fail').map((item) => item.name);
      const status =
        failedChecks.length > 0
          ? 'unhealthy'
          : checks.some((item) => item.status === 'pending')
            ? 'in_progress'
            : 'healthy';
      return check(ValidationResultSchema, {
        clusterName: input.request.clusterName,
        ...(stepId ? { stepId } : {}),
        status,
        success: status === 'healthy',
        checks,
        failedChecks,
        metrics: {},
        summary,
        checkedAt: NOW,
      });
    },
    [phaseFunctionName('rollback')]: (payload, context) => {
      const { request, failure } = check(RollbackInputSchema, payload);
      work(context);
      if (scenario.rollbackFails) {
        const error = new Error(
          'UpdateClusterVersion with rollback refused: more than 7 days since the upgrade',
        );
        error.name = 'RollbackError';
        throw error;
      }
      if (scenario.rollbackIncomplete) {
        return check(RollbackResultSchema, {
          clusterName: request.clusterName,
          success: false,
          actions: [
            { target: 'traffic', status: 'not_needed', message: 'No traffic was shifted' },
            {
              target: 'control-plane',
              status: 'failed',
              message: 'UpdateClusterVersion with rollbackConfig failed: ResourceInUseException',
            },
          ],
          notUndone: ['control plane stays at 1.30: the native rollback failed (ResourceInUseException)'],
          summary: `Rollback after ${failure.Error} failed for the control plane`,
          completedAt: NOW,
        });
      }
      return check(RollbackResultSchema, {
        clusterName: request.clusterName,
        success: true,
        actions: [{ target: 'traffic', status: 'undone', message: `Undid changes after ${failure.Error}` }],
        notUndone: [],
        summary: 'Traffic is back on blue',
        completedAt: NOW,
      });
    },
  };
}

/** `phase[:scope|step]` for each Lambda call, in order. */
export function lambdaCalls(result: LocalRunResult): string[] {
  return result.taskInvocations
    .filter((call) => call.functionName !== undefined)
    .map((call) => {
      const phase = String(call.functionName).replace(/^eks-upgrade-agent-/, '');
      const payload = call.input as { step?: { id: string }; scope?: string };
      const detail = [payload.scope, payload.step?.id].filter(Boolean).join(':');
      return detail ? `${phase}:${detail}` : phase;
    });
}

/** Event types published, in order. */
export function eventTypes(result: LocalRunResult): string[] {
  return result.publishedEvents.map((event) => event.detailType);
}

/** Events whose detail does not match the core-models schema of their type. */
export function invalidEventDetails(result: LocalRunResult): string[] {
  return result.publishedEvents.flatMap((event) => {
    const schema = UpgradeEventDetailSchemas[event.detailType as UpgradeEventType];
    if (!schema) return [`${event.detailType}: unknown type`];
    const parsed = schema.safeParse(event.detail);
    return parsed.success ? [] : [`${event.detailType} (${event.stateName}): ${parsed.error.message}`];
  });
}

/**
 * The details of the `validation.failure` events, each parsed with the core-models schema (the
 * test fails on an invalid one) and required to carry `failedChecks` itself: the schema's default
 * would hide a workflow that stopped passing it on.
 */
export function validationFailureDetails(result: LocalRunResult): ValidationFailureDetail[] {
  return result.publishedEvents
    .filter((event) => event.detailType === 'validation.failure')
    .map((event) => {
      if (!Array.isArray(event.detail.failedChecks)) {
        throw new Error(`${event.stateName} published validation.failure without failedChecks`);
      }
      return ValidationFailureDetailSchema.parse(event.detail);
    });
}

export function parseRequest(input: UpgradeRequestInput): UpgradeRequest {
  return UpgradeRequestSchema.parse(input);
}
