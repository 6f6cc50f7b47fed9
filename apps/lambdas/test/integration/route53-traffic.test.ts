import {
  type Change,
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { TrafficRouting } from '@eks-upgrade/core-models';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsRoute53Traffic } from '../../src/gateway/aws/aws-route53-traffic.js';

declare module 'vitest' {
  // Provided by the workspace's moto global setup (packages/testing/src/moto-global-setup.ts).
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const endpoint = inject('motoEndpoint');
const route53 = new Route53Client({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});
const traffic = () => new AwsRoute53Traffic({ client: route53 });

/** The canonical hosted zone of us-east-1 Application Load Balancers (alias targets name it). */
const ALB_ZONE = 'Z35SXDOTRQ7X7K';

async function createZone(): Promise<string> {
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `traffic-${Date.now()}` }),
  );
  return zone.HostedZone!.Id!.replace('/hostedzone/', '');
}

async function createHealthCheck(side: string): Promise<string> {
  const created = await route53.send(
    new CreateHealthCheckCommand({
      CallerReference: `hc-${side}-${Date.now()}`,
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: `${side}-alb.us-east-1.elb.amazonaws.com`,
        ResourcePath: '/healthz',
        Port: 443,
      },
    }),
  );
  return created.HealthCheck!.Id!;
}

async function change(hostedZoneId: string, changes: Change[]): Promise<void> {
  await route53.send(
    new ChangeResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, ChangeBatch: { Changes: changes } }),
  );
}

const apexAlias = (
  side: string,
  weight: number,
  type: 'A' | 'AAAA',
  healthCheckId?: string,
): ResourceRecordSet => ({
  Name: 'example.com.',
  Type: type,
  SetIdentifier: side,
  Weight: weight,
  AliasTarget: {
    HostedZoneId: ALB_ZONE,
    DNSName: `dualstack.${side}-alb.us-east-1.elb.amazonaws.com.`,
    EvaluateTargetHealth: true,
  },
  ...(healthCheckId ? { HealthCheckId: healthCheckId } : {}),
});

async function listAll(hostedZoneId: string): Promise<ResourceRecordSet[]> {
  const records: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type'] } = {};
  for (;;) {
    const page = await route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, ...start }),
    );
    records.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return records;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType };
  }
}

const routing = (hostedZoneId: string): TrafficRouting => ({
  hostedZoneId,
  recordName: 'example.com',
  ttlSeconds: 60,
  blue: { setIdentifier: 'blue' },
  green: { setIdentifier: 'green' },
});

describe('AwsRoute53Traffic on moto', () => {
  beforeEach(async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    expect(response.ok).toBe(true);
  });

  it('reads weighted alias A records at the zone apex and keeps their health checks across weight changes', async () => {
    // Prepare
    const zone = await createZone();
    const blueCheck = await createHealthCheck('blue');
    const greenCheck = await createHealthCheck('green');
    await change(zone, [
      { Action: 'CREATE', ResourceRecordSet: apexAlias('blue', 100, 'A', blueCheck) },
      { Action: 'CREATE', ResourceRecordSet: apexAlias('green', 0, 'A', greenCheck) },
    ]);

    // Act
    const before = await traffic().getTrafficWeights(routing(zone));
    await traffic().setTrafficWeights(routing(zone), { blue: 90, green: 10 });
    await traffic().setTrafficWeights(routing(zone), { blue: 50, green: 50 });
    const after = await traffic().getTrafficWeights(routing(zone));

    // Assess
    expect(before).toEqual({ blue: 100, green: 0 });
    expect(after).toEqual({ blue: 50, green: 50 });
    const sides = (await listAll(zone)).filter((record) => record.SetIdentifier);
    expect(sides).toHaveLength(2);
    expect(sides).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ...apexAlias('blue', 50, 'A', blueCheck),
          AliasTarget: expect.objectContaining(apexAlias('blue', 50, 'A').AliasTarget),
        }),
        expect.objectContaining({
          ...apexAlias('green', 50, 'A', greenCheck),
          AliasTarget: expect.objectContaining(apexAlias('green', 50, 'A').AliasTarget),
        }),
      ]),
    );
  });

  it("answers the status of a weight change by the id the change returned, as the rollback's wait for INSYNC asks it", async () => {
    // Prepare
    const zone = await createZone();
    await change(zone, [
      { Action: 'CREATE', ResourceRecordSet: apexAlias('blue', 50, 'A') },
      { Action: 'CREATE', ResourceRecordSet: apexAlias('green', 50, 'A') },
    ]);

    // Act
    const changeId = await traffic().setTrafficWeights(routing(zone), { blue: 100, green: 0 });
    const status = await traffic().getTrafficChangeStatus(changeId);

    // Assess: moto applies a change at once, so it is INSYNC by the first GetChange.
    expect(changeId).toMatch(/^\/change\/\S+$/);
    expect(status).toBe('INSYNC');
    expect(await traffic().getTrafficWeights(routing(zone))).toEqual({ blue: 100, green: 0 });
  });

  it('lists past the first page: the pair sits behind a full page of other record sets of its name', async () => {
    // Prepare: ListResourceRecordSets answers at most 300 record sets a page unless MaxItems says
    // otherwise (moto too); 300 weighted A records of the apex come before its AAAA pair.
    const zone = await createZone();
    const pool = Array.from(
      { length: 300 },
      (_, index): Change => ({
        Action: 'CREATE',
        ResourceRecordSet: apexAlias(`pool-${String(index).padStart(3, '0')}`, 1, 'A'),
      }),
    );
    await change(zone, pool);
    await change(zone, [
      { Action: 'CREATE', ResourceRecordSet: apexAlias('blue', 100, 'AAAA') },
      { Action: 'CREATE', ResourceRecordSet: apexAlias('green', 0, 'AAAA') },
    ]);
    const firstPage = await route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'example.com.' }),
    );

    // Act
    const before = await traffic().getTrafficWeights(routing(zone));
    await traffic().setTrafficWeights(routing(zone), { blue: 75, green: 25 });
    const after = await traffic().getTrafficWeights(routing(zone));

    // Assess
    expect(firstPage.IsTruncated).toBe(true);
    expect(firstPage.ResourceRecordSets?.some((record) => record.SetIdentifier === 'blue')).toBe(false);
    expect(before).toEqual({ blue: 100, green: 0 });
    expect(after).toEqual({ blue: 75, green: 25 });
    const pair = (await listAll(zone)).filter((record) => record.Type === 'AAAA');
    expect(pair.map((record) => [record.SetIdentifier, record.Weight])).toEqual([
      ['blue', 75],
      ['green', 25],
    ]);
  });
});
