import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseOrThrow, ValidationError } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import {
  MAX_NODES_PER_NODEGROUP,
  MAX_SCENARIO_ADDONS,
  MAX_SCENARIO_ALARMS,
  MAX_SCENARIO_FAILURES,
  MAX_SCENARIO_FARGATE_PROFILES,
  MAX_SCENARIO_INSIGHTS,
  MAX_SCENARIO_NODEGROUPS,
  type ScenarioInput,
  ScenarioSchema,
} from './scenario.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`${EXAMPLES}${name}`, 'utf8')) as Record<string, unknown>;

const BASE: ScenarioInput = {
  cluster: { name: 'prod', version: '1.29' },
  request: { clusterName: 'prod', targetVersion: '1.30' },
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseOrThrow(ScenarioSchema, input, 'scenario');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('the scenario was accepted');
}

describe('Schema: ScenarioSchema', () => {
  it('accepts every example scenario as written', () => {
    const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(ScenarioSchema.safeParse(example(file)).error, file).toBeUndefined();
  });

  it('refuses `failure` for `failures`, naming the key', () => {
    // Prepare
    const { failures, ...rest } = example('rollback-at-50-percent.json');

    // Act
    const issues = issuesOf({ ...rest, failure: failures });

    // Assess
    expect(issues).toEqual([
      {
        path: '',
        message:
          'unknown field "failure" (the fields here are name, description, startTime, timing, cluster, alarms, request, traffic, failures, gates)',
      },
    ]);
  });

  it.each([
    ['timing', { ...BASE, timing: { updatePolls: 2, pollSeconds: 5 } }, 'timing', '"pollSeconds"'],
    ['cluster', { ...BASE, cluster: { ...BASE.cluster, versoin: '1.29' } }, 'cluster', '"versoin"'],
    [
      'node group',
      { ...BASE, cluster: { ...BASE.cluster, nodegroups: [{ name: 'general', desired: 3 }] } },
      'cluster.nodegroups[0]',
      '"desired"',
    ],
    [
      'taint',
      {
        ...BASE,
        cluster: {
          ...BASE.cluster,
          nodegroups: [{ name: 'general', taints: [{ key: 'spot', effect: 'NO_SCHEDULE', operator: 'x' }] }],
        },
      },
      'cluster.nodegroups[0].taints[0]',
      '"operator"',
    ],
    [
      'add-on compatibility',
      {
        ...BASE,
        cluster: {
          ...BASE.cluster,
          addons: [
            { name: 'coredns', version: 'v1', compatibility: { '1.30': { versions: [], default: 'v1' } } },
          ],
        },
      },
      'cluster.addons[0].compatibility.1.30',
      '"default"',
    ],
    [
      'health issue',
      { ...BASE, cluster: { ...BASE.cluster, healthIssues: [{ code: 'X', severity: 'high' }] } },
      'cluster.healthIssues[0]',
      '"severity"',
    ],
    [
      'insight',
      {
        ...BASE,
        cluster: { ...BASE.cluster, insights: [{ id: 'i', name: 'n', status: 'ERROR', severity: 'high' }] },
      },
      'cluster.insights[0]',
      '"severity"',
    ],
    ['alarm', { ...BASE, alarms: [{ name: 'api-5xx', status: 'OK' }] }, 'alarms[0]', '"status"'],
    ['request', { ...BASE, request: { ...BASE.request, stratgy: 'blue_green' } }, 'request', '"stratgy"'],
    ['traffic', { ...BASE, traffic: { blueWeight: 100, greenWeight: 0, ttl: 60 } }, 'traffic', '"ttl"'],
    [
      'failure',
      { ...BASE, failures: [{ type: 'update_fails', resource: 'addon', addon: 'coredns' }] },
      'failures[0]',
      '"addon"',
    ],
  ])('refuses an unknown key in the %s, at its path', (_what, input, path, key) => {
    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    // The request is core-models' strict schema, which words it zod's way.
    expect(issues[0]?.message).toContain(
      path === 'request' ? `Unrecognized key: ${key}` : `unknown field ${key}`,
    );
  });

  const nodegroups = (count: number) =>
    Array.from({ length: count }, (_, index) => ({ name: `ng-${index + 1}` }));
  const withCluster = (extra: Record<string, unknown>) => ({
    ...BASE,
    cluster: { ...BASE.cluster, ...extra },
  });

  it('takes 30 managed node groups, the EKS quota, and refuses 31', () => {
    expect(MAX_SCENARIO_NODEGROUPS).toBe(30);
    expect(ScenarioSchema.safeParse(withCluster({ nodegroups: nodegroups(30) })).success).toBe(true);
    expect(issuesOf(withCluster({ nodegroups: nodegroups(31) }))).toEqual([
      {
        path: 'cluster.nodegroups',
        message: 'must have at most 30 items (EKS quota: managed node groups per cluster)',
      },
    ]);
  });

  it('takes 10 Fargate profiles, the EKS quota, and refuses 11', () => {
    const profiles = (count: number) => Array.from({ length: count }, (_, index) => `fp-${index}`);
    expect(MAX_SCENARIO_FARGATE_PROFILES).toBe(10);
    expect(ScenarioSchema.safeParse(withCluster({ fargateProfiles: profiles(10) })).success).toBe(true);
    expect(issuesOf(withCluster({ fargateProfiles: profiles(11) }))).toEqual([
      {
        path: 'cluster.fargateProfiles',
        message: 'must have at most 10 items (EKS quota: Fargate profiles per cluster)',
      },
    ]);
  });

  it('bounds node group sizes by the 450 nodes a managed node group may have', () => {
    expect(MAX_NODES_PER_NODEGROUP).toBe(450);
    const group = (size: Record<string, number>) =>
      withCluster({ nodegroups: [{ name: 'general', ...size }] });
    expect(ScenarioSchema.safeParse(group({ minSize: 450, desiredSize: 450, maxSize: 450 })).success).toBe(
      true,
    );
    for (const field of ['minSize', 'desiredSize', 'maxSize']) {
      expect(issuesOf(group({ [field]: 451 })).map((issue) => issue.path)).toEqual([
        `cluster.nodegroups[0].${field}`,
      ]);
    }
  });

  it('takes 100 alarms, as many names as one DescribeAlarms call takes, and refuses 101', () => {
    const alarms = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ name: `alarm-${index}` }));
    expect(MAX_SCENARIO_ALARMS).toBe(100);
    expect(ScenarioSchema.safeParse({ ...BASE, alarms: alarms(100) }).success).toBe(true);
    expect(issuesOf({ ...BASE, alarms: alarms(101) })).toEqual([
      { path: 'alarms', message: 'must have at most 100 items (AlarmNames of one DescribeAlarms call)' },
    ]);
  });

  it('bounds add-ons, insights and failures', () => {
    const addons = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ name: `a-${index}`, version: 'v1' }));
    const insights = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ id: `i-${index}`, name: 'n', status: 'PASSING' }));
    const failures = (count: number) => Array.from({ length: count }, () => ({ type: 'rollback_fails' }));
    expect([MAX_SCENARIO_ADDONS, MAX_SCENARIO_INSIGHTS, MAX_SCENARIO_FAILURES]).toEqual([50, 100, 50]);
    expect(
      ScenarioSchema.safeParse(withCluster({ addons: addons(50), insights: insights(100) })).success,
    ).toBe(true);
    expect(ScenarioSchema.safeParse({ ...BASE, failures: failures(50) }).success).toBe(true);
    expect(issuesOf(withCluster({ addons: addons(51) }))).toEqual([
      { path: 'cluster.addons', message: 'must have at most 50 items (add-ons per scenario cluster)' },
    ]);
    expect(issuesOf(withCluster({ insights: insights(101) }))).toEqual([
      { path: 'cluster.insights', message: 'must have at most 100 items (one ListInsights page)' },
    ]);
    expect(issuesOf({ ...BASE, failures: failures(51) })).toEqual([
      { path: 'failures', message: 'must have at most 50 items (failures per scenario)' },
    ]);
  });
});

