import { type AgentConfig, ROLLBACK_TRIGGER_EVENT_TYPES } from '@eks-upgrade/core-models';
import type { EventRuleInput } from '@eks-upgrade/events';
import { targetNeedsRole } from './iam-policies.js';
import { stackNames } from './stack-names.js';

/** The prefix of each rule's target IDs (`notify-1`…), in `stackRules`' order: the template numbers its slots the same way. */
export const RULE_TARGET_ID_PREFIXES = ['notify', 'rollback'] as const;

/**
 * The rules deploy ships: the monitoring rule (every event from the agent's source) and the
 * rollback-trigger rule (`validation.failure`, `phase.failed`). Both deliver to the
 * notification targets given with `--notify-arn`, through the EventBridge targets role. The
 * rehearsal installs the same rules on its local bus.
 *
 * @example
 * ```ts
 * const rules = stackRules(config, { notifyArns: [queueArn], eventsRoleArn });
 * ```
 */
export function stackRules(
  config: AgentConfig,
  targets: { notifyArns: readonly string[]; eventsRoleArn?: string | undefined },
): EventRuleInput[] {
  const names = stackNames(config);
  const source = config.eventBridge.source;
  const ruleTargets = (prefix: string) =>
    targets.notifyArns.map((arn, index) => ({
      id: `${prefix}-${index + 1}`,
      arn,
      ...(targets.eventsRoleArn && targetNeedsRole(arn) ? { roleArn: targets.eventsRoleArn } : {}),
    }));
  return [
    {
      name: names.monitoringRule,
      description: 'Every eks-upgrade event (phases, traffic, validation, rollback), for monitoring',
      eventPattern: { source: [source] },
      state: 'ENABLED',
      targets: ruleTargets(RULE_TARGET_ID_PREFIXES[0]),
    },
    {
      name: names.rollbackTriggerRule,
      description: `Failures that trigger an eks-upgrade rollback: ${ROLLBACK_TRIGGER_EVENT_TYPES.join(' and ')}`,
      eventPattern: { source: [source], 'detail-type': [...ROLLBACK_TRIGGER_EVENT_TYPES] },
      state: 'ENABLED',
      targets: ruleTargets(RULE_TARGET_ID_PREFIXES[1]),
    },
  ];
}
