/**
 * The campaign catches the outage issue 10 opens with: a rollback that sends all traffic back to
 * a blue cluster whose node groups are being deleted. Today's code refuses (it checks blue's
 * capacity first), so the test makes the code believe blue is whole — the simulator tells the
 * phases that blue's node groups are ACTIVE while they are DELETING — and the campaign, which
 * judges from the simulator's true state, must flag it.
 */
import type { SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { rehearseCase } from './campaign-invariants.js';
import { type CaseShape, caseFromShape, NO_AWS_FAULTS } from './campaign-scenarios.js';

/** rollback-at-50-percent's cluster without its failure, blue's deletion slower than a step may wait. */
const DECOMMISSION_TIMES_OUT: CaseShape = {
  fromMinor: 29,
  hops: 2,
  nodegroups: [
    { desiredSize: 3, capacityType: 'ON_DEMAND', amiType: 'AL2023_x86_64_STANDARD', launchTemplate: false },
    { desiredSize: 2, capacityType: 'SPOT', amiType: 'AL2023_x86_64_STANDARD', launchTemplate: false },
  ],
  fargateProfiles: 0,
  fargateAsNames: false,
  autoMode: false,
  addons: ['vpc-cni', 'coredns', 'kube-proxy'],
  irsaRoles: false,
  recordType: 'CNAME',
  atApex: false,
  healthChecks: false,
  evaluateTargetHealth: undefined,
  initialBlueWeight: 100,
  ttlSeconds: 60,
  alarms: 1,
  trafficSteps: [10, 25, 50, 75],
  createPolls: 2,
  deletePolls: 2,
  changePolls: 2,
  greenNamed: false,
  greenTarget: 'request',
  approval: { workload: false, trafficAbovePercent: 100, decommission: 'automatic' },
  trustGreenIssuer: false,
  blueRetentionSeconds: 0,
  maintenanceWindows: undefined,
  failurePolicy: 'rollback',
  gates: {
    workload: { decision: 'approve', afterSeconds: 0 },
    traffic: { decision: 'approve', afterSeconds: 0 },
    decommission: { decision: 'approve', afterSeconds: 0 },
    irsa_trust: { decision: 'approve', afterSeconds: 0 },
  },
  faults: {
    unhealthyAtWeight: undefined,
    alarmInAlarm: false,
    insufficientData: false,
    blockingInsight: false,
    slowCreation: false,
    slowDeletion: 'slow',
    noCapacity: false,
  },
  awsFaults: NO_AWS_FAULTS,
};

/** The phases hear that blue's node groups are ACTIVE, whatever the simulator holds. */
function blueLooksWhole(simulator: SimulatedClusterGateway): void {
  const listNodegroups = simulator.listNodegroups.bind(simulator);
  simulator.listNodegroups = async (clusterName) => {
    const nodegroups = await listNodegroups(clusterName);
    return clusterName === 'shop'
      ? nodegroups.map((nodegroup) => ({ ...nodegroup, status: 'ACTIVE' }))
      : nodegroups;
  };
}

/** The phases hear that green carries no traffic, whatever the records say (both reads of them). */
function greenLooksIdle(simulator: SimulatedClusterGateway): void {
  const getTrafficWeights = simulator.getTrafficWeights.bind(simulator);
  simulator.getTrafficWeights = async (routing) => ({
    ...(await getTrafficWeights(routing)),
    blue: 100,
    green: 0,
  });
  const readTrafficRecords = simulator.readTrafficRecords.bind(simulator);
  simulator.readTrafficRecords = async (routing) => ({
    ...(await readTrafficRecords(routing)),
    weights: { blue: 100, green: 0 },
  });
}

describe('Invariant campaign: catches a rollback onto an empty blue', () => {
  it('holds on the issue 10 reproduction as the code stands', async () => {
    // Prepare
    const testCase = caseFromShape(DECOMMISSION_TIMES_OUT);

    // Act
    const result = await rehearseCase(testCase);

    // Assess
    expect(result.outcome).toBe('partially_rolled_back');
    expect(result.violations.filter((violation) => violation.invariant !== 'phasesClosed')).toEqual([]);
  });

  it('flags traffic moved back to a blue being deleted when the code is misled about its capacity', async () => {
    // Prepare
    const testCase = caseFromShape(DECOMMISSION_TIMES_OUT);

    // Act
    const result = await rehearseCase(testCase, { mislead: blueLooksWhole });

    // Assess
    const capacity = result.violations.filter((violation) => violation.invariant === 'capacity');
    expect(capacity.map((violation) => violation.message)).toEqual([
      expect.stringMatching(
        /^at event \d+ \(rollback\.triggered\), weights 0\/100 → 100\/0: traffic moved onto blue without capacity \(shop ACTIVE: node group ng-1 DELETING \(3 nodes\), node group ng-2 DELETING \(2 nodes\) \(being taken down\)\)$/,
      ),
      expect.stringMatching(/^at the end blue carries 100 % of the traffic without capacity/),
    ]);
  });

  it('flags green deleted while it carries traffic when the code is misled about the weights', async () => {
    // Prepare: the same cluster, no slow deletion, green unhealthy from 50 %: a rollback comes while green has traffic.
    const testCase = caseFromShape({
      ...DECOMMISSION_TIMES_OUT,
      faults: {
        ...DECOMMISSION_TIMES_OUT.faults,
        slowDeletion: 'none',
        unhealthyAtWeight: { weight: 50, viaAlarm: true },
      },
    });

    // Act
    const result = await rehearseCase(testCase, { mislead: greenLooksIdle });

    // Assess
    const found = new Set(result.violations.map((violation) => violation.invariant));
    expect(
      result.violations.find((violation) => violation.invariant === 'greenDeletedWithTraffic')?.message,
    ).toMatch(
      /^Delete(Nodegroup|FargateProfile|Cluster) shop-1-31\S* at event \d+ while green weighs [1-9]\d* \(blue \d+\)$/,
    );
    expect(found).toEqual(new Set(['greenDeletedWithTraffic', 'capacity', 'endState']));
  });
});
