import { AWSServiceError, ValidationError } from '@eks-upgrade/core-models';
import type { TrafficReading } from '../../gateway/cluster-gateway.js';
import { check } from '../shared/checks.js';
import { describeError } from '../shared/rollback-report.js';
import type { RollbackContext, StepKindModule, StepOfKind } from '../step-kind-module.js';
import { sideCapacity } from './side-capacity.js';

/**
 * Puts all traffic back on blue, but only onto a blue that can take it: its cluster serving, none
 * of it being deleted, with nodes, Fargate or Auto Mode to run pods on (`sideCapacity`). A blue
 * being deleted, gone, or being decommissioned gets no traffic: the weights stay as they are (a
 * share blue still has goes to green, when green can serve it), the report says so plainly, and
 * green is marked as serving so that its undo keeps it.
 */
async function trafficBackToBlue(
  steps: readonly StepOfKind<'traffic_shift'>[],
  context: RollbackContext,
): Promise<void> {
  const { gateway, report } = context;
  const last = steps.at(-1)!;
  const routing = context.request.trafficRouting;
  if (!routing) {
    report.act({ target: 'traffic', status: 'not_needed', message: 'No traffic routing in the request' });
    return;
  }
  if (!routing.green) {
    // The workload gate was not approved with a green record (no traffic step could have run).
    report.act({
      target: 'traffic',
      status: 'not_needed',
      message: `Traffic never moved: no green record of ${routing.recordName} was named, so all of it stayed on ${last.blueClusterName}`,
    });
    return;
  }
  // One read per change: the write below DELETEs the records as read, so it fails whole
  // instead of overwriting a change made since (route53-weighted-pair.ts, weightChanges).
  const reading = await gateway.readTrafficRecords(routing);
  const weights = reading.weights;
  if (!weights.green) {
    report.act({
      target: 'traffic',
      status: 'not_needed',
      message: `All traffic already on ${last.blueClusterName}`,
    });
    return;
  }
  const blue = await sideCapacity(gateway, last.blueClusterName);
  if (!blue.serving) {
    context.clustersServingTraffic.add(last.greenClusterName);
    const notBack = `Traffic NOT moved back to ${last.blueClusterName}, which has no capacity (${blue.reason})`;
    if (weights.blue) {
      // Part of the traffic still goes to a blue that cannot serve it: all of it to green, if green can.
      await trafficAllOnGreen(routing, reading, last, notBack, context);
      return;
    }
    report.act({
      target: 'traffic',
      status: 'not_possible',
      message: `${notBack}; it stays ${weights.green}% on ${last.greenClusterName}, and ${last.greenClusterName} is kept`,
    });
    return;
  }
  try {
    const changeId = await gateway.setTrafficWeights(routing, { blue: 100, green: 0 }, reading);
    report.act({
      target: 'traffic',
      status: 'undone',
      message: `Route 53 ${routing.recordName} back to 100% ${last.blueClusterName} (was ${weights.green}% green; change ${changeId})`,
      // Green is deleted only once the records' TTL has passed since (cluster_provision's undo).
      at: context.now.toISOString(),
    });
  } catch (error) {
    // Green still carries its share: its undo keeps it.
    context.clustersServingTraffic.add(last.greenClusterName);
    if (AWSServiceError.isInstance(error) && error.retryable) {
      // Throttled, or a prior change of the zone still running: the workflow's next pass tries again.
      report.pend(
        'traffic',
        `Route 53 did not take the move of ${routing.recordName} back to ${last.blueClusterName} yet (${error.code}), ${last.greenClusterName} kept meanwhile`,
      );
      return;
    }
    report.act({
      target: 'traffic',
      status: 'failed',
      message: `Could not move traffic back to ${last.blueClusterName}, so ${last.greenClusterName} is kept (it still carries ${weights.green} of Route 53 weight against ${weights.blue ?? 0} for ${last.blueClusterName}): ${describeError(error)}`,
    });
  }
}

/** A rollback's answer to a blue without capacity that still has a share: all traffic on green, if green can serve. */
async function trafficAllOnGreen(
  routing: NonNullable<RollbackContext['request']['trafficRouting']>,
  reading: TrafficReading,
  last: StepOfKind<'traffic_shift'>,
  notBack: string,
  { gateway, report }: RollbackContext,
): Promise<void> {
  const { weights } = reading;
  const split = `${weights.green}% on ${last.greenClusterName} and ${weights.blue}% on ${last.blueClusterName}`;
  const green = await sideCapacity(gateway, last.greenClusterName);
  if (!green.serving) {
    report.act({
      target: 'traffic',
      status: 'not_possible',
      message: `${notBack}, nor to ${last.greenClusterName}, which has none either (${green.reason}); it stays ${split}, and ${last.greenClusterName} is kept`,
    });
    return;
  }
  try {
    const changeId = await gateway.setTrafficWeights(routing, { blue: 0, green: 100 }, reading);
    report.act({
      target: 'traffic',
      status: 'not_possible',
      message: `${notBack}; the ${weights.blue}% it still had moved to ${last.greenClusterName} (100% there now, change ${changeId}), and ${last.greenClusterName} is kept`,
    });
  } catch (error) {
    report.act({
      target: 'traffic',
      status: 'failed',
      message: `${notBack}, and moving its ${weights.blue}% to ${last.greenClusterName} failed (it stays ${split}): ${describeError(error)}`,
    });
  }
}

