import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { ConfigurationError, resolveTrafficRouting, type TrafficRouting } from '@eks-upgrade/core-models';
import type { TrafficWeights } from '../cluster-gateway.js';

/**
 * The record types a blue/green side can be: a CNAME (to an ingress host name, never at a zone
 * apex) or an A/AAAA record, usually an alias to an ALB/NLB — the only choice at the apex
 * ("Choosing between alias and non-alias records",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
 */
export const WEIGHTED_RECORD_TYPES: readonly string[] = ['A', 'AAAA', 'CNAME'];

/**
 * Route 53 weights are 0-255 (ResourceRecordSet `Weight`,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html).
 */
export const MAX_ROUTE53_WEIGHT = 255;

/** A name as Route 53 compares it: lower case, with the final dot. */
export const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

/** The blue and green record sets of one weighted name, as Route 53 lists them. */
export interface WeightedRecordPair {
  blue: ResourceRecordSet[];
  green: ResourceRecordSet[];
}

/**
 * Picks the blue and green record sets out of the record sets listed for the routing's name:
 * every A, AAAA or CNAME record set of that name whose SetIdentifier is a side's (a dual-stack
 * side has an A and an AAAA record with the same identifier). Refuses a side whose record is not
 * weighted (a failover or latency record with that identifier).
 *
 * @example
 * ```ts
 * const pair = pickWeightedPair(routing, listed); // { blue: [A record], green: [A record] }
 * ```
 */
export function pickWeightedPair(
  routing: TrafficRouting,
  records: readonly ResourceRecordSet[],
): WeightedRecordPair {
  const name = fqdn(routing.recordName);
  const ofSide = (setIdentifier: string) =>
    records.filter(
      (record) =>
        fqdn(record.Name ?? '') === name &&
        WEIGHTED_RECORD_TYPES.includes(record.Type ?? '') &&
        record.SetIdentifier === setIdentifier,
    );
  const pair = {
    blue: ofSide(routing.blue.setIdentifier),
    green: ofSide(resolveTrafficRouting(routing).green.setIdentifier),
  };
  for (const record of [...pair.blue, ...pair.green]) {
    if (record.Weight === undefined) {
      throw new ConfigurationError(
        `Route 53 record ${routing.recordName} ${record.Type} "${record.SetIdentifier}" is not a weighted record; blue/green needs weighted records (routing policy "Weighted") for both sides`,
        { key: 'trafficRouting' },
      );
    }
  }
  return pair;
}

const typesOf = (records: readonly ResourceRecordSet[]) =>
  records
    .map((record) => record.Type ?? '')
    .sort()
    .join('+');

/** The weight of one side; its A and AAAA records must agree. */
function sideWeight(routing: TrafficRouting, side: 'blue' | 'green', records: readonly ResourceRecordSet[]) {
  const weights = [...new Set(records.map((record) => record.Weight))];
  if (weights.length > 1) {
    throw new ConfigurationError(
      `The ${side} records of ${routing.recordName} (${typesOf(records)}) have different weights (${weights.join(', ')}); give them the same weight, then run again`,
      { key: 'trafficRouting' },
    );
  }
  return weights[0];
}

/**
 * The weights of a pair; `undefined` for a side without a record. Both sides present must be
 * of the same record type(s), or traffic would flip between an alias and a CNAME answer.
 *
 * @example
 * ```ts
 * weightsOf(routing, pair); // { blue: 90, green: 10 }
 * ```
 */
export function weightsOf(routing: TrafficRouting, pair: WeightedRecordPair): TrafficWeights {
  if (pair.blue.length > 0 && pair.green.length > 0 && typesOf(pair.blue) !== typesOf(pair.green)) {
    throw new ConfigurationError(
      `The weighted records of ${routing.recordName} differ in type: blue "${routing.blue.setIdentifier}" is ${typesOf(pair.blue)}, green "${resolveTrafficRouting(routing).green.setIdentifier}" is ${typesOf(pair.green)}; make both sides the same type (both alias A/AAAA or both CNAME)`,
      { key: 'trafficRouting' },
    );
  }
  return {
    blue: pair.blue.length > 0 ? sideWeight(routing, 'blue', pair.blue) : undefined,
    green: pair.green.length > 0 ? sideWeight(routing, 'green', pair.green) : undefined,
  };
}

/**
 * The change batch that moves a pair to new weights, valid only if the records are still as
 * they were read: each record set of both sides is DELETEd exactly as read and CREATEd again with
 * only `Weight` changed (SetIdentifier, TTL, ResourceRecords, AliasTarget with
 * EvaluateTargetHealth, HealthCheckId and type kept). Route 53 deletes a record set only when
 * every value given matches it ("To delete a resource record set, you must specify all the same
 * values that you specified when you created it") and applies a batch whole or not at all
 * (ChangeResourceRecordSets, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html):
 * so a record changed since the read (a weight an operator moved, a health check attached) fails
 * the whole batch with InvalidChangeBatch and nothing changes. An UPSERT instead replaces the
 * record set whatever it holds, and would silently undo such a change made after the read.
 * Refuses a missing side, sides of different types, and weights that are both 0 (Route 53 then
 * routes to all of them with equal probability, "Values specific for weighted records",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html).
 *
 * @example
 * ```ts
 * const changes = weightChanges(routing, pair, { blue: 75, green: 25 });
 * // [DELETE blue as read, DELETE green as read, CREATE blue at 75, CREATE green at 25]
 * ```
 */
export function weightChanges(
  routing: TrafficRouting,
  pair: WeightedRecordPair,
  weights: { blue: number; green: number },
): Change[] {
  for (const side of ['blue', 'green'] as const) {
    const weight = weights[side];
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_ROUTE53_WEIGHT) {
      throw new ConfigurationError(
        `The ${side} weight ${weight} is not a Route 53 weight (a whole number from 0 to ${MAX_ROUTE53_WEIGHT})`,
      );
    }
    if (pair[side].length === 0) {
      throw new ConfigurationError(
        `Route 53 has no weighted A, AAAA or CNAME record ${routing.recordName} with SetIdentifier "${resolveTrafficRouting(routing)[side].setIdentifier}" in zone ${routing.hostedZoneId} (the ${side} side); create it, then run again`,
        { key: `trafficRouting.${side}.setIdentifier` },
      );
    }
  }
  if (weights.blue === 0 && weights.green === 0) {
    throw new ConfigurationError(
      `Refusing to weight both records of ${routing.recordName} 0: Route 53 would then split traffic evenly`,
    );
  }
  weightsOf(routing, pair);
  const sides = ['blue', 'green'] as const;
  return [
    ...sides.flatMap((side) =>
      pair[side].map((record) => ({ Action: 'DELETE' as const, ResourceRecordSet: structuredClone(record) })),
    ),
    ...sides.flatMap((side) =>
      pair[side].map((record) => ({
        Action: 'CREATE' as const,
        ResourceRecordSet: { ...structuredClone(record), Weight: weights[side] },
      })),
    ),
  ];
}
