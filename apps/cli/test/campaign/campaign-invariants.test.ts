/**
 * The campaign's judge, on hand-made facts: a run where everything holds passes, and each
 * invariant flags the one thing broken (so that a campaign finding nothing means the code holds,
 * not that a check cannot fail).
 */
import { type Scenario, ScenarioSchema } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { type InvariantId, judgeRun, type RunFacts } from './campaign-invariants.js';
import type { Observation, SideState, WorldSnapshot } from './observed-simulator.js';

const scenario: Scenario = ScenarioSchema.parse({
  cluster: { name: 'shop', version: '1.30', nodegroups: [{ name: 'general', desiredSize: 2 }] },
  alarms: [{ name: 'shop-5xx' }],
  request: {
    clusterName: 'shop',
    targetVersion: '1.31',
    strategy: 'blue_green',
    greenClusterName: 'shop-1-31',
    trafficRouting: {
      hostedZoneId: 'Z0SHOP',
      recordName: 'shop.example.com',
      ttlSeconds: 60,
      blue: { setIdentifier: 'blue', target: 'blue.example.com' },
      green: { setIdentifier: 'green', target: 'green.example.com' },
    },
    trafficShiftIntervals: [50, 100],
    alarmNames: ['shop-5xx'],
  },
});

const serving: SideState = { serving: true, facts: 'node group general ACTIVE (2 nodes)' };
const empty: SideState = { serving: false, facts: 'shop-1-31 does not exist' };
const blueOnly: WorldSnapshot = {
  clusters: {
    shop: { status: 'ACTIVE', version: '1.30', nodegroups: { general: 'ACTIVE' }, fargateProfiles: {} },
  },
  weights: { blue: 100, green: 0 },
  iam: { oidcProviders: {}, roleTrust: {} },
};
const event = (detailType: string, detail: Record<string, unknown> = {}) => ({
  detailType,
  detail: { clusterName: 'shop', ...detail },
  stateName: detailType,
});
const PLAN_STEPS = [
  { id: 'traffic-50', kind: 'traffic_shift', toWeight: 50 },
  { id: 'traffic-100', kind: 'traffic_shift', toWeight: 100 },
] as unknown as NonNullable<RunFacts['plan']>['steps'];

/** A run rolled back at traffic-50, green deleted, everything as it was: every invariant holds. */
function rolledBack(): RunFacts {
  return {
    scenario,
    report: {
      outcome: 'rolled_back',
      status: 'FAILED',
      rollback: {
        clusterName: 'shop',
        success: true,
        actions: [],
        notUndone: [],
        pending: [],
        summary: 'done',
        completedAt: '2026-01-05T09:30:00.000Z',
      },
      cause: 'unhealthy',
    },
    events: [
      event('phase.started', { phase: 'execution', stepId: 'traffic-50' }),
      event('traffic.shifted', { blueClusterName: 'shop', greenClusterName: 'shop-1-31', weight: 50 }),
      event('phase.failed', { phase: 'execution', stepId: 'traffic-50', error: 'Upgrade.ValidationFailed' }),
      event('rollback.triggered', { reason: 'unhealthy' }),
      event('rollback.completed', { success: true }),
      event('upgrade.failed', { error: 'Upgrade.ValidationFailed' }),
    ],
    plan: { steps: PLAN_STEPS },
    rollbackRan: true,
    observations: [
      {
        kind: 'weights',
        atMs: 0,
        eventsBefore: 1,
        before: { blue: 100, green: 0 },
        after: { blue: 50, green: 50 },
        blue: serving,
        green: serving,
      },
      {
        kind: 'weights',
        atMs: 600_000,
        eventsBefore: 4,
        before: { blue: 50, green: 50 },
        after: { blue: 100, green: 0 },
        blue: serving,
        green: serving,
      },
      {
        kind: 'delete',
        atMs: 700_000,
        eventsBefore: 4,
        operation: 'DeleteNodegroup',
        clusterName: 'shop-1-31',
        resource: 'general',
        weights: { blue: 100, green: 0 },
      },
    ],
    initial: blueOnly,
    initialBlue: serving,
    final: blueOnly,
    finalSides: { blue: serving, green: empty },
    mutatingCalls: 5,
  };
}

const invariantsOf = (facts: RunFacts): InvariantId[] => [
  ...new Set(judgeRun(facts).map((violation) => violation.invariant)),
];

