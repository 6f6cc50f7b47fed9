import type { GateDecision, GatePendingDetail, TrafficTarget } from '@eks-upgrade/core-models';
import type { Scenario, ScenarioGate } from '@eks-upgrade/lambdas';
import type { LocalGateResolution } from '@eks-upgrade/sfn';

/** How a rehearsal answered one approval gate. */
export interface RehearsedGate {
  stepId: string;
  purpose: string;
  clusterName: string;
  /** What the answer was: approved, rejected, or nobody answered before the gate's timeout. */
  decision: 'approved' | 'rejected' | 'timed_out';
  /** `scenario`: a `gates:` entry answered it; `default`: none named it, so it was approved at once. */
  answeredBy: 'scenario' | 'default';
  /** Virtual seconds the gate waited for the answer (its timeout, when it timed out). */
  waitedSeconds: number;
  /** When the gate began waiting (ISO 8601), on the clock the phases see (the simulated cluster's). */
  pendingAt: string;
  /** When it was answered or timed out: `pendingAt` plus the wait. */
  answeredAt: string;
  /** The rejection's reason, or what a plan approval naming another plan leads to. */
  reason?: string;
  comment?: string;
  trafficTarget?: TrafficTarget;
}

/**
 * The `gates:` entry that answers `pending`: by its step id first, else by its purpose; an entry
 * that has answered its `times` gates answers no more (`used` counts the answers of each).
 */
function entryFor(
  gates: readonly ScenarioGate[],
  pending: GatePendingDetail,
  used: Map<ScenarioGate, number>,
): ScenarioGate | undefined {
  const available = (gate: ScenarioGate) => gate.times === undefined || (used.get(gate) ?? 0) < gate.times;
  const entry =
    gates.find((gate) => gate.stepId === pending.stepId && available(gate)) ??
    gates.find(
      (gate) => gate.stepId === undefined && gate.purpose === pending.gate.purpose && available(gate),
    );
  if (entry) used.set(entry, (used.get(entry) ?? 0) + 1);
  return entry;
}

/** The GateDecision an approval entry sends (a plan gate names the pending plan unless told otherwise). */
function decisionOf(entry: ScenarioGate | undefined, pending: GatePendingDetail): GateDecision {
  return {
    ...(pending.gate.purpose === 'plan' ? { planId: entry?.planId ?? pending.planId } : {}),
    ...(entry?.approvedBy ? { approvedBy: entry.approvedBy } : {}),
    ...(entry?.comment ? { comment: entry.comment } : {}),
    ...(entry?.trafficTarget ? { trafficTarget: entry.trafficTarget } : {}),
    ...(entry?.resume !== undefined ? { resume: entry.resume } : {}),
  };
}

/**
 * The local runner's `resolveGate` for a scenario: each gate the workflow waits at is answered as
 * the scenario's `gates:` section says (approve, reject with a reason, or time out, after a virtual
 * delay), and a gate it says nothing about is approved at once (with the pending plan's id), so
 * scenarios written before gates existed keep their outcomes. Each answer is kept, in order, in
 * `answered`, for the report.
 *
 * @example
 * ```ts
 * const gates = scenarioGateAnswers(scenario, () => simulator.now());
 * await runWorkflowLocally({ ...options, resolveGate: gates.resolve });
 * gates.answered; // [{ stepId: 'gate-workload-shop-1-31', decision: 'rejected', reason: '…', … }]
 * ```
 */
export function scenarioGateAnswers(
  scenario: Pick<Scenario, 'gates'>,
  now: () => Date,
): {
  resolve: (pending: GatePendingDetail) => LocalGateResolution;
  answered: RehearsedGate[];
} {
  const answered: RehearsedGate[] = [];
  const used = new Map<ScenarioGate, number>();
  const resolve = (pending: GatePendingDetail): LocalGateResolution => {
    const entry = entryFor(scenario.gates, pending, used);
    const base = {
      stepId: pending.stepId,
      purpose: pending.gate.purpose,
      clusterName: pending.clusterName,
      answeredBy: entry ? ('scenario' as const) : ('default' as const),
    };
    const timeout = pending.gate.timeoutSeconds;
    const after = entry?.afterSeconds ?? 0;
    const since = now();
    const times = (waited: number) => ({
      pendingAt: since.toISOString(),
      answeredAt: new Date(since.getTime() + waited * 1000).toISOString(),
    });
    if (entry?.decision === 'timeout' || (entry && after >= timeout)) {
      answered.push({ ...base, decision: 'timed_out', waitedSeconds: timeout, ...times(timeout) });
      return { decision: 'timeout' };
    }
    if (entry?.decision === 'reject') {
      const reason = entry.reason ?? 'Rejected by the scenario';
      answered.push({ ...base, decision: 'rejected', waitedSeconds: after, ...times(after), reason });
      return { decision: 'reject', reason, afterSeconds: after };
    }
    const output = decisionOf(entry, pending);
    const stalePlan =
      output.planId !== undefined && output.planId !== pending.planId
        ? `approved plan ${output.planId}, but the execution waits for plan ${pending.planId}: the workflow treats it as rejected`
        : undefined;
    answered.push({
      ...base,
      decision: 'approved',
      waitedSeconds: after,
      ...times(after),
      ...(stalePlan ? { reason: stalePlan } : {}),
      ...(output.comment ? { comment: output.comment } : {}),
      ...(output.trafficTarget ? { trafficTarget: output.trafficTarget } : {}),
    });
    return { decision: 'approve', output, afterSeconds: after };
  };
  return { resolve, answered };
}

/** One line per gate: `approved after 30 min by the scenario (comment)`, for the step's message. */
export function describeGateAnswer(gate: RehearsedGate): string {
  const minutes = Math.round(gate.waitedSeconds / 60);
  const waited =
    gate.waitedSeconds === 0
      ? 'at once'
      : `after ${minutes >= 1 ? `${minutes} min` : `${gate.waitedSeconds} s`}`;
  const who = gate.answeredBy === 'scenario' ? 'by the scenario' : '(the scenario names no answer for it)';
  const what =
    gate.decision === 'timed_out'
      ? `timed out after ${gate.waitedSeconds} s: nobody answered`
      : `${gate.decision} ${waited} ${who}`;
  const extra = [
    gate.reason,
    gate.comment,
    gate.trafficTarget ? `traffic target ${gate.trafficTarget.setIdentifier}` : undefined,
  ].filter(Boolean);
  return extra.length > 0 ? `${what}: ${extra.join('; ')}` : what;
}
