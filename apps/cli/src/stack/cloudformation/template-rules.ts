import type { AgentConfig } from '@eks-upgrade/core-models';
import { RULE_TARGET_ID_PREFIXES, stackRules } from '../stack-rules.js';
import type { TemplateResource } from './stack-template.js';
import { LOGICAL_IDS } from './template-logical-ids.js';
import { ruleTargets } from './template-notification-targets.js';

/** The custom event bus when one is configured, and the rules deploy makes (ids `ruleIds`). */
export function ruleResources(
  config: AgentConfig,
  ruleIds: readonly string[],
): Record<string, TemplateResource> {
  const resources: Record<string, TemplateResource> = {};
  const customBus =
    config.eventBridge.busName !== 'default' && !config.eventBridge.busName.startsWith('arn:');
  if (customBus) {
    resources[LOGICAL_IDS.eventBus] = {
      Type: 'AWS::Events::EventBus',
      Properties: { Name: config.eventBridge.busName },
    };
  }
  // The rules as deploy makes them, their targets from the NotificationTargetArns slots.
  const rules = stackRules(config, { notifyArns: [] });
  rules.forEach((rule, index) => {
    const id = ruleIds[index] ?? `Rule${index + 1}`;
    const targetIdPrefix = RULE_TARGET_ID_PREFIXES[index] ?? `rule${index + 1}`;
    resources[id] = {
      Type: 'AWS::Events::Rule',
      ...(customBus ? { DependsOn: [LOGICAL_IDS.eventBus] } : {}),
      Properties: {
        Name: rule.name,
        Description: rule.description,
        EventBusName: config.eventBridge.busName,
        EventPattern: rule.eventPattern,
        State: rule.state ?? 'ENABLED',
        Targets: ruleTargets(targetIdPrefix, LOGICAL_IDS.eventsRole),
      },
    };
  });
  return resources;
}
