/**
 * Fake phase functions for what the real phase code cannot be used for here: packages/sfn must
 * not depend on apps/lambdas, and some workflow paths need behaviour the real phases never show.
 * The workflow paths themselves run with the real phases in apps/cli/test/workflow/; this fake
 * serves
 * - the moto integration tests (moto's Lambda functions do not run code: they answer with the
 *   outputs a local run of this fake produced) and the local-run benchmark;
 * - the local tests of paths only a fake can take: the Lambda service failing (retries), a
 *   traffic step healthy when shifted but unhealthy after its bake, and a rollback function that
 *   throws (the real rollback reports what it could not undo instead).
 *
 * Each function checks its input against the phase contract of core-models and returns a
 * schema-valid output.
 */
import {
  type ClusterSnapshot,
  ClusterSnapshotSchema,
  ExecutionInputSchema,
  PerceptionInputSchema,
  type PlanStep,
  phaseFunctionName,
  ReasoningInputSchema,
  RollbackInputSchema,
  RollbackResultSchema,
  StepResultSchema,
  type UpgradePlan,
  UpgradePlanSchema,
  type UpgradeRequest,
  type UpgradeRequestInput,
  type ValidationCheck,
  ValidationInputSchema,
  ValidationResultSchema,
} from '@eks-upgrade/core-models';
// Types only, so benchmarks can load this file with Node's type stripping.
import type { LocalLambdaHandler, LocalRunResult } from '../../src/index.js';

const NOW = '2026-11-25T10:00:00.000Z';

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

function snapshotFor(request: UpgradeRequest): ClusterSnapshot {
  return ClusterSnapshotSchema.parse({
    clusterName: request.clusterName,
    version: '1.29',
    status: 'ACTIVE',
    nodegroups: [{ name: 'workers', version: '1.29', status: 'ACTIVE' }],
    addons: [{ name: 'vpc-cni', version: 'v1.18.0-eksbuild.1', status: 'ACTIVE' }],
    capturedAt: NOW,
  });
}

/** In place from 1.29, one minor at a time: control plane, add-on, node group per hop. */
function inPlaceSteps(cluster: string, hops: string[]): PlanStep[] {
  return hops.flatMap((hop, index): PlanStep[] => {
    const previous = index === 0 ? '1.29' : (hops[index - 1] as string);
    return [
      {
        id: `cp-${hop}`,
        kind: 'control_plane_upgrade',
        description: `Control plane ${previous} → ${hop}`,
        clusterName: cluster,
        fromVersion: previous,
        toVersion: hop,
      },
      {
        id: `addon-vpc-cni-${hop}`,
        kind: 'addon_upgrade',
        description: `Add-on vpc-cni for ${hop}`,
        clusterName: cluster,
        addonName: 'vpc-cni',
        fromVersion: 'current',
        toVersion: `v1.${hop.split('.')[1]}.0-eksbuild.1`,
        kubernetesVersion: hop,
      },
      {
        id: `ng-workers-${hop}`,
        kind: 'nodegroup_upgrade',
        description: `Node group workers ${previous} → ${hop}`,
        clusterName: cluster,
        nodegroupName: 'workers',
        fromVersion: previous,
        toVersion: hop,
      },
    ];
  });
}

/** Blue/green: provision green, bootstrap it (a node group and an add-on), shift traffic, decommission blue. */
function blueGreenSteps(request: UpgradeRequest): PlanStep[] {
  const green = request.greenClusterName ?? `${request.clusterName}-green`;
  const weights = [10, 25, 50, 75, 100];
  return [
    {
      id: 'provision-green',
      kind: 'cluster_provision',
      description: `Create ${green} at ${request.targetVersion}`,
      sourceClusterName: request.clusterName,
      clusterName: green,
      version: request.targetVersion,
    },
    {
      id: 'green-ng-workers',
      kind: 'nodegroup_provision',
      description: `Node group workers on ${green}`,
      clusterName: green,
      nodegroupName: 'workers',
      sourceClusterName: request.clusterName,
      sourceNodegroupName: 'workers',
      version: request.targetVersion,
    },
    {
      id: 'green-addon-vpc-cni',
      kind: 'addon_install',
      description: `Add-on vpc-cni on ${green}`,
      clusterName: green,
      addonName: 'vpc-cni',
      toVersion: 'v1.19.0-eksbuild.1',
      kubernetesVersion: request.targetVersion,
      sourceClusterName: request.clusterName,
    },
    ...weights.map(
      (weight, index): PlanStep => ({
        id: `traffic-${weight}`,
        kind: 'traffic_shift',
        description: `Send ${weight} % of traffic to ${green}`,
        blueClusterName: request.clusterName,
        greenClusterName: green,
        fromWeight: index === 0 ? 0 : (weights[index - 1] as number),
        toWeight: weight,
      }),
    ),
    {
      id: 'decommission-blue',
      kind: 'cluster_decommission',
      description: `Remove ${request.clusterName}`,
      clusterName: request.clusterName,
    },
  ];
}

