import type { Scenario } from '../../simulation/scenario.js';
import type { RoleTrust } from '../cluster-identity.js';
import { FailureInjection } from './failure-injection.js';
import { oidcIssuerFor, scenarioClusterConfiguration } from './simulated-cluster-configuration.js';
import {
  clone,
  clusterArn,
  oidcProviderArn,
  type SimCluster,
  type SimulatedIam,
  type SimulatedWorld,
  simulatedCertificateAuthority,
} from './simulated-eks-state.js';
import { PollCountdown, VirtualClock } from './virtual-clock.js';

// The simulated account as a scenario starts it: blue as EKS would describe it, and the IAM that
// IRSA on it needs. The rules of the services are in the simulated-* files of each service.

function previousMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${(minor ?? 1) - 1}`;
}

/** A resource a scenario starts in transition ends at its first poll. */
function seededTransition(status: string, transitions: readonly string[]): { transition?: PollCountdown } {
  return transitions.includes(status) ? { transition: new PollCountdown(1) } : {};
}

/** The scenario's cluster as EKS would describe it, with its node groups and add-ons. */
function seedCluster(scenario: Scenario, startMs: number): SimCluster {
  const { cluster } = scenario;
  const arn = clusterArn(scenario, cluster.name);
  const createdAt = new Date(startMs - 90 * 24 * 3600 * 1000).toISOString();
  return {
    info: {
      name: cluster.name,
      arn,
      version: cluster.version,
      platformVersion: cluster.platformVersion,
      status: cluster.status,
      endpoint: `https://${cluster.name}.sim.eks.${cluster.region}.amazonaws.com`,
      roleArn: cluster.roleArn,
      subnetIds: [...cluster.subnetIds],
      securityGroupIds: [...cluster.securityGroupIds],
      supportType: cluster.supportType,
      healthIssues: clone(cluster.healthIssues),
      createdAt,
      ...(Object.keys(cluster.configuration.tags).length > 0
        ? { tags: { ...cluster.configuration.tags } }
        : {}),
      oidcIssuer: oidcIssuerFor(cluster.region, arn, createdAt),
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      certificateAuthorityData: simulatedCertificateAuthority(cluster.name),
      configuration: scenarioClusterConfiguration(cluster),
    },
    ...seededTransition(cluster.status, ['CREATING', 'DELETING']),
    nodegroups: cluster.nodegroups.map((nodegroup) => ({
      name: nodegroup.name,
      version: nodegroup.version ?? cluster.version,
      releaseVersion: `${nodegroup.version ?? cluster.version}.0-20260101`,
      status: nodegroup.status,
      capacityType: nodegroup.capacityType,
      desiredSize: nodegroup.desiredSize,
      amiType: nodegroup.customAmi ? 'CUSTOM' : nodegroup.amiType,
      customAmi: nodegroup.customAmi,
      ...(nodegroup.updateStrategy ? { updateStrategy: nodegroup.updateStrategy } : {}),
      healthIssues: clone(nodegroup.healthIssues),
      ...seededTransition(nodegroup.status, ['CREATING', 'DELETING']),
      shape: {
        nodeRole: nodegroup.nodeRole,
        subnets: [...(nodegroup.subnets ?? cluster.subnetIds)],
        scalingConfig: {
          minSize: nodegroup.minSize,
          maxSize: nodegroup.maxSize,
          desiredSize: nodegroup.desiredSize,
        },
        instanceTypes: [...nodegroup.instanceTypes],
        ...(nodegroup.diskSize !== undefined ? { diskSize: nodegroup.diskSize } : {}),
        ...(Object.keys(nodegroup.labels).length > 0 ? { labels: { ...nodegroup.labels } } : {}),
        ...(nodegroup.taints.length > 0 ? { taints: clone(nodegroup.taints) } : {}),
        ...(nodegroup.launchTemplate ? { launchTemplate: { ...nodegroup.launchTemplate } } : {}),
        updateConfig: { maxUnavailable: 1 },
        ...(Object.keys(nodegroup.tags).length > 0 ? { tags: { ...nodegroup.tags } } : {}),
      },
    })),
    accessEntries: cluster.accessEntries.map((entry) => ({
      principalArn: entry.principalArn,
      type: entry.type,
      kubernetesGroups: [...entry.kubernetesGroups],
      ...(entry.username ? { username: entry.username } : {}),
      policies: entry.policies.map((policy) => ({
        policyArn: policy.policyArn,
        accessScope: {
          type: policy.scope,
          ...(policy.namespaces ? { namespaces: [...policy.namespaces] } : {}),
        },
      })),
    })),
    podIdentityAssociations: cluster.podIdentityAssociations.map((association, index) => ({
      associationId: `a-${String(index + 1).padStart(17, '0')}`,
      clusterName: cluster.name,
      namespace: association.namespace,
      serviceAccount: association.serviceAccount,
      roleArn: association.roleArn,
      ...(association.targetRoleArn ? { targetRoleArn: association.targetRoleArn } : {}),
      ...(association.disableSessionTags !== undefined
        ? { disableSessionTags: association.disableSessionTags }
        : {}),
      ...(Object.keys(association.tags).length > 0 ? { tags: { ...association.tags } } : {}),
    })),
    fargateProfiles: cluster.fargateProfiles.map((profile) => {
      const settings = typeof profile === 'string' ? { name: profile } : profile;
      return {
        name: settings.name,
        clusterName: cluster.name,
        status: 'ACTIVE',
        podExecutionRoleArn:
          'podExecutionRoleArn' in settings
            ? settings.podExecutionRoleArn
            : 'arn:aws:iam::123456789012:role/eks-fargate-pod-role',
        subnets: [...(('subnets' in settings ? settings.subnets : undefined) ?? cluster.subnetIds)],
        selectors: clone('selectors' in settings ? settings.selectors : [{ namespace: 'default' }]),
        ...('tags' in settings && Object.keys(settings.tags).length > 0
          ? { tags: { ...settings.tags } }
          : {}),
      };
    }),
    addons: cluster.addons.map((addon) => ({
      name: addon.name,
      version: addon.version,
      status: addon.status,
      healthIssues: clone(addon.healthIssues),
      compatibility: clone(addon.compatibility),
      ...seededTransition(addon.status, ['CREATING']),
      settings: {
        ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
        ...(addon.configurationValues ? { configurationValues: addon.configurationValues } : {}),
      },
    })),
    ...(cluster.lastUpgradedAt
      ? {
          lastUpgrade: {
            fromVersion: previousMinor(cluster.version),
            toVersion: cluster.version,
            completedAtMs: Date.parse(cluster.lastUpgradedAt),
          },
        }
      : {}),
  };
}

