import { createHash } from 'node:crypto';
import {
  DEFAULT_EVENT_SOURCE,
  DEFAULT_RULE_PREFIX,
  ROLLBACK_TRIGGER_EVENT_TYPES,
} from '@eks-upgrade/core-models';
import type { EventPattern } from '../pattern/compile-event-pattern.js';

/** The event types that should trigger a rollback; defined in core-models, which the deployed rule uses too. */
export { ROLLBACK_TRIGGER_EVENT_TYPES };

/**
 * The pattern of every upgrade event about one cluster: our source, `detail.clusterName`.
 *
 * @example
 * ```ts
 * buildUpgradeMonitoringPattern('prod');
 * // { source: ['eks-upgrade-agent'], detail: { clusterName: ['prod'] } }
 * ```
 */
export function buildUpgradeMonitoringPattern(
  clusterName: string,
  options: { source?: string } = {},
): EventPattern {
  return { source: [options.source ?? DEFAULT_EVENT_SOURCE], detail: { clusterName: [clusterName] } };
}

/**
 * The pattern of the events that should trigger a rollback (`validation.failure`,
 * `phase.failed`) from our source, optionally for one cluster only.
 *
 * @example
 * ```ts
 * buildRollbackTriggerPattern({ clusterName: 'prod' });
 * // { source: ['eks-upgrade-agent'], 'detail-type': ['validation.failure', 'phase.failed'], detail: { clusterName: ['prod'] } }
 * ```
 */
export function buildRollbackTriggerPattern(
  options: { source?: string; clusterName?: string } = {},
): EventPattern {
  return {
    source: [options.source ?? DEFAULT_EVENT_SOURCE],
    'detail-type': [...ROLLBACK_TRIGGER_EVENT_TYPES],
    ...(options.clusterName === undefined ? {} : { detail: { clusterName: [options.clusterName] } }),
  };
}

/**
 * A valid rule name (≤ 64 characters of `[.\-_A-Za-z0-9]`) made of parts; long names are cut and
 * end with a short hash of the full name, so distinct inputs keep distinct names.
 *
 * @example
 * ```ts
 * toRuleName('eks-upgrade', 'monitor', 'prod'); // 'eks-upgrade-monitor-prod'
 * ```
 */
export function toRuleName(...parts: string[]): string {
  const full = parts
    .join('-')
    .replace(/[^.\-_A-Za-z0-9]/g, '-')
    .replace(/-+/g, '-');
  if (full.length <= 64) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 55)}-${hash}`;
}

/**
 * Default name of a cluster's monitoring rule: `eks-upgrade-monitor-<cluster>`.
 *
 * @example
 * ```ts
 * upgradeMonitoringRuleName('prod'); // 'eks-upgrade-monitor-prod'
 * ```
 */
export function upgradeMonitoringRuleName(clusterName: string, prefix: string = DEFAULT_RULE_PREFIX): string {
  return toRuleName(prefix, 'monitor', clusterName);
}

/**
 * Default name of the rollback trigger rule: `eks-upgrade-rollback-trigger[-<cluster>]`.
 *
 * @example
 * ```ts
 * rollbackTriggerRuleName(); // 'eks-upgrade-rollback-trigger'
 * ```
 */
export function rollbackTriggerRuleName(clusterName?: string, prefix: string = DEFAULT_RULE_PREFIX): string {
  return clusterName === undefined
    ? toRuleName(prefix, 'rollback-trigger')
    : toRuleName(prefix, 'rollback-trigger', clusterName);
}
