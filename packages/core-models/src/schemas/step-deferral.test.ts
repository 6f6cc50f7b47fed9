import { describe, expect, it } from 'vitest';
import { NOW, planFixture } from '../__fixtures__/models.js';
import { ExecutionInputSchema } from './phase-io.js';
import { ExecutionPhaseResultSchema, isStepDeferral, StepDeferralSchema } from './results.js';

describe('Schemas: a deferred step (contract C)', () => {
  const deferral = {
    stepId: 'cp-1.30',
    kind: 'control_plane_upgrade',
    clusterName: 'payments-prod',
    started: false,
    deferredUntil: '2026-12-01T21:00:00.000Z',
    deferredReason: 'outside maintenance window Tue 22:00-04:00 Europe/Berlin',
    message: 'Waiting for the maintenance window',
  };
  const stepResult = {
    stepId: 'cp-1.30',
    kind: 'control_plane_upgrade',
    status: 'in_progress',
    clusterName: 'payments-prod',
    pollAfterSeconds: 60,
    message: 'started',
    startedAt: NOW,
  };

  it('tells a deferral from a step result', () => {
    const deferred = ExecutionPhaseResultSchema.parse(deferral);
    const started = ExecutionPhaseResultSchema.parse(stepResult);
    expect(isStepDeferral(deferred)).toBe(true);
    expect(isStepDeferral(started)).toBe(false);
    expect(deferred).toEqual(deferral);
  });

  it('wants the deferral time in UTC, a reason, and started exactly false', () => {
    expect(
      StepDeferralSchema.safeParse({ ...deferral, deferredUntil: '2026-12-01T22:00:00+01:00' }).success,
    ).toBe(false);
    expect(StepDeferralSchema.safeParse({ ...deferral, deferredReason: '' }).success).toBe(false);
    expect(StepDeferralSchema.safeParse({ ...deferral, started: true }).success).toBe(false);
    expect(StepDeferralSchema.safeParse({ ...deferral, status: 'in_progress' }).success).toBe(false);
  });

  it('keeps when the workflow first selected the step', () => {
    const request = { clusterName: 'payments-prod', targetVersion: '1.31', strategy: 'in_place' };
    const step = planFixture().steps[0];
    expect(ExecutionInputSchema.parse({ request, step, stepSelectedAt: NOW }).stepSelectedAt).toBe(NOW);
    expect(ExecutionInputSchema.parse({ request, step }).stepSelectedAt).toBeUndefined();
    expect(ExecutionInputSchema.safeParse({ request, step, stepSelectedAt: 'yesterday' }).success).toBe(
      false,
    );
  });
});
