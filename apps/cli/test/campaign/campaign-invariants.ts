/**
 * The invariants of issue 10 §7, judged after a rehearsal from the simulator's recorded calls and
 * state (`ObservedSimulator`) and the events the workflow published, and the rehearsal of one
 * campaign case that feeds them.
 */
import { UpgradeEventSchema, type UpgradePlan } from '@eks-upgrade/core-models';
import type { Scenario, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import type { LocalPublishedEvent, LocalRunResult } from '@eks-upgrade/sfn';
import { type RehearsalReport, runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import type { CampaignCase, FaultKind } from './campaign-scenarios.js';
import {
  greenClusterOf,
  type Observation,
  ObservedSimulator,
  type SideState,
  sideState,
  type WorldSnapshot,
} from './observed-simulator.js';

/** The invariants, each a short id used in the figures and in violation messages. */
export const INVARIANTS = {
  capacity: 'traffic is never weighted onto a side without capacity',
  bothZero: 'the two records never both weigh 0',
  greenDeletedWithTraffic: 'green is never deleted while it carries traffic',
  blueDeletedEarly: 'blue is never deleted before green carried 100 % through its bake',
  ttlDrained: "a side is deleted only once the records' TTL has passed since its weight went to 0",
  endState:
    'the end state is succeeded at target, rolled back with nothing left changed, or failed / partially rolled back with every left-over named',
  rollbackTruthful: 'a rollback that says it failed or left something changed did leave something changed',
  eventsValid: 'every event is valid against its core-models schema',
  phasesClosed: 'each started phase completes or fails',
  rollbackOrder: 'rollback.triggered comes before rollback.completed, once each',
  terminalEvent: 'the run ends with one upgrade.completed (succeeded) or upgrade.failed (otherwise)',
} as const;
export type InvariantId = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantId;
  message: string;
}

/** What one rehearsed case gave: its outcome, the faults it carried, what it violated. */
export interface CaseResult {
  outcome: string;
  error?: string;
  faults: FaultKind[];
  violations: Violation[];
  /**
   * Gate answers of the scenario (reject, time out) the rehearsal did not apply: a gate of that
   * purpose was approved anyway. Not an invariant of the upgrade, but a fault that was not injected.
   */
  ignoredGateAnswers: string[];
  /**
   * The scenario failures that matched a call and failed it (`FailureInjection.failedCalls`), by
   * type: a fault drawn but never met (the run ended before it) is not among them.
   */
  failuresTaken: string[];
}

/** The progress line of a published event: `+H:MM:SS  event       <type>[  → rules]`. */
const EVENT_LINE = /^\+\d+:\d{2}:\d{2} {2}event {7}(\S+)/;

/** A side's share of the traffic; Route 53 answers all-zero weights with equal shares. */
function share(weights: { blue?: number | undefined; green?: number | undefined }, side: 'blue' | 'green') {
  const blue = weights.blue ?? 0;
  const green = weights.green ?? 0;
  if (blue + green === 0) return 0.5;
  return (side === 'blue' ? blue : green) / (blue + green);
}

/** `name` as a whole word: the green cluster's default name `shop-1-31` does not name `shop`. */
function names(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'i').test(text);
}

function planOf(run: LocalRunResult): UpgradePlan | undefined {
  for (const call of run.taskInvocations) {
    if (!String(call.functionName ?? '').endsWith('reasoning')) continue;
    // The function's answer is the plan (the state keeps it under `plan`).
    const output = call.output as (UpgradePlan & { plan?: UpgradePlan }) | undefined;
    const plan = output?.plan ?? output;
    if (plan && Array.isArray(plan.steps)) return plan;
  }
  return undefined;
}

/** What a rehearsal left to judge: the scenario, the report, the events, what the simulator saw. */
export interface RunFacts {
  scenario: Scenario;
  report: Pick<RehearsalReport, 'outcome' | 'status' | 'rollback' | 'cause'>;
  /** The events the workflow published, in order. */
  events: ReadonlyArray<Pick<LocalPublishedEvent, 'detailType' | 'detail' | 'stateName'>>;
  /** The plan the reasoning phase made (none when it made none). */
  plan: Pick<UpgradePlan, 'steps'> | undefined;
  /** Whether the rollback function ran. */
  rollbackRan: boolean;
  observations: readonly Observation[];
  initial: WorldSnapshot;
  initialBlue: SideState;
  final: WorldSnapshot;
  finalSides: { blue: SideState; green: SideState };
  /** Mutating calls the simulator recorded. */
  mutatingCalls: number;
}

