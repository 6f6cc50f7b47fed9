import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { AWSServiceError, jsonEqual, type TrafficRouting } from '@eks-upgrade/core-models';
import {
  fqdn,
  MAX_ROUTE53_WEIGHT,
  pickWeightedPair,
  weightChanges,
  weightsOf,
} from '../aws/route53-weighted-pair.js';
import type {
  ClusterGateway,
  TrafficChangeStatus,
  TrafficReading,
  TrafficWeights,
} from '../cluster-gateway.js';
import type { SimulatedCloudWatch } from './simulated-cloudwatch.js';
import type { SimulatedWorld } from './simulated-eks-state.js';
import { PollCountdown } from './virtual-clock.js';

/** The Route 53 operations of the simulated gateway. */
export type SimulatedRoute53Operations = Pick<
  ClusterGateway,
  'getTrafficWeights' | 'readTrafficRecords' | 'setTrafficWeights' | 'getTrafficChangeStatus'
>;

/**
 * The canonical hosted zone of Application Load Balancers in us-east-1, which an alias to an
 * ALB names ("Elastic Load Balancing endpoints and quotas",
 * https://docs.aws.amazon.com/general/latest/gr/elb.html).
 */
const ALB_HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K';

const zoneOf = (hostedZoneId: string) => hostedZoneId.replace(/^\/hostedzone\//, '');

/** A record set's identity in its zone: name, type and set identifier. */
const identity = (record: ResourceRecordSet) =>
  `${fqdn(record.Name ?? '')}|${record.Type}|${record.SetIdentifier ?? ''}`;

/** Whether two record sets hold the same values, as Route 53 compares them (the name as an FQDN). */
function sameValues(left: ResourceRecordSet, right: ResourceRecordSet): boolean {
  return jsonEqual({ ...left, Name: fqdn(left.Name ?? '') }, { ...right, Name: fqdn(right.Name ?? '') });
}

/** ChangeResourceRecordSets' refusal of a change batch (HTTP 400, nothing applied). */
function invalidChangeBatch(message: string): AWSServiceError {
  return new AWSServiceError(`Route53 ChangeResourceRecordSets failed: InvalidChangeBatch: ${message}`, {
    service: 'Route53',
    operation: 'ChangeResourceRecordSets',
    code: 'InvalidChangeBatch',
    httpStatusCode: 400,
    retryable: false,
  });
}

/**
 * Route 53 hosted zones holding record sets, with the rules Route 53 applies to a change batch
 * (ChangeResourceRecordSets, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html):
 * the batch is applied whole or not at all; UPSERT replaces the whole record set, so a field it
 * does not send (a HealthCheckId, an AliasTarget) is gone afterwards; a CNAME cannot share its
 * name with records of another type nor sit at the zone apex (RFC 1034 §3.6.2; "CNAME record
 * type", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#CNAMEFormat,
 * and "Choosing between alias and non-alias records",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html);
 * an alias record has an AliasTarget and no TTL or values, any other record a TTL and values; a
 * weighted record has a SetIdentifier and a Weight of 0-255 (ResourceRecordSet,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html).
 *
 * The blue/green pair goes through the same code as on AWS (read the record sets once, DELETE
 * each as read and CREATE it with its new weight, in one batch; a DELETE whose values no longer
 * match refuses the whole batch). A change is `PENDING` until every Route 53 DNS server has it, then
 * `INSYNC` (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html): here
 * after `timing.changePolls` GetChange calls of it (each advances the clock a `secondsPerPoll`).
 * The traffic a side carries is what `unhealthy_at_weight` failures watch.
 *
 * @example
 * ```ts
 * const changeId = await route53.setTrafficWeights(routing, { blue: 90, green: 10 });
 * await route53.getTrafficChangeStatus(changeId); // 'PENDING'
 * ```
 */
export class SimulatedRoute53 implements SimulatedRoute53Operations {
  private readonly world: SimulatedWorld;
  private readonly alarms: SimulatedCloudWatch;
  /** Record sets by hosted zone id (without `/hostedzone/`). */
  private readonly zones = new Map<string, ResourceRecordSet[]>();
  /** Zone apex names by hosted zone id, when the scenario gives them. */
  private readonly apexes = new Map<string, string>();
  private readonly changes = new Map<string, PollCountdown>();
  private counter = 0;

  constructor(world: SimulatedWorld, alarms: SimulatedCloudWatch) {
    this.world = world;
    this.alarms = alarms;
    const { scenario } = world;
    const routing = scenario.request.trafficRouting;
    if (!routing) return;
    const zone = zoneOf(routing.hostedZoneId);
    if (scenario.traffic.zoneName) this.apexes.set(zone, fqdn(scenario.traffic.zoneName));
    // Green's record may be named only by the workload gate's approval (it exists once workloads
    // are deployed); the scenario's approval then says which record green has.
    const known = {
      blue: routing.blue,
      green: routing.green ?? scenario.gates.find((gate) => gate.trafficTarget)?.trafficTarget,
    };
    const side = (which: 'blue' | 'green', weight: number): ResourceRecordSet[] => {
      const named = known[which];
      if (!named) return [];
      const type = scenario.traffic.recordType ?? 'CNAME';
      const target = named.target ?? `${named.setIdentifier}.ingress.example.com`;
      const healthCheckId = scenario.traffic.healthCheckIds?.[which];
      return [
        {
          Name: fqdn(routing.recordName),
          Type: type,
          SetIdentifier: named.setIdentifier,
          Weight: weight,
          ...(type === 'CNAME'
            ? { TTL: routing.ttlSeconds, ResourceRecords: [{ Value: target }] }
            : {
                AliasTarget: {
                  HostedZoneId: ALB_HOSTED_ZONE_ID,
                  DNSName: target,
                  EvaluateTargetHealth: scenario.traffic.evaluateTargetHealth ?? true,
                },
              }),
          ...(healthCheckId ? { HealthCheckId: healthCheckId } : {}),
        },
      ];
    };
    this.zones.set(zone, []);
    this.applyChanges(
      zone,
      [...side('blue', scenario.traffic.blueWeight), ...side('green', scenario.traffic.greenWeight)].map(
        (record) => ({ Action: 'CREATE', ResourceRecordSet: record }),
      ),
    );
  }

  /** ListResourceRecordSets of a zone, all pages: its record sets as Route 53 holds them. */
  listResourceRecordSets(hostedZoneId: string): ResourceRecordSet[] {
    return structuredClone(this.zones.get(zoneOf(hostedZoneId)) ?? []);
  }

  /**
   * ChangeResourceRecordSets: applies the batch whole, or refuses it (InvalidChangeBatch) and
   * changes nothing. Returns the change id.
   */
  changeResourceRecordSets(hostedZoneId: string, changes: readonly Change[]): string {
    const zone = zoneOf(hostedZoneId);
    if (!this.zones.has(zone)) {
      throw new AWSServiceError(
        `Route53 ChangeResourceRecordSets failed: NoSuchHostedZone: No hosted zone found with ID: ${zone}`,
        {
          service: 'Route53',
          operation: 'ChangeResourceRecordSets',
          code: 'NoSuchHostedZone',
          httpStatusCode: 404,
          retryable: false,
        },
      );
    }
    this.applyChanges(zone, changes);
    this.counter += 1;
    const changeId = `/change/C${String(this.counter).padStart(12, '0')}`;
    this.changes.set(changeId, new PollCountdown(this.world.scenario.timing.changePolls));
    return changeId;
  }

  private applyChanges(zone: string, changes: readonly Change[]): void {
    const records = new Map((this.zones.get(zone) ?? []).map((record) => [identity(record), record]));
    for (const { Action, ResourceRecordSet: record } of changes) {
      if (!record) throw invalidChangeBatch('a change has no ResourceRecordSet');
      checkRecordSet(record);
      const key = identity(record);
      if (Action === 'CREATE' && records.has(key)) {
        throw invalidChangeBatch(
          `Tried to create resource record set [name='${record.Name}', type='${record.Type}', set-identifier='${record.SetIdentifier}'] but it already exists`,
        );
      }
      if (Action === 'DELETE') {
        const current = records.get(key);
        if (!current) {
          throw invalidChangeBatch(
            `Tried to delete resource record set [name='${record.Name}', type='${record.Type}'] but it was not found`,
          );
        }
        // "To delete a resource record set, you must specify all the same values that you
        // specified when you created it" (ChangeResourceRecordSets).
        if (!sameValues(current, record)) {
          throw invalidChangeBatch(
            `Tried to delete resource record set [name='${record.Name}', type='${record.Type}', set-identifier='${record.SetIdentifier ?? ''}'] but the values provided do not match the current values`,
          );
        }
        records.delete(key);
        continue;
      }
      // CREATE or UPSERT: the record set is exactly what was sent; nothing of the old one is kept.
      records.set(key, structuredClone(record));
    }
    const after = [...records.values()];
    checkNoCnameConflict(after, this.apexes.get(zone));
    this.zones.set(zone, after);
  }

  async getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    return (await this.readTrafficRecords(routing)).weights;
  }

  async readTrafficRecords(routing: TrafficRouting): Promise<TrafficReading> {
    const pair = pickWeightedPair(routing, this.listResourceRecordSets(routing.hostedZoneId));
    return { weights: weightsOf(routing, pair), recordSets: pair };
  }

  async setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
    read?: TrafficReading,
  ): Promise<string> {
    const pair = structuredClone((read ?? (await this.readTrafficRecords(routing))).recordSets);
    const changes = weightChanges(routing, pair, weights);
    // An injected refusal (InvalidChangeBatch, PriorRequestNotComplete, Throttling) applies nothing.
    const toward = towardOf(weightsOf(routing, pair), weights);
    const refused = this.world.failures.route53Refusal(toward);
    if (refused) throw refused;
    this.world.calls.push({
      operation: 'ChangeResourceRecordSets',
      detail: `${routing.recordName} blue=${weights.blue} green=${weights.green}`,
    });
    const changeId = this.changeResourceRecordSets(routing.hostedZoneId, changes);
    const polls = this.world.failures.changePolls(toward, this.world.scenario.timing.changePolls);
    this.changes.set(changeId, new PollCountdown(polls));
    const effects = this.world.failures.atGreenWeight(weights.green);
    for (const alarm of effects.alarms) this.alarms.setState(alarm.name, 'ALARM', alarm.reason);
    const greenName = this.world.scenario.request.greenClusterName;
    const green = greenName ? this.world.clusters.get(greenName) : undefined;
    const issue = effects.greenHealthIssue;
    if (issue && green && !green.info.healthIssues.some((existing) => existing.code === issue.code)) {
      green.info.healthIssues.push(issue);
    }
    return changeId;
  }

  async getTrafficChangeStatus(changeId: string): Promise<TrafficChangeStatus> {
    const id = changeId.startsWith('/change/') ? changeId : `/change/${changeId}`;
    const change = this.changes.get(id);
    if (!change) {
      throw new AWSServiceError(
        'Route53 GetChange failed: NoSuchChange: A change with the specified change ID does not exist.',
        {
          service: 'Route53',
          operation: 'GetChange',
          code: 'NoSuchChange',
          httpStatusCode: 404,
          retryable: false,
        },
      );
    }
    if (change.done) return 'INSYNC';
    this.world.clock.poll();
    return change.poll() ? 'INSYNC' : 'PENDING';
  }
}

