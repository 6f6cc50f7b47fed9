import { ConfigurationError, parseOrThrow } from '@eks-upgrade/core-models';
import { type Scenario, type ScenarioInput, ScenarioSchema } from '../../simulation/scenario.js';
import { type AbsentPartOperation, composedGatewayClass, type GatewayRoutes } from '../compose-gateway.js';
import type { FailureInjection } from './failure-injection.js';
import { SimulatedCloudWatch, type SimulatedCloudWatchOperations } from './simulated-cloudwatch.js';
import {
  SimulatedEc2LaunchTemplates,
  type SimulatedEc2Operations,
} from './simulated-ec2-launch-templates.js';
import { SimulatedEks, type SimulatedEksReadOperations } from './simulated-eks.js';
import { SimulatedEksAccess, type SimulatedEksAccessOperations } from './simulated-eks-access.js';
import { SimulatedEksFargate, type SimulatedEksFargateOperations } from './simulated-eks-fargate.js';
import {
  SimulatedEksPodIdentity,
  type SimulatedEksPodIdentityOperations,
} from './simulated-eks-pod-identity.js';
import {
  SimulatedEksProvisioning,
  type SimulatedEksProvisioningOperations,
} from './simulated-eks-provisioning.js';
import type { SimulatedCall, SimulatedWorld } from './simulated-eks-state.js';
import { SimulatedTagging, type SimulatedTaggingOperations } from './simulated-eks-tagging.js';
import { type SimulatedEksUpdateOperations, SimulatedEksUpdates } from './simulated-eks-updates.js';
import { SimulatedIam, type SimulatedIamOperations } from './simulated-iam.js';
import { SimulatedRoute53, type SimulatedRoute53Operations } from './simulated-route53.js';
import { createSimulatedWorld } from './simulated-world-seed.js';

export type { SimulatedCall } from './simulated-eks-state.js';

/** The simulated services a `SimulatedClusterGateway` is made of, sharing one world. */
interface SimulatedParts {
  readonly eks: SimulatedEksReadOperations;
  readonly updates: SimulatedEksUpdateOperations;
  readonly provisioning: SimulatedEksProvisioningOperations;
  readonly fargate: SimulatedEksFargateOperations;
  readonly access: SimulatedEksAccessOperations;
  readonly podIdentity: SimulatedEksPodIdentityOperations;
  readonly iam: SimulatedIamOperations;
  readonly route53: SimulatedRoute53Operations;
  readonly cloudwatch: SimulatedCloudWatchOperations;
  readonly ec2: SimulatedEc2Operations;
  readonly tagging: SimulatedTaggingOperations;
}

/** Which simulated service answers each gateway operation (checked against their types). */
const SIMULATED_GATEWAY_ROUTES: GatewayRoutes<SimulatedParts> = {
  describeCluster: 'eks',
  listNodegroups: 'eks',
  listNodegroupNames: 'eks',
  listFargateProfiles: 'fargate',
  listAddons: 'eks',
  describeAddonVersions: 'eks',
  listInsights: 'eks',
  startInsightsRefresh: 'eks',
  describeInsightsRefresh: 'eks',
  describeClusterVersions: 'eks',
  describeNodegroup: 'eks',
  describeAddon: 'eks',
  listUpdateIds: 'updates',
  describeUpdate: 'updates',
  updateClusterVersion: 'updates',
  updateAddon: 'updates',
  updateNodegroupVersion: 'updates',
  updateNodegroupConfig: 'updates',
  createCluster: 'provisioning',
  createNodegroup: 'provisioning',
  createAddon: 'provisioning',
  describeFargateProfile: 'fargate',
  createFargateProfile: 'fargate',
  deleteFargateProfile: 'fargate',
  listAccessEntries: 'access',
  createAccessEntry: 'access',
  deleteNodegroup: 'provisioning',
  deleteCluster: 'provisioning',
  getTrafficWeights: 'route53',
  readTrafficRecords: 'route53',
  setTrafficWeights: 'route53',
  getTrafficChangeStatus: 'route53',
  describeAlarms: 'cloudwatch',
  listPodIdentityAssociations: 'podIdentity',
  createPodIdentityAssociation: 'podIdentity',
  findOidcProvider: 'iam',
  createOidcProvider: 'iam',
  deleteOidcProvider: 'iam',
  untagOidcProvider: 'tagging',
  untagEksResource: 'tagging',
  getRoleTrust: 'iam',
  updateRoleTrust: 'iam',
  describeLaunchTemplateVersions: 'ec2',
};

