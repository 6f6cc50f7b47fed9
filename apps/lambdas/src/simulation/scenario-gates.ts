import { GatePurposeSchema, TrafficTargetSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import { strictObject } from './scenario-limits.js';

/** Gates one scenario answers: no AWS limit applies; 20 keeps a scenario readable. */
export const MAX_SCENARIO_GATES = 20;

/** The longest virtual delay before an answer: a gate's longest timeout, seven days. */
const MAX_GATE_DELAY_SECONDS = 604_800;

/**
 * How a rehearsal answers an approval gate, matched by the gate step's `stepId` or, for every
 * gate of a kind, its `purpose` (a `stepId` match wins). A gate no entry matches is approved at
 * once, so scenarios written before gates existed keep their outcomes.
 * - `approve`, after `afterSeconds` of virtual time (default 0), optionally with the green
 *   `trafficTarget` (a workload gate), `approvedBy` and `comment`; a plan gate's approval names
 *   the pending plan's id unless `planId` says otherwise (to rehearse approving a stale plan);
 * - `reject` with a `reason`, after `afterSeconds`;
 * - `timeout`: nobody answers; the gate times out after its `timeoutSeconds`.
 * An entry with `times` answers only that many of the gates it matches.
 *
 * @example
 * ```yaml
 * gates:
 *   - purpose: workload
 *     decision: reject
 *     reason: checkout pods crash-loop on the green cluster
 *     afterSeconds: 1800
 * ```
 */
export const ScenarioGateSchema = strictObject({
  purpose: GatePurposeSchema.optional(),
  stepId: z.string().min(1).max(64).optional(),
  decision: z.enum(['approve', 'reject', 'timeout'], { error: 'must be approve, reject or timeout' }),
  afterSeconds: z.number().int().min(0).max(MAX_GATE_DELAY_SECONDS).optional(),
  reason: z.string().min(1).max(32_768).optional(),
  trafficTarget: TrafficTargetSchema.optional(),
  planId: z.string().min(1).max(128).optional(),
  approvedBy: z.string().min(1).max(256).optional(),
  comment: z.string().min(1).max(2000).optional(),
  /** A held failure's approval (purpose `failure`): run the failed step again instead of rolling back. */
  resume: z.boolean().optional(),
  /**
   * Answers only the first `times` gates it matches (every one when absent); a later gate goes to
   * the next entry that matches it, or is approved at once: e.g. a held failure resumed once,
   * then rolled back when the step fails again.
   */
  times: z.number().int().min(1).max(100).optional(),
}).superRefine((gate, context) => {
  if ((gate.purpose === undefined) === (gate.stepId === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['purpose'],
      message: 'name either purpose or stepId (one of them)',
    });
  }
  if (gate.decision === 'reject' && gate.reason === undefined) {
    context.addIssue({ code: 'custom', path: ['reason'], message: 'is required to reject a gate' });
  }
  if (gate.decision !== 'reject' && gate.reason !== undefined) {
    context.addIssue({ code: 'custom', path: ['reason'], message: 'is only for decision reject' });
  }
  const approvalOnly = (['trafficTarget', 'planId', 'approvedBy', 'comment', 'resume'] as const).filter(
    (field) => gate[field] !== undefined,
  );
  if (gate.decision !== 'approve') {
    for (const field of approvalOnly)
      context.addIssue({ code: 'custom', path: [field], message: 'is only for decision approve' });
  }
  if (gate.decision === 'timeout' && gate.afterSeconds !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['afterSeconds'],
      message: 'is not for decision timeout (the gate waits its own timeoutSeconds)',
    });
  }
});
export type ScenarioGate = z.infer<typeof ScenarioGateSchema>;
