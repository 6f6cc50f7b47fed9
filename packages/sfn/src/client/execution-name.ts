import { createHash } from 'node:crypto';
import { toStepFunctionsName, type UpgradeRequest } from '@eks-upgrade/core-models';

const HASH_LENGTH = 10;

/** The request's fields in a fixed order, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The execution name of an upgrade request: its `upgradeId` when set, otherwise
 * `<cluster>-<target>-<strategy>-<hash of the request>` made valid for Step Functions (≤80
 * characters). The same request always gives the same name, so a retried start is idempotent;
 * to run the same request again after its execution ended, give it a new `upgradeId`.
 *
 * @example
 * ```ts
 * executionNameForRequest({ clusterName: 'prod', targetVersion: '1.31', strategy: 'in_place' });
 * // 'prod-1.31-in_place-3f9c2a1b7d'
 * ```
 */
export function executionNameForRequest(request: UpgradeRequest): string {
  if (request.upgradeId) return toStepFunctionsName(request.upgradeId);
  const hash = createHash('sha256').update(canonicalJson(request)).digest('hex').slice(0, HASH_LENGTH);
  const readable = toStepFunctionsName(
    `${request.clusterName}-${request.targetVersion}-${request.strategy}`,
    80 - HASH_LENGTH - 1,
  );
  return `${readable}-${hash}`;
}
