import { describe, expect, it } from 'vitest';
import { SimulatedClusterGateway } from '../../gateway/simulated/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { sideCapacity } from './side-capacity.js';

describe('Function: sideCapacity', () => {
  it('counts a cluster with an ACTIVE node group that has nodes as serving', async () => {
    // Act
    const capacity = await sideCapacity(new SimulatedClusterGateway(DEMO_SCENARIO), 'demo');

    // Assess
    expect(capacity).toEqual({
      serving: true,
      reason: 'node groups general (3 nodes), spot-workers (2 nodes) are serving',
    });
  });

  it('counts a cluster whose node groups are being deleted, or that does not exist, as without capacity', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway({ ...DEMO_SCENARIO, timing: { deletePolls: 5 } });
    await gateway.deleteNodegroup('demo', 'general');
    await gateway.deleteNodegroup('demo', 'spot-workers');

    // Act
    const deleting = await sideCapacity(gateway, 'demo');
    const missing = await sideCapacity(gateway, 'demo-1-31');

    // Assess
    expect(deleting).toEqual({
      serving: false,
      reason:
        'no node group of demo is serving (general DELETING with 3 nodes, spot-workers DELETING with 2 nodes)',
    });
    expect(missing).toEqual({ serving: false, reason: 'cluster demo-1-31 does not exist' });
  });

  it('counts Auto Mode compute as serving, and a cluster with neither node groups nor Auto Mode as not', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway({
      ...DEMO_SCENARIO,
      cluster: { ...DEMO_SCENARIO.cluster, nodegroups: [] },
    });
    const blue = (await gateway.describeCluster('demo'))!;
    const autoMode = {
      describeCluster: async () => ({ ...blue, configuration: { computeConfig: { enabled: true } } }),
      listNodegroups: (name: string) => gateway.listNodegroups(name),
    };

    // Act
    const withoutCompute = await sideCapacity(gateway, 'demo');
    const withAutoMode = await sideCapacity(autoMode, 'demo');

    // Assess
    expect(withoutCompute).toEqual({
      serving: false,
      reason: 'demo has no managed node group and no Auto Mode compute',
    });
    expect(withAutoMode).toEqual({ serving: true, reason: 'cluster demo runs EKS Auto Mode compute' });
  });
});
