/**
 * Issue 9 §3: the simulator's reads must not advance simulated time. Progress comes from polls of
 * the resource or update itself (DescribeUpdate, DescribeNodegroup, DescribeAddon, GetChange...),
 * so the outcome of a run does not depend on how many other reads its phases make.
 */
import { createDefaultAgentConfig, type PlanStep, UpgradeRequestSchema } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { executeStep } from '../../phases/execution.js';
import { perceiveCluster } from '../../phases/perception.js';
import { buildRulesPlan } from '../../phases/reasoning.js';
import { validateUpgrade } from '../../phases/validation.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import type { ClusterGateway } from '../cluster-gateway.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

/** Reads that poll nothing: listings, insights, versions, and descriptions of the clusters. */
async function incidentalReads(gateway: SimulatedClusterGateway, clusters: readonly string[]) {
  for (const cluster of clusters) {
    try {
      await gateway.listNodegroups(cluster);
      await gateway.listAddons(cluster);
      await gateway.listFargateProfiles(cluster);
      await gateway.listInsights(cluster);
    } catch {
      // not created yet, or deleted
    }
  }
  await gateway.describeClusterVersions();
}

/** The gateway, making `extraReads` rounds of incidental reads before every call a phase makes. */
function chatty(
  gateway: SimulatedClusterGateway,
  extraReads: number,
  clusters: readonly string[],
): ClusterGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'now') return value;
      return async (...args: unknown[]) => {
        for (let round = 0; round < extraReads; round += 1) await incidentalReads(target, clusters);
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Every step executed and validated until it ends, as the workflow does (gates approved); what happened. */
async function run(input: ScenarioInput, extraReads: number) {
  const simulated = new SimulatedClusterGateway(input);
  const clusters = [input.cluster.name, `${input.cluster.name}-1-31`];
  const gateway = chatty(simulated, extraReads, clusters);
  const config = createDefaultAgentConfig();
  const clock = { now: () => simulated.now() };
  const request = UpgradeRequestSchema.parse(input.request);
  const snapshot = await perceiveCluster({ request }, { gateway, clock });
  const plan = buildRulesPlan(request, snapshot, {
    config: { ...config, upgrade: { ...config.upgrade, alarmNames: ['demo-api-5xx'] } },
    now: simulated.now(),
  });
  const outcome: string[] = [];
  for (const step of plan.steps as PlanStep[]) {
    if (step.kind === 'approval_gate') continue;
    const stepResult = await executeStep({ request, step }, { gateway, config, clock });
    let polls = 0;
    let status = 'in_progress';
    while (status === 'in_progress' && polls < 50) {
      polls += 1;
      status = (
        await validateUpgrade({ request, scope: 'step', step, stepResult }, { gateway, config, clock })
      ).status;
    }
    outcome.push(`${step.id}:${stepResult.status}:${status}:${polls}`);
  }
  return { outcome, endedAt: simulated.now().toISOString(), calls: simulated.calls };
}

describe('Simulated EKS: reads do not advance simulated time (issue 9 §3)', () => {
  it.each([
    ['blue/green 1.29 → 1.31 (creations, traffic, decommission)', DEMO_SCENARIO],
    [
      'in place 1.29 → 1.30 (updates)',
      { ...DEMO_SCENARIO, request: { clusterName: 'demo', targetVersion: '1.30', strategy: 'in_place' } },
    ],
  ] as [string, ScenarioInput][])(
    '%s: the same outcome, polls and end time with three extra rounds of reads before every call',
    async (_name, scenario) => {
      // Act
      const plain = await run(scenario, 0);
      const withExtraReads = await run(scenario, 3);

      // Assess
      expect(plain.outcome.length).toBeGreaterThan(3);
      expect(plain.outcome.every((line) => /:healthy:\d+$/.test(line))).toBe(true);
      expect(withExtraReads.outcome).toEqual(plain.outcome);
      expect(withExtraReads.endedAt).toBe(plain.endedAt);
      expect(withExtraReads.calls).toEqual(plain.calls);
    },
  );

  it('a listing reports a creation in progress without moving it on; describing the node group does', async () => {
    // Prepare: the green cluster with one node group being created (createPolls 3)
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    await gateway.createCluster({
      name: 'demo-1-31',
      version: '1.31',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster-role',
      subnetIds: ['subnet-0a1'],
      securityGroupIds: [],
    });
    while ((await gateway.describeCluster('demo-1-31'))?.status !== 'ACTIVE');
    await gateway.createNodegroup({
      clusterName: 'demo-1-31',
      nodegroupName: 'general',
      version: '1.31',
      nodeRole: 'arn:aws:iam::123456789012:role/node',
      subnets: ['subnet-0a1'],
    });
    const before = gateway.now().getTime();

    // Act
    const listed = [];
    for (let read = 0; read < 10; read += 1)
      listed.push((await gateway.listNodegroups('demo-1-31'))[0]?.status);
    const afterListing = gateway.now().getTime();
    const described = [];
    for (let poll = 0; poll < DEMO_SCENARIO.timing.createPolls; poll += 1)
      described.push((await gateway.describeNodegroup('demo-1-31', 'general'))?.status);

    // Assess
    expect(new Set(listed)).toEqual(new Set(['CREATING']));
    expect(afterListing).toBe(before);
    expect(described.at(-1)).toBe('ACTIVE');
    expect(gateway.now().getTime() - before).toBe(
      DEMO_SCENARIO.timing.createPolls * DEMO_SCENARIO.timing.secondsPerPoll * 1000,
    );
  });
});
