/**
 * A `SimulatedClusterGateway` watched while a rehearsal runs: at each traffic change and each
 * deletion it records what the simulated AWS holds at that moment (the records' weights, each
 * side's capacity) and how many events the workflow had published by then, so the invariants
 * can be judged against the true state and order of things, not against what the code under test
 * says about them.
 */
import type { Scenario, TrafficWeights } from '@eks-upgrade/lambdas';
import { SimulatedClusterGateway } from '@eks-upgrade/lambdas';

/** Whether a cluster can take traffic, judged from the simulator's state (not the code's reads). */
export interface SideState {
  /** The cluster exists, serves (ACTIVE or UPDATING), nothing of it is being deleted, and it has something to run pods on. */
  serving: boolean;
  /** What was found, for the violation messages. */
  facts: string;
}

/** What the simulated world holds of a cluster, read without a poll (a read through the gateway would advance time). */
interface ClusterView {
  info: {
    name: string;
    status: string;
    version: string;
    configuration?: { computeConfig?: { enabled?: boolean } };
  };
  nodegroups: Array<{ name: string; status: string; desiredSize?: number }>;
  fargateProfiles: Array<{ name: string; status: string }>;
}

/** A traffic change the rehearsal made: the weights before and after, each side's state then. */
export interface WeightChange {
  kind: 'weights';
  /** The simulator's clock at the call (the rehearsal keeps it with the workflow's through waits). */
  atMs: number;
  /** Events the workflow had published before this call. */
  eventsBefore: number;
  before: TrafficWeights;
  after: { blue: number; green: number };
  blue: SideState;
  green: SideState;
}

/** A deletion of a cluster, node group or Fargate profile, with the weights when it was asked for. */
export interface Deletion {
  kind: 'delete';
  atMs: number;
  eventsBefore: number;
  operation: 'DeleteCluster' | 'DeleteNodegroup' | 'DeleteFargateProfile';
  clusterName: string;
  resource: string;
  weights: TrafficWeights;
}

export type Observation = WeightChange | Deletion;

/** The simulator's state at one moment: which clusters exist, and their parts. */
export interface WorldSnapshot {
  clusters: Record<
    string,
    {
      status: string;
      version: string;
      nodegroups: Record<string, string>;
      fargateProfiles: Record<string, string>;
    }
  >;
  weights: TrafficWeights;
  /** IAM: the account's OIDC providers (ARN → issuer), and each role's trust policy as JSON. */
  iam: { oidcProviders: Record<string, string>; roleTrust: Record<string, string> };
}

/** The green cluster's name: the request's, or the planner's default `<blue>-<target with dashes>`. */
export function greenClusterOf(scenario: Scenario): string {
  return (
    scenario.request.greenClusterName ??
    `${scenario.cluster.name}-${scenario.request.targetVersion.replaceAll('.', '-')}`
  );
}

const SERVING_CLUSTER = ['ACTIVE', 'UPDATING'];
const SERVING_NODEGROUP = ['ACTIVE', 'UPDATING'];
const LEAVING = ['DELETING', 'DELETE_FAILED'];

/**
 * The simulated world's clusters. `SimulatedClusterGateway` keeps its world private and every
 * public read of a resource in transition counts as a poll (advancing it and the clock), so the
 * campaign reads the world itself; if the field ever moves, this throws rather than judge nothing.
 */
function clustersOf(simulator: SimulatedClusterGateway): Map<string, ClusterView> {
  const world = Reflect.get(simulator, 'world') as { clusters?: unknown } | undefined;
  if (!(world?.clusters instanceof Map)) {
    throw new Error('The campaign cannot read the simulated world (SimulatedClusterGateway.world.clusters)');
  }
  return world.clusters as Map<string, ClusterView>;
}

/** The simulated account's IAM side (OIDC providers, role trust); empty for a simulator without one. */
function iamOf(simulator: SimulatedClusterGateway): WorldSnapshot['iam'] {
  const world = Reflect.get(simulator, 'world') as
    | { iam?: { oidcProviders?: unknown; roles?: unknown } }
    | undefined;
  const providers = world?.iam?.oidcProviders;
  const roles = world?.iam?.roles;
  return {
    oidcProviders:
      providers instanceof Map
        ? Object.fromEntries([...providers].map(([arn, provider]) => [arn, String(provider.issuerUrl)]))
        : {},
    roleTrust:
      roles instanceof Map
        ? Object.fromEntries([...roles].map(([name, role]) => [name, JSON.stringify(role.trustPolicy)]))
        : {},
  };
}

