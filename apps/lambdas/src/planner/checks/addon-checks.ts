import type { ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * In place: an add-on that is not ACTIVE or reports health issues
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_AddonHealth.html) blocks: it is fixed
 * before it is updated (https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html),
 * or its failure would pass for the upgrade's.
 *
 * @example
 * ```ts
 * checkAddonHealth(snapshot, builder); // ADDON_NOT_ACTIVE for a DEGRADED coredns
 * ```
 */
export function checkAddonHealth(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  for (const addon of snapshot.addons) {
    if (addon.status !== 'ACTIVE' || addon.healthIssues.length > 0) {
      builder.block(
        PlanIssueCode.ADDON_NOT_ACTIVE,
        `Add-on ${addon.name} is ${addon.status}${addon.healthIssues.map((issue) => `; ${issue.code}: ${issue.message}`).join('')}`,
        `addon:${addon.name}`,
      );
    }
  }
}
