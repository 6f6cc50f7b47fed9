import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { ConfigurationError, type TrafficRouting } from '@eks-upgrade/core-models';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { AwsRoute53Traffic } from './aws-route53-traffic.js';

const route53 = mockClient(Route53Client);
const traffic = () => new AwsRoute53Traffic({ client: new Route53Client({ region: 'us-east-1' }) });

/** Weighted alias A records at the zone apex, each with a health check. */
const APEX: TrafficRouting = {
  hostedZoneId: '/hostedzone/Z0SHOP00000001',
  recordName: 'example.com',
  ttlSeconds: 60,
  blue: { setIdentifier: 'blue' },
  green: { setIdentifier: 'green' },
};

const aliasRecord = (
  side: 'blue' | 'green',
  weight: number,
  type: 'A' | 'AAAA' = 'A',
): ResourceRecordSet => ({
  Name: 'example.com.',
  Type: type,
  SetIdentifier: side,
  Weight: weight,
  AliasTarget: {
    HostedZoneId: 'Z35SXDOTRQ7X7K',
    DNSName: `dualstack.${side}-alb-123.us-east-1.elb.amazonaws.com.`,
    EvaluateTargetHealth: side === 'blue',
  },
  HealthCheckId: `hc-${side}`,
});

const cnameRecord = (name: string, side: string, weight: number): ResourceRecordSet => ({
  Name: name,
  Type: 'CNAME',
  SetIdentifier: side,
  Weight: weight,
  TTL: 30,
  ResourceRecords: [{ Value: `${side}.ingress.example.com` }],
});