/** The world a scenario starts from: its cluster, no updates yet, the clock at `startTime`. */
export function createSimulatedWorld(scenario: Scenario): SimulatedWorld {
  const startMs = Date.parse(scenario.startTime);
  const failures = new FailureInjection(scenario);
  const blue = seedCluster(scenario, startMs);
  return {
    iam: seedIam(blue),
    scenario,
    clock: new VirtualClock(startMs, scenario.timing.secondsPerPoll),
    failures,
    calls: [],
    clusters: new Map([[scenario.cluster.name, blue]]),
    updates: new Map(),
    insights: [...clone(scenario.cluster.insights), ...failures.blockingInsights()],
  };
}

/**
 * The account as IRSA on the scenario cluster needs it: an IAM OIDC provider for its issuer
 * and, for each add-on's service-account role, a role trusting that issuer for the add-on's
 * service account ("Assign IAM roles to Kubernetes service accounts",
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
 */
function seedIam(blue: SimCluster): SimulatedIam {
  const issuer = blue.info.oidcIssuer ?? '';
  const provider = oidcProviderArn(issuer);
  const hostPath = issuer.replace(/^https:\/\//, '');
  const roles = new Map<string, RoleTrust>();
  for (const addon of blue.addons) {
    const roleArn = addon.settings.serviceAccountRoleArn;
    if (!roleArn) continue;
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    roles.set(roleName, {
      roleArn,
      roleName,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: provider },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${hostPath}:aud`]: 'sts.amazonaws.com',
                [`${hostPath}:sub`]: `system:serviceaccount:kube-system:${addon.name}`,
              },
            },
          },
        ],
      },
    });
  }
  return {
    oidcProviders: new Map([
      [provider, { arn: provider, issuerUrl: issuer, clientIds: ['sts.amazonaws.com'], tags: {} }],
    ]),
    roles,
  };
}
