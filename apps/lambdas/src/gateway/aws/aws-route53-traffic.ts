import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
  type Route53ClientConfig,
  type RRType,
} from '@aws-sdk/client-route-53';
import { ConfigurationError, type TrafficRouting, toAWSServiceError } from '@eks-upgrade/core-models';
import type {
  ClusterGateway,
  TrafficChangeStatus,
  TrafficReading,
  TrafficWeights,
} from '../cluster-gateway.js';
import { fqdn, pickWeightedPair, weightChanges, weightsOf } from './route53-weighted-pair.js';

/** The Route 53 half of the cluster gateway. */
export type TrafficOperations = Pick<
  ClusterGateway,
  'getTrafficWeights' | 'readTrafficRecords' | 'setTrafficWeights' | 'getTrafficChangeStatus'
>;

/** Options of `AwsRoute53Traffic`: an injected client or a client configuration, not both. */
export type AwsRoute53TrafficOptions =
  | { region?: string; client?: Route53Client; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: Route53ClientConfig };

const zoneId = (routing: TrafficRouting) => routing.hostedZoneId.replace(/^\/hostedzone\//, '');

/**
 * Blue/green traffic over a pair of Route 53 weighted records — alias A/AAAA (to an ALB/NLB,
 * also at a zone apex) or CNAME. Reads every record set of the name (all pages) once per change,
 * and changes both sides in one atomic ChangeResourceRecordSets call that DELETEs each record
 * set exactly as read and CREATEs it again with only its weight changed (`weightChanges`): if a
 * record changed since the read, Route 53 refuses the whole batch and nothing moves, where an
 * UPSERT would overwrite the change; GetChange says when the change reached every Route 53 DNS
 * server.
 *
 * @example
 * ```ts
 * const traffic = new AwsRoute53Traffic();
 * await traffic.setTrafficWeights(request.trafficRouting, { blue: 90, green: 10 });
 * ```
 */
export class AwsRoute53Traffic implements TrafficOperations {
  readonly client: Route53Client;

  constructor(options: AwsRoute53TrafficOptions = {}) {
    // Route 53 is global; its endpoint lives in us-east-1.
    this.client =
      options.client ?? new Route53Client({ region: options.region ?? 'us-east-1', ...options.clientConfig });
  }

  /**
   * Every record set of the routing's name. Route 53 lists record sets sorted by name, then
   * type, then set identifier, one page at a time; a truncated page names where the next one
   * starts (NextRecordName/Type/Identifier, ListResourceRecordSets,
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html).
   * The SDK has no paginator for it, so pages are followed by hand until IsTruncated is false
   * or the listing has passed the name.
   */
  private async listRecordSetsOfName(routing: TrafficRouting): Promise<ResourceRecordSet[]> {
    const name = fqdn(routing.recordName);
    const found: ResourceRecordSet[] = [];
    let start: { name?: string; type?: RRType; identifier?: string } = { name };
    for (;;) {
      const response = await this.client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId(routing),
          StartRecordName: start.name,
          ...(start.type ? { StartRecordType: start.type } : {}),
          ...(start.identifier ? { StartRecordIdentifier: start.identifier } : {}),
        }),
      );
      const page = response.ResourceRecordSets ?? [];
      found.push(...page.filter((record) => fqdn(record.Name ?? '') === name));
      const passed = page.some((record) => fqdn(record.Name ?? '') !== name);
      if (passed || !response.IsTruncated) return found;
      const next = {
        name: response.NextRecordName,
        type: response.NextRecordType,
        identifier: response.NextRecordIdentifier,
      };
      if (next.name === start.name && next.type === start.type && next.identifier === start.identifier) {
        // A page that points at itself would loop for ever; Route 53 never answers so.
        throw new Error(
          `ListResourceRecordSets returned the same page again at ${next.name} ${next.type ?? ''}`,
        );
      }
      start = next;
    }
  }

  private async readPair(routing: TrafficRouting) {
    try {
      return pickWeightedPair(routing, await this.listRecordSetsOfName(routing));
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      throw toAWSServiceError(error, {
        service: 'Route53',
        operation: 'ListResourceRecordSets',
        action: `read the weighted records ${routing.recordName}`,
      });
    }
  }

  async getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    return (await this.readTrafficRecords(routing)).weights;
  }

  async readTrafficRecords(routing: TrafficRouting): Promise<TrafficReading> {
    const pair = await this.readPair(routing);
    return { weights: weightsOf(routing, pair), recordSets: pair };
  }

  async setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
    read?: TrafficReading,
  ): Promise<string> {
    const changes = weightChanges(
      routing,
      (read ?? (await this.readTrafficRecords(routing))).recordSets,
      weights,
    );
    try {
      const response = await this.client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId(routing),
          ChangeBatch: {
            Comment: `eks-upgrade: ${weights.green}% green / ${weights.blue}% blue`,
            Changes: changes,
          },
        }),
      );
      return response.ChangeInfo?.Id ?? '';
    } catch (error) {
      // InvalidChangeBatch: typically a record no longer as read (its DELETE matched nothing).
      throw toAWSServiceError(error, {
        service: 'Route53',
        operation: 'ChangeResourceRecordSets',
        action: `set ${routing.recordName} to ${weights.green}% green (from the records as read)`,
      });
    }
  }

  async getTrafficChangeStatus(changeId: string): Promise<TrafficChangeStatus> {
    try {
      // ChangeResourceRecordSets answers `/change/C…`; GetChange takes the bare id too.
      const response = await this.client.send(
        new GetChangeCommand({ Id: changeId.replace(/^\/change\//, '') }),
      );
      return response.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING';
    } catch (error) {
      throw toAWSServiceError(error, {
        service: 'Route53',
        operation: 'GetChange',
        action: `read the status of change ${changeId}`,
      });
    }
  }
}
