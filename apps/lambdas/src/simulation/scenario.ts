import {
  HealthIssueSchema,
  KubernetesVersionSchema,
  UpgradeInsightSchema,
  UpgradeRequestSchema,
} from '@eks-upgrade/core-models';
import { z } from 'zod';

const IsoDateSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const PollsSchema = z.number().int().min(1, { error: 'must be at least 1 poll' }).max(1000);

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
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')} (the fields here are ${Object.keys(shape).join(', ')})`
        : undefined,
  });
}

/** core-models' health issue and insight (which strip unknown keys), refusing them here. */
const StrictHealthIssueSchema = strictObject(HealthIssueSchema.shape);
const StrictUpgradeInsightSchema = strictObject(UpgradeInsightSchema.shape);

/** At most `max` items, saying which limit applies. */
function atMost<Item extends z.ZodType>(item: Item, max: number, limit: string) {
  return z.array(item).max(max, { error: `must have at most ${max} items (${limit})` });
}

/** Versions of one add-on that EKS reports as compatible with one Kubernetes version. */
export const ScenarioAddonCompatibilitySchema = strictObject({
  /** The version DescribeAddonVersions marks `defaultVersion: true`; optional, as for some add-ons. */
  defaultVersion: z.string().min(1).optional(),
  /** Every compatible version, newest first. An empty list means "nothing is compatible". */
  versions: z.array(z.string().min(1)),
});

/** An add-on installed on the scenario's cluster. */
export const ScenarioAddonSchema = strictObject({
  /** Add-on name as EKS knows it: `vpc-cni`, `coredns`, `kube-proxy`, ... */
  name: z.string().min(1),
  /** Installed version, e.g. `v1.18.3-eksbuild.1`. */
  version: z.string().min(1),
  /** DescribeAddon status; `ACTIVE` unless the scenario starts degraded. */
  status: z.string().default('ACTIVE'),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  /** IAM role of the add-on's service account (IRSA), copied to the green cluster's add-on. */
  serviceAccountRoleArn: z.string().min(1).optional(),
  /** The add-on's configuration values (JSON text), copied to the green cluster's add-on. */
  configurationValues: z.string().min(1).optional(),
  /**
   * Compatible versions per Kubernetes version (`{"1.30": {defaultVersion, versions}}`). A
   * Kubernetes version missing here has no compatible version of this add-on.
   */
  compatibility: z.record(KubernetesVersionSchema, ScenarioAddonCompatibilitySchema).default({}),
});

