import type { UpgradeRequest } from '@eks-upgrade/core-models';

/**
 * The green cluster's name: the request's, or `<blue>-<target with dashes>`, cut to the 100
 * characters EKS allows in a cluster name
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 *
 * @example
 * ```ts
 * greenClusterNameFor({ clusterName: 'prod', targetVersion: '1.31', strategy: 'blue_green' }); // 'prod-1-31'
 * ```
 */
export function greenClusterNameFor(request: UpgradeRequest): string {
  return (
    request.greenClusterName ??
    `${request.clusterName}-${request.targetVersion.replace('.', '-')}`.slice(0, 100)
  );
}
