import type { ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * Blue/green: who can reach the green cluster's Kubernetes API. Green is created in `API` or
 * `API_AND_CONFIG_MAP` mode with no cluster-admin for its creator (the upgrade tool's role), and
 * blue's access entries are copied to it (`access_entry_provision`;
 * https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html). Blue's aws-auth
 * ConfigMap is a Kubernetes object the EKS API does not show, so for a blue that uses it the
 * plan names what the operator must grant on green before traffic moves
 * (https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html).
 *
 * @example
 * ```ts
 * checkGreenAccess({ ...snapshot, authenticationMode: 'CONFIG_MAP' }, 'prod-1-31', builder); // GREEN_CLUSTER_ACCESS
 * ```
 */
export function checkGreenAccess(snapshot: ClusterSnapshot, green: string, builder: PlanBuilder): void {
  const blue = snapshot.clusterName;
  const mode = snapshot.authenticationMode ?? 'CONFIG_MAP';
  if (mode === 'API') return;
  const mappings = `every IAM role and user mapped in ${blue}'s aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers)`;
  const grant = `grant them access on ${green} (CreateAccessEntry and AssociateAccessPolicy) before traffic moves; the EKS API cannot read that ConfigMap`;
  builder.warn(
    PlanIssueCode.GREEN_CLUSTER_ACCESS,
    mode === 'CONFIG_MAP'
      ? `${blue} authenticates with the aws-auth ConfigMap only; ${green} is created in API_AND_CONFIG_MAP mode, reachable by its nodes only, without ${mappings}: ${grant}`
      : `${blue}'s access entries are copied to ${green}, its aws-auth ConfigMap is not: for ${mappings}, ${grant}`,
  );
}
