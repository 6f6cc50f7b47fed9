import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import { toAWSServiceError } from '@eks-upgrade/core-models';
import type { AlarmInfo, ClusterGateway } from '../cluster-gateway.js';

/** The CloudWatch half of the cluster gateway. */
export type AlarmOperations = Pick<ClusterGateway, 'describeAlarms'>;

/** Options of `AwsCloudWatchAlarms`: an injected client or a client configuration, not both. */
export type AwsCloudWatchAlarmsOptions =
  | { region?: string; client?: CloudWatchClient; clientConfig?: never }
  | { region?: string; client?: never; clientConfig?: CloudWatchClientConfig };

/** DescribeAlarms takes at most 100 names a call. */
const MAX_NAMES_PER_CALL = 100;

/**
 * CloudWatch alarm states for validation (DescribeAlarms, ≤100 names a call, all pages).
 *
 * @example
 * ```ts
 * const alarms = await new AwsCloudWatchAlarms().describeAlarms(['api-5xx']);
 * alarms.some((alarm) => alarm.state === 'ALARM');
 * ```
 */
export class AwsCloudWatchAlarms implements AlarmOperations {
  readonly client: CloudWatchClient;

  constructor(options: AwsCloudWatchAlarmsOptions = {}) {
    this.client =
      options.client ??
      new CloudWatchClient({
        ...(options.region ? { region: options.region } : {}),
        ...options.clientConfig,
      });
  }

  async describeAlarms(alarmNames: readonly string[]): Promise<AlarmInfo[]> {
    const found = new Map<string, AlarmInfo>();
    try {
      for (let start = 0; start < alarmNames.length; start += MAX_NAMES_PER_CALL) {
        const names = alarmNames.slice(start, start + MAX_NAMES_PER_CALL);
        for await (const page of paginateDescribeAlarms(
          { client: this.client },
          { AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
        )) {
          for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
            if (!alarm.AlarmName) continue;
            found.set(alarm.AlarmName, {
              name: alarm.AlarmName,
              found: true,
              ...(alarm.StateValue ? { state: alarm.StateValue } : {}),
              ...(alarm.StateReason ? { reason: alarm.StateReason } : {}),
            });
          }
        }
      }
    } catch (error) {
      throw toAWSServiceError(error, {
        service: 'CloudWatch',
        operation: 'DescribeAlarms',
        action: `read alarms ${alarmNames.join(', ')}`,
      });
    }
    return alarmNames.map((name) => found.get(name) ?? { name, found: false });
  }
}
