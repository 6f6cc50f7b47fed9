import {
  DescribeClusterCommand,
  DescribeInsightCommand,
  EKSClient,
  type InsightSummary,
  ListInsightsCommand,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import { ExecutionError, type PlanStep } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster, eksUpdate } from '../../phases/__fixtures__/aws.js';
import { request } from '../../phases/__fixtures__/snapshots.js';
import { executeStep } from '../../phases/execution.js';

const eks = mockClient(EKSClient);
const NOW = new Date('2026-11-25T10:00:00Z');
const hop: PlanStep = {
  id: 'cp-1.30',
  kind: 'control_plane_upgrade',
  description: 'Upgrade the control plane of prod from 1.29 to 1.30',
  clusterName: 'prod',
  fromVersion: '1.29',
  toVersion: '1.30',
};

function insight(id: string, status: string, kubernetesVersion?: string): InsightSummary {
  return {
    id,
    name: `Insight ${id}`,
    category: 'UPGRADE_READINESS',
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    insightStatus: { status: status as 'ERROR', reason: `${id} reason` },
  };
}

describe('Step kind: control_plane_upgrade re-checks the insights before its hop', () => {
  beforeEach(() => {
    eks.reset();
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster() });
    eks.on(UpdateClusterVersionCommand).resolves({ update: eksUpdate('upd-1') });
  });

  it('fails the step before UpdateClusterVersion on an ERROR insight for its version, naming it', async () => {
    // Prepare
    eks.on(ListInsightsCommand).resolves({ insights: [insight('deprecated-apis', 'ERROR', '1.30')] });
    eks.on(DescribeInsightCommand).resolves({
      insight: {
        id: 'deprecated-apis',
        name: 'Deprecated APIs removed in Kubernetes v1.30',
        insightStatus: { status: 'ERROR', reason: 'flowcontrol v1beta2 used by 2 clients' },
        recommendation: 'Move to flowcontrol.apiserver.k8s.io/v1',
      },
    });

    // Act
    const error = await executeStep({ request: request(), step: hop }, awsPhaseDependencies(NOW)).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(ExecutionError.isInstance(error)).toBe(true);
    expect((error as ExecutionError).message).toBe(
      'Cannot upgrade the control plane of prod to 1.30: upgrade insight "Insight deprecated-apis" is ERROR for 1.30: flowcontrol v1beta2 used by 2 clients (Move to flowcontrol.apiserver.k8s.io/v1). Resolve it, refresh the insights (aws eks start-insights-refresh --cluster-name prod) and run the upgrade again',
    );
    expect(eks).toHaveReceivedCommandWith(ListInsightsCommand, {
      clusterName: 'prod',
      filter: { categories: ['UPGRADE_READINESS'] },
    });
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
  });

  it('blocks on a WARNING about the hop version too, the planner rule for versions on the path', async () => {
    // Prepare
    eks.on(ListInsightsCommand).resolves({ insights: [insight('skew', 'WARNING', '1.30')] });
    eks
      .on(DescribeInsightCommand)
      .resolves({ insight: { id: 'skew', insightStatus: { status: 'WARNING' } } });

    // Act
    const error = await executeStep({ request: request(), step: hop }, awsPhaseDependencies(NOW)).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect((error as Error).message).toMatch(/upgrade insight "Insight skew" is WARNING for 1\.30/);
    expect(eks).not.toHaveReceivedCommand(UpdateClusterVersionCommand);
  });

  it('starts the hop when the only non-passing insights concern later versions', async () => {
    // Prepare
    eks.on(ListInsightsCommand).resolves({
      insights: [
        insight('later', 'WARNING', '1.31'),
        insight('later-error', 'ERROR', '1.32'),
        insight('ok', 'PASSING', '1.30'),
      ],
    });
    eks.on(DescribeInsightCommand).resolves({ insight: { insightStatus: { status: 'WARNING' } } });

    // Act
    const result = await executeStep({ request: request(), step: hop }, awsPhaseDependencies(NOW));

    // Assess
    expect(result).toMatchObject({ status: 'in_progress', updateId: 'upd-1' });
    expect(eks).toHaveReceivedCommandTimes(UpdateClusterVersionCommand, 1);
    expect(eks).toHaveReceivedCommandWith(UpdateClusterVersionCommand, { name: 'prod', version: '1.30' });
    expect(eks.commandCalls(UpdateClusterVersionCommand)[0]!.args[0].input).toEqual({
      name: 'prod',
      version: '1.30',
    });
  });

  it('does not read the insights again when the control plane already runs the target (nothing to start)', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster({ version: '1.30' }) });

    // Act
    const result = await executeStep({ request: request(), step: hop }, awsPhaseDependencies(NOW));

    // Assess
    expect(result.status).toBe('skipped');
    expect(eks).not.toHaveReceivedCommand(ListInsightsCommand);
  });
});