/** Every part is always built; a missing one would be a defect of this file. */
const absentSimulatedPart: AbsentPartOperation<SimulatedParts> = (part, operation) => async () => {
  throw new ConfigurationError(`The simulated gateway has no ${part} service, so it cannot ${operation}`, {
    key: part,
  });
};

function simulatedParts(world: SimulatedWorld): SimulatedParts {
  const cloudwatch = new SimulatedCloudWatch(world);
  return {
    eks: new SimulatedEks(world),
    updates: new SimulatedEksUpdates(world),
    provisioning: new SimulatedEksProvisioning(world),
    fargate: new SimulatedEksFargate(world),
    access: new SimulatedEksAccess(world),
    podIdentity: new SimulatedEksPodIdentity(world),
    iam: new SimulatedIam(world),
    route53: new SimulatedRoute53(world, cloudwatch),
    cloudwatch,
    ec2: new SimulatedEc2LaunchTemplates(world),
    tagging: new SimulatedTagging(world),
  };
}

/**
 * A deterministic, in-memory EKS (plus Route 53 weighted records and CloudWatch alarms) driven
 * by a `Scenario`, for local rehearsals and tests, built like `AwsClusterGateway` from one part
 * per service: `SimulatedEks` (reads and the polls among them), `SimulatedEksUpdates`,
 * `SimulatedEksProvisioning`, `SimulatedRoute53`, `SimulatedCloudWatch`, sharing a
 * `VirtualClock` and the scenario's `FailureInjection`. It enforces EKS's rules, each citing its
 * AWS page: the control plane moves one minor version per update and only when every managed
 * node group is on its version; node groups never move ahead of the control plane; add-on
 * versions must be compatible with the control plane's version and VPC CNI moves one minor at a
 * time; one update at a time per resource; native rollback only to N-1 within 7 days of an
 * in-place upgrade; no DeleteCluster while node groups remain.
 *
 * Time: things in transition end after a number of explicit polls of themselves —
 * `timing.updatePolls` DescribeUpdate calls of an update, `timing.changePolls` GetChange calls
 * of a Route 53 change, `timing.createPolls` / `timing.deletePolls` describes of a cluster, node
 * group or add-on being created or deleted — and each poll advances the virtual clock one
 * `secondsPerPoll`. Other reads move nothing on, so the outcome does not depend on how many
 * incidental reads a phase makes. Failures named by the scenario are injected.
 *
 * @example
 * ```ts
 * const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
 * const update = await gateway.updateClusterVersion('demo', '1.30');
 * await gateway.describeUpdate('demo', update.id); // InProgress, then Successful
 * ```
 */
export class SimulatedClusterGateway extends composedGatewayClass<SimulatedParts>(
  SIMULATED_GATEWAY_ROUTES,
  absentSimulatedPart,
) {
  readonly scenario: Scenario;
  /** Every mutating call made, in order. */
  readonly calls: SimulatedCall[];
  private readonly world: SimulatedWorld;

  constructor(scenario: ScenarioInput | Scenario) {
    const world = createSimulatedWorld(parseOrThrow(ScenarioSchema, scenario, 'scenario'));
    super(simulatedParts(world));
    this.world = world;
    this.scenario = world.scenario;
    this.calls = world.calls;
  }

  /**
   * The scenario's injected faults; a rehearsal tells it which phase runs (`enterPhase`) and asks
   * it how a phase's Lambda invocation fails (`lambdaFailure`).
   */
  get failures(): FailureInjection {
    return this.world.failures;
  }

  /** The virtual clock: the scenario's start plus `secondsPerPoll` for every poll so far. */
  now(): Date {
    return this.world.clock.now();
  }

  /**
   * What an operator does at a Fargate gate: restarts the pods of the cluster's Fargate profiles,
   * which Fargate starts again on the control plane's minor (no EKS API does it: the pods are
   * deleted with kubectl, https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
   * A rehearsal calls it when it approves a gate of purpose `fargate`.
   */
  restartFargatePods(clusterName: string): void {
    const cluster = this.world.clusters.get(clusterName);
    if (cluster) cluster.fargatePodsVersion = cluster.info.version;
  }

  /** Moves the virtual clock forward (e.g. to leave the 7-day rollback window in a test). */
  advanceClock(seconds: number): void {
    this.world.clock.advance(seconds);
  }
}