describe('Schema: ScenarioSchema (traffic records)', () => {
  const blueGreen = (traffic: Record<string, unknown>, recordName = 'example.com') => ({
    ...BASE,
    request: {
      ...BASE.request,
      strategy: 'blue_green',
      trafficRouting: {
        hostedZoneId: 'Z1',
        recordName,
        blue: { setIdentifier: 'blue' },
        green: { setIdentifier: 'green' },
      },
    },
    traffic: { blueWeight: 100, greenWeight: 0, zoneName: 'example.com', ...traffic },
  });

  it('refuses CNAME records at the zone apex, where Route 53 allows none, and takes alias A records there', () => {
    // Act
    const cnameAtApex = issuesOf(blueGreen({}));
    const aliasAtApex = ScenarioSchema.safeParse(
      blueGreen({ recordType: 'A', healthCheckIds: { blue: 'hc-1' } }),
    );
    const cnameBelowApex = ScenarioSchema.safeParse(blueGreen({}, 'api.example.com'));

    // Assess
    expect(cnameAtApex).toEqual([
      {
        path: 'traffic.recordType',
        message:
          'must be A or AAAA (alias records): example.com is the zone apex, where Route 53 allows no CNAME',
      },
    ]);
    expect(aliasAtApex.success).toBe(true);
    expect(cnameBelowApex.success).toBe(true);
  });

  it('refuses an unknown key in the request trafficRouting (core-models strict)', () => {
    // Act
    const accepted = ScenarioSchema.safeParse(blueGreen({ recordType: 'A' }));
    const withTypo = issuesOf({
      ...blueGreen({ recordType: 'A' }),
      request: {
        ...blueGreen({}).request,
        trafficRouting: { ...blueGreen({}).request.trafficRouting, recordType: 'A' },
      },
    });

    // Assess
    expect(accepted.success).toBe(true);
    expect(withTypo.map((issue) => issue.path)).toEqual(['request.trafficRouting']);
  });
});
