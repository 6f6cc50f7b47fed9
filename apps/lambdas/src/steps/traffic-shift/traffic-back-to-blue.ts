import { AWSServiceError, type RollbackAction } from '@eks-upgrade/core-models';
import type { TrafficReading } from '../../gateway/cluster-gateway.js';
import { describeError } from '../shared/rollback-report.js';
import type { RollbackContext, StepOfKind } from '../step-kind-module.js';
import { sideCapacity } from './side-capacity.js';

type Routing = NonNullable<RollbackContext['request']['trafficRouting']>;

/**
 * The traffic action an earlier answered pass of this rollback recorded for moving traffic back
 * to blue: its Route 53 change (`changeId`) and, once the wait for the records' TTL began, when
 * (`at`). The workflow hands each pass the one before it (`previous`), so this is how a pass
 * learns what the passes before it saw.
 */
function recordedMoveBack(context: RollbackContext): RollbackAction | undefined {
  return context.earlier
    .filter(
      (action) => action.target === 'traffic' && (action.changeId !== undefined || action.at !== undefined),
    )
    .at(-1);
}

/**
 * Reports a move back to blue whose Route 53 change is known, and whether every Route 53 DNS
 * server has it: `at` is stamped on the first pass that sees the change INSYNC, as resolvers may
 * answer with green until then and for the records' TTL after
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html). Until it is
 * INSYNC the traffic undo is pending and green is kept (cluster_provision's undo waits for `at`).
 */
async function reportMoveBack(
  moved: RollbackAction & { changeId: string },
  blueClusterName: string,
  context: RollbackContext,
): Promise<void> {
  const { gateway, report, now } = context;
  const change = `Route 53 change ${moved.changeId} moving traffic back to ${blueClusterName}`;
  let waiting: string;
  try {
    const status = await gateway.getTrafficChangeStatus(moved.changeId);
    if (status === 'INSYNC') {
      report.act({
        ...moved,
        message: `${moved.message}; INSYNC at ${now.toISOString()}`,
        at: now.toISOString(),
      });
      return;
    }
    waiting = `${change} is ${status}, not yet on every Route 53 DNS server`;
  } catch (error) {
    // Not known to be INSYNC: green is kept, and the next pass asks again.
    waiting = `${change}: its status could not be read (${describeError(error)}); asked again on the next pass`;
  }
  report.act({ ...moved });
  report.pend('traffic', waiting);
}

/**
 * All traffic is on blue: what an earlier pass recorded of the move back is carried on (and its
 * change asked about until INSYNC). With nothing recorded, after a pass of this rollback that left
 * no answer (its function crashed after its calls, or its invocation failed), and green's record
 * there to have had a share, that pass may have just moved it back and its change is unknown:
 * the move counts as made now, so green's deletion still waits the records' TTL. Otherwise no
 * pass of this rollback moved it (each that does records it), so nothing waits.
 */
async function trafficAlreadyOnBlue(
  reading: TrafficReading,
  last: StepOfKind<'traffic_shift'>,
  context: RollbackContext,
): Promise<void> {
  const { report, now } = context;
  const moved = recordedMoveBack(context);
  if (moved?.changeId !== undefined && moved.at === undefined) {
    await reportMoveBack({ ...moved, changeId: moved.changeId }, last.blueClusterName, context);
    return;
  }
  if (moved) {
    report.act({ ...moved });
    return;
  }
  const allOnBlue = `All traffic already on ${last.blueClusterName}`;
  if (context.passLeftNoAnswer && reading.weights.green !== undefined) {
    report.act({
      target: 'traffic',
      status: 'not_needed',
      message: `${allOnBlue}; a pass of this rollback that left no answer may have moved it back, so it counts as moved back at ${now.toISOString()} and ${last.greenClusterName} is kept for the records' TTL from then`,
      at: now.toISOString(),
    });
    return;
  }
  report.act({ target: 'traffic', status: 'not_needed', message: allOnBlue });
}

/**
 * Puts all traffic back on blue, but only onto a blue that can take it: its cluster serving, none
 * of it being deleted, with nodes, Fargate or Auto Mode to run pods on (`sideCapacity`). A blue
 * being deleted, gone, or being decommissioned gets no traffic: the weights stay as they are (a
 * share blue still has goes to green, when green can serve it), the report says so plainly, and
 * green is marked as serving so that its undo keeps it. The move back is followed over the passes
 * until Route 53 has it INSYNC (`reportMoveBack`); green is deleted only the records' TTL after.
 *
 * @example
 * ```ts
 * await trafficBackToBlue(plan.steps.filter((step) => step.kind === 'traffic_shift'), context);
 * context.report.actions; // [{ target: 'traffic', status: 'undone', changeId: '/change/C1', … }]
 * ```
 */
export async function trafficBackToBlue(
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
  let reading: TrafficReading;
  try {
    reading = await gateway.readTrafficRecords(routing);
  } catch (error) {
    // Where traffic goes is unknown: green may still carry some, so its undo keeps it.
    context.clustersServingTraffic.add(last.greenClusterName);
    throw error;
  }
  const weights = reading.weights;
  if (!weights.green) {
    await trafficAlreadyOnBlue(reading, last, context);
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
  let changeId: string;
  try {
    changeId = await gateway.setTrafficWeights(routing, { blue: 100, green: 0 }, reading);
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
    return;
  }
  const movedBack: RollbackAction = {
    target: 'traffic',
    status: 'undone',
    message: `Route 53 ${routing.recordName} back to 100% ${last.blueClusterName} (was ${weights.green}% green; change ${changeId})`,
  };
  if (!changeId) {
    // No change id to ask GetChange about (Route 53 always answers one): the TTL counts from now.
    report.act({ ...movedBack, at: context.now.toISOString() });
    return;
  }
  // Green is deleted only once Route 53 has the change INSYNC and the records' TTL has passed
  // since (cluster_provision's undo).
  await reportMoveBack({ ...movedBack, changeId }, last.blueClusterName, context);
}

/** A rollback's answer to a blue without capacity that still has a share: all traffic on green, if green can serve. */
async function trafficAllOnGreen(
  routing: Routing,
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
