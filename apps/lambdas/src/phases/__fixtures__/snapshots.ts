import {
  type AddonSnapshot,
  type AgentConfig,
  type ClusterSnapshot,
  type ClusterSnapshotInput,
  ClusterSnapshotSchema,
  createDefaultAgentConfig,
  type UpgradeRequest,
  type UpgradeRequestInput,
  UpgradeRequestSchema,
} from '@eks-upgrade/core-models';

/** Compatibility of the three default add-ons for Kubernetes 1.29 to 1.32, as EKS reports it. */
export const ADDON_COMPATIBILITY: Record<string, AddonSnapshot['compatibility']> = {
  'vpc-cni': [
    {
      kubernetesVersion: '1.30',
      defaultVersion: 'v1.18.5-eksbuild.1',
      versions: ['v1.19.2-eksbuild.1', 'v1.18.5-eksbuild.1'],
    },
    {
      kubernetesVersion: '1.31',
      defaultVersion: 'v1.19.2-eksbuild.1',
      versions: ['v1.19.2-eksbuild.1', 'v1.18.5-eksbuild.1'],
    },
  ],
  coredns: [
    {
      kubernetesVersion: '1.30',
      defaultVersion: 'v1.11.1-eksbuild.9',
      versions: ['v1.11.3-eksbuild.1', 'v1.11.1-eksbuild.9'],
    },
    {
      kubernetesVersion: '1.31',
      defaultVersion: 'v1.11.3-eksbuild.1',
      versions: ['v1.11.3-eksbuild.2', 'v1.11.3-eksbuild.1'],
    },
  ],
  'kube-proxy': [
    {
      kubernetesVersion: '1.30',
      defaultVersion: 'v1.30.0-eksbuild.3',
      versions: ['v1.30.3-eksbuild.2', 'v1.30.0-eksbuild.3'],
    },
    {
      kubernetesVersion: '1.31',
      defaultVersion: 'v1.31.0-eksbuild.2',
      versions: ['v1.31.2-eksbuild.3', 'v1.31.0-eksbuild.2'],
    },
  ],
};

/** A healthy 1.29 cluster `prod` with two node groups and the three default add-ons. */
export function snapshot(overrides: Partial<ClusterSnapshotInput> = {}): ClusterSnapshot {
  return ClusterSnapshotSchema.parse({
    clusterName: 'prod',
    region: 'us-east-1',
    arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
    version: '1.29',
    platformVersion: 'eks.23',
    status: 'ACTIVE',
    roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
    subnetIds: ['subnet-0a1', 'subnet-0a2'],
    securityGroupIds: ['sg-0a1'],
    supportType: 'STANDARD',
    nodegroups: [
      { name: 'general', version: '1.29', status: 'ACTIVE', amiType: 'AL2023_x86_64_STANDARD' },
      { name: 'batch', version: '1.29', status: 'ACTIVE', amiType: 'AL2023_ARM_64_STANDARD' },
    ],
    addons: [
      {
        name: 'coredns',
        version: 'v1.11.1-eksbuild.8',
        status: 'ACTIVE',
        compatibility: ADDON_COMPATIBILITY.coredns,
      },
      {
        name: 'kube-proxy',
        version: 'v1.29.3-eksbuild.2',
        status: 'ACTIVE',
        compatibility: ADDON_COMPATIBILITY['kube-proxy'],
      },
      {
        name: 'vpc-cni',
        version: 'v1.18.3-eksbuild.1',
        status: 'ACTIVE',
        compatibility: ADDON_COMPATIBILITY['vpc-cni'],
      },
    ],
    insights: [
      {
        id: 'insight-1',
        name: 'Kubelet version skew',
        kubernetesVersion: '1.30',
        status: 'PASSING',
        reason: 'Node kubelet versions match the cluster version',
      },
    ],
    supportedVersions: ['1.29', '1.30', '1.31', '1.32'].map((version) => ({
      version,
      status: 'STANDARD_SUPPORT',
    })),
    capturedAt: '2026-11-25T10:00:00Z',
    ...overrides,
  });
}

export function request(overrides: Partial<UpgradeRequestInput> = {}): UpgradeRequest {
  return UpgradeRequestSchema.parse({
    clusterName: 'prod',
    targetVersion: '1.31',
    strategy: 'in_place',
    ...overrides,
  });
}

export const TRAFFIC_ROUTING = {
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  recordName: 'api.example.com',
  ttlSeconds: 60,
  blue: { setIdentifier: 'blue', target: 'prod-blue.elb.example.com' },
  green: { setIdentifier: 'green', target: 'prod-green.elb.example.com' },
};

/** A blue/green request over the fixture's weighted records. */
export function blueGreenRequest(overrides: Partial<UpgradeRequestInput> = {}): UpgradeRequest {
  return request({ strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING, ...overrides });
}
/**
 * The default configuration with Bedrock off and no alarms, and an execution timeout of a day
 * (so that only the tests about it see the EXECUTION_TIMEOUT_TOO_SHORT warning the default
 * 3600 s gives most real plans).
 */
export function config(
  overrides: {
    bedrockEnabled?: boolean;
    timeoutSeconds?: number;
    alarmNames?: string[];
    executionTimeoutSeconds?: number;
    nativeRollbackTimeoutMinutes?: number;
  } = {},
): AgentConfig {
  const base = createDefaultAgentConfig();
  return {
    ...base,
    stepFunctions: {
      ...base.stepFunctions,
      executionTimeoutSeconds: overrides.executionTimeoutSeconds ?? 86_400,
    },
    bedrock: {
      ...base.bedrock,
      enabled: overrides.bedrockEnabled ?? false,
      timeoutSeconds: overrides.timeoutSeconds ?? base.bedrock.timeoutSeconds,
    },
    upgrade: {
      ...base.upgrade,
      alarmNames: overrides.alarmNames ?? [],
      nativeRollbackTimeoutMinutes:
        overrides.nativeRollbackTimeoutMinutes ?? base.upgrade.nativeRollbackTimeoutMinutes,
    },
  };
}
