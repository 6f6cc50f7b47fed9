import type { ClusterSnapshot } from '@eks-upgrade/core-models';
import type { PlanBuilder } from '../plan-builder.js';
import { PlanIssueCode } from '../plan-issue-code.js';

/**
 * Blue/green: who can reach the green cluster's Kubernetes API. Green is created in `API` or
 * `API_AND_CONFIG_MAP` mode with no cluster-admin for its creator (the upgrade tool's role); EKS
 * creates the access entries of the node roles itself, nobody else's
 * (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html). Blue's aws-auth
 * ConfigMap is a Kubernetes object the EKS API does not show, and blue's access entries are not
 * copied either, so the plan names what the operator must grant on green before traffic moves
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
  const entries = `grant access on ${green} (CreateAccessEntry and AssociateAccessPolicy) to the IAM principals that use ${blue}`;
  const configMap = `every IAM role and user mapped in ${blue}'s aws-auth ConfigMap (kube-system/aws-auth: mapRoles, mapUsers)`;
  const message =
    mode === 'CONFIG_MAP'
      ? `${blue} authenticates with the aws-auth ConfigMap only; ${green} is created in API_AND_CONFIG_MAP mode with no access for anyone but its nodes: ${entries}, i.e. ${configMap}, before traffic moves (the EKS API cannot read that ConfigMap)`
      : mode === 'API_AND_CONFIG_MAP'
        ? `${green} is created in API_AND_CONFIG_MAP mode with no access for anyone but its nodes: ${entries}, both ${blue}'s access entries and ${configMap}, before traffic moves`
        : `${green} is created in ${mode} mode with no access for anyone but its nodes: ${entries} (${blue}'s access entries) before traffic moves`;
  builder.warn(PlanIssueCode.GREEN_CLUSTER_ACCESS, message);
}
