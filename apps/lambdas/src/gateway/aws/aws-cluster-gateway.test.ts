import { ConfigurationError } from '@eks-upgrade/core-models';
import { describe, expect, it, vi } from 'vitest';
import type { ClusterGateway } from '../cluster-gateway.js';
import type { AlarmOperations } from './aws-cloudwatch-alarms.js';
import { AwsClusterGateway } from './aws-cluster-gateway.js';
import type { EksOperations } from './aws-eks-api.js';
import type { TrafficOperations } from './aws-route53-traffic.js';

const EKS_OPERATIONS = [
  'describeCluster',
  'listNodegroups',
  'listFargateProfiles',
  'listAddons',
  'describeAddonVersions',
  'listInsights',
  'describeClusterVersions',
  'listUpdateIds',
  'describeUpdate',
  'updateClusterVersion',
  'updateAddon',
  'updateNodegroupVersion',
  'createCluster',
  'describeNodegroup',
  'createNodegroup',
  'describeAddon',
  'createAddon',
  'describeFargateProfile',
  'createFargateProfile',
  'deleteFargateProfile',
  'listAccessEntries',
  'createAccessEntry',
  'deleteNodegroup',
  'deleteCluster',
] as const satisfies readonly (keyof EksOperations)[];
const TRAFFIC_OPERATIONS = [
  'getTrafficWeights',
  'setTrafficWeights',
  'getTrafficChangeStatus',
] as const satisfies readonly (keyof TrafficOperations)[];

/** A part whose every method answers with its own name and the part's label. */
function fakePart<T extends object>(label: string, operations: readonly string[]): T {
  return Object.fromEntries(
    operations.map((operation) => [
      operation,
      vi.fn(async (...args: unknown[]) => ({ label, operation, args })),
    ]),
  ) as T;
}

function fakeParts() {
  return {
    eks: fakePart<EksOperations>('eks', EKS_OPERATIONS),
    traffic: fakePart<TrafficOperations>('traffic', TRAFFIC_OPERATIONS),
    alarms: fakePart<AlarmOperations>('alarms', ['describeAlarms']),
  };
}

type AnyCall = (...args: unknown[]) => Promise<unknown>;
const call = (gateway: ClusterGateway, operation: keyof ClusterGateway, ...args: unknown[]) =>
  (gateway[operation] as unknown as AnyCall)(...args);

describe('Class: AwsClusterGateway', () => {
  it('answers every EKS operation from the EKS part, with the arguments as given', async () => {
    // Prepare
    const parts = fakeParts();
    const gateway = new AwsClusterGateway(parts);

    // Act & Assess
    for (const operation of EKS_OPERATIONS) {
      await expect(call(gateway, operation, 'prod', { nodegroupName: 'general' })).resolves.toEqual({
        label: 'eks',
        operation,
        args: ['prod', { nodegroupName: 'general' }],
      });
      expect(parts.eks[operation]).toHaveBeenCalledTimes(1);
    }
    expect(gateway).toBeInstanceOf(AwsClusterGateway);
  });

  it('answers the traffic operations from Route 53 and describeAlarms from CloudWatch', async () => {
    // Prepare
    const parts = fakeParts();
    const gateway = new AwsClusterGateway(parts);

    // Act & Assess
    for (const operation of TRAFFIC_OPERATIONS) {
      await expect(call(gateway, operation, 'change-1')).resolves.toEqual({
        label: 'traffic',
        operation,
        args: ['change-1'],
      });
    }
    await expect(gateway.describeAlarms(['api-5xx'])).resolves.toEqual({
      label: 'alarms',
      operation: 'describeAlarms',
      args: [['api-5xx']],
    });
    for (const operation of EKS_OPERATIONS) expect(parts.eks[operation]).not.toHaveBeenCalled();
  });

  it('keeps `this` of the part, as class-based parts need', async () => {
    // Prepare
    class CountingAlarms implements AlarmOperations {
      private readonly prefix = 'seen';
      async describeAlarms(alarmNames: readonly string[]) {
        return alarmNames.map((name) => ({ name: `${this.prefix}:${name}`, found: true }));
      }
    }
    const gateway = new AwsClusterGateway({ alarms: new CountingAlarms() });

    // Act & Assess
    await expect(gateway.describeAlarms(['a'])).resolves.toEqual([{ name: 'seen:a', found: true }]);
  });

  it('rejects an EKS operation without an EKS part with a ConfigurationError naming EKS', async () => {
    // Prepare
    const gateway = new AwsClusterGateway({});

    // Act & Assess
    for (const operation of EKS_OPERATIONS) {
      const error = await call(gateway, operation, 'prod').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({
        key: 'EKS',
        message: `This cluster gateway has no EKS client, so it cannot ${operation}; pass one as the 'eks' part of the AwsClusterGateway`,
      });
    }
  });

  it('rejects a traffic operation without a Route 53 part, naming Route 53', async () => {
    // Prepare
    const gateway = new AwsClusterGateway({ eks: fakeParts().eks });

    // Act & Assess
    for (const operation of TRAFFIC_OPERATIONS) {
      const error = await call(gateway, operation, 'change-1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({
        key: 'Route 53',
        message: `This cluster gateway has no Route 53 client, so it cannot ${operation}; pass one as the 'traffic' part of the AwsClusterGateway`,
      });
    }
  });

  it('answers describeAlarms([]) with [] without a CloudWatch part, and refuses any name', async () => {
    // Prepare
    const gateway = new AwsClusterGateway({ eks: fakeParts().eks });

    // Act & Assess
    await expect(gateway.describeAlarms([])).resolves.toEqual([]);
    const error = await gateway.describeAlarms(['api-5xx']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      key: 'CloudWatch',
      message:
        "This cluster gateway has no CloudWatch client, so it cannot describeAlarms; pass one as the 'alarms' part of the AwsClusterGateway",
    });
  });
});
