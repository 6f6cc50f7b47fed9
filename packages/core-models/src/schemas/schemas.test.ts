import { describe, expect, it } from 'vitest';
import { NOW, planFixture, snapshotFixture } from '../__fixtures__/models.js';
import { ValidationError } from '../errors/errors.js';
import { parseOrThrow } from '../validation/parse.js';
import { ClusterSnapshotSchema } from './cluster-snapshot.js';
import {
  ExecutionInputSchema,
  PerceptionInputSchema,
  ReasoningInputSchema,
  RollbackInputSchema,
  ValidationInputSchema,
} from './phase-io.js';
import { RollbackResultSchema, StepResultSchema, ValidationResultSchema } from './results.js';
import {
  ApprovalGateStepSchema,
  GATE_REJECTED_ERROR,
  GATE_TIMED_OUT_ERROR,
  GateDecisionSchema,
  PlanStepKind,
  PlanStepSchema,
  UpgradePlanSchema,
} from './upgrade-plan.js';
import {
  TrafficShiftIntervalsSchema,
  UPGRADE_PHASES,
  UpgradePhaseSchema,
  UpgradeRequestSchema,
} from './upgrade-request.js';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const REQUEST = { clusterName: 'payments-prod', targetVersion: '1.31' };

describe('Schema: UpgradeRequestSchema', () => {
  it('accepts a minimal request and defaults the strategy to in_place', () => {
    expect(parseOrThrow(UpgradeRequestSchema, REQUEST, 'upgrade request')).toEqual({
      ...REQUEST,
      strategy: 'in_place',
    });
  });

  it('accepts a full blue/green request', () => {
    const request = parseOrThrow(
      UpgradeRequestSchema,
      {
        ...REQUEST,
        strategy: 'blue_green',
        region: 'eu-west-1',
        upgradeId: 'payments-prod-1.31-abc',
        requestedBy: 'alice',
        greenClusterName: 'payments-prod-1-31',
        trafficRouting: {
          hostedZoneId: 'Z123ABC',
          recordName: 'api.example.com',
          blue: { setIdentifier: 'blue', target: 'blue.elb.amazonaws.com' },
          green: { setIdentifier: 'green', target: 'green.elb.amazonaws.com' },
        },
        trafficShiftIntervals: [20, 100],
        alarmNames: ['api-5xx'],
      },
      'upgrade request',
    );
    expect(request.trafficRouting?.ttlSeconds).toBe(60);
  });

  it('accepts weighted records named by set identifier alone, and an explicit lack of alarm gate', () => {
    const request = parseOrThrow(
      UpgradeRequestSchema,
      {
        ...REQUEST,
        strategy: 'blue_green',
        alarmGate: 'none',
        trafficRouting: {
          hostedZoneId: 'Z123ABC',
          recordName: 'example.com',
          blue: { setIdentifier: 'blue' },
          green: { setIdentifier: 'green' },
        },
      },
      'upgrade request',
    );
    expect(request.alarmGate).toBe('none');
    expect(request.trafficRouting).toEqual({
      hostedZoneId: 'Z123ABC',
      recordName: 'example.com',
      ttlSeconds: 60,
      blue: { setIdentifier: 'blue' },
      green: { setIdentifier: 'green' },
    });
  });

  it.each([
    [{ ...REQUEST, targetVersion: '1.x' }, 'targetVersion: must look like 1.31'],
    [{ ...REQUEST, targetVersion: 131 }, 'targetVersion: must look like 1.31'],
    [{ ...REQUEST, clusterName: 'bad name' }, 'clusterName: must be 1-100 characters'],
    [{ targetVersion: '1.31' }, 'clusterName: must be 1-100 characters'],
    [{ ...REQUEST, strategy: 'canary' }, 'strategy: must be in_place or blue_green'],
    [{ ...REQUEST, region: 'mars' }, 'region: must be an AWS region such as us-east-1'],
    [{ ...REQUEST, upgradeId: 'has space' }, 'upgradeId: must be 1-64 letters'],
    [
      { ...REQUEST, trafficShiftIntervals: [50, 25, 100] },
      'trafficShiftIntervals: must be strictly increasing',
    ],
    [{ ...REQUEST, trafficShiftIntervals: [10, 50] }, 'trafficShiftIntervals: must end at 100'],
    [
      { ...REQUEST, trafficShiftIntervals: [0, 100] },
      'trafficShiftIntervals[0]: must be a whole percentage from 1 to 100',
    ],
    [
      { ...REQUEST, trafficShiftIntervals: [] },
      'trafficShiftIntervals: must list at least one traffic percentage',
    ],
    [
      { ...REQUEST, trafficRouting: { hostedZoneId: 'zone!', recordName: 'a', blue: {}, green: {} } },
      'trafficRouting.hostedZoneId: must be a Route 53 hosted zone id',
    ],
    [{ ...REQUEST, color: 'blue' }, 'Unrecognized key: "color"'],
    [
      {
        ...REQUEST,
        trafficRouting: {
          hostedZoneId: 'Z1',
          recordName: 'a',
          recordType: 'A',
          blue: { setIdentifier: 'b' },
          green: { setIdentifier: 'g' },
        },
      },
      'trafficRouting: Unrecognized key: "recordType"',
    ],
    [
      {
        ...REQUEST,
        trafficRouting: {
          hostedZoneId: 'Z1',
          recordName: 'a',
          blue: { setIdentifer: 'b' },
          green: { setIdentifier: 'g' },
        },
      },
      'trafficRouting.blue: Unrecognized key: "setIdentifer"',
    ],
    [{ ...REQUEST, alarmGate: 'off' }, 'alarmGate: must be none (or left out)'],
  ])('rejects %j with "%s"', (input, expected) => {
    expect(messageOf(() => parseOrThrow(UpgradeRequestSchema, input, 'upgrade request'))).toContain(expected);
  });

  it('names every offending field at once', () => {
    const message = messageOf(() =>
      parseOrThrow(
        UpgradeRequestSchema,
        { clusterName: '', targetVersion: 'x', strategy: 'y' },
        'upgrade request',
      ),
    );
    expect(message).toMatch(/^Invalid upgrade request: /);
    expect(message).toContain('clusterName:');
    expect(message).toContain('targetVersion:');
    expect(message).toContain('strategy:');
  });
});