function planFor(request: UpgradeRequest): UpgradePlan {
  const hops = ['1.30', '1.31'].slice(0, Number(request.targetVersion.split('.')[1]) - 29);
  return UpgradePlanSchema.parse({
    planId: `plan-${request.clusterName}-${request.targetVersion}`,
    clusterName: request.clusterName,
    sourceVersion: '1.29',
    targetVersion: request.targetVersion,
    strategy: request.strategy,
    hops,
    steps:
      request.strategy === 'blue_green' ? blueGreenSteps(request) : inPlaceSteps(request.clusterName, hops),
    blockers: [],
    warnings: [],
    blocked: false,
    source: 'rules',
    createdAt: NOW,
  });
}

/** Failures to inject. */
export interface FakeScenario {
  /** Every perception call fails with Lambda.ServiceException (the Lambda service, not the code). */
  perceptionUnavailable?: boolean;
  /** Validation polls answering in_progress before the verdict (default 1). */
  pollsBeforeVerdict?: number;
  /** The update of this step ends Failed (validation says unhealthy). */
  updateFailsAt?: string;
  /** The bake validation of this traffic step is unhealthy (its step validation was healthy). */
  bakeFailsAt?: string;
  /** The rollback function throws. */
  rollbackFails?: boolean;
  /** The rollback function returns `success: false`: its undo of the control plane failed. */
  rollbackIncomplete?: boolean;
  /**
   * The green cluster's deletion stays pending for this many rollback passes (`Infinity`: never
   * ends); like the real phase, the last pass (`pass.count` reaching `pass.limit`) lists what is
   * still pending as not undone.
   */
  rollbackPendingPasses?: number;
  /** `pollAfterSeconds` of the step results (default 60; moto really waits). */
  pollAfterSeconds?: number;
}

/** An error whose name Step Functions matches in Retry and Catch (as `localTaskError` makes). */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The checks of one validation call, and a summary. */
function validationChecks(
  input: ReturnType<typeof ValidationInputSchema.parse>,
  scenario: FakeScenario,
  seen: number,
): { checks: ValidationCheck[]; summary: string } {
  const stepId = input.step?.id;
  const checks: ValidationCheck[] = [];
  let summary = 'All checks passed';
  if (input.scope === 'step' && stepId) {
    if (seen <= (scenario.pollsBeforeVerdict ?? 1)) {
      summary = `Update of ${stepId} still InProgress`;
      checks.push({ name: 'update-status', status: 'pending', message: summary });
    } else if (stepId === scenario.updateFailsAt) {
      summary = `Update update-${stepId} ended Failed`;
      checks.push({ name: 'update-status', status: 'fail', message: summary });
    } else {
      checks.push({ name: 'update-status', status: 'pass', message: `Update update-${stepId} succeeded` });
    }
  }
  checks.push({ name: 'cluster-active', status: 'pass', message: 'Cluster is ACTIVE' });
  if (input.scope === 'bake' && stepId === scenario.bakeFailsAt) {
    summary = `Alarm api-5xx in ALARM after baking ${stepId}`;
    checks.push({ name: 'alarm:api-5xx', status: 'fail', message: summary });
  }
  return { checks, summary };
}

