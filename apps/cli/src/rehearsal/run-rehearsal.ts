import {
  AGENT_CONFIG_NAME,
  type AgentConfig,
  type AgentConfigInput,
  AgentConfigSchema,
  type ExecutionPhaseResult,
  isGateWait,
  isStepDeferral,
  parseOrThrow,
  phaseFunctionName,
  type RollbackResult,
  UPGRADE_PHASES,
  type UpgradePhase,
  type UpgradePlan,
  UpgradePlanSchema,
  type ValidationResult,
} from '@eks-upgrade/core-models';
import { LocalEventBus } from '@eks-upgrade/events';
import { createPhaseHandlers, type Scenario, SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import { LocalParameterStore, loadAgentConfig } from '@eks-upgrade/params';
import {
  createUpgradeStateMachineDefinition,
  EXECUTION_HISTORY_EVENT_QUOTA,
  type LocalLambdaHandler,
  type LocalRedrive,
  type LocalRunResult,
  type RunWorkflowLocallyOptions,
  redriveWorkflowLocally,
  runWorkflowLocally,
  stepRunDetailsOfChildren,
  workflowOptionsFromConfig,
} from '@eks-upgrade/sfn';
import { outcomeOf } from '../executions/outcome.js';
import { stepRunViews } from '../executions/step-runs-view.js';
import { stackRules } from '../stack/stack-rules.js';
import { formatClock, openingsDuring } from './rehearsal-clock.js';
import { describeGateAnswer, scenarioGateAnswers } from './rehearsal-gates.js';
import { describeResult, lambdaError, recordingGateway, stepIdOf } from './rehearsal-phase-calls.js';
import {
  type RehearsalReport,
  type RehearsedEvent,
  type RehearsedStep,
  stepHistoryEvents,
} from './rehearsal-report-model.js';

export type { RehearsalReport, RehearsedEvent, RehearsedStep } from './rehearsal-report-model.js';

/** Options of `runRehearsal`. */
export interface RunRehearsalOptions {
  /** Told about each line of the live timeline (the CLI writes them to stderr). */
  onProgress?: (line: string, atSeconds: number) => void;
  /**
   * The agent configuration to rehearse with (validated, then stored where the phases read it);
   * the defaults when absent. Its timeouts and intervals shape the state machine as deploy would.
   */
  config?: AgentConfigInput;
  /**
   * Given the local runner's whole result: every task call, state-machine history event and
   * published event, for callers (the workflow tests) that look deeper than the report.
   */
  onWorkflowResult?: (result: LocalRunResult) => void;
  /** Stops the run when it fires, as StopExecution does: the execution ends ABORTED. */
  signal?: AbortSignal;
  /**
   * An earlier run of this scenario to redrive (on the same `simulator`, whose cluster it left
   * changed) instead of starting anew: it restarts from the state that did not finish, as
   * RedriveExecution does (`redriveWorkflowLocally`).
   */
  redrive?: LocalRunResult;
  /** Answers the workflow's approval gates (the local runner's default: approve at once). */
  resolveGate?: RunWorkflowLocallyOptions['resolveGate'];
  /**
   * The simulated AWS to play the scenario on, made from this same scenario (a new
   * `SimulatedClusterGateway(scenario)` when absent): for callers (the invariant campaign) that
   * watch its calls and state while the rehearsal runs.
   */
  simulator?: SimulatedClusterGateway;
}

/**
 * Rehearses an upgrade on this machine: the state machine definition deploy ships, run by the
 * sfn package's local runner; every Lambda task calls the real phase code of apps/lambdas against
 * a `SimulatedClusterGateway` playing the scenario; events go through a `LocalEventBus` carrying
 * the same rules deploy installs; configuration comes from a `LocalParameterStore` seeded with the
 * defaults; waits run in virtual time.
 *
 * @example
 * ```ts
 * const report = await runRehearsal(DEMO_SCENARIO, { onProgress: (line) => console.error(line) });
 * report.outcome; // 'succeeded'
 * ```
 */
export async function runRehearsal(
  scenario: Scenario,
  options: RunRehearsalOptions = {},
): Promise<RehearsalReport> {
  const progress = (line: string, atSeconds: number) =>
    options.onProgress?.(`${formatClock(atSeconds)}  ${line}`, atSeconds);

  // Configuration, as the functions would read it from Parameter Store.
  const store = new LocalParameterStore();
  await store.putConfiguration(
    parseOrThrow(AgentConfigSchema, options.config ?? {}, 'rehearsal configuration'),
    AGENT_CONFIG_NAME,
  );
  const config: AgentConfig = await loadAgentConfig(store);

  const startTime = new Date(scenario.startTime);
  let workflowNow = () => startTime;

  // The bus, with the rules deploy installs; each record says which rules matched.
  const bus = new LocalEventBus({
    busName: config.eventBridge.busName,
    source: config.eventBridge.source,
    clock: () => workflowNow(),
  });
  for (const rule of stackRules(config, { notifyArns: [] })) bus.putRule(rule);

  const gateway = options.simulator ?? new SimulatedClusterGateway(scenario);
  // The phases read the simulated cluster's clock, which its timestamps (updates, the native
  // rollback window) are relative to.
  const clock = { now: () => gateway.now() };
  const calls = Object.fromEntries(UPGRADE_PHASES.map((phase) => [phase, new Set<string>()])) as Record<
    UpgradePhase,
    Set<string>
  >;
  const stepResults = new Map<string, { status: string; message: string }>();
  // When each step ran and what it waited for, in virtual time (the report's "when").
  const stepTimes = new Map<
    string,
    Pick<RehearsedStep, 'startedAt' | 'endedAt' | 'deferredUntil' | 'deferredReason'>
  >();
  // Steps the Execution phase deferred: the workflow waits, then executes them again.
  const deferredStepIds = new Set<string>();
  const timesOf = (stepId: string) => stepTimes.get(stepId) ?? stepTimes.set(stepId, {}).get(stepId)!;
  let plan: UpgradePlan | undefined;
  let rollback: RollbackResult | undefined;

  const record = (phase: UpgradePhase, output: unknown, at: Date) => {
    if (phase === 'reasoning') plan = output as UpgradePlan;
    if (phase === 'rollback') rollback = output as RollbackResult;
    if (phase === 'execution') {
      const result = output as ExecutionPhaseResult;
      // How long a gate may wait: the gate's answer, not this, tells what happened to it.
      if (isGateWait(result)) return;
      if (isStepDeferral(result)) {
        deferredStepIds.add(result.stepId);
        Object.assign(timesOf(result.stepId), {
          deferredUntil: result.deferredUntil,
          deferredReason: result.deferredReason,
        });
        return;
      }
      timesOf(result.stepId).startedAt ??= at.toISOString();
      stepResults.set(result.stepId, { status: result.status, message: result.message });
    }
    if (phase === 'validation') {
      const result = output as ValidationResult;
      if (result.stepId && result.status !== 'in_progress') {
        timesOf(result.stepId).endedAt = at.toISOString();
        const previous = stepResults.get(result.stepId);
        const failed = result.status === 'unhealthy';
        stepResults.set(result.stepId, {
          status: failed ? 'failed' : previous?.status === 'skipped' ? 'skipped' : 'succeeded',
          message: failed ? result.summary : (previous?.message ?? result.summary),
        });
      }
    }
  };

  // Gate times on the clock the phases see, as the other steps' are.
  const gateAnswers = scenarioGateAnswers(scenario, () => clock.now());

  // The real handler code of apps/lambdas, one handler set per phase so that each phase's
  // gateway calls are recorded apart (they decide its IAM policy).
  const lambdaHandlers: Record<string, LocalLambdaHandler> = {};
  const honoursWindows = config.upgrade.maintenanceWindows.length > 0;
  for (const phase of UPGRADE_PHASES) {
    const handlers = createPhaseHandlers({ gateway: recordingGateway(gateway, calls[phase]), config, clock });
    lambdaHandlers[phaseFunctionName(phase, config.lambda.functionPrefix)] = async (payload, context) => {
      workflowNow = () => context.clock.now();
      // With maintenance windows, the simulated cluster's clock follows the workflow's through
      // the waits for a window (as a real cluster's does), so the phases see the window open; so
      // it does when a deferred step is executed again (its deferral counted from when the
      // workflow selected it, on the workflow's clock).
      // Time passes for the cluster too while a gate waits for its answer.
      const gateWaited = gateAnswers.answered.some((gate) => gate.waitedSeconds > 0);
      // And through the rollback's passes, a poll interval apart: green is deleted only once the
      // records' TTL has passed since traffic moved back to blue.
      if (honoursWindows || gateWaited || deferredStepIds.has(stepIdOf(payload)) || phase === 'rollback') {
        const behind = (context.clock.now().getTime() - gateway.now().getTime()) / 1000;
        if (behind > 0) gateway.advanceClock(behind);
      }
      // The scenario's faults limited to a phase (`during`) apply while its function runs; a
      // `lambda_fails` fault fails the invocation before the function runs, or after it did its
      // work (Lambda.Unknown: a crashed runtime; ClientExecutionTimeoutException: an answer the
      // client stopped waiting for).
      gateway.failures.enterPhase(phase);
      const lambdaFailure = gateway.failures.lambdaFailure(phase);
      const afterItsWork =
        lambdaFailure === 'Lambda.Unknown' || lambdaFailure === 'Lambda.ClientExecutionTimeoutException';
      if (lambdaFailure && !afterItsWork) throw lambdaError(lambdaFailure, phase);
      const output: unknown = await handlers[phase](payload).catch((error: unknown) => {
        // Execution refusing a step (a precondition failed, e.g. an insight re-checked before a
        // hop) fails that step: the report says so with why, instead of "not run".
        const stepId = stepIdOf(payload);
        if (phase === 'execution' && stepId) {
          timesOf(stepId).startedAt ??= clock.now().toISOString();
          timesOf(stepId).endedAt = clock.now().toISOString();
          stepResults.set(stepId, { status: 'failed', message: (error as Error).message });
        }
        throw error;
      });
      if (lambdaFailure) throw lambdaError(lambdaFailure, phase);
      progress(`${phase.padEnd(11)} ${describeResult(phase, output)}`, context.clock.elapsedSeconds());
      // Stamped with the time the phases saw (the simulated cluster's), which their decisions used.
      record(phase, output, clock.now());
      // Lambda returns JSON: what the workflow sees has been through JSON.
      return JSON.parse(JSON.stringify(output));
    };
  }

  const events: RehearsedEvent[] = [];
  const runLocally = (
    runOptions: RunWorkflowLocallyOptions,
  ): Promise<LocalRunResult & { redrive?: LocalRedrive }> =>
    options.redrive ? redriveWorkflowLocally(options.redrive, runOptions) : runWorkflowLocally(runOptions);
  const result = await runLocally({
    definition: createUpgradeStateMachineDefinition(workflowOptionsFromConfig(config)),
    input: scenario.request,
    startTime,
    // The definition is the one deploy ships, checked by \`workflow validate\` and the sfn tests;
    // compiling the ASL JSON schema again would double the rehearsal's CPU time.
    validate: false,
    lambdaHandlers,
    ...(options.signal ? { signal: options.signal } : {}),
    // The scenario's `gates:` answers (a gate it names not is approved at once), unless the caller
    // answers. Approving a Fargate gate is the operator saying the Fargate pods were restarted:
    // the simulated cluster's pods then run the control plane's minor, which the next hop needs.
    resolveGate: async (pending) => {
      const answer = await (options.resolveGate ?? gateAnswers.resolve)(pending);
      if (pending.gate.purpose === 'fargate' && answer.decision === 'approve') {
        gateway.restartFargatePods(pending.clusterName);
      }
      return answer;
    },
    onPutEvents: async (entries) => {
      const before = bus.records.length;
      const answer = await bus.putEvents(entries);
      for (const record of bus.records.slice(before)) {
        const detail = record.event.detail as { clusterName?: unknown };
        const atSeconds = (new Date(record.event.time).getTime() - startTime.getTime()) / 1000;
        events.push({
          atSeconds,
          type: record.event['detail-type'],
          clusterName: typeof detail.clusterName === 'string' ? detail.clusterName : '',
          matchedRules: [...record.matchedRules],
        });
        const rules = record.matchedRules.length > 0 ? `  → ${record.matchedRules.join(', ')}` : '';
        progress(`event       ${record.event['detail-type']}${rules}`, atSeconds);
      }
      return answer;
    },
  });

  options.onWorkflowResult?.(result);
  // A redrive starts past Reasoning: the plan is in the input of the state it restarted from.
  if (!plan && result.redrive) {
    const kept = (result.redrive.input as { plan?: unknown } | undefined)?.plan;
    if (kept !== undefined) plan = UpgradePlanSchema.parse(kept);
  }

  const rulesMatched: Record<string, number> = {};
  for (const event of events)
    for (const rule of event.matchedRules) rulesMatched[rule] = (rulesMatched[rule] ?? 0) + 1;
  const currentPlan = plan as UpgradePlan | undefined;
  const gates = gateAnswers.answered;
  const steps: RehearsedStep[] = (currentPlan?.steps ?? []).map((step) => {
    // A gate is answered, not executed: its status is the answer, its times the wait. (A held
    // failure's gate names the failed step, which keeps its own status.)
    const gate =
      step.kind === 'approval_gate' ? gates.findLast((answered) => answered.stepId === step.id) : undefined;
    if (gate) {
      return {
        id: step.id,
        kind: step.kind,
        description: step.description,
        status: gate.decision,
        message: describeGateAnswer(gate),
        startedAt: gate.pendingAt,
        endedAt: gate.answeredAt,
      };
    }
    const outcome = stepResults.get(step.id);
    return {
      id: step.id,
      kind: step.kind,
      description: step.description,
      status: outcome?.status ?? 'not_run',
      message: outcome?.message ?? '',
      ...stepTimes.get(step.id),
    };
  });
  const failures = scenario.failures.map((failure) => failure.type);
  return {
    scenario: {
      name: scenario.name,
      ...(scenario.description ? { description: scenario.description } : {}),
      clusterName: scenario.cluster.name,
      fromVersion: scenario.cluster.version,
      targetVersion: scenario.request.targetVersion,
      strategy: scenario.request.strategy,
      failures,
    },
    outcome: outcomeOf(result.status, result.timeline, result.error, rollback?.success),
    status: result.status,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.cause !== undefined ? { cause: result.cause } : {}),
    ...(currentPlan
      ? {
          plan: {
            planId: currentPlan.planId,
            hops: currentPlan.hops,
            source: currentPlan.source,
            ...(currentPlan.estimatedDurationSeconds !== undefined
              ? { estimatedDurationSeconds: currentPlan.estimatedDurationSeconds }
              : {}),
            blockers: currentPlan.blockers.map(({ code, message }) => ({ code, message })),
            warnings: currentPlan.warnings.map(({ code, message }) => ({ code, message })),
            ...(currentPlan.narrativeUnavailableReason
              ? { narrativeUnavailableReason: currentPlan.narrativeUnavailableReason }
              : {}),
          },
        }
      : {}),
    steps,
    phases: result.timeline.map((entry) => ({ ...entry })),
    stepRuns: stepRunViews(stepRunDetailsOfChildren(result.childExecutions)),
    events,
    rulesMatched,
    ...(honoursWindows
      ? {
          maintenanceWindows: [...config.upgrade.maintenanceWindows],
          windowOpenings: openingsDuring(
            config.upgrade.maintenanceWindows,
            startTime,
            result.durations.virtualSeconds,
          ),
        }
      : {}),
    startedAt: startTime.toISOString(),
    ...(rollback ? { rollback } : {}),
    gates,
    gatewayOperations: Object.fromEntries(
      UPGRADE_PHASES.map((phase) => [phase, [...calls[phase]].sort()]),
    ) as Record<UpgradePhase, string[]>,
    historyEvents: { count: result.historyEventCount, quota: EXECUTION_HISTORY_EVENT_QUOTA },
    stepHistoryEvents: stepHistoryEvents(result),
    durations: result.durations,
  };
}
