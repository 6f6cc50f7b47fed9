import type { AlarmInfo, ClusterGateway } from '../cluster-gateway.js';
import type { SimulatedWorld } from './simulated-eks-state.js';

/** The CloudWatch operation of the simulated gateway. */
export type SimulatedCloudWatchOperations = Pick<ClusterGateway, 'describeAlarms'>;

/**
 * CloudWatch alarms: the scenario's, in their initial state, plus those its failures name
 * (`alarm_in_alarm` in ALARM from the start; an `unhealthy_at_weight` alarm OK until green
 * carries its weight). DescribeAlarms reports each name asked for; a name no alarm has is not
 * found, as DescribeAlarms leaves it out of its answer
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html).
 *
 * @example
 * ```ts
 * const alarms = new SimulatedCloudWatch(world);
 * await alarms.describeAlarms(['demo-api-5xx']); // [{ name: 'demo-api-5xx', found: true, state: 'OK', ... }]
 * ```
 */
export class SimulatedCloudWatch implements SimulatedCloudWatchOperations {
  private readonly alarms = new Map<string, { state: string; reason: string }>();

  constructor(world: SimulatedWorld) {
    for (const alarm of world.scenario.alarms) {
      this.alarms.set(alarm.name, { state: alarm.state, reason: `Initial state ${alarm.state}` });
    }
    for (const alarm of world.failures.initialAlarms()) {
      // An alarm a failure puts in ALARM is in ALARM; one it only watches keeps a state it has.
      if (alarm.state === 'ALARM' || !this.alarms.has(alarm.name)) {
        this.alarms.set(alarm.name, { state: alarm.state, reason: alarm.reason });
      }
    }
  }

  async describeAlarms(alarmNames: readonly string[]): Promise<AlarmInfo[]> {
    return alarmNames.map((name) => {
      const alarm = this.alarms.get(name);
      return alarm ? { name, found: true, state: alarm.state, reason: alarm.reason } : { name, found: false };
    });
  }

  /** Moves an alarm to a state (the simulated metric crossed its threshold). */
  setState(name: string, state: string, reason: string): void {
    this.alarms.set(name, { state, reason });
  }
}