/** A managed node group of the scenario's cluster. */
export const ScenarioNodegroupSchema = strictObject({
  name: z.string().min(1),
  /** Kubelet minor version; the cluster's version when absent. */
  version: KubernetesVersionSchema.optional(),
  status: z.string().default('ACTIVE'),
  capacityType: z.enum(['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK']).default('ON_DEMAND'),
  desiredSize: z.number().int().min(0).max(MAX_NODES_PER_NODEGROUP).default(2),
  amiType: z.string().default('AL2023_x86_64_STANDARD'),
  /** A launch template with a custom AMI: EKS refuses UpdateNodegroupVersion with a version. */
  customAmi: z.boolean().default(false),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  /** The node IAM role (CreateNodegroup needs it; copied to the green node group). */
  nodeRole: z.string().min(1).default('arn:aws:iam::123456789012:role/eks-node-role'),
  /** Subnets of the nodes; the cluster's subnets when absent. */
  subnets: z.array(z.string().min(1)).optional(),
  instanceTypes: z.array(z.string().min(1)).default(['m6i.large']),
  minSize: z.number().int().min(0).max(MAX_NODES_PER_NODEGROUP).default(1),
  maxSize: z.number().int().min(1).max(MAX_NODES_PER_NODEGROUP).default(10),
  diskSize: z.number().int().min(1).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  taints: z
    .array(
      strictObject({
        key: z.string().min(1),
        value: z.string().optional(),
        effect: z.enum(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']),
      }),
    )
    .default([]),
  /** The launch template the group uses (without a custom AMI unless `customAmi`). */
  launchTemplate: strictObject({
    id: z.string().min(1),
    name: z.string().min(1).optional(),
    version: z.string().min(1),
  }).optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/** A Fargate profile of the scenario's cluster (DescribeFargateProfile). */
export const ScenarioFargateProfileSchema = strictObject({
  name: z.string().min(1),
  podExecutionRoleArn: z.string().min(1).default('arn:aws:iam::123456789012:role/eks-fargate-pod-role'),
  /** Private subnets of the pods; the cluster's subnets when absent. */
  subnets: z.array(z.string().min(1)).optional(),
  /** At most 5 selectors, each a namespace with optional labels (CreateFargateProfile). */
  selectors: z
    .array(
      strictObject({ namespace: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
    )
    .min(1)
    .max(5)
    .default([{ namespace: 'default' }]),
  tags: z.record(z.string(), z.string()).default({}),
});

/** An access entry of the scenario's cluster, with its access policies (DescribeAccessEntry). */
export const ScenarioAccessEntrySchema = strictObject({
  /** The IAM role or user granted access. */
  principalArn: z.string().min(1),
  type: z
    .enum(['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX'])
    .default('STANDARD'),
  kubernetesGroups: z.array(z.string().min(1)).default([]),
  username: z.string().min(1).optional(),
  /** Access policies, e.g. `arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`. */
  policies: z
    .array(
      strictObject({
        policyArn: z.string().min(1),
        scope: z.enum(['cluster', 'namespace']).default('cluster'),
        namespaces: z.array(z.string().min(1)).optional(),
      }),
    )
    .default([]),
});

/** One row of DescribeClusterVersions. */
export const ScenarioSupportedVersionSchema = strictObject({
  version: KubernetesVersionSchema,
  status: z.enum(['STANDARD_SUPPORT', 'EXTENDED_SUPPORT']).default('STANDARD_SUPPORT'),
  isDefault: z.boolean().default(false),
});

/**
 * The scenario cluster's settings that a blue/green copy carries over (DescribeCluster; what
 * CreateCluster takes, https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 * The defaults are what EKS gives a cluster created through the API without them, except
 * `authenticationMode`, whose default is the console's (`API_AND_CONFIG_MAP`).
 */
export const ScenarioClusterConfigurationSchema = strictObject({
  endpointPublicAccess: z.boolean().default(true),
  endpointPrivateAccess: z.boolean().default(false),
  /** CIDR blocks allowed to reach the public endpoint. */
  publicAccessCidrs: z.array(z.string().min(1)).default(['0.0.0.0/0']),
  authenticationMode: z.enum(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']).default('API_AND_CONFIG_MAP'),
  /** KMS key that encrypts Kubernetes secrets (envelope encryption); none when absent. */
  secretsKeyArn: z.string().min(1).optional(),
  /** Control-plane log types sent to CloudWatch Logs; none when empty. */
  logTypes: z.array(z.enum(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'])).default([]),
  ipFamily: z.enum(['ipv4', 'ipv6']).default('ipv4'),
  serviceIpv4Cidr: z.string().min(1).default('10.100.0.0/16'),
  zonalShift: z.boolean().default(false),
  deletionProtection: z.boolean().default(false),
  /** EKS Auto Mode: compute, block storage and load balancing managed by EKS. */
  autoMode: strictObject({
    nodePools: z.array(z.string().min(1)).default(['general-purpose', 'system']),
    nodeRoleArn: z.string().min(1),
  }).optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/** The cluster the scenario starts from (the blue cluster for blue/green). */
export const ScenarioClusterSchema = strictObject({
  name: z.string().min(1),
  /** Control-plane Kubernetes version. */
  version: KubernetesVersionSchema,
  platformVersion: z.string().default('eks.1'),
  status: z.string().default('ACTIVE'),
  region: z.string().default('us-east-1'),
  roleArn: z.string().default('arn:aws:iam::123456789012:role/eks-cluster-role'),
  subnetIds: z.array(z.string()).default(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002']),
  securityGroupIds: z.array(z.string()).default(['sg-0a1b2c3d4e5f60001']),
  /** Upgrade policy support type: `STANDARD` or `EXTENDED`. */
  supportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD'),
  /** Endpoint access, authentication, encryption, logging, network, Auto Mode, tags. */
  configuration: ScenarioClusterConfigurationSchema.prefault({}),
  healthIssues: z.array(StrictHealthIssueSchema).default([]),
  nodegroups: atMost(
    ScenarioNodegroupSchema,
    MAX_SCENARIO_NODEGROUPS,
    'EKS quota: managed node groups per cluster',
  ).default([]),
  /**
   * Fargate profiles (their pods pick up a new kubelet only when restarted): a name, or the
   * profile's settings (copied to the green cluster).
   */
  fargateProfiles: atMost(
    z.union([z.string().min(1), ScenarioFargateProfileSchema]),
    MAX_SCENARIO_FARGATE_PROFILES,
    'EKS quota: Fargate profiles per cluster',
  ).default([]),
  addons: atMost(ScenarioAddonSchema, MAX_SCENARIO_ADDONS, 'add-ons per scenario cluster').default([]),
  /** Access entries (with `configuration.authenticationMode` API or API_AND_CONFIG_MAP). */
  accessEntries: atMost(
    ScenarioAccessEntrySchema,
    MAX_SCENARIO_ACCESS_ENTRIES,
    'access entries per scenario cluster',
  ).default([]),
  /** Upgrade insights ListInsights returns (any status). */
  insights: atMost(StrictUpgradeInsightSchema, MAX_SCENARIO_INSIGHTS, 'one ListInsights page').default([]),
  /** DescribeClusterVersions; the versions 1.28 to 1.33 in standard support when absent. */
  supportedVersions: z.array(ScenarioSupportedVersionSchema).default(() =>
    ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'].map((version) => ({
      version,
      status: 'STANDARD_SUPPORT' as const,
      isDefault: version === '1.32',
    })),
  ),
  /**
   * When the cluster's last in-place version upgrade completed (to its current version), for
   * the native-rollback window. Absent: the cluster was created at its current version.
   */
  lastUpgradedAt: IsoDateSchema.optional(),
});

/** The named update of the scenario ends `Failed` instead of `Successful`. */
const UpdateFailsSchema = strictObject({
  type: z.literal('update_fails'),
  /** Which kind of update fails. */
  resource: z.enum(['control_plane', 'addon', 'nodegroup']),
  /** Add-on or node group name (any when absent). */
  name: z.string().min(1).optional(),
  /** Only the update to this version fails (any when absent). */
  toVersion: z.string().min(1).optional(),
  errorCode: z.string().default('ClusterUnreachable'),
  message: z.string().default('Simulated update failure'),
});

/** Once the green side carries at least `weight` % of traffic, validation sees it unhealthy. */
const UnhealthyAtWeightSchema = strictObject({
  type: z.literal('unhealthy_at_weight'),
  weight: z.number().int().min(1).max(100),
  /** This alarm goes to ALARM; without it the green cluster reports a health issue instead. */
  alarmName: z.string().min(1).optional(),
});

/** An upgrade insight in ERROR, which blocks the plan. */
const BlockingInsightSchema = strictObject({
  type: z.literal('blocking_insight'),
  name: z.string().default('Deprecated APIs removed in the target version'),
  reason: z.string().default('Deprecated API usage detected'),
  kubernetesVersion: KubernetesVersionSchema.optional(),
});

/** EKS refuses the native control-plane rollback (e.g. a rollback-readiness check fails). */
const RollbackFailsSchema = strictObject({
  type: z.literal('rollback_fails'),
  message: z.string().default('Rollback readiness check failed: simulated'),
});

/** A CloudWatch alarm that is in ALARM from the start. */
const AlarmInAlarmSchema = strictObject({
  type: z.literal('alarm_in_alarm'),
  alarmName: z.string().min(1),
  reason: z.string().default('Threshold Crossed: simulated'),
});

/**
 * One failure the simulated cluster injects, discriminated on `type`: `update_fails`,
 * `unhealthy_at_weight`, `blocking_insight`, `rollback_fails`, `alarm_in_alarm`.
 *
 * @example
 * ```ts
 * ScenarioFailureSchema.parse({ type: 'update_fails', resource: 'nodegroup', name: 'general' });
 * ```
 */
export const ScenarioFailureSchema = z.discriminatedUnion('type', [
  UpdateFailsSchema,
  UnhealthyAtWeightSchema,
  BlockingInsightSchema,
  RollbackFailsSchema,
  AlarmInAlarmSchema,
]);
export type ScenarioFailure = z.infer<typeof ScenarioFailureSchema>;

/**
 * A rehearsal scenario: the cluster as it stands, the upgrade asked for, and the failures to
 * inject. `SimulatedClusterGateway` plays it deterministically.
 *
 * Fields:
 * - `name`, `description`: for reports.
 * - `startTime`: the virtual clock's start (ISO date-time).
 * - `timing.updatePolls`: DescribeUpdate calls of an update it stays `InProgress` for;
 *   `timing.createPolls` / `timing.deletePolls`: polls of a cluster, node group or add-on it
 *   stays `CREATING` / `DELETING` for (DescribeCluster of the cluster; DescribeNodegroup of
 *   the node group or ListNodegroups of its cluster; DescribeAddon of the add-on or ListAddons
 *   of its cluster); `timing.changePolls`: GetChange calls of a Route 53 change it stays
 *   `PENDING` for; `timing.secondsPerPoll`: virtual seconds each poll advances the clock. Other
 *   reads move nothing on and take no virtual time.
 * - `cluster`: name, version, platform version, status, networking, support type, health issues,
 *   node groups (version, capacity, AMI type, and the shape a green copy is created with: node
 *   role, subnets, instance types, sizes, labels, taints, launch template, tags), add-ons (with
 *   compatible versions per Kubernetes version, service account role, configuration), insights, supported
 *   versions and when it was last upgraded.
 * - `alarms`: CloudWatch alarms and their initial state.
 * - `request`: the `UpgradeRequest` (target, strategy, green name, traffic routing, alarms).
 * - `traffic`: the initial weights of the blue and green records (when routing is given), their
 *   type (CNAME, or alias A/AAAA), health checks and the zone's name.
 * - `failures`: what to inject (see `ScenarioFailureSchema`).
 *
 * @example
 * ```ts
 * const scenario = parseOrThrow(ScenarioSchema, JSON.parse(text), 'scenario');
 * const gateway = new SimulatedClusterGateway(scenario);
 * ```
 */
export const ScenarioSchema = strictObject({
  name: z.string().min(1).default('scenario'),
  description: z.string().optional(),
  startTime: IsoDateSchema.default('2026-01-05T09:00:00Z'),
  timing: strictObject({
    updatePolls: PollsSchema.default(2),
    createPolls: PollsSchema.default(3),
    deletePolls: PollsSchema.default(2),
    changePolls: PollsSchema.default(2),
    secondsPerPoll: z.number().int().min(1).max(86_400).default(60),
  }).default({ updatePolls: 2, createPolls: 3, deletePolls: 2, changePolls: 2, secondsPerPoll: 60 }),
  cluster: ScenarioClusterSchema,
  alarms: atMost(
    strictObject({
      name: z.string().min(1),
      state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).default('OK'),
    }),
    MAX_SCENARIO_ALARMS,
    'AlarmNames of one DescribeAlarms call',
  ).default([]),
  // core-models' schema, strict (its trafficRouting too).
  request: UpgradeRequestSchema,
  traffic: strictObject({
    blueWeight: z.number().int().min(0).max(255),
    greenWeight: z.number().int().min(0).max(255),
    /**
     * The type of both weighted records: `CNAME` (the default; value: the side's `target`) or
     * `A`/`AAAA`, alias records to the side's load balancer `target` (ResourceRecordSet
     * AliasTarget, https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
     */
    recordType: z.enum(['CNAME', 'A', 'AAAA']).optional(),
    /** Alias records: whether Route 53 evaluates the load balancer's health (default true). */
    evaluateTargetHealth: z.boolean().optional(),
    /** Route 53 health checks attached to the records, by side (HealthCheckId). */
    healthCheckIds: strictObject({
      blue: z.string().min(1).max(64).optional(),
      green: z.string().min(1).max(64).optional(),
    }).optional(),
    /** The hosted zone's name, e.g. `example.com`: the zone apex, where no CNAME may be. */
    zoneName: z.string().min(1).optional(),
  }).default({ blueWeight: 100, greenWeight: 0 }),
  failures: atMost(ScenarioFailureSchema, MAX_SCENARIO_FAILURES, 'failures per scenario').default([]),
}).superRefine((scenario, context) => {
  if (scenario.request.clusterName !== scenario.cluster.name) {
    context.addIssue({
      code: 'custom',
      path: ['request', 'clusterName'],
      message: `must name the scenario's cluster ${scenario.cluster.name}`,
    });
  }
  const routing = scenario.request.trafficRouting;
  const bareName = (name: string) => name.replace(/\.$/, '').toLowerCase();
  if (
    routing &&
    scenario.traffic.zoneName &&
    (scenario.traffic.recordType ?? 'CNAME') === 'CNAME' &&
    bareName(routing.recordName) === bareName(scenario.traffic.zoneName)
  ) {
    // Route 53 refuses a CNAME at the zone apex ("Choosing between alias and non-alias records").
    context.addIssue({
      code: 'custom',
      path: ['traffic', 'recordType'],
      message: `must be A or AAAA (alias records): ${routing.recordName} is the zone apex, where Route 53 allows no CNAME`,
    });
  }
  const names = scenario.cluster.nodegroups.map((nodegroup) => nodegroup.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) {
      context.addIssue({
        code: 'custom',
        path: ['cluster', 'nodegroups', index, 'name'],
        message: `must be unique (${name} repeats)`,
      });
    }
  });
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

const DEMO_SCENARIO_INPUT: ScenarioInput = {
  name: 'demo',
  description:
    'Blue/green upgrade of the demo cluster from 1.29 to 1.31: a green cluster at 1.31 with copies of the two node groups and the three add-ons, five traffic steps, then the blue cluster deleted.',
  cluster: {
    name: 'demo',
    version: '1.29',
    platformVersion: 'eks.23',
    nodegroups: [
      { name: 'general', version: '1.29', desiredSize: 3, labels: { workload: 'general' } },
      {
        name: 'spot-workers',
        version: '1.29',
        capacityType: 'SPOT',
        desiredSize: 2,
        instanceTypes: ['m6i.large', 'm5.large'],
        taints: [{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }],
      },
    ],
    addons: [
      {
        name: 'vpc-cni',
        version: 'v1.18.3-eksbuild.1',
        serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/demo-vpc-cni',
        configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.18.3-eksbuild.1',
            versions: ['v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1', 'v1.18.3-eksbuild.1'],
          },
          '1.30': {
            defaultVersion: 'v1.18.5-eksbuild.1',
            versions: ['v1.19.2-eksbuild.1', 'v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'],
          },
          '1.31': {
            defaultVersion: 'v1.19.2-eksbuild.1',
            versions: ['v1.19.2-eksbuild.1', 'v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'],
          },
        },
      },
      {
        name: 'coredns',
        version: 'v1.11.1-eksbuild.8',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.11.1-eksbuild.8',
            versions: ['v1.11.1-eksbuild.9', 'v1.11.1-eksbuild.8'],
          },
          '1.30': {
            defaultVersion: 'v1.11.1-eksbuild.9',
            versions: ['v1.11.3-eksbuild.1', 'v1.11.1-eksbuild.9'],
          },
          '1.31': {
            defaultVersion: 'v1.11.3-eksbuild.1',
            versions: ['v1.11.3-eksbuild.2', 'v1.11.3-eksbuild.1'],
          },
        },
      },
      {
        name: 'kube-proxy',
        version: 'v1.29.3-eksbuild.2',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.29.3-eksbuild.2',
            versions: ['v1.29.7-eksbuild.2', 'v1.29.3-eksbuild.2'],
          },
          '1.30': {
            defaultVersion: 'v1.30.0-eksbuild.3',
            versions: ['v1.30.3-eksbuild.2', 'v1.30.0-eksbuild.3'],
          },
          '1.31': {
            defaultVersion: 'v1.31.0-eksbuild.2',
            versions: ['v1.31.2-eksbuild.3', 'v1.31.0-eksbuild.2'],
          },
        },
      },
    ],
    insights: [
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        name: 'Kubelet version skew',
        kubernetesVersion: '1.30',
        status: 'PASSING',
        reason: 'Node kubelet versions match the cluster version',
      },
    ],
    supportedVersions: [
      { version: '1.29', status: 'EXTENDED_SUPPORT' },
      { version: '1.30', status: 'EXTENDED_SUPPORT' },
      { version: '1.31', status: 'STANDARD_SUPPORT' },
      { version: '1.32', status: 'STANDARD_SUPPORT', isDefault: true },
      { version: '1.33', status: 'STANDARD_SUPPORT' },
    ],
  },
  alarms: [{ name: 'demo-api-5xx', state: 'OK' }],
  request: {
    clusterName: 'demo',
    targetVersion: '1.31',
    strategy: 'blue_green',
    upgradeId: 'demo-1-31',
    greenClusterName: 'demo-1-31',
    trafficRouting: {
      hostedZoneId: 'Z0DEMO00000001',
      recordName: 'app.demo.example.com',
      ttlSeconds: 60,
      blue: { setIdentifier: 'blue', target: 'demo-blue.ingress.example.com' },
      green: { setIdentifier: 'green', target: 'demo-green.ingress.example.com' },
    },
    trafficShiftIntervals: [10, 25, 50, 75, 100],
    alarmNames: ['demo-api-5xx'],
  },
};

/**
 * The built-in rehearsal: blue/green upgrade of the `demo` cluster from 1.29 to 1.31: the green
 * cluster `demo-1-31` created at 1.31 with copies of node groups `general` and `spot-workers`
 * and add-ons vpc-cni (with its IRSA role and configuration), coredns and kube-proxy at their
 * default 1.31 versions, traffic shifted 10/25/50/75/100 % through Route 53 weighted records,
 * alarm `demo-api-5xx` watched, then `demo` deleted. No failures; add some to rehearse a rollback.
 *
 * @example
 * ```ts
 * const scenario = ScenarioSchema.parse({
 *   ...DEMO_SCENARIO,
 *   failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }],
 * });
 * ```
 */
export const DEMO_SCENARIO: Scenario = ScenarioSchema.parse(DEMO_SCENARIO_INPUT);
