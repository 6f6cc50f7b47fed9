import { CREATED_RESOURCE_TAG, ExecutionError } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../../gateway/cluster-gateway.js';
import type { StepOutcome } from '../step-kind-module.js';
import { requireCluster } from './start-or-resume.js';

/** The tag naming the blue cluster a green resource was created for. */
export const BLUE_CLUSTER_TAG = 'eks-upgrade:blue-cluster';

/** Tags that mark what eks-upgrade created for a blue/green upgrade. */
export function greenTags(blueClusterName: string): Record<string, string> {
  return { [BLUE_CLUSTER_TAG]: blueClusterName, [CREATED_RESOURCE_TAG.key]: CREATED_RESOURCE_TAG.value };
}

/** Whether tags mark a resource as created by eks-upgrade for green (`CREATED_RESOURCE_TAG`). */
export function carriesGreenRole(tags: Readonly<Record<string, string>> | undefined): boolean {
  return tags?.[CREATED_RESOURCE_TAG.key] === CREATED_RESOURCE_TAG.value;
}

/**
 * Whether a resource carries the green tags eks-upgrade gives what it creates for `blueClusterName`
 * (both of `greenTags`): only such a resource is adopted as green or deleted by a rollback. A
 * cluster of the same name without them belongs to someone else.
 */
export function isGreenOf(
  tags: Readonly<Record<string, string>> | undefined,
  blueClusterName: string,
): boolean {
  return carriesGreenRole(tags) && tags?.[BLUE_CLUSTER_TAG] === blueClusterName;
}

/** AWS reserves the `aws:` tag prefix: such tags come back from Describe calls but cannot be set. */
export function copyableTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {}).filter(([key]) => !key.toLowerCase().startsWith('aws:')),
  );
}

/** The green cluster a bootstrap step adds to must exist and be ACTIVE. */
export async function requireActiveGreen(gateway: ClusterGateway, clusterName: string, what: string) {
  const cluster = await requireCluster(gateway, clusterName);
  if (cluster.status !== 'ACTIVE') {
    throw new ExecutionError(`Cannot ${what}: cluster ${clusterName} is ${cluster.status}, not ACTIVE`, {
      phase: 'execution',
      status: 'PRECONDITION_FAILED',
    });
  }
  return cluster;
}

/**
 * What an existing resource a bootstrap step would create means for the step: still being
 * created → poll it; created at the wanted version → nothing to do (validation judges its
 * health); failed → the step failed; at another version → not ours to touch.
 */
export function existingOutcome(
  base: Pick<StepOutcome, 'clusterName' | 'nodegroupName' | 'addonName'>,
  what: string,
  existing: { status: string; version: string },
  wantedVersion: string,
): StepOutcome {
  if (existing.status === 'CREATING') {
    return { ...base, status: 'in_progress', message: `${what} is already being created` };
  }
  if (existing.status === 'CREATE_FAILED' || existing.status === 'DELETING') {
    return { ...base, status: 'failed', message: `${what} exists but is ${existing.status}` };
  }
  if (existing.version !== wantedVersion) {
    throw new ExecutionError(
      `${what} already exists at ${existing.version}, not the planned ${wantedVersion}; it was not created by this upgrade`,
      { phase: 'execution', status: 'PRECONDITION_FAILED' },
    );
  }
  return {
    ...base,
    status: 'skipped',
    message: `${what} already exists at ${wantedVersion} (${existing.status})`,
  };
}
