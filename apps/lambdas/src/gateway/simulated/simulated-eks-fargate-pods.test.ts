import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../simulation/scenario.js';
import { inPlaceScenario, pollUntilDone, rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

/** The demo cluster in place to 1.31 with a Fargate profile, its node groups already at 1.30 after the first hop. */
async function afterFirstHop(): Promise<SimulatedClusterGateway> {
  const gateway = new SimulatedClusterGateway(
    inPlaceScenario({ cluster: { ...DEMO_SCENARIO.cluster, fargateProfiles: ['fp-default'] } }),
  );
  const hop = await gateway.updateClusterVersion('demo', '1.30');
  await pollUntilDone(gateway, 'demo', hop.id);
  for (const name of ['general', 'spot-workers']) {
    const update = await gateway.updateNodegroupVersion('demo', name, '1.30');
    await pollUntilDone(gateway, 'demo', update.id, { nodegroupName: name });
  }
  return gateway;
}

describe('Class: SimulatedClusterGateway, Fargate pods and the control plane', () => {
  it('refuses the next hop while the Fargate pods still run the previous minor, with EKS’s message', async () => {
    // Prepare
    const gateway = await afterFirstHop();

    // Act
    const error = await rejection(gateway.updateClusterVersion('demo', '1.31'));

    // Assess
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toContain(
      'Kubelet version of Fargate pods must be updated to match cluster version 1.30 before updating cluster version; Please recycle all offending pod replicas (Fargate profiles fp-default run 1.29)',
    );
  });

  it('takes the next hop once the pods were restarted (what the operator does at the Fargate gate)', async () => {
    // Prepare
    const gateway = await afterFirstHop();
    gateway.restartFargatePods('demo');

    // Act
    const update = await gateway.updateClusterVersion('demo', '1.31');

    // Assess
    expect(update).toMatchObject({
      type: 'VersionUpdate',
      status: 'InProgress',
      params: { Version: '1.31' },
    });
  });

  it('lets the first hop go: the pods started on the control plane’s version', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(
      inPlaceScenario({ cluster: { ...DEMO_SCENARIO.cluster, fargateProfiles: ['fp-default'] } }),
    );

    // Act
    const update = await gateway.updateClusterVersion('demo', '1.30');

    // Assess
    expect(update.status).toBe('InProgress');
  });
});
