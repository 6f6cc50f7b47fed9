import { ValidationError } from '@eks-upgrade/core-models';
import { check } from '../shared/checks.js';
import type { StepKindModule } from '../step-kind-module.js';
import { sideCapacity } from './side-capacity.js';
import { trafficBackToBlue } from './traffic-back-to-blue.js';

/**
 * The share of traffic a record's Route 53 weight gives it beside the other record's (weights are
 * 0-255 and relative: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html),
 * as a whole percentage; 0 when neither has any weight.
 */
function shareOf(weight: number | undefined, other: number | undefined): number {
  const total = (weight ?? 0) + (other ?? 0);
  return total === 0 ? 0 : Math.round(((weight ?? 0) * 100) / total);
}

/**
 * `traffic_shift` (blue/green): set the green side's share of the weighted Route 53 records in
 * one ChangeResourceRecordSets, once green has capacity (the step fails, traffic unmoved, when it
 * has none): the records are read once, and the change DELETEs them as read and CREATEs them
 * with the new weights, so Route 53 refuses it whole if they changed in between; validation
 * waits for the change to be INSYNC. Undone by putting all traffic back on blue (one change for
 * all traffic steps) when blue has capacity, followed until Route 53 has it INSYNC
 * (`trafficBackToBlue`).
 */
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
      // The move back is followed until Route 53 has it INSYNC: the records' TTL counts from then.
      'getTrafficChangeStatus',
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
