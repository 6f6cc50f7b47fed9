import { CREATED_RESOURCE_TAG, type PermissionsSettings } from '@eks-upgrade/core-models';
import {
  type IamConditionBlock,
  type IamResource,
  type IamResourceKind,
  iamResourceArn,
} from './aws-gateway-iam.js';

/**
 * Which resources of its kind a grant may act on:
 *
 * - `any`: every resource of the kind in the stack's regions (reads).
 * - `upgradable`: the clusters the stack is configured for, by name (`permissions.clusterNames`)
 *   or by tag (`permissions.clusterTag`, an `aws:ResourceTag` condition), and their node groups,
 *   add-ons and Fargate profiles: the blue cluster an upgrade changes.
 * - `decommissioned`: the same clusters, for deleting blue after a blue/green switch; granted
 *   only to the phases that run `cluster_decommission` (the CLI decides, from the registry).
 * - `created`: only what eks-upgrade created, which carries `CREATED_RESOURCE_TAG`
 *   (`aws:ResourceTag`): the green cluster and what the bootstrap steps add to it.
 * - `creating`: a resource created with `CREATED_RESOURCE_TAG` in the request (`aws:RequestTag`).
 * - `configured`: the hosted zones (`permissions.hostedZoneIds`) or roles
 *   (`permissions.passRoleArns`) the configuration names; none when it names none.
 *
 * Condition keys: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html#amazonelastickubernetesservice-policy-keys
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
 */
export type IamScope = 'any' | 'upgradable' | 'decommissioned' | 'created' | 'creating' | 'configured';

/** What the stack may touch: where and which resources (from `PermissionsSettings`). */
export interface IamScopeTarget {
  readonly partition: string;
  readonly accountId: string;
  /** The regions the clusters live in; every EKS ARN is built once for each. */
  readonly regions: readonly [string, ...string[]];
  readonly permissions: PermissionsSettings;
}

/** The resources one grant's scope resolves to, and the condition they hold under, if any. */
export interface ScopedResources {
  /** The Sid stem of the statements holding them, e.g. `UpgradeTagged`. */
  readonly statement: string;
  readonly resources: readonly string[];
  readonly condition?: IamConditionBlock;
}

/** Route 53 and IAM are global: their ARNs name no region. */
function isGlobal(kind: IamResourceKind): boolean {
  return kind.startsWith('route53-') || kind.startsWith('iam-');
}

function isEks(kind: IamResourceKind): boolean {
  return kind.startsWith('eks-');
}

/**
 * The kind's ARN pattern in the stack's region, or — when the stack may act in several — in
 * any region (`*`) under an `aws:RequestedRegion` condition naming them, which allows exactly
 * the same and keeps the policy within IAM's 10,240-character inline limit
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). Global
 * services (Route 53, IAM) name no region.
 */
function inTheRegions(
  resource: IamResource,
  target: IamScopeTarget,
): { patterns: string[]; condition?: IamConditionBlock } {
  const global = resource.kind !== 'any' && isGlobal(resource.kind);
  const several = target.regions.length > 1 && !global;
  const region = several ? '*' : target.regions[0];
  const pattern = iamResourceArn(resource, {
    partition: target.partition,
    accountId: target.accountId,
    region,
  });
  return several
    ? { patterns: [pattern], condition: { StringEquals: { 'aws:RequestedRegion': [...target.regions] } } }
    : { patterns: [pattern] };
}

/** Two condition blocks as one (all must hold). */
function both(
  left: IamConditionBlock | undefined,
  right: IamConditionBlock | undefined,
): IamConditionBlock | undefined {
  if (!left) return right;
  if (!right) return left;
  const merged: Record<string, Record<string, string | readonly string[]>> = {};
  for (const block of [left, right]) {
    for (const [operator, keys] of Object.entries(block)) merged[operator] = { ...merged[operator], ...keys };
  }
  return merged;
}

function withCondition(
  statement: string,
  resources: string[],
  condition: IamConditionBlock | undefined,
): ScopedResources {
  return condition ? { statement, resources, condition } : { statement, resources };
}

