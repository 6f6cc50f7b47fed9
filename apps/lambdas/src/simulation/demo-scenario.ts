import { type Scenario, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';

const DEMO_SCENARIO_INPUT: ScenarioInput = {
  name: 'demo',
  description:
    'Blue/green upgrade of the demo cluster from 1.29 to 1.31: a green cluster at 1.31 with copies of the two node groups and the three add-ons, five traffic steps, then the blue cluster deleted.',
  cluster: {
    name: 'demo',
    version: '1.29',
    platformVersion: 'eks.23',
    nodegroups: [
      { name: 'general', version: '1.29', desiredSize: 3, labels: { workload: 'general' } },
      {
        name: 'spot-workers',
        version: '1.29',
        capacityType: 'SPOT',
        desiredSize: 2,
        instanceTypes: ['m6i.large', 'm5.large'],
        taints: [{ key: 'spot', value: 'true', effect: 'NO_SCHEDULE' }],
      },
    ],
    addons: [
      {
        name: 'vpc-cni',
        version: 'v1.18.3-eksbuild.1',
        serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/demo-vpc-cni',
        configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.18.3-eksbuild.1',
            versions: ['v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1', 'v1.18.3-eksbuild.1'],
          },
          '1.30': {
            defaultVersion: 'v1.18.5-eksbuild.1',
            versions: ['v1.19.2-eksbuild.1', 'v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'],
          },
          '1.31': {
            defaultVersion: 'v1.19.2-eksbuild.1',
            versions: ['v1.19.2-eksbuild.1', 'v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'],
          },
        },
      },
      {
        name: 'coredns',
        version: 'v1.11.1-eksbuild.8',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.11.1-eksbuild.8',
            versions: ['v1.11.1-eksbuild.9', 'v1.11.1-eksbuild.8'],
          },
          '1.30': {
            defaultVersion: 'v1.11.1-eksbuild.9',
            versions: ['v1.11.3-eksbuild.1', 'v1.11.1-eksbuild.9'],
          },
          '1.31': {
            defaultVersion: 'v1.11.3-eksbuild.1',
            versions: ['v1.11.3-eksbuild.2', 'v1.11.3-eksbuild.1'],
          },
        },
      },
      {
        name: 'kube-proxy',
        version: 'v1.29.3-eksbuild.2',
        compatibility: {
          '1.29': {
            defaultVersion: 'v1.29.3-eksbuild.2',
            versions: ['v1.29.7-eksbuild.2', 'v1.29.3-eksbuild.2'],
          },
          '1.30': {
            defaultVersion: 'v1.30.0-eksbuild.3',
            versions: ['v1.30.3-eksbuild.2', 'v1.30.0-eksbuild.3'],
          },
          '1.31': {
            defaultVersion: 'v1.31.0-eksbuild.2',
            versions: ['v1.31.2-eksbuild.3', 'v1.31.0-eksbuild.2'],
          },
        },
      },
    ],
    insights: [
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        name: 'Kubelet version skew',
        kubernetesVersion: '1.30',
        status: 'PASSING',
        reason: 'Node kubelet versions match the cluster version',
      },
    ],
    supportedVersions: [
      { version: '1.29', status: 'EXTENDED_SUPPORT' },
      { version: '1.30', status: 'EXTENDED_SUPPORT' },
      { version: '1.31', status: 'STANDARD_SUPPORT' },
      { version: '1.32', status: 'STANDARD_SUPPORT', isDefault: true },
      { version: '1.33', status: 'STANDARD_SUPPORT' },
    ],
  },
  alarms: [{ name: 'demo-api-5xx', state: 'OK' }],
  request: {
    clusterName: 'demo',
    targetVersion: '1.31',
    strategy: 'blue_green',
    upgradeId: 'demo-1-31',
    greenClusterName: 'demo-1-31',
    trafficRouting: {
      hostedZoneId: 'Z0DEMO00000001',
      recordName: 'app.demo.example.com',
      ttlSeconds: 60,
      blue: { setIdentifier: 'blue', target: 'demo-blue.ingress.example.com' },
      green: { setIdentifier: 'green', target: 'demo-green.ingress.example.com' },
    },
    trafficShiftIntervals: [10, 25, 50, 75, 100],
    alarmNames: ['demo-api-5xx'],
  },
};

/**
 * The built-in rehearsal: blue/green upgrade of the `demo` cluster from 1.29 to 1.31: the green
 * cluster `demo-1-31` created at 1.31 with copies of node groups `general` and `spot-workers`
 * and add-ons vpc-cni (with its IRSA role and configuration), coredns and kube-proxy at their
 * default 1.31 versions, traffic shifted 10/25/50/75/100 % through Route 53 weighted records,
 * alarm `demo-api-5xx` watched, then `demo` deleted. No failures; add some to rehearse a rollback.
 *
 * @example
 * ```ts
 * const scenario = ScenarioSchema.parse({
 *   ...DEMO_SCENARIO,
 *   failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }],
 * });
 * ```
 */
export const DEMO_SCENARIO: Scenario = ScenarioSchema.parse(DEMO_SCENARIO_INPUT);
