import type { UpgradePlan } from '@eks-upgrade/core-models';
import { config, request, snapshot } from '../../phases/__fixtures__/snapshots.js';
import { buildRulesPlan } from '../rules-plan.js';

/** The `createdAt` of every plan the planner tests make. */
export const NOW = new Date('2026-11-25T10:00:00Z');

/** The alarm the planner tests configure: a blue/green upgrade is not planned without one. */
export const GATE_ALARM = 'api-5xx';

/**
 * The rules plan of `req` (default: prod 1.29 → 1.31 in place) for `snap`, with the test
 * configuration and its alarm `GATE_ALARM`.
 */
export const rules = (req = request(), snap = snapshot()): UpgradePlan =>
  buildRulesPlan(req, snap, { config: config({ alarmNames: [GATE_ALARM] }), now: NOW });

/** The codes of some blockers or warnings, in order. */
export const codes = (issues: { code: string }[]): string[] => issues.map((issue) => issue.code);
