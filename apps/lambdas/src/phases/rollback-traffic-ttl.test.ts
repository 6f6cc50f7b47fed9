import {
  DeleteClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  ThrottlingException,
} from '@aws-sdk/client-route-53';
import type { RollbackResult, UpgradePlan } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { awsPhaseDependencies, eksCluster, eksGreenCluster } from './__fixtures__/aws.js';
import {
  blueNodegroups,
  changeStatuses,
  records,
  weightChangeInput,
} from './__fixtures__/rollback-traffic.js';
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
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
/** A further pass of the rollback `seconds` after the first, given the pass before it. */
const passAfter = (seconds: number, previous: RollbackResult, count: number) =>
  rollbackUpgrade(
    { request: bgRequest(), plan: bgPlan(), failure, previous, pass: { count, limit: 60 } },
    awsPhaseDependencies(at(seconds)),
  );
const MOVED_BACK = 'Route 53 api.example.com back to 100% prod (was 50% green; change /change/C1)';
const CHANGE_PENDING =
  'traffic: Route 53 change /change/C1 moving traffic back to prod is PENDING, not yet on every Route 53 DNS server';
const GREEN_WAITS_FOR_INSYNC =
  "green-cluster: prod-1-31 is deleted once Route 53 has change /change/C1 (traffic back to blue) INSYNC and the records' 60 s TTL has passed since: resolvers may still send clients to it until then";
const greenWaitsUntil = (until: Date) =>
  `green-cluster: prod-1-31 is deleted once the records' 60 s TTL has passed since traffic moved back to blue (from ${until.toISOString()}): resolvers may still send clients to it until then`;

