import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Route53ClientConfig,
} from '@aws-sdk/client-route-53';
import { type TrafficRouting, toAWSServiceError } from '@eks-upgrade/core-models';
import type { ClusterGateway, TrafficChangeStatus, TrafficWeights } from '../cluster-gateway.js';

/** The Route 53 half of the cluster gateway. */
export type TrafficOperations = Pick<
  ClusterGateway,
  'getTrafficWeights' | 'setTrafficWeights' | 'getTrafficChangeStatus'
>;

/** Options of `AwsRoute53Traffic`: an injected client or a client configuration, not both. */
export type AwsRoute53TrafficOptions =
  | { region?: string; client?: Route53Client; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: Route53ClientConfig };

const zoneId = (routing: TrafficRouting) => routing.hostedZoneId.replace(/^\/hostedzone\//, '');
const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

/**
 * Blue/green traffic over Route 53 weighted CNAME records: reads both records' weights and
 * UPSERTs both with new weights in one atomic ChangeResourceRecordSets call; GetChange says when
 * the change reached every Route 53 DNS server.
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

  async getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    const name = fqdn(routing.recordName);
    const weights: TrafficWeights = { blue: undefined, green: undefined };
    // The SDK has no paginator for ListResourceRecordSets, so follow NextRecordName by hand.
    try {
      // Records are sorted by name then type; a weighted set spans few records, so start at the name.
      let start: { name?: string; type?: 'CNAME'; identifier?: string } = { name, type: 'CNAME' };
      for (let page = 0; page < 10; page += 1) {
        const response = await this.client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: zoneId(routing),
            StartRecordName: start.name,
            StartRecordType: start.type,
            ...(start.identifier ? { StartRecordIdentifier: start.identifier } : {}),
            MaxItems: 100,
          }),
        );
        let passed = false;
        for (const record of response.ResourceRecordSets ?? []) {
          if (fqdn(record.Name ?? '') !== name || record.Type !== 'CNAME') {
            passed = true;
            continue;
          }
          if (record.SetIdentifier === routing.blue.setIdentifier) weights.blue = record.Weight;
          if (record.SetIdentifier === routing.green.setIdentifier) weights.green = record.Weight;
        }
        if (passed || !response.IsTruncated) break;
        start = {
          name: response.NextRecordName,
          type: response.NextRecordType as 'CNAME',
          identifier: response.NextRecordIdentifier,
        };
      }
      return weights;
    } catch (error) {
      throw toAWSServiceError(error, {
        service: 'Route53',
        operation: 'ListResourceRecordSets',
        action: `read the weighted records ${routing.recordName}`,
      });
    }
  }

  async setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
  ): Promise<string> {
    const record = (side: TrafficRouting['blue'], weight: number) => ({
      Action: 'UPSERT' as const,
      ResourceRecordSet: {
        Name: fqdn(routing.recordName),
        Type: 'CNAME' as const,
        SetIdentifier: side.setIdentifier,
        Weight: weight,
        TTL: routing.ttlSeconds,
        ResourceRecords: [{ Value: side.target }],
      },
    });
    try {
      const response = await this.client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId(routing),
          ChangeBatch: {
            Comment: `eks-upgrade: ${weights.green}% green / ${weights.blue}% blue`,
            Changes: [record(routing.blue, weights.blue), record(routing.green, weights.green)],
          },
        }),
      );
      return response.ChangeInfo?.Id ?? '';
    } catch (error) {
      throw toAWSServiceError(error, {
        service: 'Route53',
        operation: 'ChangeResourceRecordSets',
        action: `set ${routing.recordName} to ${weights.green}% green`,
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
