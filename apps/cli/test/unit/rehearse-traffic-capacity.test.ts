import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

/**
 * Issue 10's reproduction: `rollback-at-50-percent` without its failure and with blue's node
 * groups taking 400 polls to delete, so validation times out during decommission, once all
 * traffic is on green and blue's node groups are going.
 */
async function decommissionTimesOut(): Promise<string> {
  const scenario = JSON.parse(await readFile(path.join(examples, 'rollback-at-50-percent.json'), 'utf8'));
  delete scenario.failures;
  scenario.timing = { deletePolls: 400 };
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'eks-upgrade-capacity-')), 'scenario.json');
  await writeFile(file, JSON.stringify(scenario));
  return file;
}

/** `rollback-at-50-percent` without its failure, its node groups (and so green's copies) scaled to 0. */
async function nodegroupsScaledToZero(): Promise<string> {
  const scenario = JSON.parse(await readFile(path.join(examples, 'rollback-at-50-percent.json'), 'utf8'));
  delete scenario.failures;
  scenario.cluster.nodegroups = scenario.cluster.nodegroups.map((nodegroup: object) => ({
    ...nodegroup,
    minSize: 0,
    desiredSize: 0,
  }));
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'eks-upgrade-capacity-')), 'scenario.json');
  await writeFile(file, JSON.stringify(scenario));
  return file;
}

describe('Command: rehearse (traffic onto a side with capacity only)', () => {
  it('moves no traffic to a green whose node groups have no nodes: the first traffic step fails and is rolled back', async () => {
    // Prepare
    const scenario = await nodegroupsScaledToZero();

    // Act
    const result = await runCli(['rehearse', '--scenario', scenario, '--output', 'json']);

    // Assess
    const report = JSON.parse(result.stdout);
    const steps = Object.fromEntries(
      report.steps.map((step: { id: string; status: string }) => [step.id, step.status]),
    );
    expect(steps).toMatchObject({
      'green-addon-coredns': 'succeeded',
      'traffic-10': 'failed',
      'traffic-25': 'not_run',
    });
    expect(report.cause).toContain(
      'Traffic not moved to shop-1-31: it has no capacity (shop-1-31 has nothing to run pods on (node group general ACTIVE with 0 nodes, node group spot-workers ACTIVE with 0 nodes)); the weights stay 0% green / 100% blue',
    );
    expect(report.gatewayOperations.execution).not.toContain('setTrafficWeights');
    expect(report.rollback.actions[0]).toEqual({
      target: 'traffic',
      status: 'not_needed',
      message: 'All traffic already on shop',
    });
  });

  it('leaves traffic on green and keeps green when a rollback comes while blue is being decommissioned', async () => {
    // Prepare
    const scenario = await decommissionTimesOut();

    // Act
    const result = await runCli(['rehearse', '--scenario', scenario, '--output', 'json']);

    // Assess
    const report = JSON.parse(result.stdout);
    const steps = Object.fromEntries(
      report.steps.map((step: { id: string; status: string }) => [step.id, step.status]),
    );
    expect(steps).toMatchObject({ 'traffic-100': 'succeeded', 'decommission-shop': 'in_progress' });
    const message =
      'Traffic NOT moved back to shop, which has no capacity (shop is being taken down (node group general DELETING, node group spot-workers DELETING)); it stays 100% on shop-1-31, and shop-1-31 is kept';
    expect(report.rollback.actions).toEqual([{ target: 'traffic', status: 'not_possible', message }]);
    // What is left of blue is named; green keeps its IAM OIDC provider and the traffic.
    expect(report.rollback.notUndone).toEqual([
      'blue-cluster: shop is left part-decommissioned (shop is being taken down (node group general DELETING, node group spot-workers DELETING)); no traffic goes back to it: finish deleting it (its node groups and Fargate profiles, then the cluster) once green is confirmed',
      `traffic: ${message}`,
      'green-oidc-provider: kept with shop-1-31, which carries the traffic',
      'green-cluster: shop-1-31 kept, as it carries the traffic',
    ]);
    // The rollback only read: no weight change, no deletion of green.
    expect(report.gatewayOperations.rollback).toEqual([
      'describeCluster',
      'listFargateProfiles',
      'listNodegroups',
      'readTrafficRecords',
    ]);
    // Not "rolled back" (exit 3): what is left changed is named.
    expect(report.outcome).toBe('partially_rolled_back');
    expect(result.exitCode).toBe(4);
  });

  it('runs examples/blue-green-alias-records.json (weighted alias A records at the apex) to success, as its README entry says', async () => {
    // Act
    const result = await runCli([
      'rehearse',
      '--scenario',
      path.join(examples, 'blue-green-alias-records.json'),
      '--output',
      'json',
    ]);

    // Assess
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.outcome).toBe('succeeded');
    expect(
      report.steps
        .filter((step: { id: string }) => step.id.startsWith('traffic-'))
        .map((step: { id: string; status: string }) => `${step.id}:${step.status}`),
    ).toEqual([
      'traffic-10:succeeded',
      'traffic-25:succeeded',
      'traffic-50:succeeded',
      'traffic-75:succeeded',
      'traffic-100:succeeded',
    ]);
  });
});
