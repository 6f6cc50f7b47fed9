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
  const finding = greenRoleTagFinding(snapshot);
  if (finding) builder.block(PlanIssueCode.GREEN_ROLE_TAG_ON_BLUE, finding, snapshot.clusterName);
}

/**
 * In place, the same tag only warns: an in-place upgrade deletes no cluster, but while the tag
 * is there the stack's green-only deletion grants reach the cluster that serves, and a later
 * blue/green from it is blocked (`checkGreenRoleTagOnBlue`).
 *
 * @example
 * ```ts
 * warnGreenRoleTagInPlace(snapshot, builder); // GREEN_ROLE_TAG_ON_BLUE as a warning
 * ```
 */
export function warnGreenRoleTagInPlace(snapshot: ClusterSnapshot, builder: PlanBuilder): void {
  const finding = greenRoleTagFinding(snapshot);
  if (finding) builder.warn(PlanIssueCode.GREEN_ROLE_TAG_ON_BLUE, finding, snapshot.clusterName);
}

/** What the green role tag on the snapshot's cluster means and how to remove it, or `undefined` without it. */
function greenRoleTagFinding(snapshot: ClusterSnapshot): string | undefined {
  const tags = snapshot.upgradeTags ?? {};
  if (tags[CREATED_RESOURCE_TAG.key] !== CREATED_RESOURCE_TAG.value) return undefined;
  const blue = snapshot.clusterName;
  const createdFor = tags['eks-upgrade:blue-cluster'];
  const arn = snapshot.arn ?? `<arn of ${blue}>`;
  return (
    `${blue} still carries the tag ${CREATED_RESOURCE_TAG.key}=${CREATED_RESOURCE_TAG.value}: an earlier blue/green created it as green${createdFor ? ` for ${createdFor}` : ''} and did not finish (its decommission promotes green by removing that tag). ` +
    `eks-upgrade's green-only deletion grants match the tag, so they would reach ${blue}, which now serves. ` +
    `Check that the earlier upgrade left nothing behind, then remove the tags from ${blue} and what that upgrade created on it (node groups, add-ons, Fargate profiles, access entries, Pod Identity associations, the IAM OIDC provider of its issuer): ` +
    `aws eks untag-resource --resource-arn ${arn} --tag-keys ${CREATED_RESOURCE_TAG.key} eks-upgrade:blue-cluster (and aws iam untag-open-id-connect-provider for the provider)`
  );
}
