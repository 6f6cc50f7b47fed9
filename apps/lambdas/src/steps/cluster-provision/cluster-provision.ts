import { ExecutionError } from '@eks-upgrade/core-models';
import { nothingToPoll } from '../shared/checks.js';
import { advanceClusterDeletion, describeDeletion } from '../shared/cluster-deletion.js';
import { isGreenOf } from '../shared/green-resources.js';
import { describeError } from '../shared/rollback-report.js';
import { requireCluster } from '../shared/start-or-resume.js';
import type { RollbackContext, StepKindModule, StepOfKind } from '../step-kind-module.js';
import { greenClusterSpec } from './green-cluster-spec.js';

/**
 * While resolvers may still answer with green: Route 53 answers with the old weights until its
 * change back to blue is INSYNC on every DNS server
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html), and a resolver
 * then keeps the answer for the records' TTL
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-basic.html#rrsets-values-basic-ttl).
 * The traffic undo records the change and stamps `at` on the first pass that sees it INSYNC (or
 * on the pass that found traffic moved back with no record of when); green is not deleted until
 * the TTL has passed since: what to say while it waits, or `undefined` once it may go.
 */
function trafficTtlWait(context: RollbackContext, green: string): string | undefined {
  const movedBack = [...context.earlier, ...context.report.actions]
    .filter(
      (action) => action.target === 'traffic' && (action.at !== undefined || action.changeId !== undefined),
    )
    .at(-1);
  if (!movedBack) return undefined;
  const ttlSeconds = context.request.trafficRouting?.ttlSeconds ?? 60;
  if (!movedBack.at) {
    return `${green} is deleted once Route 53 has change ${movedBack.changeId} (traffic back to blue) INSYNC and the records' ${ttlSeconds} s TTL has passed since: resolvers may still send clients to it until then`;
  }
  const until = Date.parse(movedBack.at) + ttlSeconds * 1000;
  if (context.now.getTime() >= until) return undefined;
  return `${green} is deleted once the records' ${ttlSeconds} s TTL has passed since traffic moved back to blue (from ${new Date(until).toISOString()}): resolvers may still send clients to it until then`;
}

/**
 * Moves the green cluster's deletion on without waiting (node groups and Fargate profiles first,
 * as EKS requires; its add-ons go with it), unless it still carries traffic; the deletion is
 * pending until a pass finds the cluster gone.
 */
async function removeGreen(step: StepOfKind<'cluster_provision'>, context: RollbackContext): Promise<void> {
  const { gateway, report } = context;
  const green = step.clusterName;
  if (context.clustersServingTraffic.has(green)) {
    report.notUndone.push(`green-cluster: ${green} kept, as it carries the traffic`);
    return;
  }
  const cluster = await gateway.describeCluster(green);
  if (!cluster) {
    report.act({
      target: 'green-cluster',
      status: 'not_needed',
      message: `Green cluster ${green} does not exist`,
    });
    return;
  }
  // Execution adopts only a cluster carrying this upgrade's green tags; one without them is
  // someone else's (created under the same name before or meanwhile) and is never deleted.
  if (!isGreenOf(cluster.tags, step.sourceClusterName)) {
    report.act({
      target: 'green-cluster',
      status: 'not_needed',
      message: `Cluster ${green} was not created by eks-upgrade for ${step.sourceClusterName} (it lacks the eks-upgrade:role=green and eks-upgrade:blue-cluster=${step.sourceClusterName} tags): left as it is`,
    });
    return;
  }
  const ttlWait = trafficTtlWait(context, green);
  if (ttlWait) {
    report.pend('green-cluster', ttlWait);
    return;
  }
  try {
    const progress = await advanceClusterDeletion(gateway, green);
    if (progress.state === 'cluster_delete_refused') {
      report.act({ target: 'green-cluster', status: 'failed', message: describeDeletion(green, progress) });
      report.notUndone.push(`green-cluster: ${green} is left; delete it once EKS accepts DeleteCluster`);
      return;
    }
    // Gone only once EKS deleted its node groups, Fargate profiles and then itself: pending until
    // a later pass of the rollback (the workflow runs it again) finds it gone.
    const gone = progress.state === 'gone';
    report.act({
      target: 'green-cluster',
      status: gone ? 'undone' : 'started',
      message: describeDeletion(green, progress),
    });
    if (!gone) report.pend('green-cluster', describeDeletion(green, progress));
  } catch (error) {
    report.act({
      target: 'green-cluster',
      status: 'failed',
      message: `Could not delete ${green}: ${describeError(error)}`,
    });
  }
}

