import type { PlanStep } from '@eks-upgrade/core-models';
import { describe, expect, it } from 'vitest';
import { config, request, TRAFFIC_ROUTING } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';
import { DEMO_SCENARIO, type ScenarioInput } from '../../simulation/scenario.js';
import { rejection } from './__fixtures__/scenarios.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';

const GREEN_STEP: PlanStep = {
  id: 'provision-demo-1-31',
  kind: 'cluster_provision',
  description: 'Create green',
  sourceClusterName: 'demo',
  clusterName: 'demo-1-31',
  version: '1.31',
};

function blueScenario(configuration: NonNullable<ScenarioInput['cluster']['configuration']>): ScenarioInput {
  return { ...DEMO_SCENARIO, cluster: { ...DEMO_SCENARIO.cluster, configuration } };
}

async function provisionGreen(gateway: SimulatedClusterGateway): Promise<void> {
  await executeStep(
    {
      request: request({ clusterName: 'demo', strategy: 'blue_green', trafficRouting: TRAFFIC_ROUTING }),
      step: GREEN_STEP,
    },
    { gateway, config: config(), clock: { now: () => new Date('2026-11-25T10:00:00Z') } },
  );
}

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: createCluster (EKS defaults)', () => {
    it('gives a cluster created with nothing but its network the defaults EKS gives, and its own OIDC issuer', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);

      // Act
      await gateway.createCluster({
        name: 'demo-1-31',
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        subnetIds: ['subnet-1'],
        securityGroupIds: [],
      });
      const created = await gateway.describeCluster('demo-1-31');
      const blue = await gateway.describeCluster('demo');

      // Assess
      expect(created?.configuration).toEqual({
        endpointAccess: {
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
          publicAccessCidrs: ['0.0.0.0/0'],
        },
        accessConfig: { authenticationMode: 'CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true },
        upgradePolicy: { supportType: 'EXTENDED' },
        kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: '10.100.0.0/16' },
        logging: {
          clusterLogging: [
            { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false },
          ],
        },
        deletionProtection: false,
      });
      expect(created?.supportType).toBe('EXTENDED');
      expect(created?.oidcIssuer).toMatch(
        /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
      );
      expect(created?.oidcIssuer).not.toBe(blue?.oidcIssuer);
    });

    it('refuses a cluster whose endpoint is neither public nor private (InvalidParameterException)', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);

      // Act
      const error = await rejection(
        gateway.createCluster({
          name: 'demo-1-31',
          version: '1.31',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          subnetIds: ['subnet-1'],
          securityGroupIds: [],
          configuration: { endpointAccess: { endpointPublicAccess: false, endpointPrivateAccess: false } },
        }),
      );

      // Assess
      expect(error.code).toBe('InvalidParameterException');
      expect(await gateway.describeCluster('demo-1-31')).toBeUndefined();
    });
  });

  describe('Step cluster_provision against the simulator (the copy is faithful)', () => {
    it('creates a private-only green from a private-only blue, with every setting of blue', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(
        blueScenario({
          endpointPublicAccess: false,
          endpointPrivateAccess: true,
          authenticationMode: 'CONFIG_MAP',
          secretsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
          logTypes: ['api', 'audit'],
          serviceIpv4Cidr: '172.20.0.0/16',
          zonalShift: true,
          deletionProtection: true,
          autoMode: { nodeRoleArn: 'arn:aws:iam::123456789012:role/auto-node' },
          tags: { team: 'platform' },
        }),
      );
      const blue = await gateway.describeCluster('demo');

      // Act
      await provisionGreen(gateway);
      const green = await gateway.describeCluster('demo-1-31');

      // Assess
      expect(green?.configuration?.endpointAccess).toEqual({
        endpointPublicAccess: false,
        endpointPrivateAccess: true,
      });
      expect(green?.configuration).toEqual({
        ...blue?.configuration,
        // Who may reach green: access entries (and the ConfigMap), not its creator (the tool's role).
        accessConfig: {
          authenticationMode: 'API_AND_CONFIG_MAP',
          bootstrapClusterCreatorAdminPermissions: false,
        },
      });
      expect(green?.supportType).toBe('STANDARD');
      expect(green?.tags).toEqual({
        team: 'platform',
        'eks-upgrade:blue-cluster': 'demo',
        'eks-upgrade:role': 'green',
      });
      expect(green?.oidcIssuer).not.toBe(blue?.oidcIssuer);
    });

    it('keeps a scenario without settings valid: blue public with API_AND_CONFIG_MAP, green the same', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);

      // Act
      await provisionGreen(gateway);
      const green = await gateway.describeCluster('demo-1-31');

      // Assess
      expect(green?.configuration?.endpointAccess).toEqual({
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
        publicAccessCidrs: ['0.0.0.0/0'],
      });
      expect(green?.configuration?.accessConfig).toEqual({
        authenticationMode: 'API_AND_CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: false,
      });
      expect(green?.configuration?.upgradePolicy).toEqual({ supportType: 'STANDARD' });
    });
  });
});
