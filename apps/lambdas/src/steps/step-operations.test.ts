import {
  type PlanStep,
  type PlanStepKind,
  StepResultSchema,
  type UpgradePlan,
  type UpgradeRequest,
} from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { createPhaseHandlers, type PhaseHandlers } from '../handlers/phase-handlers.js';
import { ROLLBACK_OWN_OPERATIONS } from '../phases/rollback.js';
import { VALIDATION_OWN_OPERATIONS } from '../phases/validation.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../simulation/scenario.js';
import { STEP_KINDS } from './registry.js';

interface Rehearsal {
  handlers: PhaseHandlers;
  request: UpgradeRequest;
  plan: UpgradePlan;
  /** `<phase> <kind>` → the gateway methods the phase called while handling steps of that kind. */
  calls: Map<string, Set<string>>;
  /** The step whose validation was not healthy, if any. */
  failedAt?: PlanStep;
  /** The gateway methods called since the last call of `drain`. */
  drain(): string[];
}

/** Runs the scenario as the workflow does (each step executed, then validated until it settles), on a recording gateway. */
async function rehearse(scenario: ScenarioInput): Promise<Rehearsal> {
  const simulated = new SimulatedClusterGateway(scenario);
  const called = new Set<string>();
  const gateway = new Proxy(simulated, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        called.add(String(property));
        return value.apply(target, args);
      };
    },
  });
  const drain = () => {
    const names = [...called];
    called.clear();
    return names;
  };
  const handlers = createPhaseHandlers({
    gateway,
    config: { bedrock: { enabled: false }, stepFunctions: { executionTimeoutSeconds: 86_400 } },
    clock: { now: () => simulated.now() },
  });
  const request = simulated.scenario.request;
  const snapshot = await handlers.perception({ request });
  const plan = await handlers.reasoning({ request, snapshot });
  drain();
  const calls = new Map<string, Set<string>>();
  const note = (key: string) => calls.set(key, new Set([...(calls.get(key) ?? []), ...drain()]));
  const rehearsal: Rehearsal = { handlers, request, plan, calls, drain };
  for (const step of plan.steps) {
    // As the workflow: an approval gate is answered (here: approved at once), never executed.
    if (step.kind === 'approval_gate') continue;
    // No maintenance windows configured: every step starts, none is deferred.
    const stepResult = StepResultSchema.parse(await handlers.execution({ request, step }));
    note(`execution ${step.kind}`);
    let verdict = await handlers.validation({ request, scope: 'step', step, stepResult, plan });
    for (let poll = 0; verdict.status === 'in_progress' && poll < 20; poll += 1)
      verdict = await handlers.validation({ request, scope: 'step', step, stepResult, plan });
    note(`validation ${step.kind}`);
    if (verdict.status !== 'healthy') return { ...rehearsal, failedAt: step };
  }
  return rehearsal;
}

const IN_PLACE_REQUEST = { ...DEMO_SCENARIO.request, strategy: 'in_place' as const };
const SCENARIOS: [string, ScenarioInput][] = [
  ['blue/green', DEMO_SCENARIO],
  [
    'blue/green, unhealthy at 50%',
    { ...DEMO_SCENARIO, failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }] },
  ],
  ['in place', { ...DEMO_SCENARIO, request: IN_PLACE_REQUEST }],
  [
    'in place, a node group update to 1.31 fails',
    {
      ...DEMO_SCENARIO,
      request: IN_PLACE_REQUEST,
      failures: [{ type: 'update_fails', resource: 'nodegroup', toVersion: '1.31' }],
    },
  ],
];

describe('Step kinds: declared gateway operations', () => {
  it.each(SCENARIOS)(
    'cover what each kind calls in execution and validation (%s)',
    async (_name, scenario) => {
      // Act
      const { calls, plan } = await rehearse(scenario);

      // Assess
      expect(plan.blocked).toBe(false);
      expect(calls.size).toBeGreaterThan(0);
      for (const [key, names] of calls) {
        const [phase, kind] = key.split(' ') as ['execution' | 'validation', PlanStepKind];
        const declared = new Set<string>([
          ...STEP_KINDS[kind].operations[phase],
          ...(phase === 'validation' ? VALIDATION_OWN_OPERATIONS : []),
        ]);
        expect(
          [...names].filter((name) => !declared.has(name)),
          key,
        ).toEqual([]);
      }
    },
  );

  it.each(SCENARIOS.filter(([name]) => name.includes(',')))(
    "cover what each kind's undo calls (%s)",
    async (_name, scenario) => {
      // Prepare
      const { plan, failedAt } = await rehearse(scenario);
      expect(failedAt).toBeDefined();

      for (const kind of new Set(plan.steps.map((step) => step.kind))) {
        // Replayed to the same failure, then rolled back with this kind's steps only.
        const replay = await rehearse(scenario);
        replay.drain();

        // Act
        await replay.handlers.rollback({
          request: replay.request,
          plan: { ...replay.plan, steps: replay.plan.steps.filter((step) => step.kind === kind) },
          failure: { Error: 'ValidationFailed' },
        });

        // Assess
        const declared = new Set<string>([
          ...STEP_KINDS[kind].operations.rollback,
          ...ROLLBACK_OWN_OPERATIONS,
        ]);
        expect(
          replay.drain().filter((name) => !declared.has(name)),
          kind,
        ).toEqual([]);
      }
    },
  );
});