function checkTraffic(facts: RunFacts, violations: Violation[]): void {
  for (const change of facts.observations) {
    if (change.kind !== 'weights') continue;
    const at = `at event ${change.eventsBefore} (${facts.events[change.eventsBefore - 1]?.detailType ?? 'none'}), weights ${change.before.blue}/${change.before.green} → ${change.after.blue}/${change.after.green}`;
    for (const side of ['blue', 'green'] as const) {
      if (share(change.after, side) > share(change.before, side) && !change[side].serving) {
        violations.push({
          invariant: 'capacity',
          message: `${at}: traffic moved onto ${side} without capacity (${change[side].facts})`,
        });
      }
    }
    if (change.after.blue === 0 && change.after.green === 0) {
      violations.push({ invariant: 'bothZero', message: `${at}: both records set to weight 0` });
    }
  }
  const { final, initial, initialBlue, finalSides } = facts;
  for (const side of ['blue', 'green'] as const) {
    const carried = share(final.weights, side);
    const preExisting = side === 'blue' && !initialBlue.serving && share(initial.weights, 'blue') >= carried;
    if (carried > 0 && !finalSides[side].serving && !preExisting) {
      violations.push({
        invariant: 'capacity',
        message: `at the end ${side} carries ${Math.round(carried * 100)} % of the traffic without capacity (${finalSides[side].facts})`,
      });
    }
  }
  if (final.weights.blue === 0 && final.weights.green === 0) {
    violations.push({ invariant: 'bothZero', message: 'at the end both records weigh 0' });
  }
}

function checkDeletions(facts: RunFacts, violations: Violation[]): void {
  const plan = facts.plan;
  const blue = facts.scenario.cluster.name;
  const green = greenClusterOf(facts.scenario);
  const events = facts.events;
  const fullStep = plan?.steps.find((step) => step.kind === 'traffic_shift' && step.toWeight === 100);
  for (const deletion of facts.observations) {
    if (deletion.kind !== 'delete') continue;
    const what = `${deletion.operation} ${deletion.clusterName}${deletion.resource !== deletion.clusterName ? `/${deletion.resource}` : ''} at event ${deletion.eventsBefore}`;
    if (deletion.clusterName === green && (deletion.weights.green ?? 0) > 0) {
      violations.push({
        invariant: 'greenDeletedWithTraffic',
        message: `${what} while green weighs ${deletion.weights.green} (blue ${deletion.weights.blue})`,
      });
    }
    if (deletion.clusterName !== blue) continue;
    if ((deletion.weights.blue ?? 0) > 0) {
      violations.push({
        invariant: 'blueDeletedEarly',
        message: `${what} while blue still weighs ${deletion.weights.blue} (green ${deletion.weights.green})`,
      });
    }
    // Before it: green at 100 % (traffic.shifted 100), then that step's bake passed and it completed.
    const before = events.slice(0, deletion.eventsBefore);
    const shifted = before.findIndex(
      (event) => event.detailType === 'traffic.shifted' && event.detail.weight === 100,
    );
    const baked =
      fullStep !== undefined &&
      shifted >= 0 &&
      before.some(
        (event, index) =>
          index > shifted && event.detailType === 'validation.success' && event.detail.stepId === fullStep.id,
      ) &&
      before.some(
        (event, index) =>
          index > shifted && event.detailType === 'phase.completed' && event.detail.stepId === fullStep.id,
      );
    if (!baked) {
      violations.push({
        invariant: 'blueDeletedEarly',
        message: `${what} before green carried 100 % through its bake (events before: ${before.map((event) => event.detailType).join(', ')})`,
      });
    }
  }
}

/**
 * Resolvers keep a record's answer for its TTL
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-basic.html#rrsets-values-basic-ttl):
 * a side whose weight went to 0 still gets clients for that long, so none of it is deleted before.
 */
function checkTtl(facts: RunFacts, violations: Violation[]): void {
  const ttlSeconds = facts.scenario.request.trafficRouting?.ttlSeconds;
  if (ttlSeconds === undefined) return;
  const sides = { blue: facts.scenario.cluster.name, green: greenClusterOf(facts.scenario) };
  facts.observations.forEach((deletion, index) => {
    if (deletion.kind !== 'delete') return;
    const side =
      deletion.clusterName === sides.blue
        ? 'blue'
        : deletion.clusterName === sides.green
          ? 'green'
          : undefined;
    if (!side) return;
    const drained = facts.observations
      .slice(0, index)
      .findLast(
        (change) => change.kind === 'weights' && (change.before[side] ?? 0) > 0 && change.after[side] === 0,
      );
    if (!drained) return;
    const waited = (deletion.atMs - drained.atMs) / 1000;
    if (waited < ttlSeconds) {
      violations.push({
        invariant: 'ttlDrained',
        message: `${deletion.operation} ${deletion.clusterName}/${deletion.resource} ${waited} s after its weight went to 0 (TTL ${ttlSeconds} s)`,
      });
    }
  });
}

