import { HealthIssueSchema, UpgradeInsightSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';

/* Limits of a scenario, each from the AWS quota it mirrors, and the strict-object helpers every scenario schema uses. */

export const IsoDateSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
export const PollsSchema = z.number().int().min(1, { error: 'must be at least 1 poll' }).max(1000);

/**
 * Managed node groups per cluster: 30, EKS's default quota ("View and manage Amazon EKS and
 * Fargate service quotas", https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html;
 * the values are in "Amazon Elastic Kubernetes Service endpoints and quotas",
 * https://docs.aws.amazon.com/general/latest/gr/eks.html).
 */
export const MAX_SCENARIO_NODEGROUPS = 30;
/** Fargate profiles per cluster: 10 (same EKS service quotas pages). */
export const MAX_SCENARIO_FARGATE_PROFILES = 10;
/** Nodes per managed node group: 450 (same EKS service quotas pages). */
export const MAX_NODES_PER_NODEGROUP = 450;
/**
 * Alarms a scenario defines: the alarms a validation watches fit one DescribeAlarms call, which
 * takes at most 100 `AlarmNames` (CloudWatch API reference, DescribeAlarms,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html).
 */
export const MAX_SCENARIO_ALARMS = 100;
/**
 * Add-ons on the scenario's cluster. EKS documents no quota on add-ons per cluster; 50 is well
 * above the catalog of EKS add-ons a cluster installs and keeps a scenario readable.
 */
export const MAX_SCENARIO_ADDONS = 50;
/**
 * Upgrade insights of the scenario's cluster: 100, the most one ListInsights page returns
 * (`maxResults` 1-100, EKS API reference, ListInsights,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_ListInsights.html). EKS documents no
 * quota on insights; one page is more than any cluster reports.
 */
export const MAX_SCENARIO_INSIGHTS = 100;
/** Access entries of the scenario's cluster: EKS documents no quota here; 50 keeps a scenario readable. */
export const MAX_SCENARIO_ACCESS_ENTRIES = 50;
/** Failures one scenario injects: no AWS limit applies; 50 keeps a scenario readable. */
export const MAX_SCENARIO_FAILURES = 50;

/**
 * A zod object that refuses keys it does not know, so a misspelt field (`failure` for
 * `failures`) is an error naming it instead of being dropped silently.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')} (the fields here are ${Object.keys(shape).join(', ')})`
        : undefined,
  });
}

/** core-models' health issue and insight (which strip unknown keys), refusing them here. */
export const StrictHealthIssueSchema = strictObject(HealthIssueSchema.shape);
export const StrictUpgradeInsightSchema = strictObject(UpgradeInsightSchema.shape);

/** At most `max` items, saying which limit applies. */
export function atMost<Item extends z.ZodType>(item: Item, max: number, limit: string) {
  return z.array(item).max(max, { error: `must have at most ${max} items (${limit})` });
}