describe('Schema: UpgradePhaseSchema', () => {
  it('lists the five phases in order', () => {
    expect(UPGRADE_PHASES).toEqual(['perception', 'reasoning', 'execution', 'validation', 'rollback']);
    expect(UpgradePhaseSchema.safeParse('deploy').error?.issues[0]?.message).toContain(
      'must be one of perception',
    );
  });
});

describe('Schema: TrafficShiftIntervalsSchema', () => {
  it('accepts the default steps', () => {
    expect(TrafficShiftIntervalsSchema.parse([10, 25, 50, 75, 100])).toEqual([10, 25, 50, 75, 100]);
    expect(TrafficShiftIntervalsSchema.safeParse([10.5, 100]).success).toBe(false);
  });
});

describe('Schema: ClusterSnapshotSchema', () => {
  it('accepts a snapshot and fills defaults', () => {
    const snapshot = parseOrThrow(
      ClusterSnapshotSchema,
      snapshotFixture({ addons: [], insights: [] }),
      'snapshot',
    );
    expect(snapshot.nodegroups[0]).toMatchObject({ customAmi: false, healthIssues: [] });
    expect(snapshot.subnetIds).toEqual([]);
    expect(snapshot.fargateProfiles).toEqual([]);
  });

  it('keeps add-on compatibility, insights and the last update', () => {
    const snapshot = parseOrThrow(
      ClusterSnapshotSchema,
      snapshotFixture({
        lastVersionUpdate: {
          updateId: 'u-1',
          fromVersion: '1.28',
          toVersion: '1.29',
          status: 'Successful',
          createdAt: NOW,
        },
        insights: [{ id: 'i-2', name: 'Kubelet skew', status: 'ERROR', recommendation: 'upgrade nodes' }],
      }),
      'snapshot',
    );
    expect(snapshot.addons[0]?.compatibility[0]?.defaultVersion).toBe('v1.18.3-eksbuild.1');
    expect(snapshot.insights[0]).toMatchObject({
      status: 'ERROR',
      category: 'UPGRADE_READINESS',
      description: '',
    });
    expect(snapshot.lastVersionUpdate?.toVersion).toBe('1.29');
  });

  it.each([
    [snapshotFixture({ version: '1.29.1' }), 'version: must look like 1.31'],
    [snapshotFixture({ capturedAt: 'yesterday' }), 'capturedAt: must be an ISO 8601 date-time'],
    [
      snapshotFixture({ nodegroups: [{ name: 'ng', version: 'x', status: 'ACTIVE' }] }),
      'nodegroups[0].version',
    ],
    [snapshotFixture({ insights: [{ id: 'i', name: 'n', status: 'BAD' as 'ERROR' }] }), 'insights[0].status'],
  ])('rejects an invalid snapshot (%#)', (input, expected) => {
    expect(messageOf(() => parseOrThrow(ClusterSnapshotSchema, input, 'snapshot'))).toContain(expected);
  });
});