/** What differs between the start and the end, each with the names that must appear where it is reported. */
/**
 * A left-over, and how a report names it: one of `namedBy` as a whole word, or a line that both
 * matches `namedWith.keyword` and names `namedWith.name` ("green-oidc-provider: kept with shop-1-31").
 */
interface LeftOver {
  what: string;
  namedBy: string[];
  namedWith?: { keyword: RegExp; name: string };
}

function leftOvers(facts: RunFacts): LeftOver[] {
  const { initial, final } = facts;
  const blue = facts.scenario.cluster.name;
  const routing = facts.scenario.request.trafficRouting;
  const left: LeftOver[] = [];
  for (const [name, cluster] of Object.entries(final.clusters)) {
    if (!initial.clusters[name])
      left.push({ what: `cluster ${name} (${cluster.status}) created`, namedBy: [name] });
  }
  for (const [name, cluster] of Object.entries(initial.clusters)) {
    const now = final.clusters[name];
    if (!now) {
      left.push({ what: `cluster ${name} deleted`, namedBy: [name] });
      continue;
    }
    if (now.status !== cluster.status) left.push({ what: `cluster ${name} ${now.status}`, namedBy: [name] });
    const parts = [
      ...Object.entries(cluster.nodegroups).map(([part, was]) => [
        `node group ${part}`,
        was,
        now.nodegroups[part],
      ]),
      ...Object.entries(cluster.fargateProfiles).map(([part, was]) => [
        `Fargate profile ${part}`,
        was,
        now.fargateProfiles[part],
      ]),
    ];
    for (const [part, was, is] of parts) {
      if (was !== is) left.push({ what: `${part} of ${name} ${is ?? 'deleted'}`, namedBy: [name] });
    }
  }
  for (const [arn, issuer] of Object.entries(final.iam.oidcProviders)) {
    if (initial.iam.oidcProviders[arn] === undefined) {
      left.push({
        what: `IAM OIDC provider ${arn} created`,
        namedBy: [arn, issuer.replace(/^https:\/\//, '')],
        namedWith: { keyword: /oidc/i, name: greenClusterOf(facts.scenario) },
      });
    }
  }
  for (const [arn] of Object.entries(initial.iam.oidcProviders)) {
    if (final.iam.oidcProviders[arn] === undefined)
      left.push({ what: `IAM OIDC provider ${arn} deleted`, namedBy: [arn] });
  }
  for (const [role, trust] of Object.entries(final.iam.roleTrust)) {
    if (initial.iam.roleTrust[role] !== trust)
      left.push({ what: `trust policy of IAM role ${role} changed`, namedBy: [role] });
  }
  // Route 53 splits by weight over the sum: 100/0 and 255/0 send the same traffic.
  if (share(initial.weights, 'green') !== share(final.weights, 'green')) {
    left.push({
      what: `traffic ${final.weights.blue}/${final.weights.green} (was ${initial.weights.blue}/${initial.weights.green})`,
      namedBy: ['traffic', ...(routing ? [routing.recordName] : []), blue],
    });
  }
  return left;
}

function checkEndState(facts: RunFacts, violations: Violation[]): void {
  const { report, final } = facts;
  const scenario = facts.scenario;
  const green = greenClusterOf(scenario);
  const left = leftOvers(facts);
  const end = (message: string) =>
    violations.push({ invariant: 'endState', message: `${report.outcome}: ${message}` });
  // As a string: the outcome list may grow (a rejection before any change) before the CLI type does.
  switch (report.outcome as string) {
    case 'succeeded': {
      const cluster = final.clusters[green];
      if (!cluster || cluster.version !== scenario.request.targetVersion || cluster.status !== 'ACTIVE') {
        end(
          `green ${green} is ${cluster ? `${cluster.status} at ${cluster.version}` : 'absent'}, not ACTIVE at ${scenario.request.targetVersion}`,
        );
      }
      if (share(final.weights, 'green') !== 1)
        end(`green carries ${final.weights.green} against blue ${final.weights.blue}, not all the traffic`);
      // Every step of the plan done, as the events say: a gate approved, any other step completed.
      const unfinished = (facts.plan?.steps ?? []).filter(
        (step) =>
          !facts.events.some(
            (event) =>
              event.detail.stepId === step.id &&
              event.detailType === (step.kind === 'approval_gate' ? 'gate.approved' : 'phase.completed'),
          ),
      );
      if (!facts.plan) end('no plan was made');
      if (unfinished.length > 0) end(`steps not done: ${unfinished.map((step) => step.id).join(', ')}`);
      return;
    }
    case 'rolled_back':
    // A gate rejected before anything changed ends the execution in its own state: nothing to undo.
    case 'rejected':
      if (left.length > 0) end(`left changed: ${left.map((item) => item.what).join('; ')}`);
      return;
    case 'failed':
    case 'partially_rolled_back': {
      if (report.outcome === 'failed' && facts.mutatingCalls === 0 && left.length > 0) {
        end(`nothing was asked to change, yet: ${left.map((item) => item.what).join('; ')}`);
        return;
      }
      const text = [
        ...(report.rollback?.notUndone ?? []),
        ...(report.rollback?.pending ?? []),
        report.cause ?? '',
      ].join('\n');
      for (const item of left) {
        const namedWith = item.namedWith;
        const named =
          item.namedBy.some((name) => names(text, name)) ||
          (namedWith !== undefined &&
            text.split('\n').some((line) => namedWith.keyword.test(line) && names(line, namedWith.name)));
        if (!named) {
          end(
            `left-over not named: ${item.what} (the rollback names: ${JSON.stringify(report.rollback?.notUndone ?? [])})`,
          );
        }
      }
      // The other way round: a rollback that says it failed, or left something, must have.
      if (facts.rollbackRan && left.length === 0) {
        violations.push({
          invariant: 'rollbackTruthful',
          message: `${report.outcome}: says ${report.outcome === 'failed' ? 'the rollback failed' : 'partially rolled back'}, but nothing is left changed (the rollback names: ${JSON.stringify(report.rollback?.notUndone ?? [])})`,
        });
      }
      return;
    }
    default:
      end(`not an end state (status ${report.status})`);
  }
}

function checkEvents(facts: RunFacts, violations: Violation[]): void {
  const events = facts.events;
  for (const event of events) {
    const parsed = UpgradeEventSchema.safeParse({ type: event.detailType, detail: event.detail });
    if (!parsed.success) {
      violations.push({
        invariant: 'eventsValid',
        message: `${event.detailType} (${event.stateName}): ${parsed.error.message}`,
      });
    }
  }
  const phaseKey = (detail: Record<string, unknown>) =>
    `${String(detail.phase)}${detail.stepId ? `:${String(detail.stepId)}` : ''}`;
  const open = new Map<string, number>();
  events.forEach((event, index) => {
    const key = phaseKey(event.detail);
    if (event.detailType === 'phase.started') open.set(key, index);
    if (event.detailType === 'phase.completed' || event.detailType === 'phase.failed') {
      if (!open.has(key)) {
        violations.push({
          invariant: 'phasesClosed',
          message: `${event.detailType} ${key} (event ${index}) without phase.started`,
        });
      }
      open.delete(key);
    }
  });
  for (const [key, index] of open) {
    violations.push({
      invariant: 'phasesClosed',
      message: `phase.started ${key} (event ${index}) neither completed nor failed (events after it: ${
        events
          .slice(index + 1)
          .map((event) => event.detailType)
          .join(', ') || 'none'
      })`,
    });
  }
  const triggered = events.flatMap((event, index) =>
    event.detailType === 'rollback.triggered' ? [index] : [],
  );
  const completed = events.flatMap((event, index) =>
    event.detailType === 'rollback.completed' ? [index] : [],
  );
  const rollbackRan = facts.rollbackRan;
  if (triggered.length > 1 || completed.length > 1) {
    violations.push({
      invariant: 'rollbackOrder',
      message: `${triggered.length} rollback.triggered, ${completed.length} rollback.completed`,
    });
  }
  if (completed.length > 0 && !(triggered.length > 0 && triggered[0]! < completed[0]!)) {
    violations.push({
      invariant: 'rollbackOrder',
      message: `rollback.completed (event ${completed[0]}) without a rollback.triggered before it`,
    });
  }
  if (rollbackRan && (triggered.length === 0 || completed.length === 0)) {
    violations.push({
      invariant: 'rollbackOrder',
      message: `the rollback ran with ${triggered.length} rollback.triggered and ${completed.length} rollback.completed`,
    });
  }
  const terminal = events.filter(
    (event) => event.detailType === 'upgrade.completed' || event.detailType === 'upgrade.failed',
  );
  const expected = facts.report.outcome === 'succeeded' ? 'upgrade.completed' : 'upgrade.failed';
  if (terminal.length !== 1 || events.at(-1)?.detailType !== expected) {
    violations.push({
      invariant: 'terminalEvent',
      message: `${facts.report.outcome}: terminal events ${terminal.map((event) => event.detailType).join(', ') || 'none'}, last event ${events.at(-1)?.detailType ?? 'none'}`,
    });
  }
}

/**
 * Every invariant judged on one rehearsal's facts: the violations, none when all hold.
 *
 * @example
 * ```ts
 * judgeRun(facts).map((violation) => violation.invariant); // [] when every invariant holds
 * ```
 */
export function judgeRun(facts: RunFacts): Violation[] {
  const violations: Violation[] = [];
  checkTraffic(facts, violations);
  checkDeletions(facts, violations);
  checkTtl(facts, violations);
  checkEndState(facts, violations);
  checkEvents(facts, violations);
  return violations;
}

/**
 * Rehearses one case (the real state machine on the local runner, the real phase code, the
 * simulator) and judges every invariant on it.
 *
 * @example
 * ```ts
 * const result = await rehearseCase(caseFromShape(shape));
 * expect(result.violations).toEqual([]);
 * ```
 */
export async function rehearseCase(
  testCase: CampaignCase,
  options: {
    /**
     * Changes what the simulator answers the code under test (not what the judge reads), to
     * prove in a test that the campaign catches a regression.
     */
    mislead?: (simulator: SimulatedClusterGateway) => void;
  } = {},
): Promise<CaseResult> {
  const observed = new ObservedSimulator(testCase.scenario);
  options.mislead?.(observed.simulator);
  const initial = await observed.snapshot();
  const initialBlue = sideState(observed.simulator, testCase.scenario.cluster.name);
  const eventLines: string[] = [];
  let run: LocalRunResult | undefined;
  const report = await runRehearsal(testCase.scenario, {
    config: testCase.config,
    simulator: observed.simulator,
    onProgress: (line) => {
      const event = EVENT_LINE.exec(line);
      if (event) {
        eventLines.push(event[1]!);
        observed.eventPublished();
      }
    },
    onWorkflowResult: (result) => {
      run = result;
    },
  });
  if (!run) throw new Error('runRehearsal did not hand over the workflow result');
  const published = run.publishedEvents.map((event) => event.detailType);
  if (published.join() !== eventLines.join()) {
    // The order of calls against events rests on the progress lines: refuse to judge if they disagree.
    throw new Error(
      `The campaign's event count (${eventLines.join(', ')}) does not match the published events (${published.join(', ')})`,
    );
  }
  const final = await observed.snapshot();
  const green = greenClusterOf(testCase.scenario);
  const facts: RunFacts = {
    scenario: testCase.scenario,
    report,
    events: run.publishedEvents,
    plan: planOf(run),
    rollbackRan: run.taskInvocations.some((call) => String(call.functionName ?? '').endsWith('rollback')),
    observations: observed.observations,
    initial,
    initialBlue,
    final,
    finalSides: {
      blue: sideState(observed.simulator, testCase.scenario.cluster.name),
      green: sideState(observed.simulator, green),
    },
    mutatingCalls: observed.simulator.calls.length,
  };
  const violations = judgeRun(facts);
  const ignoredGateAnswers = testCase.scenario.gates
    .filter(
      (gate) =>
        gate.decision !== 'approve' &&
        run?.publishedEvents.some(
          (event) => event.detailType === 'gate.approved' && event.detail.purpose === gate.purpose,
        ),
    )
    .map((gate) => `${gate.purpose} gate: ${gate.decision} asked, approved`);
  const failedCalls = observed.simulator.failures.failedCalls();
  const failuresTaken = testCase.scenario.failures.flatMap((failure, index) =>
    failedCalls.has(index) ? [failure.type] : [],
  );
  return {
    outcome: report.outcome,
    ignoredGateAnswers,
    failuresTaken,
    ...(report.error ? { error: report.error } : {}),
    faults: testCase.faults,
    violations,
  };
}