/** The five fake functions keyed by their default names, for `runWorkflowLocally`. */
export function fakeLambdaHandlers(scenario: FakeScenario = {}): Record<string, LocalLambdaHandler> {
  const polls = new Map<string, number>();
  // Each function "runs" one virtual second.
  const work = (context: { clock: { advance: (seconds: number) => void } }) => context.clock.advance(1);
  return {
    [phaseFunctionName('perception')]: (payload, context) => {
      const { request } = PerceptionInputSchema.parse(payload);
      work(context);
      if (scenario.perceptionUnavailable) {
        throw namedError('Lambda.ServiceException', 'Lambda is unavailable (simulated)');
      }
      return snapshotFor(request);
    },
    [phaseFunctionName('reasoning')]: (payload, context) => {
      const { request } = ReasoningInputSchema.parse(payload);
      work(context);
      return planFor(request);
    },
    [phaseFunctionName('execution')]: (payload, context) => {
      const { step, gateWait } = ExecutionInputSchema.parse(payload);
      work(context);
      if (gateWait && step.kind === 'approval_gate') {
        // As the real Execution answers (lambdas' gateWaitOf): the gate's timeout cut at the deadline.
        const own = step.gate.timeoutSeconds;
        const at = gateWait.deadline.at;
        const left =
          at === undefined ? own : Math.floor((Date.parse(at) - context.clock.now().getTime()) / 1000);
        return {
          stepId: step.id,
          kind: 'approval_gate',
          clusterName: step.clusterName,
          waitSeconds: Math.max(1, Math.min(own, left)),
          cutByDeadline: left < own,
          message: `Gate ${step.id} may wait`,
        };
      }
      const immediate = step.kind === 'traffic_shift';
      return StepResultSchema.parse({
        stepId: step.id,
        kind: step.kind,
        status: immediate ? 'succeeded' : 'in_progress',
        clusterName: step.kind === 'traffic_shift' ? step.greenClusterName : step.clusterName,
        ...(immediate ? {} : { updateId: `update-${step.id}` }),
        ...('nodegroupName' in step ? { nodegroupName: step.nodegroupName } : {}),
        ...('addonName' in step ? { addonName: step.addonName } : {}),
        pollAfterSeconds: immediate ? 0 : (scenario.pollAfterSeconds ?? 60),
        message: `${step.description} started`,
        startedAt: NOW,
      });
    },
    [phaseFunctionName('validation')]: (payload, context) => {
      const input = ValidationInputSchema.parse(payload);
      work(context);
      const stepId = input.step?.id;
      const seen = stepId && input.scope === 'step' ? (polls.get(stepId) ?? 0) + 1 : 0;
      if (stepId && input.scope === 'step') polls.set(stepId, seen);
      const { checks, summary } = validationChecks(input, scenario, seen);
      const failedChecks = checks.filter((item) => item.status === 'fail').map((item) => item.name);
      const pending = checks.some((item) => item.status === 'pending');
      const status = failedChecks.length > 0 ? 'unhealthy' : pending ? 'in_progress' : 'healthy';
      return ValidationResultSchema.parse({
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
      const { request, failure, pass } = RollbackInputSchema.parse(payload);
      work(context);
      if (scenario.rollbackPendingPasses !== undefined) {
        const passes = (pass?.count ?? 0) + 1;
        const running =
          passes < scenario.rollbackPendingPasses ? ['green-cluster: DeleteCluster started'] : [];
        const last = pass !== undefined && pass.count >= pass.limit;
        return RollbackResultSchema.parse({
          clusterName: request.clusterName,
          success: true,
          actions: [
            {
              target: 'green-cluster',
              status: running.length > 0 ? 'started' : 'undone',
              message: `Pass ${passes}`,
            },
          ],
          notUndone: last
            ? running.map((line) => `still in progress after ${pass.count} polls: ${line}`)
            : [],
          pending: last ? [] : running,
          summary: `Rollback after ${failure.Error}, pass ${passes}`,
          completedAt: NOW,
        });
      }
      if (scenario.rollbackFails) {
        throw namedError(
          'RollbackError',
          'UpdateClusterVersion with rollback refused: more than 7 days since the upgrade',
        );
      }
      if (scenario.rollbackIncomplete) {
        return RollbackResultSchema.parse({
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
      return RollbackResultSchema.parse({
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

/** `phase[:scope][:step]` of each Lambda call, in order. */
export function lambdaCalls(result: LocalRunResult): string[] {
  return result.taskInvocations.flatMap(({ functionName, input }) => {
    if (functionName === undefined) return [];
    const { scope, step, gateWait } = input as { step?: { id: string }; scope?: string; gateWait?: unknown };
    // Execution asked how long a gate (or a held failure) may wait: `execution:gate-wait:<step>`.
    const kind = gateWait ? 'gate-wait' : scope;
    return [[functionName.replace(/^eks-upgrade-agent-/, ''), kind, step?.id].filter(Boolean).join(':')];
  });
}
