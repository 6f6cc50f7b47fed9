import {
  AccessDeniedException,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeInsightsRefreshCommand,
  EKSClient,
  ListAddonsCommand,
  ListFargateProfilesCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  StartInsightsRefreshCommand,
} from '@aws-sdk/client-eks';
import { createDefaultAgentConfig } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { SimulatedClusterGateway } from '../gateway/simulated/simulated-cluster-gateway.js';
import { DEMO_SCENARIO } from '../simulation/scenario.js';
import { awsGateway, eksCluster } from './__fixtures__/aws.js';
import { request } from './__fixtures__/snapshots.js';
import { INSIGHTS_REFRESH_WAIT, perceiveCluster } from './perception.js';
import { buildRulesPlan } from './reasoning.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');

/** A clock whose waits are recorded, not slept. */
function recordingClock() {
  const waits: number[] = [];
  return { waits, clock: { now: () => NOW, sleep: async (seconds: number) => void waits.push(seconds) } };
}

describe('Perception: insights refreshed before they are read (issue 11 §4)', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
    eks.on(ListInsightsCommand).resolves({ insights: [] });
    eks.on(DescribeClusterVersionsCommand).resolves({
      clusterVersions: [
        { clusterVersion: '1.29', versionStatus: 'STANDARD_SUPPORT' },
        { clusterVersion: '1.30', versionStatus: 'STANDARD_SUPPORT' },
      ],
    });
  });

  it('starts a refresh, waits for it to complete, then reads the insights', async () => {
    // Prepare
    eks.on(StartInsightsRefreshCommand).resolves({ status: 'IN_PROGRESS', message: 'started' });
    eks
      .on(DescribeInsightsRefreshCommand)
      .resolvesOnce({ status: 'IN_PROGRESS' })
      .resolvesOnce({ status: 'COMPLETED', message: 'done' });
    const { waits, clock } = recordingClock();

    // Act
    const snapshot = await perceiveCluster({ request: request() }, { gateway: awsGateway(), clock });

    // Assess
    expect(snapshot.insightsRefresh).toEqual({ status: 'COMPLETED', message: 'done' });
    expect(eks).toHaveReceivedCommandWith(StartInsightsRefreshCommand, { clusterName: 'prod' });
    expect(eks).toHaveReceivedCommandTimes(StartInsightsRefreshCommand, 1);
    expect(eks).toHaveReceivedCommandWith(DescribeInsightsRefreshCommand, { clusterName: 'prod' });
    expect(eks).toHaveReceivedCommandTimes(DescribeInsightsRefreshCommand, 2);
    expect(waits).toEqual([5, 5]);
    // The insights are read once the refresh is over, not before.
    const order = eks.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf('ListInsightsCommand')).toBeGreaterThan(
      order.lastIndexOf('DescribeInsightsRefreshCommand'),
    );
  });

  it('gives up after its bound and says so: the plan warns that the insights may be a day old', async () => {
    // Prepare
    eks.on(StartInsightsRefreshCommand).resolves({ status: 'IN_PROGRESS' });
    eks.on(DescribeInsightsRefreshCommand).resolves({ status: 'IN_PROGRESS' });
    const { waits, clock } = recordingClock();

    // Act
    const snapshot = await perceiveCluster({ request: request() }, { gateway: awsGateway(), clock });
    const plan = buildRulesPlan(request(), snapshot, { config: createDefaultAgentConfig(), now: NOW });

    // Assess
    expect(snapshot.insightsRefresh).toEqual({
      status: 'TIMED_OUT',
      message: 'still IN_PROGRESS after 60 s',
    });
    expect(eks).toHaveReceivedCommandTimes(DescribeInsightsRefreshCommand, INSIGHTS_REFRESH_WAIT.polls);
    expect(waits).toHaveLength(INSIGHTS_REFRESH_WAIT.polls);
    expect(plan.warnings).toContainEqual({
      code: 'INSIGHTS_REFRESH_INCOMPLETE',
      message: expect.stringMatching(
        /^The insights refresh of prod did not finish in time \(still IN_PROGRESS after 60 s\): the upgrade insights may be up to a day old/,
      ),
    });
    expect(plan.blockers.map((blocker) => blocker.code)).not.toContain('INSIGHTS_REFRESH_INCOMPLETE');
  });

  it('reports a refresh EKS ends FAILED as a warning, not silence', async () => {
    // Prepare
    eks.on(StartInsightsRefreshCommand).resolves({ status: 'IN_PROGRESS' });
    eks.on(DescribeInsightsRefreshCommand).resolves({ status: 'FAILED', message: 'Internal failure' });

    // Act
    const snapshot = await perceiveCluster(
      { request: request() },
      { gateway: awsGateway(), clock: recordingClock().clock },
    );
    const plan = buildRulesPlan(request(), snapshot, { config: createDefaultAgentConfig(), now: NOW });

    // Assess
    expect(snapshot.insightsRefresh).toEqual({ status: 'FAILED', message: 'Internal failure' });
    expect(plan.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringContaining('The insights refresh of prod failed (Internal failure)'),
    );
  });

  it('still perceives the cluster when EKS refuses to start a refresh (e.g. no permission)', async () => {
    // Prepare
    eks.on(StartInsightsRefreshCommand).rejects(
      new AccessDeniedException({
        message: 'not authorized: eks:StartInsightsRefresh',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    // Act
    const snapshot = await perceiveCluster(
      { request: request() },
      { gateway: awsGateway(), clock: recordingClock().clock },
    );

    // Assess
    expect(snapshot.insightsRefresh?.status).toBe('NOT_STARTED');
    expect(snapshot.insightsRefresh?.message).toContain('not authorized: eks:StartInsightsRefresh');
    expect(eks).not.toHaveReceivedCommand(DescribeInsightsRefreshCommand);
    expect(eks).toHaveReceivedCommand(ListInsightsCommand);
  });

  it('reads EKS Auto Mode from DescribeCluster computeConfig.enabled, and the plan says EKS replaces those nodes', async () => {
    // Prepare
    eks.on(StartInsightsRefreshCommand).resolves({ status: 'COMPLETED' });
    eks.on(DescribeClusterCommand).resolves({
      cluster: eksCluster({ computeConfig: { enabled: true, nodePools: ['general-purpose', 'system'] } }),
    });

    // Act
    const snapshot = await perceiveCluster(
      { request: request() },
      { gateway: awsGateway(), clock: recordingClock().clock },
    );
    const plan = buildRulesPlan(request(), snapshot, { config: createDefaultAgentConfig(), now: NOW });

    // Assess
    expect(snapshot.autoMode).toBe(true);
    expect(plan.warnings.map((warning) => warning.code)).toContain('AUTO_MODE_NODES');
    expect(plan.steps.filter((step) => step.kind === 'nodegroup_upgrade')).toEqual([]);
  });

  it('completes on the simulated cluster at its first poll, without waiting real time', async () => {
    // Prepare
    const gateway = new SimulatedClusterGateway(DEMO_SCENARIO);
    const before = gateway.now().getTime();

    // Act
    const snapshot = await perceiveCluster(
      { request: DEMO_SCENARIO.request },
      { gateway, clock: { now: () => gateway.now() } },
    );

    // Assess
    expect(snapshot.insightsRefresh).toEqual({ status: 'COMPLETED', message: 'Insights refresh completed' });
    expect(gateway.now().getTime() - before).toBe(DEMO_SCENARIO.timing.secondsPerPoll * 1000);
  });
});
