import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, type ScenarioInput, ScenarioSchema } from '../../simulation/scenario.js';
import { SimulatedCloudWatch } from './simulated-cloudwatch.js';
import { SimulatedClusterGateway } from './simulated-cluster-gateway.js';
import { SimulatedRoute53 } from './simulated-route53.js';
import { createSimulatedWorld } from './simulated-world-seed.js';

describe('Class: SimulatedClusterGateway', () => {
  describe('Method: getTrafficChangeStatus', () => {
    it('reports a change PENDING for the configured polls, then INSYNC; an unknown change is NoSuchChange', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({ ...DEMO_SCENARIO, timing: { changePolls: 2 } });

      // Act
      const changeId = await gateway.setTrafficWeights(DEMO_SCENARIO.request.trafficRouting!, {
        blue: 90,
        green: 10,
      });
      const states = [];
      for (let poll = 0; poll < 3; poll += 1) states.push(await gateway.getTrafficChangeStatus(changeId));
      const unknown = await gateway.getTrafficChangeStatus('C999').catch((caught: unknown) => caught);

      // Assess
      expect(states).toEqual(['PENDING', 'INSYNC', 'INSYNC']);
      expect(unknown).toMatchObject({ service: 'Route53', code: 'NoSuchChange' });
    });
  });

  describe('Method: setTrafficWeights', () => {
    it('turns the named alarm to ALARM once green carries the failing weight', async () => {
      // Prepare
      const gateway = new SimulatedClusterGateway({
        ...DEMO_SCENARIO,
        failures: [{ type: 'unhealthy_at_weight', weight: 50, alarmName: 'demo-api-5xx' }],
      });
      const routing = DEMO_SCENARIO.request.trafficRouting!;

      // Act
      await gateway.setTrafficWeights(routing, { blue: 75, green: 25 });
      const before = await gateway.describeAlarms(['demo-api-5xx', 'missing']);
      await gateway.setTrafficWeights(routing, { blue: 50, green: 50 });
      const after = await gateway.describeAlarms(['demo-api-5xx']);

      // Assess
      expect(before).toEqual([
        expect.objectContaining({ name: 'demo-api-5xx', state: 'OK', found: true }),
        { name: 'missing', found: false },
      ]);
      expect(after[0]?.state).toBe('ALARM');
      expect(await gateway.getTrafficWeights(routing)).toEqual({ blue: 50, green: 50 });
    });
  });

  describe('Class: SimulatedRoute53 (Route 53 rules)', () => {
    /** The demo with weighted alias A records at the apex of example.com, each with a health check. */
    const aliasScenario = (traffic: Partial<ScenarioInput['traffic']> = {}): ScenarioInput => ({
      ...DEMO_SCENARIO,
      request: {
        ...DEMO_SCENARIO.request,
        trafficRouting: {
          hostedZoneId: 'Z0DEMO00000001',
          recordName: 'example.com',
          blue: { setIdentifier: 'blue', target: 'blue-alb.us-east-1.elb.amazonaws.com' },
          green: { setIdentifier: 'green', target: 'green-alb.us-east-1.elb.amazonaws.com' },
        },
      },
      traffic: {
        blueWeight: 100,
        greenWeight: 0,
        recordType: 'A',
        zoneName: 'example.com',
        healthCheckIds: { blue: 'hc-blue', green: 'hc-green' },
        ...traffic,
      },
    });
    const route53Of = (input: ScenarioInput) => {
      const world = createSimulatedWorld(ScenarioSchema.parse(input));
      return new SimulatedRoute53(world, new SimulatedCloudWatch(world));
    };
    const apexAlias = (side: 'blue' | 'green', weight: number) => ({
      Name: 'example.com.',
      Type: 'A' as const,
      SetIdentifier: side,
      Weight: weight,
      AliasTarget: {
        HostedZoneId: 'Z35SXDOTRQ7X7K',
        DNSName: `${side}-alb.us-east-1.elb.amazonaws.com`,
        EvaluateTargetHealth: true,
      },
      HealthCheckId: `hc-${side}`,
    });

    it('moves the weights of alias records and keeps everything else of them', async () => {
      // Prepare
      const scenario = aliasScenario();
      const route53 = route53Of(scenario);

      // Act
      await route53.setTrafficWeights(ScenarioSchema.parse(scenario).request.trafficRouting!, {
        blue: 75,
        green: 25,
      });

      // Assess
      expect(route53.listResourceRecordSets('Z0DEMO00000001')).toEqual([
        apexAlias('blue', 75),
        apexAlias('green', 25),
      ]);
    });

    it('refuses a weight change read before someone else changed the records: the whole batch, nothing applied', async () => {
      // Prepare: read at 100/0, then an operator moves 20% to green in between.
      const scenario = aliasScenario();
      const routing = ScenarioSchema.parse(scenario).request.trafficRouting!;
      const route53 = route53Of(scenario);
      const reading = await route53.readTrafficRecords(routing);
      route53.changeResourceRecordSets('Z0DEMO00000001', [
        { Action: 'UPSERT', ResourceRecordSet: apexAlias('blue', 80) },
        { Action: 'UPSERT', ResourceRecordSet: apexAlias('green', 20) },
      ]);

      // Act
      const refused = await route53
        .setTrafficWeights(routing, { blue: 90, green: 10 }, reading)
        .catch((caught: unknown) => caught);
      const fresh = await route53.setTrafficWeights(routing, { blue: 90, green: 10 });

      // Assess
      expect(reading.weights).toEqual({ blue: 100, green: 0 });
      expect(refused).toMatchObject({ code: 'InvalidChangeBatch' });
      expect((refused as Error).message).toMatch(
        /Tried to delete resource record set \[name='example.com.', type='A', set-identifier='blue'\] but the values provided do not match the current values/,
      );
      // a later write from a new read goes through
      expect(fresh).toMatch(/^\/change\//);
      expect(route53.listResourceRecordSets('Z0DEMO00000001')).toEqual([
        apexAlias('blue', 90),
        apexAlias('green', 10),
      ]);
    });

    it('deletes a record set only when every value matches (ChangeResourceRecordSets DELETE)', () => {
      // Prepare
      const route53 = route53Of(aliasScenario());
      const { HealthCheckId: _left, ...withoutHealthCheck } = apexAlias('blue', 100);

      // Act
      const refused = (() => {
        try {
          route53.changeResourceRecordSets('Z0DEMO00000001', [
            { Action: 'DELETE', ResourceRecordSet: withoutHealthCheck },
          ]);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      route53.changeResourceRecordSets('Z0DEMO00000001', [
        { Action: 'DELETE', ResourceRecordSet: { ...apexAlias('blue', 100), Name: 'EXAMPLE.com' } },
      ]);

      // Assess: the name compares as a domain name (case, final dot); the values exactly
      expect(refused).toMatchObject({ code: 'InvalidChangeBatch' });
      expect(route53.listResourceRecordSets('Z0DEMO00000001')).toEqual([apexAlias('green', 0)]);
    });

    it('replaces the whole record set on UPSERT: a health check not sent is gone', () => {
      // Prepare
      const route53 = route53Of(aliasScenario());
      const { HealthCheckId: _dropped, ...withoutHealthCheck } = apexAlias('green', 10);

      // Act
      route53.changeResourceRecordSets('Z0DEMO00000001', [
        { Action: 'UPSERT', ResourceRecordSet: withoutHealthCheck },
      ]);

      // Assess
      expect(route53.listResourceRecordSets('Z0DEMO00000001')).toEqual([
        apexAlias('blue', 100),
        withoutHealthCheck,
      ]);
    });

    it.each([
      [
        'a CNAME beside the alias A records of its name',
        {
          Name: 'example.com',
          Type: 'CNAME' as const,
          TTL: 60,
          ResourceRecords: [{ Value: 'x.example.net' }],
        },
        /CNAME with DNS name example.com. is not permitted at apex/,
      ],
      [
        'a CNAME sharing its name with an A record',
        {
          Name: 'www.example.com',
          Type: 'CNAME' as const,
          SetIdentifier: 'x',
          Weight: 1,
          TTL: 60,
          ResourceRecords: [{ Value: 'x.example.net' }],
        },
        /conflicts with other records \(A\) with the same DNS name/,
        { Name: 'www.example.com', Type: 'A' as const, TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] },
      ],
      [
        'an alias record with a TTL',
        { ...apexAlias('green', 10), TTL: 60 },
        /Alias record .* must not have a TTL or ResourceRecords/,
      ],
      [
        'a plain record without values',
        { Name: 'api.example.com', Type: 'A' as const, TTL: 60 },
        /needs a TTL and ResourceRecords, or an AliasTarget/,
      ],
      [
        'a weighted record without a SetIdentifier',
        {
          Name: 'api.example.com',
          Type: 'A' as const,
          Weight: 10,
          TTL: 60,
          ResourceRecords: [{ Value: '192.0.2.1' }],
        },
        /needs both a SetIdentifier and a Weight/,
      ],
      ['a weight above 255', { ...apexAlias('green', 256) }, /must be from 0 to 255/],
    ])('refuses %s and changes nothing', (_case, record, message, first?: ResourceRecordSet) => {
      // Prepare
      const route53 = route53Of(aliasScenario());
      const before = route53.listResourceRecordSets('Z0DEMO00000001');
      const changes = [
        ...(first ? [{ Action: 'CREATE' as const, ResourceRecordSet: first }] : []),
        { Action: 'UPSERT' as const, ResourceRecordSet: record },
      ];

      // Act
      const act = () => route53.changeResourceRecordSets('Z0DEMO00000001', changes);

      // Assess
      expect(act).toThrow(message);
      expect(route53.listResourceRecordSets('Z0DEMO00000001')).toEqual(before);
    });

    it('keeps existing CNAME scenarios working: weighted CNAMEs coexist by set identifier', async () => {
      // Prepare
      const route53 = route53Of(DEMO_SCENARIO);
      const routing = DEMO_SCENARIO.request.trafficRouting!;

      // Act
      await route53.setTrafficWeights(routing, { blue: 90, green: 10 });

      // Assess
      expect(route53.listResourceRecordSets(routing.hostedZoneId)).toEqual([
        {
          Name: 'app.demo.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'blue',
          Weight: 90,
          TTL: 60,
          ResourceRecords: [{ Value: 'demo-blue.ingress.example.com' }],
        },
        {
          Name: 'app.demo.example.com.',
          Type: 'CNAME',
          SetIdentifier: 'green',
          Weight: 10,
          TTL: 60,
          ResourceRecords: [{ Value: 'demo-green.ingress.example.com' }],
        },
      ]);
    });
  });
});
