import type { StepResult, ValidationCheck } from '@eks-upgrade/core-models';
import type { ClusterGateway } from '../../gateway/cluster-gateway.js';
import type { StepProgress } from '../step-kind-module.js';

/** One validation check. */
export function check(
  name: string,
  status: ValidationCheck['status'],
  message: string,
  extra: Partial<ValidationCheck> = {},
): ValidationCheck {
  return { name, status, message, ...extra };
}

/** Progress of a step with nothing to poll: validation goes on to health at once. */
export function nothingToPoll(): StepProgress {
  return { state: 'done', checks: [] };
}

/**
 * Polls the EKS update a step started (DescribeUpdate): `running` while InProgress, `failed`
 * with EKS's errors (code, message, the resources concerned, and `advice` for the code when a
 * kind gives one) naming the node group or add-on when it ended otherwise than Successful, `done`
 * when it succeeded or the step started none.
 */
export async function updateProgress(
  gateway: ClusterGateway,
  result: StepResult,
  advice?: Readonly<Record<string, string>>,
): Promise<StepProgress> {
  if (!result.updateId) return nothingToPoll();
  const scope = {
    ...(result.nodegroupName ? { nodegroupName: result.nodegroupName } : {}),
    ...(result.addonName ? { addonName: result.addonName } : {}),
  };
  const update = await gateway.describeUpdate(result.clusterName, result.updateId, scope);
  if (update.status === 'InProgress') {
    return {
      state: 'running',
      checks: [
        check('update-status', 'pending', `Update ${update.id} (${update.type}) is in progress`, {
          expected: 'Successful',
          observed: update.status,
        }),
      ],
    };
  }
  if (update.status !== 'Successful') {
    const errors = update.errors
      .map(
        (error) =>
          `${error.code}: ${error.message}${error.resourceIds?.length ? ` (${error.resourceIds.join(', ')})` : ''}${advice?.[error.code] ? `. ${advice[error.code]}` : ''}`,
      )
      .join('; ');
    // The resource is named: a node group's or add-on's update id alone tells the operator nothing.
    const what = result.nodegroupName
      ? `Node group ${result.nodegroupName}: update`
      : result.addonName
        ? `Add-on ${result.addonName}: update`
        : 'Update';
    return {
      state: 'failed',
      checks: [
        check(
          'update-status',
          'fail',
          `${what} ${update.id} (${update.type}) ended ${update.status}${errors ? `: ${errors}` : ''}`,
          { expected: 'Successful', observed: update.status },
        ),
      ],
    };
  }
  return { state: 'done', checks: [check('update-status', 'pass', `Update ${result.updateId} succeeded`)] };
}