/**
 * The kind's ARN pattern narrowed to one cluster: every EKS resource ARN names its cluster
 * first (`cluster/<name>`, `nodegroup/<cluster>/<name>/<uuid>`, `addon/<cluster>/...`).
 */
function ofCluster(pattern: string, clusterName: string): string {
  return pattern.replace(/^(arn:[^:]+:eks:[^:]*:[^:]*:[a-z-]+\/)\*/, `$1${clusterName}`);
}

function byTag(operator: 'aws:ResourceTag' | 'aws:RequestTag', tag: { key: string; value: string }) {
  return { StringEquals: { [`${operator}/${tag.key}`]: tag.value } };
}

function upgradableClusters(
  resource: IamResource & { kind: IamResourceKind },
  target: IamScopeTarget,
  stem: string,
): ScopedResources[] {
  const { patterns, condition } = inTheRegions(resource, target);
  const { clusterNames, clusterTag } = target.permissions;
  return [
    ...(clusterNames.length === 0
      ? []
      : [
          withCondition(
            stem,
            patterns.flatMap((pattern) => [...new Set(clusterNames)].map((name) => ofCluster(pattern, name))),
            condition,
          ),
        ]),
    withCondition(`${stem}Tagged`, patterns, both(condition, byTag('aws:ResourceTag', clusterTag))),
  ];
}

/**
 * The resources a grant on `resource` under `scope` is authorised on, in the stack's regions,
 * each with the condition it holds under. An empty list: the configuration allows nothing of
 * the kind (no hosted zone or role configured), so the grant is left out.
 *
 * @example
 * ```ts
 * scopedResources({ kind: 'eks-cluster' }, 'upgradable', {
 *   partition: 'aws', accountId: '111122223333', regions: ['eu-west-1'], permissions,
 * });
 * // [{ statement: 'Upgrade', resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod'] },
 * //  { statement: 'UpgradeTagged', resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/*'],
 * //    condition: { StringEquals: { 'aws:ResourceTag/eks-upgrade:managed': 'true' } } }]
 * ```
 */
export function scopedResources(
  resource: IamResource,
  scope: IamScope,
  target: IamScopeTarget,
): ScopedResources[] {
  if (resource.kind === 'any') return [{ statement: 'AccountWide', resources: ['*'] }];
  const kind = resource.kind;
  switch (scope) {
    case 'any': {
      const { patterns, condition } = inTheRegions(resource, target);
      return [withCondition('Read', patterns, condition)];
    }
    case 'upgradable':
    case 'decommissioned':
      if (!isEks(kind)) throw new Error(`scope ${scope} applies to EKS resources only, not ${kind}`);
      return upgradableClusters({ kind }, target, scope === 'upgradable' ? 'Upgrade' : 'Decommission');
    case 'created': {
      const { patterns, condition } = inTheRegions(resource, target);
      return [
        withCondition(
          'CreatedByUpgrade',
          patterns,
          both(condition, byTag('aws:ResourceTag', CREATED_RESOURCE_TAG)),
        ),
      ];
    }
    case 'creating': {
      const { patterns, condition } = inTheRegions(resource, target);
      return [
        withCondition(
          'CreateTagged',
          patterns,
          both(condition, byTag('aws:RequestTag', CREATED_RESOURCE_TAG)),
        ),
      ];
    }
    case 'configured':
      if (kind === 'route53-hosted-zone') {
        const zones = target.permissions.hostedZoneIds.map((id) => id.replace(/^\/hostedzone\//, ''));
        return zones.length === 0
          ? []
          : [
              {
                statement: 'HostedZones',
                resources: [...new Set(zones)].map(
                  (zone) => `arn:${target.partition}:route53:::hostedzone/${zone}`,
                ),
              },
            ];
      }
      if (kind === 'iam-role') {
        const roles = [...new Set(target.permissions.passRoleArns)];
        return roles.length === 0 ? [] : [{ statement: 'ConfiguredRoles', resources: roles }];
      }
      throw new Error(`scope configured applies to hosted zones and roles only, not ${kind}`);
  }
}
