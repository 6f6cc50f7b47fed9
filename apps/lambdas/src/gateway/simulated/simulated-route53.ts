import { AWSServiceError, type TrafficRouting } from '@eks-upgrade/core-models';
import type { ClusterGateway, TrafficChangeStatus, TrafficWeights } from '../cluster-gateway.js';
import type { SimulatedCloudWatch } from './simulated-cloudwatch.js';
import type { SimulatedWorld } from './simulated-eks-state.js';
import { PollCountdown } from './virtual-clock.js';

/** The Route 53 operations of the simulated gateway. */
export type SimulatedRoute53Operations = Pick<
  ClusterGateway,
  'getTrafficWeights' | 'setTrafficWeights' | 'getTrafficChangeStatus'
>;

/**
 * Route 53 weighted records of the blue and green sides. ChangeResourceRecordSets returns a
 * change that is `PENDING` until every Route 53 DNS server has it, then `INSYNC`
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html): here after
 * `timing.changePolls` GetChange calls of it, the explicit poll (each advances the clock a
 * `secondsPerPoll`). Reading the weights moves nothing on. Both weighted records are UPSERTed
 * in one change, so the two weights always move together
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html).
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
  private readonly weights = new Map<string, number>();
  private readonly changes = new Map<string, PollCountdown>();
  private counter = 0;

  constructor(world: SimulatedWorld, alarms: SimulatedCloudWatch) {
    this.world = world;
    this.alarms = alarms;
    const { scenario } = world;
    const routing = scenario.request.trafficRouting;
    if (routing) {
      this.weights.set(recordKey(routing, routing.blue.setIdentifier), scenario.traffic.blueWeight);
      this.weights.set(recordKey(routing, routing.green.setIdentifier), scenario.traffic.greenWeight);
    }
  }

  async getTrafficWeights(routing: TrafficRouting): Promise<TrafficWeights> {
    return {
      blue: this.weights.get(recordKey(routing, routing.blue.setIdentifier)),
      green: this.weights.get(recordKey(routing, routing.green.setIdentifier)),
    };
  }

  async setTrafficWeights(
    routing: TrafficRouting,
    weights: { blue: number; green: number },
  ): Promise<string> {
    this.world.calls.push({
      operation: 'ChangeResourceRecordSets',
      detail: `${routing.recordName} blue=${weights.blue} green=${weights.green}`,
    });
    this.weights.set(recordKey(routing, routing.blue.setIdentifier), weights.blue);
    this.weights.set(recordKey(routing, routing.green.setIdentifier), weights.green);
    const effects = this.world.failures.atGreenWeight(weights.green);
    for (const alarm of effects.alarms) this.alarms.setState(alarm.name, 'ALARM', alarm.reason);
    const greenName = this.world.scenario.request.greenClusterName;
    const green = greenName ? this.world.clusters.get(greenName) : undefined;
    const issue = effects.greenHealthIssue;
    if (issue && green && !green.info.healthIssues.some((existing) => existing.code === issue.code)) {
      green.info.healthIssues.push(issue);
    }
    this.counter += 1;
    const changeId = `/change/C${String(this.counter).padStart(12, '0')}`;
    this.changes.set(changeId, new PollCountdown(this.world.scenario.timing.changePolls));
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

/** Records are identified by zone, name (without the final dot) and set identifier. */
function recordKey(routing: TrafficRouting, setIdentifier: string): string {
  return `${routing.hostedZoneId.replace('/hostedzone/', '')}|${routing.recordName.replace(/\.$/, '')}|${setIdentifier}`;
}
