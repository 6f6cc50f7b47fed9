import { createHash } from 'node:crypto';
import type { LogType } from '@aws-sdk/client-eks';
import type { Scenario } from '../../simulation/scenario.js';
import type { ClusterConfiguration } from '../cluster-gateway.js';

const LOG_TYPES: readonly LogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** DescribeCluster's `logging`: one entry of the enabled types, one of the disabled ones. */
function logging(enabled: readonly LogType[]): NonNullable<ClusterConfiguration['logging']> {
  const disabled = LOG_TYPES.filter((type) => !enabled.includes(type));
  return {
    clusterLogging: [
      ...(enabled.length > 0 ? [{ types: [...enabled], enabled: true }] : []),
      ...(disabled.length > 0 ? [{ types: disabled, enabled: false }] : []),
    ],
  };
}

/** The scenario cluster's settings as DescribeCluster reports them. */
export function scenarioClusterConfiguration(cluster: Scenario['cluster']): ClusterConfiguration {
  const settings = cluster.configuration;
  const autoMode = settings.autoMode;
  return {
    endpointAccess: {
      endpointPublicAccess: settings.endpointPublicAccess,
      endpointPrivateAccess: settings.endpointPrivateAccess,
      ...(settings.endpointPublicAccess ? { publicAccessCidrs: [...settings.publicAccessCidrs] } : {}),
    },
    accessConfig: {
      authenticationMode: settings.authenticationMode,
      bootstrapClusterCreatorAdminPermissions: true,
    },
    ...(settings.secretsKeyArn
      ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: settings.secretsKeyArn } }] }
      : {}),
    logging: logging(settings.logTypes),
    kubernetesNetworkConfig: {
      ipFamily: settings.ipFamily,
      ...(settings.ipFamily === 'ipv4' ? { serviceIpv4Cidr: settings.serviceIpv4Cidr } : {}),
      ...(autoMode ? { elasticLoadBalancing: { enabled: true } } : {}),
    },
    upgradePolicy: { supportType: cluster.supportType },
    ...(settings.zonalShift ? { zonalShiftConfig: { enabled: true } } : {}),
    ...(autoMode
      ? {
          computeConfig: {
            enabled: true,
            nodePools: [...autoMode.nodePools],
            nodeRoleArn: autoMode.nodeRoleArn,
          },
          storageConfig: { blockStorage: { enabled: true } },
        }
      : {}),
    deletionProtection: settings.deletionProtection,
  };
}

/**
 * The settings of a cluster CreateCluster creates: what the request gives, EKS's defaults for the
 * rest (CreateCluster API reference,
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html, and "Create an
 * Amazon EKS cluster", https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html):
 * endpoint public (open to 0.0.0.0/0) and not private (VpcConfigRequest); authentication
 * `CONFIG_MAP` through the API, with an admin access for the creator (CreateAccessConfigRequest);
 * upgrade policy `EXTENDED` (UpgradePolicyRequest, "new clusters default to extended support");
 * IPv4 with a 10.100.0.0/16 or 172.20.0.0/16 service range (the simulator takes the first); no
 * control-plane logs; no secrets encryption; no deletion protection.
 */
export function createdClusterConfiguration(requested: ClusterConfiguration = {}): ClusterConfiguration {
  const endpointPublicAccess = requested.endpointAccess?.endpointPublicAccess ?? true;
  const ipFamily = requested.kubernetesNetworkConfig?.ipFamily ?? 'ipv4';
  return {
    ...structuredClone(requested),
    endpointAccess: {
      endpointPublicAccess,
      endpointPrivateAccess: requested.endpointAccess?.endpointPrivateAccess ?? false,
      ...(endpointPublicAccess
        ? { publicAccessCidrs: [...(requested.endpointAccess?.publicAccessCidrs ?? ['0.0.0.0/0'])] }
        : {}),
    },
    accessConfig: {
      authenticationMode: requested.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
      bootstrapClusterCreatorAdminPermissions:
        requested.accessConfig?.bootstrapClusterCreatorAdminPermissions ?? true,
    },
    upgradePolicy: { supportType: requested.upgradePolicy?.supportType ?? 'EXTENDED' },
    kubernetesNetworkConfig: {
      ...structuredClone(requested.kubernetesNetworkConfig ?? {}),
      ipFamily,
      ...(ipFamily === 'ipv4'
        ? { serviceIpv4Cidr: requested.kubernetesNetworkConfig?.serviceIpv4Cidr ?? '10.100.0.0/16' }
        : {}),
    },
    logging: structuredClone(requested.logging ?? logging([])),
    deletionProtection: requested.deletionProtection ?? false,
  };
}

/**
 * Each cluster gets its own OpenID Connect issuer ("Create an IAM OIDC provider for your
 * cluster", https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html):
 * `https://oidc.eks.<region>.amazonaws.com/id/<32 hex>`, here derived from the cluster's ARN and
 * creation time (a cluster created again under the same name gets a new one, as on EKS).
 */
export function oidcIssuerFor(region: string, clusterArn: string, createdAt: string): string {
  const id = createHash('sha256')
    .update(`${clusterArn}@${createdAt}`)
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
  return `https://oidc.eks.${region}.amazonaws.com/id/${id}`;
}
