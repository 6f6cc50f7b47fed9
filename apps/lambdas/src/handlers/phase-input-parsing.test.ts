import { EKSClient } from '@aws-sdk/client-eks';
import {
  AgentConfigSchema,
  ExecutionInputSchema,
  PerceptionInputSchema,
  type PlanStep,
  ReasoningInputSchema,
  RollbackInputSchema,
  type UpgradePlan,
  ValidationError,
  ValidationInputSchema,
} from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { handler as executionLambda } from './execution.js';
import { handler as perceptionLambda } from './perception.js';
import { createPhaseHandlers, type PhaseHandlers } from './phase-handlers.js';
import { handler as reasoningLambda } from './reasoning.js';
import { handler as rollbackLambda } from './rollback.js';
import { handler as validationLambda } from './validation.js';

const loadAgentConfig = vi.hoisted(() => vi.fn());
vi.mock('../config/load-agent-config.js', () => ({ loadAgentConfig }));
const eks = mockClient(EKSClient);

type Phase = keyof PhaseHandlers;
const LAMBDAS: Record<Phase, (event: unknown) => Promise<unknown>> = {
  perception: perceptionLambda,
  reasoning: reasoningLambda,
  execution: executionLambda,
  validation: validationLambda,
  rollback: rollbackLambda,
};
const INPUT_SCHEMAS: Record<Phase, z.ZodType> = {
  perception: PerceptionInputSchema,
  reasoning: ReasoningInputSchema,
  execution: ExecutionInputSchema,
  validation: ValidationInputSchema,
  rollback: RollbackInputSchema,
};
const request = DEMO_SCENARIO.request;

/** A payload that breaks each phase's contract, and the error the boundary gave for it before the single parse. */
const BAD_PAYLOADS: Array<{ phase: Phase; payload: unknown; message: string; fields: string[] }> = [
  {
    phase: 'perception',
    payload: { request: { clusterName: 'demo' } },
    message: 'Invalid perception input: request.targetVersion: must look like 1.31',
    fields: ['request.targetVersion'],
  },
  {
    phase: 'reasoning',
    payload: { request, snapshot: { clusterName: 'demo' } },
    message:
      'Invalid reasoning input: snapshot.version: must look like 1.31; snapshot.status: Invalid input: expected string, received undefined; snapshot.capturedAt: must be an ISO 8601 date-time',
    fields: ['snapshot.version', 'snapshot.status', 'snapshot.capturedAt'],
  },
  {
    phase: 'execution',
    payload: { request, step: { kind: 'control_plane_upgrade', id: 'cp', clusterName: 'demo' } },
    message:
      'Invalid execution input: step.description: Invalid input: expected string, received undefined; step.fromVersion: must look like 1.31; step.toVersion: must look like 1.31',
    fields: ['step.description', 'step.fromVersion', 'step.toVersion'],
  },
  {
    phase: 'validation',
    payload: { request, scope: 'sometimes' },
    message: 'Invalid validation input: scope: Invalid option: expected one of "step"|"bake"|"final"',
    fields: ['scope'],
  },
  {
    phase: 'rollback',
    payload: { request, failure: { Cause: 'no error name' } },
    message: 'Invalid rollback input: failure.Error: Invalid input: expected string, received undefined',
    fields: ['failure.Error'],
  },
];

function inProcessHandlers() {
  const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
  return createPhaseHandlers({
    gateway,
    config: { bedrock: { enabled: false } },
    clock: { now: () => gateway.now() },
  });
}

/** Counts the `safeParse` calls of a phase's input schema while `act` runs, and how it ended. */
async function inputParses(
  phase: Phase,
  act: () => Promise<unknown>,
): Promise<{ parses: number; outcome: unknown }> {
  const safeParse = vi.spyOn(INPUT_SCHEMAS[phase], 'safeParse');
  try {
    const outcome = await act().catch((caught: unknown) => caught);
    return { parses: safeParse.mock.calls.length, outcome };
  } finally {
    safeParse.mockRestore();
  }
}

describe('Phase handlers: a payload that breaks the contract', () => {
  beforeEach(() => {
    loadAgentConfig.mockReset();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  it.each(BAD_PAYLOADS)(
    'the $phase Lambda throws the ValidationError naming the field, before loading anything',
    async ({ phase, payload, message, fields }) => {
      // Act
      const error = await LAMBDAS[phase](payload).catch((caught) => caught);

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ name: 'ValidationError', message, fields });
      expect(loadAgentConfig).not.toHaveBeenCalled();
    },
  );

  it.each(BAD_PAYLOADS)(
    'the in-process $phase handler throws the same ValidationError',
    async ({ phase, payload, message, fields }) => {
      // Act
      const error = await inProcessHandlers()
        [phase](payload)
        .catch((caught) => caught);

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ name: 'ValidationError', message, fields });
    },
  );
});

describe('Phase handlers: a valid payload', () => {
  let plan: UpgradePlan;
  let step: PlanStep;
  let payloads: Record<Phase, unknown>;

  beforeAll(async () => {
    const handlers = inProcessHandlers();
    const snapshot = await handlers.perception({ request });
    plan = await handlers.reasoning({ request, snapshot });
    step = plan.steps.find((candidate) => candidate.kind !== 'approval_gate') as PlanStep;
    payloads = {
      perception: { request },
      reasoning: { request, snapshot },
      execution: { request, step },
      validation: { request, scope: 'final', plan },
      rollback: { request, plan, failure: { Error: 'ValidationFailed', Cause: 'alarm in ALARM' } },
    };
  });

  beforeEach(() => {
    eks.reset();
    // Every EKS call fails: the phase has run past its input by then, which is what is counted.
    eks.onAnyCommand().rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    loadAgentConfig.mockReset();
    loadAgentConfig.mockResolvedValue(AgentConfigSchema.parse({ bedrock: { enabled: false } }));
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  afterEach(() => {
    eks.reset();
  });

  it.each(['perception', 'reasoning', 'execution', 'validation', 'rollback'] as const)(
    'is parsed once by the in-process %s handler',
    async (phase) => {
      // Act
      const { parses, outcome } = await inputParses(phase, () => inProcessHandlers()[phase](payloads[phase]));

      // Assess
      expect(parses).toBe(1);
      expect(outcome).not.toBeInstanceOf(Error);
    },
  );

  it.each(['perception', 'reasoning', 'execution', 'validation', 'rollback'] as const)(
    'is parsed once by the %s Lambda',
    async (phase) => {
      // Act
      const { parses, outcome } = await inputParses(phase, () => LAMBDAS[phase](payloads[phase]));

      // Assess
      expect(parses).toBe(1);
      // The phase ran on the parsed input: reasoning (no AWS call) plans, rollback reports what
      // it could not undo (it reports EKS failures instead of throwing), the others reach EKS.
      if (phase === 'reasoning') expect(outcome).toMatchObject({ planId: plan.planId });
      else if (phase === 'rollback') expect(outcome).toMatchObject({ clusterName: request.clusterName });
      else expect(outcome).toMatchObject({ name: 'AWSServiceError', code: 'AccessDeniedException' });
    },
  );
});
