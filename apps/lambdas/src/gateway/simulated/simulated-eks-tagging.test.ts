import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const GREEN_KEYS = ['eks-upgrade:blue-cluster', 'eks-upgrade:role'];

/** The demo with tags on the cluster and its first node group. */
function tagged(): ScenarioInput {
  const [first, ...rest] = DEMO_SCENARIO.cluster.nodegroups ?? [];
  return {
    ...DEMO_SCENARIO,
    cluster: {
      ...DEMO_SCENARIO.cluster,
      configuration: {
        ...DEMO_SCENARIO.cluster.configuration,
        tags: { team: 'platform', 'eks-upgrade:role': 'green', 'eks-upgrade:blue-cluster': 'old' },
      },
      nodegroups: [{ ...first!, tags: { 'eks-upgrade:role': 'green' } }, ...rest],
    },
  };
}

describe('Class: SimulatedClusterGateway', () => {
  describe('tags', () => {
    it("removes the keys from the resource named, and from no other: a cluster's tags are not its node groups'", async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(tagged());
      const nodegroup = (await gateway.listNodegroupNames('demo'))[0]!;

      // Act
      await gateway.untagEksResource({ type: 'cluster', clusterName: 'demo' }, GREEN_KEYS);
      const clusterTags = (await gateway.describeCluster('demo'))?.tags;
      const nodegroupTagsAfterCluster = (await gateway.describeNodegroup('demo', nodegroup))?.tags;
      await gateway.untagEksResource(
        { type: 'nodegroup', clusterName: 'demo', nodegroupName: nodegroup },
        GREEN_KEYS,
      );

      // Assess
      expect(clusterTags).toEqual({ team: 'platform' });
      expect(nodegroupTagsAfterCluster).toEqual({ 'eks-upgrade:role': 'green' });
      // no tag left: DescribeNodegroup reports none
      expect((await gateway.describeNodegroup('demo', nodegroup))?.tags).toBeUndefined();
      expect(gateway.calls).toEqual([
        {
          operation: 'UntagResource',
          clusterName: 'demo',
          detail: 'cluster demo: eks-upgrade:blue-cluster, eks-upgrade:role',
        },
        {
          operation: 'UntagResource',
          clusterName: 'demo',
          detail: `node group ${nodegroup} of demo: eks-upgrade:blue-cluster, eks-upgrade:role`,
        },
      ]);
    });

    it('refuses a resource that does not exist (EKS ResourceNotFoundException, IAM NoSuchEntity)', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(tagged());

      // Act
      const addon = await rejection(
        gateway.untagEksResource({ type: 'addon', clusterName: 'demo', addonName: 'nope' }, GREEN_KEYS),
      );
      const cluster = await rejection(
        gateway.untagEksResource({ type: 'cluster', clusterName: 'gone' }, GREEN_KEYS),
      );
      const provider = await rejection(
        gateway.untagOidcProvider('arn:aws:iam::123456789012:oidc-provider/oidc.example/id/NONE', GREEN_KEYS),
      );

      // Assess
      expect([addon.code, cluster.code, provider.code]).toEqual([
        'ResourceNotFoundException',
        'ResourceNotFoundException',
        'NoSuchEntityException',
      ]);
      expect(gateway.calls).toEqual([]);
    });
  });
});
