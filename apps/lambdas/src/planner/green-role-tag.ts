import { type ClusterSnapshot, CREATED_RESOURCE_TAG } from '@eks-upgrade/core-models';
import type { PlanBuilder } from './plan-builder.js';
import { PlanIssueCode } from './plan-issue-code.js';

/**
 * A blue cluster that still carries the green role tag (`CREATED_RESOURCE_TAG`) was created as
 * green by an earlier blue/green that never promoted it (its decommission of the old blue did
 * not run or failed before the promotion). The green-only deletion grants of this stack match
 * that tag (`aws:ResourceTag`), so while it is there they reach the cluster that serves; and the
 * earlier upgrade left things behind. The plan is blocked until the tags are removed
 * (EKS UntagResource, https://docs.aws.amazon.com/eks/latest/APIReference/API_UntagResource.html).
 *
 * @example
 * ```ts
 * checkGreenRoleTagOnBlue(snapshot, builder); // GREEN_ROLE_TAG_ON_BLUE when blue carries eks-upgrade:role=green
 * ```
 */
export function checkGreenRoleTagOnBlue(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  const tags = snapshot.upgradeTags ?? {};
  if (tags[CREATED_RESOURCE_TAG.key] !== CREATED_RESOURCE_TAG.value) return;
  const blue = snapshot.clusterName;
  const createdFor = tags['eks-upgrade:blue-cluster'];
  const arn = snapshot.arn ?? `<arn of ${blue}>`;
  builder.block(
    PlanIssueCode.GREEN_ROLE_TAG_ON_BLUE,
    `${blue} still carries the tag ${CREATED_RESOURCE_TAG.key}=${CREATED_RESOURCE_TAG.value}: an earlier blue/green created it as green${createdFor ? ` for ${createdFor}` : ''} and did not finish (its decommission promotes green by removing that tag). ` +
      `eks-upgrade's green-only deletion grants match the tag, so they would reach ${blue}, which now serves. ` +
      `Check that the earlier upgrade left nothing behind, then remove the tags from ${blue} and what that upgrade created on it (node groups, add-ons, Fargate profiles, access entries, Pod Identity associations, the IAM OIDC provider of its issuer): ` +
      `aws eks untag-resource --resource-arn ${arn} --tag-keys ${CREATED_RESOURCE_TAG.key} eks-upgrade:blue-cluster (and aws iam untag-open-id-connect-provider for the provider)`,
    blue,
  );
}