describe('Campaign judge', () => {
  it('finds nothing wrong with a clean rollback', () => {
    // Act
    const violations = judgeRun(rolledBack());

    // Assess
    expect(violations).toEqual([]);
  });

  it('flags traffic moved onto a side without capacity, and both records at 0', () => {
    // Prepare
    const facts = rolledBack();
    const onto: Observation = {
      kind: 'weights',
      atMs: 0,
      eventsBefore: 1,
      before: { blue: 100, green: 0 },
      after: { blue: 0, green: 0 },
      blue: serving,
      green: { serving: false, facts: 'shop-1-31 ACTIVE: nothing to run pods on' },
    };
    facts.observations = [onto];

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      {
        invariant: 'capacity',
        message:
          'at event 1 (phase.started), weights 100/0 → 0/0: traffic moved onto green without capacity (shop-1-31 ACTIVE: nothing to run pods on)',
      },
      {
        invariant: 'bothZero',
        message: 'at event 1 (phase.started), weights 100/0 → 0/0: both records set to weight 0',
      },
    ]);
  });

  it('flags traffic left at the end on a side without capacity', () => {
    // Prepare
    const facts = rolledBack();
    facts.final = { ...blueOnly, weights: { blue: 90, green: 10 } };
    facts.report.outcome = 'partially_rolled_back';
    facts.report.cause = 'traffic stays 10% on shop-1-31';

    // Act
    const found = invariantsOf(facts);

    // Assess
    expect(found).toEqual(['capacity']);
  });

  it('flags green deleted while it carries traffic', () => {
    // Prepare
    const facts = rolledBack();
    facts.observations = [
      {
        kind: 'delete',
        atMs: 0,
        eventsBefore: 3,
        operation: 'DeleteCluster',
        clusterName: 'shop-1-31',
        resource: 'shop-1-31',
        weights: { blue: 50, green: 50 },
      },
    ];

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      {
        invariant: 'greenDeletedWithTraffic',
        message: 'DeleteCluster shop-1-31 at event 3 while green weighs 50 (blue 50)',
      },
    ]);
  });

  it("flags green deleted before the records' TTL passed since its weight went to 0", () => {
    // Prepare
    const facts = rolledBack();
    const [shift, back, deletion] = facts.observations;
    facts.observations = [shift!, back!, { ...deletion!, atMs: 610_000 }];

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      {
        invariant: 'ttlDrained',
        message: 'DeleteNodegroup shop-1-31/general 10 s after its weight went to 0 (TTL 60 s)',
      },
    ]);
  });

  it('flags blue deleted before green carried 100 % through its bake, and while it carries traffic', () => {
    // Prepare
    const facts = rolledBack();
    facts.observations = [
      {
        kind: 'delete',
        atMs: 0,
        eventsBefore: 2,
        operation: 'DeleteNodegroup',
        clusterName: 'shop',
        resource: 'general',
        weights: { blue: 50, green: 50 },
      },
    ];

    // Act
    const violations = judgeRun(facts).map((violation) => violation.message);

    // Assess
    expect(violations).toEqual([
      'DeleteNodegroup shop/general at event 2 while blue still weighs 50 (green 50)',
      'DeleteNodegroup shop/general at event 2 before green carried 100 % through its bake (events before: phase.started, traffic.shifted)',
    ]);
  });

  it('accepts blue deleted once the 100 % step baked and completed', () => {
    // Prepare
    const facts = rolledBack();
    facts.events = [
      event('phase.started', { phase: 'execution', stepId: 'traffic-100' }),
      event('traffic.shifted', { blueClusterName: 'shop', greenClusterName: 'shop-1-31', weight: 100 }),
      event('validation.success', { stepId: 'traffic-100' }),
      event('phase.completed', { phase: 'execution', stepId: 'traffic-100' }),
      event('phase.started', { phase: 'execution', stepId: 'decommission-shop' }),
      event('phase.completed', { phase: 'execution', stepId: 'decommission-shop' }),
      event('upgrade.completed', { targetVersion: '1.31' }),
    ];
    facts.rollbackRan = false;
    facts.report.outcome = 'succeeded';
    facts.plan = { steps: PLAN_STEPS.slice(1) };
    facts.observations = [
      {
        kind: 'delete',
        atMs: 0,
        eventsBefore: 5,
        operation: 'DeleteCluster',
        clusterName: 'shop',
        resource: 'shop',
        weights: { blue: 0, green: 100 },
      },
    ];
    facts.final = {
      clusters: {
        'shop-1-31': {
          status: 'ACTIVE',
          version: '1.31',
          nodegroups: { general: 'ACTIVE' },
          fargateProfiles: {},
        },
      },
      weights: { blue: 0, green: 100 },
      iam: { oidcProviders: {}, roleTrust: {} },
    };
    facts.finalSides = { blue: empty, green: serving };

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([]);
  });

  it('flags a success whose plan has a step neither completed nor, for a gate, approved', () => {
    // Prepare
    const facts = rolledBack();
    facts.report.outcome = 'succeeded';
    facts.rollbackRan = false;
    facts.plan = {
      steps: [
        ...PLAN_STEPS,
        { id: 'gate-decommission-shop', kind: 'approval_gate' },
      ] as unknown as NonNullable<RunFacts['plan']>['steps'],
    };
    facts.events = [
      event('phase.started', { phase: 'execution', stepId: 'traffic-50' }),
      event('phase.completed', { phase: 'execution', stepId: 'traffic-50' }),
      event('phase.started', { phase: 'execution', stepId: 'traffic-100' }),
      event('phase.completed', { phase: 'execution', stepId: 'traffic-100' }),
      event('gate.pending', { stepId: 'gate-decommission-shop' }),
      event('upgrade.completed', { targetVersion: '1.31' }),
    ];
    facts.final = {
      clusters: {
        'shop-1-31': {
          status: 'ACTIVE',
          version: '1.31',
          nodegroups: { general: 'ACTIVE' },
          fargateProfiles: {},
        },
      },
      weights: { blue: 0, green: 100 },
      iam: { oidcProviders: {}, roleTrust: {} },
    };
    facts.finalSides = { blue: empty, green: serving };

    // Act
    const endState = judgeRun(facts).filter((violation) => violation.invariant === 'endState');

    // Assess
    expect(endState).toEqual([
      { invariant: 'endState', message: 'succeeded: steps not done: gate-decommission-shop' },
    ]);
  });

  it('flags a rollback that says "rolled back" with green left behind', () => {
    // Prepare
    const facts = rolledBack();
    facts.final = {
      ...blueOnly,
      clusters: {
        ...blueOnly.clusters,
        'shop-1-31': { status: 'DELETING', version: '1.31', nodegroups: {}, fargateProfiles: {} },
      },
    };

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      { invariant: 'endState', message: 'rolled_back: left changed: cluster shop-1-31 (DELETING) created' },
    ]);
  });

  it('flags a rollback that says "rolled back" with green\'s IAM OIDC provider left behind', () => {
    // Prepare
    const facts = rolledBack();
    const arn = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN';
    facts.final = {
      ...blueOnly,
      iam: { oidcProviders: { [arn]: 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN' }, roleTrust: {} },
    };

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      { invariant: 'endState', message: `rolled_back: left changed: IAM OIDC provider ${arn} created` },
    ]);
  });

  it("accepts green's OIDC provider kept when a line names it with green, and flags it otherwise", () => {
    // Prepare
    const arn = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/GREEN';
    const keptWithGreen = rolledBack();
    keptWithGreen.report.outcome = 'partially_rolled_back';
    keptWithGreen.final = {
      ...blueOnly,
      iam: { oidcProviders: { [arn]: 'https://oidc.eks.us-east-1.amazonaws.com/id/GREEN' }, roleTrust: {} },
    };
    keptWithGreen.report.rollback = {
      ...keptWithGreen.report.rollback!,
      notUndone: ['green-oidc-provider: kept with shop-1-31, which carries the traffic'],
    };
    const unnamed = structuredClone(keptWithGreen);
    unnamed.report.rollback!.notUndone = ['green-cluster: shop-1-31 kept'];

    // Act
    const keptFound = invariantsOf(keptWithGreen);
    const unnamedFound = invariantsOf(unnamed);

    // Assess
    expect(keptFound).toEqual([]);
    expect(unnamedFound).toEqual(['endState']);
  });

  it('flags a partial rollback that does not name a left-over, and accepts one that does', () => {
    // Prepare
    const unnamed = rolledBack();
    unnamed.report.outcome = 'partially_rolled_back';
    unnamed.final = {
      ...blueOnly,
      clusters: {
        shop: { status: 'ACTIVE', version: '1.30', nodegroups: {}, fargateProfiles: {} },
      },
    };
    unnamed.report.rollback = { ...unnamed.report.rollback!, notUndone: ['green-cluster: shop-1-31 kept'] };
    const named = structuredClone(unnamed);
    named.report.rollback!.notUndone.push('blue: node group general of shop deleted');

    // Act
    const unnamedFound = invariantsOf(unnamed);
    const namedFound = invariantsOf(named);

    // Assess
    expect(unnamedFound).toEqual(['endState']);
    expect(namedFound).toEqual([]);
  });

  it('flags a rollback that says it failed although nothing is left changed', () => {
    // Prepare
    const facts = rolledBack();
    facts.report.outcome = 'failed';
    facts.report.rollback = {
      ...facts.report.rollback!,
      success: false,
      notUndone: ['irsa-trust: shop-vpc-cni may still trust shop-1-31'],
    };

    // Act
    const violations = judgeRun(facts);

    // Assess
    expect(violations).toEqual([
      {
        invariant: 'rollbackTruthful',
        message:
          'failed: says the rollback failed, but nothing is left changed (the rollback names: ["irsa-trust: shop-vpc-cni may still trust shop-1-31"])',
      },
    ]);
  });

  it('flags a phase that starts and never ends, a rollback.completed first, and a wrong last event', () => {
    // Prepare
    const facts = rolledBack();
    facts.events = [
      event('phase.started', { phase: 'execution', stepId: 'traffic-50' }),
      event('rollback.completed', { success: true }),
      event('rollback.triggered', { reason: 'unhealthy' }),
      event('upgrade.completed', { targetVersion: '1.31' }),
    ];

    // Act
    const found = invariantsOf(facts);

    // Assess
    expect(found).toEqual(['phasesClosed', 'rollbackOrder', 'terminalEvent']);
  });

  it('flags an event its schema refuses', () => {
    // Prepare
    const facts = rolledBack();
    facts.events = [...facts.events.slice(0, 4), event('rollback.completed', {}), ...facts.events.slice(5)];

    // Act
    const found = invariantsOf(facts);

    // Assess
    expect(found).toEqual(['eventsValid']);
  });
});