/**
 * `traffic_shift` (blue/green): set the green side's share of the weighted Route 53 records in
 * one ChangeResourceRecordSets, once green has capacity (the step fails, traffic unmoved, when it
 * has none): the records are read once, and the change DELETEs them as read and CREATEs them
 * with the new weights, so Route 53 refuses it whole if they changed in between; validation
 * waits for the change to be INSYNC. Undone by putting all traffic back on blue (one change for
 * all traffic steps) when blue has capacity.
 */
/**
 * The share of traffic a record's Route 53 weight gives it beside the other record's (weights are
 * 0-255 and relative: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html),
 * as a whole percentage; 0 when neither has any weight.
 */
function shareOf(weight: number | undefined, other: number | undefined): number {
  const total = (weight ?? 0) + (other ?? 0);
  return total === 0 ? 0 : Math.round(((weight ?? 0) * 100) / total);
}

export const trafficShift: StepKindModule<'traffic_shift'> = {
  kind: 'traffic_shift',
  example: {
    id: 'traffic-25',
    kind: 'traffic_shift',
    description: 'Shift 25%',
    blueClusterName: 'prod',
    greenClusterName: 'prod-1-31',
    fromWeight: 10,
    toWeight: 25,
  },
  // The Route 53 change takes seconds; the step lasts the bake time it is validated over.
  typicalDurationSeconds: (_step, config) => config.upgrade.bakeTimeSeconds,
  // Users move to the other cluster.
  disruptive: true,
  describe: (step) =>
    `Shift traffic to ${step.toWeight}% on ${step.greenClusterName} (from ${step.fromWeight}%), the rest on ${step.blueClusterName}`,
  operations: {
    execution: [
      'readTrafficRecords',
      'describeCluster',
      'listNodegroups',
      'listFargateProfiles',
      'describeFargateProfile',
      'setTrafficWeights',
    ],
    validation: ['getTrafficChangeStatus'],
    rollback: [
      'readTrafficRecords',
      'describeCluster',
      'listNodegroups',
      'listFargateProfiles',
      'describeFargateProfile',
      'setTrafficWeights',
    ],
  },

  async execute(step, { gateway, request }) {
    const routing = request.trafficRouting;
    if (!routing) {
      throw new ValidationError('Invalid execution input', [
        { path: 'request.trafficRouting', message: 'is required for a traffic_shift step' },
      ]);
    }
    const weights = { blue: 100 - step.toWeight, green: step.toWeight };
    // One read per change: the write uses it, and fails whole if the records changed since.
    const reading = await gateway.readTrafficRecords(routing);
    const current = reading.weights;
    const base = { clusterName: step.greenClusterName };
    if (current.blue === weights.blue && current.green === weights.green) {
      return {
        ...base,
        status: 'skipped',
        message: `Traffic already ${weights.green}% green / ${weights.blue}% blue`,
      };
    }
    // Traffic moves only onto a green that can serve it (nodes, Fargate or Auto Mode).
    const green = await sideCapacity(gateway, step.greenClusterName);
    if (!green.serving) {
      return {
        ...base,
        status: 'failed',
        message: `Traffic not moved to ${step.greenClusterName}: it has no capacity (${green.reason}); the weights stay ${shareOf(current.green, current.blue)}% green / ${shareOf(current.blue, current.green)}% blue`,
      };
    }
    const changeId = await gateway.setTrafficWeights(routing, weights, reading);
    // Validation polls the change (GetChange) until every Route 53 DNS server has it.
    return {
      ...base,
      status: 'in_progress',
      ...(changeId ? { changeId } : {}),
      message: `Route 53 ${routing.recordName}: ${weights.green}% to ${step.greenClusterName}, ${weights.blue}% to ${step.blueClusterName} (change ${changeId})`,
    };
  },

  validation: {
    // Route 53 answers a change PENDING until all its DNS servers have it, then INSYNC.
    // See https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html
    async progress(_step, result, { gateway }) {
      if (!result.changeId) return { state: 'done', checks: [] };
      const status = await gateway.getTrafficChangeStatus(result.changeId);
      if (status === 'INSYNC') {
        return {
          state: 'done',
          checks: [check('traffic-change', 'pass', `Route 53 change ${result.changeId} is INSYNC`)],
        };
      }
      return {
        state: 'running',
        checks: [
          check('traffic-change', 'pending', `Route 53 change ${result.changeId} is ${status}`, {
            expected: 'INSYNC',
            observed: status,
          }),
        ],
      };
    },
    expectedHealth: (step) => ({
      clusterName: step.greenClusterName,
      expectations: {},
      greenWeight: step.toWeight,
    }),
    finalExpectations: () => ({}),
  },

  rollback: { kind: 'undo', target: 'traffic', undo: trafficBackToBlue },
};