describe('Schema: UpgradePlanSchema', () => {
  it('accepts a plan', () => {
    const plan = parseOrThrow(UpgradePlanSchema, planFixture(), 'plan');
    expect(plan.steps.map((step) => step.kind)).toEqual([
      'control_plane_upgrade',
      'addon_upgrade',
      'nodegroup_upgrade',
    ]);
  });

  it('accepts blue/green steps', () => {
    const steps = [
      {
        id: 'provision',
        kind: 'cluster_provision',
        description: 'Create green',
        sourceClusterName: 'blue',
        clusterName: 'green',
        version: '1.31',
      },
      {
        id: 'traffic-10',
        kind: 'traffic_shift',
        description: '10 %',
        blueClusterName: 'blue',
        greenClusterName: 'green',
        fromWeight: 0,
        toWeight: 10,
      },
      {
        id: 'green-ng-general',
        kind: 'nodegroup_provision',
        description: 'Node group general on green',
        clusterName: 'green',
        nodegroupName: 'general',
        sourceClusterName: 'blue',
        sourceNodegroupName: 'general',
        version: '1.31',
      },
      {
        id: 'green-addon-coredns',
        kind: 'addon_install',
        description: 'coredns on green',
        clusterName: 'green',
        addonName: 'coredns',
        toVersion: 'v1.11.3-eksbuild.1',
        kubernetesVersion: '1.31',
        sourceClusterName: 'blue',
      },
      { id: 'decommission', kind: 'cluster_decommission', description: 'Remove blue', clusterName: 'blue' },
    ];
    for (const step of steps) expect(PlanStepSchema.safeParse(step).success).toBe(true);
  });

  it('requires blocked to agree with blockers', () => {
    expect(
      messageOf(() => parseOrThrow(UpgradePlanSchema, planFixture({ blocked: true }), 'plan')),
    ).toContain('blocked: must be true exactly when there are blockers');
    const blocked = planFixture({
      blocked: true,
      blockers: [{ code: 'INSIGHT_ERROR', message: 'Deprecated APIs in use', resource: 'i-2' }],
    });
    expect(parseOrThrow(UpgradePlanSchema, blocked, 'plan').blocked).toBe(true);
  });

  it('rejects duplicate step ids, unknown kinds and lower-case issue codes', () => {
    const base = planFixture();
    const duplicate = { ...base, steps: [base.steps[0], base.steps[0]] };
    expect(messageOf(() => parseOrThrow(UpgradePlanSchema, duplicate, 'plan'))).toContain(
      'steps[1].id: must be unique',
    );
    const unknown = { ...base, steps: [{ ...base.steps[0], kind: 'reboot' }] };
    expect(messageOf(() => parseOrThrow(UpgradePlanSchema, unknown, 'plan'))).toContain('steps[0].kind');
    const lower = planFixture({ warnings: [{ code: 'extended', message: 'x' }] });
    expect(messageOf(() => parseOrThrow(UpgradePlanSchema, lower, 'plan'))).toContain(
      'warnings[0].code: must be UPPER_SNAKE_CASE',
    );
  });

  it('rejects a traffic step outside 0-100 and a bad step id', () => {
    const step = {
      id: 'bad id',
      kind: 'traffic_shift',
      description: 'x',
      blueClusterName: 'b',
      greenClusterName: 'g',
      fromWeight: 0,
      toWeight: 120,
    };
    const issues = PlanStepSchema.safeParse(step).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues).toEqual(['id', 'toWeight']);
  });
});

describe('Schema: approval gates', () => {
  const gateStep = {
    id: 'gate-workload',
    kind: 'approval_gate',
    description: 'Wait for workloads on green',
    clusterName: 'green',
    gate: {
      purpose: 'workload',
      summary: 'Deploy workloads to green, then approve with its traffic target',
      timeoutSeconds: 86400,
      acceptsTrafficTarget: true,
    },
  };

  it('accepts an approval-gate step in a plan', () => {
    const step = parseOrThrow(PlanStepSchema, gateStep, 'step');
    expect(step.kind).toBe(PlanStepKind.APPROVAL_GATE);
    expect(ApprovalGateStepSchema.parse(gateStep)).toEqual(gateStep);
  });

  it.each([
    [{ timeoutSeconds: 59 }, 'gate.timeoutSeconds: must be at least 60 seconds'],
    [{ timeoutSeconds: 604801 }, 'gate.timeoutSeconds: must be at most 604800 seconds (7 days)'],
    [{ timeoutSeconds: 90.5 }, 'gate.timeoutSeconds: must be a whole number of seconds'],
    [{ purpose: 'coffee' }, 'gate.purpose: must be one of plan, workload, control_plane_hop'],
    [{ summary: '' }, 'gate.summary'],
    [{ token: 'x' }, 'Unrecognized key: "token"'],
  ])('rejects a gate with %o naming the field', (change, message) => {
    const bad = { ...gateStep, gate: { ...gateStep.gate, ...change } };
    expect(messageOf(() => parseOrThrow(ApprovalGateStepSchema, bad, 'step'))).toContain(message);
  });

  it('accepts a decision and refuses unknown keys and a bad traffic target', () => {
    const decision = {
      planId: 'plan-1',
      approvedBy: 'alice',
      comment: 'CHG-1234',
      trafficTarget: { setIdentifier: 'green', target: 'green-alb.example.com' },
    };
    expect(GateDecisionSchema.parse(decision)).toEqual(decision);
    expect(GateDecisionSchema.parse({})).toEqual({});
    expect(messageOf(() => parseOrThrow(GateDecisionSchema, { approved: true }, 'decision'))).toContain(
      'Unrecognized key: "approved"',
    );
    expect(
      messageOf(() => parseOrThrow(GateDecisionSchema, { trafficTarget: { setIdentifier: '' } }, 'decision')),
    ).toContain('trafficTarget.setIdentifier: must not be empty');
  });

  it('names the rejection and timeout errors the workflow uses', () => {
    expect(GATE_REJECTED_ERROR).toBe('Upgrade.GateRejected');
    expect(GATE_TIMED_OUT_ERROR).toBe('Upgrade.GateTimedOut');
  });
});

