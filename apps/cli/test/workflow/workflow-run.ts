/**
 * Runs workflow paths end to end on this machine: the state machine deploy ships, run by the
 * sfn package's local runner, with the REAL phase code of apps/lambdas against the simulated
 * cluster (the rehearsal machinery), and reads the run back for assertions.
 */
import {
  type AgentConfigInput,
  type PlanStep,
  type UpgradeEventDetail,
  UpgradeEventSchema,
  type UpgradePlan,
  UpgradePlanSchema,
  ValidationFailureDetailSchema,
} from '@eks-upgrade/core-models';
import { DEMO_SCENARIO, type Scenario, type ScenarioInput, ScenarioSchema } from '@eks-upgrade/lambdas';
import type { LocalRunResult } from '@eks-upgrade/sfn';
import {
  type RehearsalReport,
  type RunRehearsalOptions,
  runRehearsal,
} from '../../src/rehearsal/run-rehearsal.js';

/** The report of a rehearsal and the local runner's whole result behind it. */
export interface WorkflowRun {
  report: RehearsalReport;
  run: LocalRunResult;
}

/** What to change in the built-in demo (blue/green `demo` 1.29 → 1.31) for one path. */
export interface DemoChanges {
  /** In place instead of blue/green, to this version. */
  inPlaceTo?: string;
  failures?: ScenarioInput['failures'];
  /** DescribeUpdate calls an update stays InProgress (the demo: 2). */
  updatePolls?: number;
}

/** The demo scenario with `changes` applied, validated like a scenario file. */
export function demoScenario(changes: DemoChanges = {}): Scenario {
  return ScenarioSchema.parse({
    ...DEMO_SCENARIO,
    ...(changes.inPlaceTo
      ? { request: { clusterName: 'demo', targetVersion: changes.inPlaceTo, strategy: 'in_place' } }
      : {}),
    ...(changes.updatePolls ? { timing: { ...DEMO_SCENARIO.timing, updatePolls: changes.updatePolls } } : {}),
    failures: changes.failures ?? [],
  });
}

/**
 * The Lambda calls one plan step makes in `scenario` when it succeeds: its execution, then one
 * step validation per poll until the simulated operation ends (`timing`: updates `updatePolls`,
 * creations `createPolls` (Fargate profiles too), Route 53 changes `changePolls`, a cluster deletion its node groups'
 * then its own `deletePolls`), then the bake of a traffic step.
 */
export function successfulStepCalls(scenario: Scenario, step: PlanStep): string[] {
  // An approval gate starts nothing: Execution only says how long it may wait (its timeout cut at
  // the deadline), then the workflow waits for its answer (approved at once).
  if (step.kind === 'approval_gate') return [`execution:gate-wait:${step.id}`];
  // Blue's retention defers its first execution; executed again when the time has come, it has
  // nothing to wait for.
  if (step.kind === 'blue_retention')
    return [`execution:${step.id}`, `execution:${step.id}`, `validation:step:${step.id}`];
  const { updatePolls, createPolls, changePolls, deletePolls } = scenario.timing;
  const polls = {
    control_plane_upgrade: updatePolls,
    addon_upgrade: updatePolls,
    nodegroup_upgrade: updatePolls,
    nodegroup_update_config: updatePolls,
    cluster_provision: createPolls,
    nodegroup_provision: createPolls,
    addon_install: createPolls,
    fargate_profile_provision: createPolls,
    // Access entries, the IAM OIDC provider and Pod Identity associations take effect at once:
    // one validation finds nothing to wait for.
    access_entry_provision: 1,
    oidc_provider_provision: 1,
    pod_identity_provision: 1,
    irsa_trust_update: 1,
    traffic_shift: changePolls,
    cluster_decommission: 2 * deletePolls,
  }[step.kind];
  return [
    `execution:${step.id}`,
    ...Array.from({ length: polls }, () => `validation:step:${step.id}`),
    ...(step.kind === 'traffic_shift' ? [`validation:bake:${step.id}`] : []),
  ];
}

/** The plan the run carried out (the reasoning phase's output, as the state machine kept it). */
export function planOf(run: LocalRunResult): UpgradePlan {
  return UpgradePlanSchema.parse((run.output as { plan?: unknown } | undefined)?.plan);
}

/** Rehearses `scenario` with `config` (the defaults when absent), gates answered by `options.resolveGate`. */
export async function runWorkflowPath(
  scenario: Scenario,
  config?: AgentConfigInput,
  options: Pick<RunRehearsalOptions, 'resolveGate'> = {},
): Promise<WorkflowRun> {
  let run: LocalRunResult | undefined;
  const report = await runRehearsal(scenario, {
    ...options,
    ...(config ? { config } : {}),
    onWorkflowResult: (result) => {
      run = result;
    },
  });
  if (!run) throw new Error('runRehearsal did not hand over the workflow result');
  return { report, run };
}

/** `phase[:scope][:step]` for each Lambda call, in order. */
export function lambdaCalls(run: LocalRunResult): string[] {
  return run.taskInvocations
    .filter((call) => call.functionName !== undefined)
    .map((call) => {
      const payload = call.input as { step?: { id: string }; scope?: string; gateWait?: unknown };
      const phase = String(call.functionName).replace(/^eks-upgrade-agent-/, '');
      // Execution asked how long a gate (or a held failure) may wait: `execution:gate-wait:<step>`.
      const scope = payload.gateWait ? 'gate-wait' : payload.scope;
      return [phase, scope, payload.step?.id].filter(Boolean).join(':');
    });
}

/** How many times each Lambda call of `lambdaCalls` was made. */
export function callCount(run: LocalRunResult, call: string): number {
  return lambdaCalls(run).filter((made) => made === call).length;
}

/** Event types published, in order. */
export function eventTypes(run: LocalRunResult): string[] {
  return run.publishedEvents.map((event) => event.detailType);
}

/** The detail of the first published event of a type. */
export function detailOf(run: LocalRunResult, type: string): Record<string, unknown> | undefined {
  return run.publishedEvents.find((event) => event.detailType === type)?.detail;
}

/** Published events that are not valid core-models `UpgradeEvent`s (type and detail). */
export function invalidEvents(run: LocalRunResult): string[] {
  return run.publishedEvents.flatMap((event) => {
    const parsed = UpgradeEventSchema.safeParse({ type: event.detailType, detail: event.detail });
    return parsed.success ? [] : [`${event.detailType} (${event.stateName}): ${parsed.error.message}`];
  });
}

/**
 * The details of the `validation.failure` events, parsed with the core-models schema and required
 * to carry `failedChecks` themselves: the schema's default would hide a workflow that stopped
 * passing them on.
 */
export function validationFailures(run: LocalRunResult): Array<UpgradeEventDetail<'validation.failure'>> {
  return run.publishedEvents
    .filter((event) => event.detailType === 'validation.failure')
    .map((event) => {
      if (!Array.isArray(event.detail.failedChecks)) {
        throw new Error(`${event.stateName} published validation.failure without failedChecks`);
      }
      return ValidationFailureDetailSchema.parse(event.detail);
    });
}