/** The side whose share of the traffic a change of weights raises (none when no share moves). */
function towardOf(
  before: TrafficWeights,
  after: { blue: number; green: number },
): 'blue' | 'green' | undefined {
  const greenShare = (blue: number, green: number) => (blue + green === 0 ? 0.5 : green / (blue + green));
  const was = greenShare(before.blue ?? 0, before.green ?? 0);
  const will = greenShare(after.blue, after.green);
  return will > was ? 'green' : will < was ? 'blue' : undefined;
}

/** One record set's own rules (ResourceRecordSet, API reference). */
function checkRecordSet(record: ResourceRecordSet): void {
  const label = `[name='${record.Name}', type='${record.Type}', set-identifier='${record.SetIdentifier ?? ''}']`;
  if (record.AliasTarget) {
    if (record.TTL !== undefined || (record.ResourceRecords?.length ?? 0) > 0) {
      throw invalidChangeBatch(`Alias record ${label} must not have a TTL or ResourceRecords`);
    }
  } else if (record.TTL === undefined || (record.ResourceRecords?.length ?? 0) === 0) {
    throw invalidChangeBatch(`Record ${label} needs a TTL and ResourceRecords, or an AliasTarget`);
  }
  if ((record.SetIdentifier === undefined) !== (record.Weight === undefined)) {
    throw invalidChangeBatch(`Weighted record ${label} needs both a SetIdentifier and a Weight`);
  }
  if (
    record.Weight !== undefined &&
    (!Number.isInteger(record.Weight) || record.Weight < 0 || record.Weight > MAX_ROUTE53_WEIGHT)
  ) {
    throw invalidChangeBatch(`Weight of ${label} must be from 0 to ${MAX_ROUTE53_WEIGHT}`);
  }
}

/**
 * A CNAME may share its name only with other CNAMEs of the same name (weighted ones, told apart
 * by set identifier), and may not be at the zone apex, which holds the SOA and NS records.
 */
function checkNoCnameConflict(records: readonly ResourceRecordSet[], apex: string | undefined): void {
  for (const cname of records.filter((record) => record.Type === 'CNAME')) {
    const name = fqdn(cname.Name ?? '');
    if (name === apex) {
      throw invalidChangeBatch(
        `RRSet of type CNAME with DNS name ${name} is not permitted at apex in zone ${apex}`,
      );
    }
    const other = records.find((record) => fqdn(record.Name ?? '') === name && record.Type !== 'CNAME');
    if (other) {
      throw invalidChangeBatch(
        `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records (${other.Type}) with the same DNS name in zone`,
      );
    }
  }
}