describe('Class: AwsRoute53Traffic', () => {
  beforeEach(() => route53.reset());

  describe('Method: setTrafficWeights', () => {
    it('deletes the weighted alias records as read and creates them whole with only their weights changed (health check, alias target kept)', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [
          {
            Name: 'example.com.',
            Type: 'NS',
            TTL: 172800,
            ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }],
          },
          aliasRecord('blue', 90),
          aliasRecord('green', 10),
          { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
        ],
        IsTruncated: false,
        MaxItems: 100,
      });
      route53.on(ChangeResourceRecordSetsCommand).resolves({
        ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date('2026-01-05T09:00:00Z') },
      });

      // Act
      const changeId = await traffic().setTrafficWeights(APEX, { blue: 75, green: 25 });

      // Assess
      expect(changeId).toBe('/change/C1');
      expect(route53.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
        { HostedZoneId: 'Z0SHOP00000001', StartRecordName: 'example.com.' },
      ]);
      const changes = route53.commandCalls(ChangeResourceRecordSetsCommand);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.args[0].input).toEqual({
        HostedZoneId: 'Z0SHOP00000001',
        ChangeBatch: {
          Comment: 'eks-upgrade: 25% green / 75% blue',
          // The DELETEs name the records exactly as read: Route 53 refuses the whole batch if
          // either changed since, instead of overwriting the change as an UPSERT would.
          Changes: [
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('blue', 90) },
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('green', 10) },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('blue', 75) },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('green', 25) },
          ],
        },
      });
    });

    it('moves both the A and the AAAA record of a dual-stack side', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [
          aliasRecord('blue', 100),
          aliasRecord('green', 0),
          aliasRecord('blue', 100, 'AAAA'),
          aliasRecord('green', 0, 'AAAA'),
        ],
        IsTruncated: false,
      });
      route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C2' } as never });

      // Act
      await traffic().setTrafficWeights(APEX, { blue: 90, green: 10 });

      // Assess
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
        HostedZoneId: 'Z0SHOP00000001',
        ChangeBatch: {
          Comment: 'eks-upgrade: 10% green / 90% blue',
          Changes: [
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('blue', 100) },
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('blue', 100, 'AAAA') },
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('green', 0) },
            { Action: 'DELETE', ResourceRecordSet: aliasRecord('green', 0, 'AAAA') },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('blue', 90) },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('blue', 90, 'AAAA') },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('green', 10) },
            { Action: 'CREATE', ResourceRecordSet: aliasRecord('green', 10, 'AAAA') },
          ],
        },
      });
    });

    it('writes from a reading without listing the records again (one read per change)', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [aliasRecord('blue', 90), aliasRecord('green', 10)],
        IsTruncated: false,
      });
      route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C3' } as never });

      // Act
      const reading = await traffic().readTrafficRecords(APEX);
      const changeId = await traffic().setTrafficWeights(APEX, { blue: 50, green: 50 }, reading);

      // Assess
      expect(reading).toEqual({
        weights: { blue: 90, green: 10 },
        recordSets: { blue: [aliasRecord('blue', 90)], green: [aliasRecord('green', 10)] },
      });
      expect(changeId).toBe('/change/C3');
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual(
        [
          {
            HostedZoneId: 'Z0SHOP00000001',
            ChangeBatch: {
              Comment: 'eks-upgrade: 50% green / 50% blue',
              Changes: [
                { Action: 'DELETE', ResourceRecordSet: aliasRecord('blue', 90) },
                { Action: 'DELETE', ResourceRecordSet: aliasRecord('green', 10) },
                { Action: 'CREATE', ResourceRecordSet: aliasRecord('blue', 50) },
                { Action: 'CREATE', ResourceRecordSet: aliasRecord('green', 50) },
              ],
            },
          },
        ],
      );
    });

    it.each([
      [
        'a side has no record',
        [aliasRecord('blue', 100)],
        /no weighted A, AAAA or CNAME record example.com with SetIdentifier "green"/,
      ],
      [
        'the sides differ in type',
        [aliasRecord('blue', 100), cnameRecord('example.com.', 'green', 0)],
        /differ in type: blue "blue" is A, green "green" is CNAME/,
      ],
      [
        'a side is not weighted',
        [aliasRecord('blue', 100), { ...aliasRecord('green', 0), Weight: undefined, Failover: 'SECONDARY' }],
        /A "green" is not a weighted record/,
      ],
    ] as const)('refuses to change anything when %s', async (_case, records, message) => {
      // Prepare
      route53
        .on(ListResourceRecordSetsCommand)
        .resolves({ ResourceRecordSets: [...records], IsTruncated: false });

      // Act
      const error = await traffic()
        .setTrafficWeights(APEX, { blue: 50, green: 50 })
        .catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
    });

    it('never weights both records 0 (Route 53 would then split traffic evenly)', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({
        ResourceRecordSets: [aliasRecord('blue', 100), aliasRecord('green', 0)],
        IsTruncated: false,
      });

      // Act
      const error = await traffic()
        .setTrafficWeights(APEX, { blue: 0, green: 0 })
        .catch((caught: unknown) => caught);

      // Assess
      expect((error as Error).message).toMatch(/Refusing to weight both records of example.com 0/);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
    });
  });

  describe('Method: getTrafficWeights', () => {
    it('follows every page from the record name until the listing passes it', async () => {
      // Prepare
      const routing: TrafficRouting = { ...APEX, recordName: 'api.example.com' };
      route53
        .on(ListResourceRecordSetsCommand)
        .resolvesOnce({
          ResourceRecordSets: [cnameRecord('api.example.com.', 'a', 0)],
          IsTruncated: true,
          NextRecordName: 'api.example.com.',
          NextRecordType: 'CNAME',
          NextRecordIdentifier: 'blue',
        })
        .resolvesOnce({
          ResourceRecordSets: [cnameRecord('api.example.com.', 'blue', 60)],
          IsTruncated: true,
          NextRecordName: 'api.example.com.',
          NextRecordType: 'CNAME',
          NextRecordIdentifier: 'green',
        })
        .resolvesOnce({
          ResourceRecordSets: [
            cnameRecord('api.example.com.', 'green', 40),
            cnameRecord('www.example.com.', 'green', 1),
          ],
          IsTruncated: true,
          NextRecordName: 'zz.example.com.',
          NextRecordType: 'A',
        });

      // Act
      const weights = await traffic().getTrafficWeights(routing);

      // Assess
      expect(weights).toEqual({ blue: 60, green: 40 });
      expect(route53.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
        { HostedZoneId: 'Z0SHOP00000001', StartRecordName: 'api.example.com.' },
        {
          HostedZoneId: 'Z0SHOP00000001',
          StartRecordName: 'api.example.com.',
          StartRecordType: 'CNAME',
          StartRecordIdentifier: 'blue',
        },
        {
          HostedZoneId: 'Z0SHOP00000001',
          StartRecordName: 'api.example.com.',
          StartRecordType: 'CNAME',
          StartRecordIdentifier: 'green',
        },
      ]);
    });

    it('reads a missing side as no weight, and a listing failure as a Route 53 error', async () => {
      // Prepare
      route53
        .on(ListResourceRecordSetsCommand)
        .resolvesOnce({ ResourceRecordSets: [aliasRecord('blue', 100)], IsTruncated: false })
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

      // Act
      const weights = await traffic().getTrafficWeights(APEX);
      const error = await traffic()
        .getTrafficWeights(APEX)
        .catch((caught: unknown) => caught);

      // Assess
      expect(weights).toEqual({ blue: 100, green: undefined });
      expect(error).toMatchObject({ service: 'Route53', operation: 'ListResourceRecordSets' });
    });
  });
});
