import {
  DeleteClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster, eksGreenCluster } from './__fixtures__/aws.js';
import { blueNodegroups, records, weightChangeInput } from './__fixtures__/rollback-traffic.js';
import { blueGreenRequest, config, snapshot } from './__fixtures__/snapshots.js';
import { buildRulesPlan } from './reasoning.js';
import { rollbackUpgrade } from './rollback.js';

const eks = mockClient(EKSClient);
const route53 = mockClient(Route53Client);
const NOW = new Date('2026-11-25T12:00:00Z');
const failure = { Error: 'ValidationFailed', Cause: 'cluster unhealthy after cp-1.30' };
const deps = () => awsPhaseDependencies(NOW);
const bgRequest = blueGreenRequest;
const bgPlan = (): UpgradePlan => buildRulesPlan(bgRequest(), snapshot(), { config: config(), now: NOW });

describe("Function: rollbackUpgrade (blue/green, the records' TTL)", () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found', $metadata: {} }));
  });

  it("moves traffic back to 100% blue, then deletes the green cluster once the records' TTL has passed", async () => {
    // Prepare
    records(route53, 50, 50, NOW);
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: eksGreenCluster() });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    blueNodegroups(eks);
    eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ name: 'prod-1-31', status: 'DELETING' }) });

    // Act: a first pass, then one 30 s later (within the 60 s TTL), then one past it.
    const first = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());
    records(route53, 100, 0, NOW);
    const later = (seconds: number, previous: typeof first) =>
      rollbackUpgrade(
        { request: bgRequest(), plan: bgPlan(), failure, previous },
        awsPhaseDependencies(new Date(NOW.getTime() + seconds * 1000)),
      );
    const withinTtl = await later(30, first);
    const pastTtl = await later(61, withinTtl);

    // Assess
    expect(first.success).toBe(true);
    expect(first.actions).toEqual([
      {
        target: 'traffic',
        status: 'undone',
        message: 'Route 53 api.example.com back to 100% prod (was 50% green; change /change/C1)',
        at: NOW.toISOString(),
      },
    ]);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      weightChangeInput({ blue: 50, green: 50 }, { blue: 100, green: 0 }),
    ]);
    const waiting =
      "green-cluster: prod-1-31 is deleted once the records' 60 s TTL has passed since traffic moved back to blue (from 2026-11-25T12:01:00.000Z): resolvers may still send clients to it until then";
    expect(first.pending).toEqual([waiting]);
    expect(withinTtl.pending).toEqual([waiting]);
    expect(eks.commandCalls(DeleteClusterCommand).map((call) => call.args[0].input)).toEqual([
      { name: 'prod-1-31' },
    ]);
    expect(pastTtl.actions.map((action) => [action.target, action.status])).toEqual([
      ['traffic', 'undone'],
      ['green-cluster', 'started'],
    ]);
    expect(pastTtl.notUndone).toEqual([]);
    expect(pastTtl.pending).toEqual(['green-cluster: DeleteCluster prod-1-31 started']);
  });
});
