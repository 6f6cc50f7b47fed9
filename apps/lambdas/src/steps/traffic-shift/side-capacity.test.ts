import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../../gateway/simulated/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { sideCapacity } from './side-capacity.js';

const withoutNodegroups = (fargateProfiles: string[] = []) =>
  new SimulatedClusterGateway({
    ...DEMO_SCENARIO,
    timing: { deletePolls: 5 },
    cluster: { ...DEMO_SCENARIO.cluster, nodegroups: [], fargateProfiles },
  });

describe('Function: sideCapacity', () => {
  it('counts a cluster with ACTIVE node groups that have nodes as serving', async () => {
    // Act
    const capacity = await sideCapacity(new SimulatedClusterGateway(DEMO_SCENARIO), 'demo');

    // Assess
    expect(capacity).toEqual({
      serving: true,
      reason: 'demo serves on node group general (3 nodes), node group spot-workers (2 nodes)',
    });
  });

  it('counts a cluster being taken down (node groups DELETING), or one that does not exist, as without capacity', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway({ ...DEMO_SCENARIO, timing: { deletePolls: 5 } });
    await gateway.deleteNodegroup('demo', 'general');

    // Act
    const deleting = await sideCapacity(gateway, 'demo');
    const missing = await sideCapacity(gateway, 'demo-1-31');

    // Assess: spot-workers still has nodes, but decommission has begun.
    expect(deleting).toEqual({
      serving: false,
      reason: 'demo is being taken down (node group general DELETING)',
    });
    expect(missing).toEqual({ serving: false, reason: 'cluster demo-1-31 does not exist' });
  });

  it('counts an ACTIVE Fargate profile as serving, and one being deleted as the side being taken down', async () => {
    // Prepare
    const gateway = withoutNodegroups(['web', 'jobs']);
    const serving = await sideCapacity(gateway, 'demo');
    await gateway.deleteFargateProfile('demo', 'jobs');

    // Act
    const deleting = await sideCapacity(gateway, 'demo');

    // Assess
    expect(serving).toEqual({
      serving: true,
      reason: 'demo serves on Fargate profile web, Fargate profile jobs',
    });
    expect(deleting).toEqual({
      serving: false,
      reason: 'demo is being taken down (Fargate profile jobs DELETING)',
    });
  });

  it('counts Auto Mode compute as serving, and a cluster with nothing to run pods on as not', async () => {
    // Prepare
    const gateway = withoutNodegroups();
    const blue = (await gateway.describeCluster('demo'))!;
    const autoMode = {
      describeCluster: async () => ({ ...blue, configuration: { computeConfig: { enabled: true } } }),
      listNodegroups: (name: string) => gateway.listNodegroups(name),
      listFargateProfiles: (name: string) => gateway.listFargateProfiles(name),
      describeFargateProfile: (name: string, profile: string) =>
        gateway.describeFargateProfile(name, profile),
    };

    // Act
    const withoutCompute = await sideCapacity(gateway, 'demo');
    const withAutoMode = await sideCapacity(autoMode, 'demo');

    // Assess
    expect(withoutCompute).toEqual({
      serving: false,
      reason: 'demo has no managed node group, Fargate profile or Auto Mode compute',
    });
    expect(withAutoMode).toEqual({ serving: true, reason: 'demo serves on EKS Auto Mode compute' });
  });
});