describe('Schemas: results', () => {
  const stepResult = {
    stepId: 'cp-1.30',
    kind: 'control_plane_upgrade',
    status: 'in_progress',
    clusterName: 'payments-prod',
    updateId: 'u-1',
    pollAfterSeconds: 60,
    message: 'started',
    startedAt: NOW,
  };

  it('accepts a step result and rejects an unknown status', () => {
    expect(StepResultSchema.parse(stepResult).updateId).toBe('u-1');
    expect(StepResultSchema.parse({ ...stepResult, kind: 'traffic_shift', changeId: 'C123' }).changeId).toBe(
      'C123',
    );
    expect(StepResultSchema.safeParse({ ...stepResult, status: 'done' }).success).toBe(false);
    expect(StepResultSchema.safeParse({ ...stepResult, pollAfterSeconds: -1 }).success).toBe(false);
  });

  it('ties validation success to a healthy status', () => {
    const result = {
      clusterName: 'payments-prod',
      status: 'healthy',
      success: true,
      checks: [{ name: 'cluster-active', status: 'pass', message: 'ACTIVE' }],
      summary: 'healthy',
      checkedAt: NOW,
    };
    expect(ValidationResultSchema.parse(result).metrics).toEqual({});
    expect(
      messageOf(() =>
        parseOrThrow(ValidationResultSchema, { ...result, success: false }, 'validation result'),
      ),
    ).toContain('success: must be true exactly when status is healthy');
    expect(
      ValidationResultSchema.safeParse({
        ...result,
        status: 'unhealthy',
        success: false,
        metrics: { alarms: 1 },
      }).success,
    ).toBe(true);
  });

  it('accepts a rollback result and rejects an unknown action status', () => {
    const result = {
      clusterName: 'payments-prod',
      success: true,
      actions: [{ target: 'traffic', status: 'undone', message: '100 % on blue' }],
      notUndone: ['node group general stays at 1.30'],
      summary: 'traffic restored',
      completedAt: NOW,
    };
    expect(RollbackResultSchema.parse(result).actions).toHaveLength(1);
    expect(
      RollbackResultSchema.safeParse({ ...result, actions: [{ target: 'x', status: 'maybe', message: '' }] })
        .success,
    ).toBe(false);
  });
});

describe('Schemas: phase inputs', () => {
  const request = { ...REQUEST, strategy: 'in_place' };
  const plan = planFixture();

  it('accepts each phase input', () => {
    expect(PerceptionInputSchema.parse({ request }).request.clusterName).toBe('payments-prod');
    expect(ReasoningInputSchema.parse({ request, snapshot: snapshotFixture() }).snapshot.version).toBe(
      '1.29',
    );
    expect(ExecutionInputSchema.parse({ request, step: plan.steps[0] }).step.kind).toBe(
      'control_plane_upgrade',
    );
    expect(ValidationInputSchema.parse({ request, scope: 'final', plan }).scope).toBe('final');
    expect(
      RollbackInputSchema.parse({ request, plan, failure: { Error: 'States.TaskFailed' } }).failure.Error,
    ).toBe('States.TaskFailed');
  });

  it('rejects a missing request or unknown scope', () => {
    expect(messageOf(() => parseOrThrow(PerceptionInputSchema, {}, 'perception input'))).toContain(
      'request:',
    );
    expect(
      messageOf(() => parseOrThrow(ValidationInputSchema, { request, scope: 'later' }, 'validation input')),
    ).toContain('scope:');
    expect(messageOf(() => parseOrThrow(RollbackInputSchema, { request }, 'rollback input'))).toContain(
      'failure:',
    );
  });
});