describe("Function: rollbackUpgrade (blue/green, the records' TTL)", () => {
  beforeEach(() => {
    eks.reset();
    route53.reset();
    eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found', $metadata: {} }));
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: eksCluster() });
    eks.on(DescribeClusterCommand, { name: 'prod-1-31' }).resolves({ cluster: eksGreenCluster() });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    blueNodegroups(eks);
    eks.on(DeleteClusterCommand).resolves({ cluster: eksCluster({ name: 'prod-1-31', status: 'DELETING' }) });
  });

  it("keeps green while Route 53 has the move back PENDING, even once the records' TTL has passed since the call", async () => {
    // Prepare
    records(route53, 50, 50, NOW);
    changeStatuses(route53, 'PENDING');

    // Act: the pass that moves traffic back, then one 61 s later (past the 60 s TTL since the call).
    const first = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());
    records(route53, 100, 0, NOW);
    const pastTtl = await passAfter(61, first, 1);

    // Assess
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      weightChangeInput({ blue: 50, green: 50 }, { blue: 100, green: 0 }),
    ]);
    expect(route53.commandCalls(GetChangeCommand).map((call) => call.args[0].input)).toEqual([
      { Id: 'C1' },
      { Id: 'C1' },
    ]);
    for (const pass of [first, pastTtl]) {
      expect(pass.actions).toEqual([
        { target: 'traffic', status: 'undone', message: MOVED_BACK, changeId: '/change/C1' },
      ]);
      expect(pass.pending).toEqual([CHANGE_PENDING, GREEN_WAITS_FOR_INSYNC]);
      expect(pass.notUndone).toEqual([]);
    }
    expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
  });

  it("deletes green only once the records' TTL has passed since the first pass that saw the move back INSYNC", async () => {
    // Prepare: PENDING at the move back and 30 s later, INSYNC from 61 s on.
    records(route53, 50, 50, NOW);
    changeStatuses(route53, 'PENDING', 'PENDING', 'INSYNC');

    // Act
    const first = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());
    records(route53, 100, 0, NOW);
    const stillPending = await passAfter(30, first, 1);
    const insync = await passAfter(61, stillPending, 2);
    const withinTtlOfInsync = await passAfter(120, insync, 3);
    const pastTtlOfInsync = await passAfter(121, withinTtlOfInsync, 4);

    // Assess
    expect(stillPending.pending).toEqual([CHANGE_PENDING, GREEN_WAITS_FOR_INSYNC]);
    const movedBackInsync = {
      target: 'traffic',
      status: 'undone',
      message: `${MOVED_BACK}; INSYNC at ${at(61).toISOString()}`,
      changeId: '/change/C1',
      at: at(61).toISOString(),
    };
    expect(insync.actions).toEqual([movedBackInsync]);
    expect(insync.pending).toEqual([greenWaitsUntil(at(121))]);
    expect(withinTtlOfInsync.pending).toEqual([greenWaitsUntil(at(121))]);
    // Once INSYNC is seen it is carried on: GetChange is not asked again.
    expect(route53).toHaveReceivedCommandTimes(GetChangeCommand, 3);
    expect(eks.commandCalls(DeleteClusterCommand).map((call) => call.args[0].input)).toEqual([
      { name: 'prod-1-31' },
    ]);
    expect(pastTtlOfInsync.actions).toEqual([
      movedBackInsync,
      { target: 'green-cluster', status: 'started', message: 'DeleteCluster prod-1-31 started' },
    ]);
    expect(pastTtlOfInsync.pending).toEqual(['green-cluster: DeleteCluster prod-1-31 started']);
    expect(pastTtlOfInsync.notUndone).toEqual([]);
  });

  it('counts the move back as made now, and waits a TTL, on the pass run again after one that left no answer', async () => {
    // Prepare: the pass that crashed (Lambda.Unknown) had moved traffic back; its answer is lost.
    records(route53, 100, 0, NOW);
    const rerun = { count: 0, limit: 60, unanswered: 1 };

    // Act: the pass run again, then one past the TTL from it.
    const again = await rollbackUpgrade(
      { request: bgRequest(), plan: bgPlan(), failure, pass: rerun },
      deps(),
    );
    const pastTtl = await rollbackUpgrade(
      { request: bgRequest(), plan: bgPlan(), failure, previous: again, pass: { ...rerun, count: 1 } },
      awsPhaseDependencies(at(60)),
    );

    // Assess
    const countedNow = {
      target: 'traffic',
      status: 'not_needed',
      message: `All traffic already on prod; a pass of this rollback that left no answer may have moved it back, so it counts as moved back at ${NOW.toISOString()} and prod-1-31 is kept for the records' TTL from then`,
      at: NOW.toISOString(),
    };
    expect(again.actions).toEqual([countedNow]);
    expect(again.pending).toEqual([greenWaitsUntil(at(60))]);
    expect(pastTtl.actions).toEqual([
      countedNow,
      { target: 'green-cluster', status: 'started', message: 'DeleteCluster prod-1-31 started' },
    ]);
    expect(eks.commandCalls(DeleteClusterCommand).map((call) => call.args[0].input)).toEqual([
      { name: 'prod-1-31' },
    ]);
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
  });

  it('asks Route 53 about the change an answered pass recorded, on the pass run again after one that left no answer', async () => {
    // Prepare: the first pass answered (moved back, PENDING); the next crashed; INSYNC by the one run again.
    records(route53, 50, 50, NOW);
    changeStatuses(route53, 'PENDING', 'INSYNC');
    const first = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());
    records(route53, 100, 0, NOW);

    // Act
    const again = await rollbackUpgrade(
      {
        request: bgRequest(),
        plan: bgPlan(),
        failure,
        previous: first,
        pass: { count: 1, limit: 60, unanswered: 1 },
      },
      awsPhaseDependencies(at(30)),
    );

    // Assess: the INSYNC the crashed pass may have seen earlier is lost; the TTL counts from this pass's.
    expect(again.actions).toEqual([
      {
        target: 'traffic',
        status: 'undone',
        message: `${MOVED_BACK}; INSYNC at ${at(30).toISOString()}`,
        changeId: '/change/C1',
        at: at(30).toISOString(),
      },
    ]);
    expect(again.pending).toEqual([greenWaitsUntil(at(90))]);
    expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
  });

  it('deletes green at once when traffic never moved and every pass answered', async () => {
    // Prepare: the failure came before any traffic step moved traffic (green's record at 0).
    records(route53, 100, 0, NOW);

    // Act
    const result = await rollbackUpgrade(
      { request: bgRequest(), plan: bgPlan(), failure, pass: { count: 0, limit: 60 } },
      deps(),
    );

    // Assess
    expect(result.actions).toEqual([
      { target: 'traffic', status: 'not_needed', message: 'All traffic already on prod' },
      { target: 'green-cluster', status: 'started', message: 'DeleteCluster prod-1-31 started' },
    ]);
    expect(eks.commandCalls(DeleteClusterCommand).map((call) => call.args[0].input)).toEqual([
      { name: 'prod-1-31' },
    ]);
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
  });

  it('keeps green, and asks again on the next pass, when Route 53 does not answer GetChange', async () => {
    // Prepare
    records(route53, 50, 50, NOW);
    route53
      .on(GetChangeCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));

    // Act
    const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

    // Assess
    expect(result.actions).toEqual([
      { target: 'traffic', status: 'undone', message: MOVED_BACK, changeId: '/change/C1' },
    ]);
    expect(result.pending).toEqual([
      expect.stringMatching(
        /^traffic: Route 53 change \/change\/C1 moving traffic back to prod: its status could not be read \(.*Rate exceeded.*\); asked again on the next pass$/,
      ),
      GREEN_WAITS_FOR_INSYNC,
    ]);
    expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
  });

  it('keeps green when the records cannot be read (where traffic goes is unknown)', async () => {
    // Prepare
    route53
      .on(ListResourceRecordSetsCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));

    // Act
    const result = await rollbackUpgrade({ request: bgRequest(), plan: bgPlan(), failure }, deps());

    // Assess
    expect(result.actions).toEqual([
      {
        target: 'traffic',
        status: 'failed',
        message: expect.stringMatching(/^Could not inspect traffic: .*Rate exceeded/),
      },
    ]);
    expect(result.notUndone).toContain('green-cluster: prod-1-31 kept, as it carries the traffic');
    expect(eks).not.toHaveReceivedCommand(DeleteClusterCommand);
  });
});