/** A side's capacity as the simulator holds it (issue 10 §3: node groups ACTIVE with nodes, or Fargate / Auto Mode serving). */
export function sideState(simulator: SimulatedClusterGateway, clusterName: string): SideState {
  const cluster = clustersOf(simulator).get(clusterName);
  if (!cluster) return { serving: false, facts: `${clusterName} does not exist` };
  if (!SERVING_CLUSTER.includes(cluster.info.status)) {
    return { serving: false, facts: `${clusterName} is ${cluster.info.status}` };
  }
  const parts = [
    ...cluster.nodegroups.map(
      (nodegroup) => `node group ${nodegroup.name} ${nodegroup.status} (${nodegroup.desiredSize ?? 0} nodes)`,
    ),
    ...cluster.fargateProfiles.map((profile) => `Fargate profile ${profile.name} ${profile.status}`),
    ...(cluster.info.configuration?.computeConfig?.enabled ? ['Auto Mode compute'] : []),
  ];
  const facts = `${clusterName} ${cluster.info.status}: ${parts.join(', ') || 'nothing to run pods on'}`;
  const leaving =
    cluster.nodegroups.some((nodegroup) => LEAVING.includes(nodegroup.status)) ||
    cluster.fargateProfiles.some((profile) => LEAVING.includes(profile.status));
  if (leaving) return { serving: false, facts: `${facts} (being taken down)` };
  const serving =
    cluster.nodegroups.some(
      (nodegroup) => SERVING_NODEGROUP.includes(nodegroup.status) && (nodegroup.desiredSize ?? 0) > 0,
    ) ||
    cluster.fargateProfiles.some((profile) => profile.status === 'ACTIVE') ||
    cluster.info.configuration?.computeConfig?.enabled === true;
  return { serving, facts };
}

/**
 * A simulator for `scenario` whose traffic changes and deletions are recorded (with the state at
 * that moment) before they are passed on. `publishedEvents()` says how many events the workflow
 * has published so far (the rehearsal's progress lines count them as they happen).
 */
export class ObservedSimulator {
  readonly simulator: SimulatedClusterGateway;
  readonly observations: Observation[] = [];
  private readonly scenario: Scenario;
  private eventsPublished = 0;
  private readonly readWeights: SimulatedClusterGateway['getTrafficWeights'];

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    const simulator = new SimulatedClusterGateway(scenario);
    this.simulator = simulator;
    // The judge's own read of the records, kept from before anything can wrap the gateway's.
    this.readWeights = simulator.getTrafficWeights.bind(simulator);
    const blue = scenario.cluster.name;
    const green = greenClusterOf(scenario);
    // The gateway's operations are bound instance properties (composedGatewayClass): wrap them in place.
    const setTrafficWeights = simulator.setTrafficWeights.bind(simulator);
    simulator.setTrafficWeights = async (routing, weights, read) => {
      this.observations.push({
        kind: 'weights',
        atMs: simulator.now().getTime(),
        eventsBefore: this.eventsPublished,
        before: await this.readWeights(routing),
        after: { ...weights },
        blue: sideState(simulator, blue),
        green: sideState(simulator, green),
      });
      // The reading the code under test made, passed on: its write DELETEs the records as read.
      return setTrafficWeights(routing, weights, read);
    };
    const deleting = async (operation: Deletion['operation'], clusterName: string, resource: string) => {
      this.observations.push({
        kind: 'delete',
        atMs: simulator.now().getTime(),
        eventsBefore: this.eventsPublished,
        operation,
        clusterName,
        resource,
        weights: await this.weights(),
      });
    };
    const deleteCluster = simulator.deleteCluster.bind(simulator);
    simulator.deleteCluster = async (clusterName) => {
      await deleting('DeleteCluster', clusterName, clusterName);
      return deleteCluster(clusterName);
    };
    const deleteNodegroup = simulator.deleteNodegroup.bind(simulator);
    simulator.deleteNodegroup = async (clusterName, nodegroupName) => {
      await deleting('DeleteNodegroup', clusterName, nodegroupName);
      return deleteNodegroup(clusterName, nodegroupName);
    };
    const deleteFargateProfile = simulator.deleteFargateProfile.bind(simulator);
    simulator.deleteFargateProfile = async (clusterName, profileName) => {
      await deleting('DeleteFargateProfile', clusterName, profileName);
      return deleteFargateProfile(clusterName, profileName);
    };
  }

  /**
   * The records' weights now (a Route 53 read moves no clock). Green's record may be named only
   * by a workload gate's approval, or nowhere: it is looked up by the scenario's set identifier
   * `green` (absent, it weighs nothing).
   */
  private async weights(): Promise<TrafficWeights> {
    const routing = this.scenario.request.trafficRouting;
    if (!routing) return { blue: undefined, green: undefined };
    return this.readWeights({
      ...routing,
      green: routing.green ?? { setIdentifier: 'green' },
    });
  }

  /** Counts one event the workflow published (called from the rehearsal's progress lines). */
  eventPublished(): void {
    this.eventsPublished += 1;
  }

  get eventCount(): number {
    return this.eventsPublished;
  }

  /** The simulator's state now: clusters with their parts, and the records' weights. */
  async snapshot(): Promise<WorldSnapshot> {
    const clusters: WorldSnapshot['clusters'] = {};
    for (const [name, cluster] of clustersOf(this.simulator)) {
      clusters[name] = {
        status: cluster.info.status,
        version: cluster.info.version,
        nodegroups: Object.fromEntries(
          cluster.nodegroups.map((nodegroup) => [nodegroup.name, nodegroup.status]),
        ),
        fargateProfiles: Object.fromEntries(
          cluster.fargateProfiles.map((profile) => [profile.name, profile.status]),
        ),
      };
    }
    return { clusters, weights: await this.weights(), iam: iamOf(this.simulator) };
  }
}
