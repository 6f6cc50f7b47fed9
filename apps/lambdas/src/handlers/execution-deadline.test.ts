import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../gateway/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { withExecutionDeadline } from './execution-deadline.js';
import { createPhaseHandlers } from './phase-handlers.js';

describe('Function: withExecutionDeadline', () => {
  it('states the deadline the workflow asked for: start plus budget', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const handlers = createPhaseHandlers({ gateway, clock: { now: () => gateway.now() } });
    const request = gateway.scenario.request;
    const snapshot = await handlers.perception({ request });
    // Act
    const plan = await handlers.reasoning({
      request,
      snapshot,
      deadline: { startedAt: '2026-01-05T09:00:00.000Z', budgetSeconds: 12_780 },
    });
    const without = await handlers.reasoning({ request, snapshot });
    // Assess
    expect(plan.deadline).toBe('2026-01-05T12:33:00.000Z');
    expect(without.deadline).toBeUndefined();
    expect(withExecutionDeadline(without, undefined)).toBe(without);
  });

  it('refuses a budget that is not a positive whole number of seconds', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const handlers = createPhaseHandlers({ gateway });
    const request = gateway.scenario.request;
    const snapshot = await handlers.perception({ request });
    // Act
    const error = await handlers
      .reasoning({ request, snapshot, deadline: { startedAt: '2026-01-05T09:00:00Z', budgetSeconds: 0 } })
      .catch((caught) => caught);
    // Assess
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/deadline\.budgetSeconds/);
  });
});