/**
 * `cluster_provision` (blue/green): create the green cluster at the target version as a copy of
 * the blue cluster (EKS CreateCluster with every setting `GREEN_CLUSTER_FIELDS` copies). Undone by deleting it, which
 * also undoes the green node groups and add-ons created on it.
 */
export const clusterProvision: StepKindModule<'cluster_provision'> = {
  kind: 'cluster_provision',
  example: {
    id: 'provision-prod-1-31',
    kind: 'cluster_provision',
    description: 'Create green',
    sourceClusterName: 'prod',
    clusterName: 'prod-1-31',
    version: '1.31',
  },
  // CreateCluster until ACTIVE.
  typicalDurationSeconds: () => 15 * 60,
  describe: (step) =>
    `Create the green cluster ${step.clusterName} at ${step.version}, shaped like ${step.sourceClusterName}`,
  operations: {
    execution: ['describeCluster', 'createCluster'],
    // Creation has no update to poll: the health checks wait while the cluster is CREATING.
    validation: [],
    rollback: [
      'describeCluster',
      'listNodegroupNames',
      'describeNodegroup',
      'deleteNodegroup',
      'listFargateProfiles',
      'describeFargateProfile',
      'deleteFargateProfile',
      'deleteCluster',
    ],
  },

  async execute(step, { gateway }) {
    const base = { clusterName: step.clusterName };
    const existing = await gateway.describeCluster(step.clusterName);
    if (existing) {
      if (!isGreenOf(existing.tags, step.sourceClusterName)) {
        throw new ExecutionError(
          `Cluster ${step.clusterName} already exists and was not created by eks-upgrade for ${step.sourceClusterName} (it lacks the eks-upgrade:role=green and eks-upgrade:blue-cluster=${step.sourceClusterName} tags); choose another green cluster name (request greenClusterName)`,
          { phase: 'execution', status: 'PRECONDITION_FAILED' },
        );
      }
      if (existing.version !== step.version) {
        throw new ExecutionError(
          `Cluster ${step.clusterName} already exists at ${existing.version}, not the planned ${step.version}; choose another green cluster name`,
          { phase: 'execution', status: 'PRECONDITION_FAILED' },
        );
      }
      if (existing.status === 'CREATING') {
        return {
          ...base,
          status: 'in_progress',
          message: `Cluster ${step.clusterName} is already being created`,
        };
      }
      return {
        ...base,
        status: 'skipped',
        message: `Cluster ${step.clusterName} already exists (${existing.status})`,
      };
    }
    const source = await requireCluster(gateway, step.sourceClusterName);
    if (!source.roleArn || source.subnetIds.length === 0) {
      throw new ExecutionError(
        `Cluster ${step.sourceClusterName} reports no role or subnets to copy to ${step.clusterName}`,
        { phase: 'execution', status: 'PRECONDITION_FAILED' },
      );
    }
    await gateway.createCluster(
      greenClusterSpec({ ...source, roleArn: source.roleArn }, step.clusterName, step.version),
    );
    return {
      ...base,
      status: 'in_progress',
      message: `CreateCluster ${step.clusterName} at ${step.version} started`,
    };
  },

  validation: {
    progress: async () => nothingToPoll(),
    expectedHealth: (step) => ({
      clusterName: step.clusterName,
      expectations: { clusterVersion: step.version },
    }),
    finalExpectations: () => ({}),
  },

  rollback: {
    kind: 'undo',
    target: 'green-cluster',
    async undo(steps, context) {
      for (const step of [...steps].reverse()) await removeGreen(step, context);
    },
  },
};
