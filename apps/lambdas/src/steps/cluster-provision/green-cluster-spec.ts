import type { CreateClusterRequest, SupportType } from '@aws-sdk/client-eks';
import type { ClusterConfiguration, ClusterInfo, CreateClusterSpec } from '../../gateway/cluster-gateway.js';
import { copyableTags, greenTags } from '../shared/green-resources.js';

/** What the green copy does with one CreateCluster field of the blue cluster. */
export type GreenFieldCopy = 'copied' | { adapted: string } | { notCopied: string };

/**
 * Every CreateCluster field (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html)
 * and what the green cluster gets for it. `satisfies Record<keyof CreateClusterRequest, ...>`
 * makes a field a new SDK adds a compile error here until it is copied or said not to be.
 */
export const GREEN_CLUSTER_FIELDS = {
  name: { adapted: "the green cluster's own name, from the plan" },
  version: { adapted: 'the target Kubernetes version' },
  roleArn: 'copied',
  // Subnets, security groups and endpoint access; the cluster security group EKS creates for a
  // cluster is reported, not requested: green gets its own.
  resourcesVpcConfig: 'copied',
  kubernetesNetworkConfig: 'copied',
  logging: 'copied',
  clientRequestToken: { notCopied: "blue's idempotency token belongs to blue's own CreateCluster call" },
  tags: {
    adapted: "blue's tags without the aws: prefix AWS reserves, plus the eks-upgrade green tags",
  },
  encryptionConfig: 'copied',
  outpostConfig: 'copied',
  accessConfig: {
    adapted:
      'CONFIG_MAP becomes API_AND_CONFIG_MAP; the creator (the upgrade tool role) gets no admin access entry',
  },
  bootstrapSelfManagedAddons: {
    notCopied:
      "DescribeCluster does not report it; EKS's default installs the self-managed networking add-ons, which the add-on steps then manage",
  },
  upgradePolicy: 'copied',
  zonalShiftConfig: 'copied',
  remoteNetworkConfig: 'copied',
  computeConfig: 'copied',
  storageConfig: 'copied',
  deletionProtection: 'copied',
  controlPlaneScalingConfig: 'copied',
  kubeApiServerConfig: 'copied',
  kubeSchedulerConfig: 'copied',
  kubeControllerManagerConfig: 'copied',
} as const satisfies Record<keyof CreateClusterRequest, GreenFieldCopy>;

/**
 * Green's access configuration. A green cluster on `CONFIG_MAP` alone would be reachable by its
 * creator only, as its aws-auth ConfigMap starts empty; in `API_AND_CONFIG_MAP` access entries
 * grant access and EKS creates the node roles' entries itself ("Grant IAM users access to
 * Kubernetes with EKS access entries", https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
 * The creator is the upgrade tool's role: it gets no cluster-admin entry (blue's value was about
 * blue's creator), which `bootstrapClusterCreatorAdminPermissions: false` says.
 */
export function greenAccessConfig(
  blue: ClusterConfiguration['accessConfig'],
): NonNullable<ClusterConfiguration['accessConfig']> {
  const mode = blue?.authenticationMode ?? 'CONFIG_MAP';
  return {
    authenticationMode: mode === 'CONFIG_MAP' ? 'API_AND_CONFIG_MAP' : mode,
    bootstrapClusterCreatorAdminPermissions: false,
  };
}

/**
 * The CreateCluster spec of a green copy of `blue` named `name` at `version`: every field of
 * `GREEN_CLUSTER_FIELDS` marked copied taken from blue as DescribeCluster reports it.
 *
 * @example
 * ```ts
 * const spec = greenClusterSpec(await gateway.describeCluster('prod'), 'prod-1-31', '1.31');
 * await gateway.createCluster(spec);
 * ```
 */
export function greenClusterSpec(
  blue: ClusterInfo & { roleArn: string },
  name: string,
  version: string,
): CreateClusterSpec {
  const configuration = structuredClone(blue.configuration ?? {});
  // A gateway that reports only the support type (not the whole upgrade policy) still has it copied.
  const upgradePolicy =
    configuration.upgradePolicy ??
    (blue.supportType ? { supportType: blue.supportType as SupportType } : undefined);
  return {
    name,
    version,
    roleArn: blue.roleArn,
    subnetIds: [...blue.subnetIds],
    securityGroupIds: [...blue.securityGroupIds],
    tags: { ...copyableTags(blue.tags), ...greenTags(blue.name) },
    configuration: {
      ...configuration,
      ...(upgradePolicy ? { upgradePolicy } : {}),
      accessConfig: greenAccessConfig(configuration.accessConfig),
    },
  };
}
