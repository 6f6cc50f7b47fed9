/**
 * After a successful blue/green, the promoted green is production: it and everything eks-upgrade
 * created on it carry no green tag, so no green-only deletion grant (`aws:ResourceTag`
 * eks-upgrade:role = green) reaches it in a later upgrade.
 */
import { CREATED_RESOURCE_TAG } from '@eks-upgrade/core-models';
import { SimulatedClusterGateway } from '@eks-upgrade/lambdas';
import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearsal/run-rehearsal.js';
import { demoScenario } from './workflow-run.js';

/** Every tag of green and of what is on it, by resource. */
async function greenTags(simulator: SimulatedClusterGateway, green: string) {
  const cluster = await simulator.describeCluster(green);
  const nodegroups = await Promise.all(
    (await simulator.listNodegroupNames(green)).map(async (name) => [
      `nodegroup ${name}`,
      (await simulator.describeNodegroup(green, name))?.tags,
    ]),
  );
  const addons = await Promise.all(
    (await simulator.listAddons(green)).map(async ({ name }) => [
      `addon ${name}`,
      (await simulator.describeAddon(green, name))?.tags,
    ]),
  );
  const entries = (await simulator.listAccessEntries(green)).map((entry) => [
    `access entry ${entry.principalArn}`,
    entry.tags,
  ]);
  const associations = (await simulator.listPodIdentityAssociations(green)).map((association) => [
    `pod identity ${association.associationId}`,
    association.tags,
  ]);
  const provider = cluster?.oidcIssuer ? await simulator.findOidcProvider(cluster.oidcIssuer) : undefined;
  return {
    cluster: cluster?.tags,
    provider: provider ? (provider.tags ?? {}) : 'none',
    ...Object.fromEntries([...nodegroups, ...addons, ...entries, ...associations]),
  } as Record<string, Record<string, string> | undefined | 'none'>;
}

describe('Workflow: blue/green promotes green', () => {
  it('leaves the promoted cluster and what eks-upgrade created on it without the green role tag', async () => {
    // Prepare
    const scenario = demoScenario();
    const simulator = new SimulatedClusterGateway(scenario);
    const green = 'demo-1-31';

    // Act
    let greenTagAtDecommissionGate: string | undefined;
    const report = await runRehearsal(scenario, {
      simulator,
      resolveGate: async (pending) => {
        if (pending.gate.purpose === 'decommission') {
          greenTagAtDecommissionGate = (await simulator.describeCluster(green))?.tags?.[
            CREATED_RESOURCE_TAG.key
          ];
        }
        return { decision: 'approve' };
      },
    });

    // Assess
    expect(report.status).toBe('SUCCEEDED');
    // until blue's decommission begins, a rollback may still need to delete green: it keeps the tag
    expect(greenTagAtDecommissionGate).toBe('green');
    expect(await simulator.describeCluster('demo')).toBeUndefined();
    const tags = await greenTags(simulator, green);
    // green's own tags as copied from blue stay; eks-upgrade's are gone everywhere
    expect(Object.keys(tags).length).toBeGreaterThan(3);
    expect(tags.provider).not.toBe('none');
    for (const [resource, resourceTags] of Object.entries(tags)) {
      const carried = resourceTags === 'none' ? {} : (resourceTags ?? {});
      expect({ resource, role: carried[CREATED_RESOURCE_TAG.key] }).toEqual({ resource, role: undefined });
      expect({ resource, blue: carried['eks-upgrade:blue-cluster'] }).toEqual({ resource, blue: undefined });
    }
    // the removals happened at blue's decommission, after its deletion had begun
    const operations = simulator.calls.map((call) => call.operation);
    const firstBlueDeletion = simulator.calls.findIndex(
      (call) => call.operation === 'DeleteNodegroup' && call.clusterName === 'demo',
    );
    const firstUntag = operations.indexOf('UntagResource');
    expect(firstBlueDeletion).toBeGreaterThanOrEqual(0);
    expect(firstUntag).toBeGreaterThan(firstBlueDeletion);
    expect(operations.filter((operation) => operation === 'UntagOpenIDConnectProvider')).toHaveLength(1);
  });

  it('keeps green deletable when the decommission gate is rejected: the rollback moves traffic back to blue and removes green', async () => {
    // Prepare
    const scenario = demoScenario();
    const simulator = new SimulatedClusterGateway(scenario);

    // Act
    const report = await runRehearsal(scenario, {
      simulator,
      resolveGate: (pending) =>
        pending.gate.purpose === 'decommission'
          ? { decision: 'reject', reason: 'keep blue a while longer' }
          : { decision: 'approve' },
    });

    // Assess
    expect(report.outcome).toBe('rolled_back');
    expect(simulator.calls.map((call) => call.operation)).not.toContain('UntagResource');
    expect(await simulator.getTrafficWeights(scenario.request.trafficRouting!)).toEqual({
      blue: 100,
      green: 0,
    });
    expect(await simulator.describeCluster('demo-1-31')).toBeUndefined();
    expect((await simulator.describeCluster('demo'))?.status).toBe('ACTIVE');
  });
});
