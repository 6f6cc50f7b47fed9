import { ValidationError } from '@eks-upgrade/core-models';
import type { GatewayOperation } from '../../steps/phase-operations.js';
import { CLOUDWATCH_OPERATION_GRANTS } from './aws-cloudwatch-iam.js';
import { EC2_OPERATION_GRANTS } from './aws-ec2-iam.js';
import { EKS_OPERATION_GRANTS } from './aws-eks-iam.js';
import { POD_IDENTITY_OPERATION_GRANTS } from './aws-eks-pod-identity-iam.js';
import { EKS_TAGGING_OPERATION_GRANTS } from './aws-eks-tagging-iam.js';
import { IAM_IDENTITY_OPERATION_GRANTS } from './aws-iam-identity-iam.js';
import { ROUTE53_OPERATION_GRANTS } from './aws-route53-iam.js';
import type { IamScope } from './iam-scopes.js';

/** An IAM action, `<service prefix>:<action>`, e.g. `eks:DescribeCluster`. */
export type IamAction = `${string}:${string}`;

/** The kinds of resource a gateway grant is scoped to; each has one ARN pattern (`iamResourceArn`). */
export type IamResourceKind =
  | 'eks-cluster'
  | 'eks-nodegroup'
  | 'eks-addon'
  | 'eks-fargateprofile'
  | 'eks-access-entry'
  | 'eks-podidentityassociation'
  | 'iam-oidc-provider'
  | 'iam-role'
  | 'route53-hosted-zone'
  | 'route53-change';

/**
 * What an IAM grant is scoped to: a kind of resource, or every resource (`*`) with the reason no
 * narrower resource will do.
 */
export type IamResource =
  | { readonly kind: IamResourceKind }
  | { readonly kind: 'any'; readonly reason: string };

/**
 * A condition on a single-valued context key (the request carries at most one value, e.g.
 * `iam:PassedToService`): that value must equal `value`.
 */
export interface IamSingleValueCondition {
  /** The condition operator. */
  readonly operator: 'StringEquals';
  /** The condition key, e.g. `iam:PassedToService`; never a multivalued key (`IAM_MULTIVALUED_KEYS`). */
  readonly key: string;
  readonly value: string;
  /** The Sid of the policy statement holding the grants under this condition. */
  readonly statementId: string;
  readonly reason: string;
}

/**
 * The multivalued context keys a declaration may name: the request may carry several values
 * of each (`ArrayOfString` in the Service Authorization Reference), so they take a set operator
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * `aws:TagKeys` is the keys of the tags in the request, e.g. those an UntagResource removes.
 */
export const IAM_MULTIVALUED_KEYS = ['aws:TagKeys'] as const;

/** A multivalued context key (`IAM_MULTIVALUED_KEYS`). */
export type IamMultivaluedKey = (typeof IAM_MULTIVALUED_KEYS)[number];

/**
 * A condition on a multivalued context key: every value the request carries must be one of
 * `values` (`ForAllValues:StringEquals`), and the request must carry the key at all (`Null`
 * false), since ForAllValues also holds for a request without it, which under Allow would grant
 * more than meant (same page as `IAM_MULTIVALUED_KEYS`).
 */
export interface IamMultiValueCondition {
  /** The set operator: each request value must equal one of `values`. */
  readonly operator: 'ForAllValues:StringEquals';
  readonly key: IamMultivaluedKey;
  /** The allowed values, matched literally (no wildcards), each once. */
  readonly values: readonly [string, ...string[]];
  /** The Sid of the policy statement holding the grants under this condition. */
  readonly statementId: string;
  readonly reason: string;
}

/**
 * A condition an IAM grant holds only under, with why it is there: on a single-valued key
 * (`StringEquals`) or on a multivalued one (`ForAllValues:StringEquals`).
 *
 * @example
 * ```ts
 * const onlyTheseTagKeys: IamCondition = {
 *   operator: 'ForAllValues:StringEquals',
 *   key: 'aws:TagKeys',
 *   values: ['eks-upgrade:role', 'eks-upgrade:blue-cluster'],
 *   statementId: 'UntagGreenTagsOnly',
 *   reason: 'promotion removes only the tags eks-upgrade set',
 * };
 * ```
 */
export type IamCondition = IamSingleValueCondition | IamMultiValueCondition;

/** A condition block of a policy statement: operator → key → value(s). */
export type IamConditionBlock = Readonly<
  Record<string, Readonly<Record<string, string | readonly string[]>>>
>;

function isMultivaluedKey(key: string): key is IamMultivaluedKey {
  return (IAM_MULTIVALUED_KEYS as readonly string[]).includes(key);
}

/** What is wrong with a declared condition, if anything (checked again at run time: the
 * declarations are plain data, and a JavaScript caller is not held by the types). */
function conditionIssues(condition: IamCondition): string[] {
  const issues: string[] = [];
  if (!condition.statementId.match(/^[A-Za-z0-9]+$/))
    issues.push(`statementId ${condition.statementId} is not an IAM Sid (letters and digits only)`);
  if (condition.operator === 'StringEquals') {
    if (isMultivaluedKey(condition.key))
      issues.push(`${condition.key} is multivalued: use ForAllValues:StringEquals with values`);
    if (condition.key === '') issues.push('the condition key is empty');
    return issues;
  }
  if (condition.operator !== 'ForAllValues:StringEquals')
    return [...issues, `operator ${String((condition as { operator: unknown }).operator)} is not supported`];
  if (!isMultivaluedKey(condition.key))
    issues.push(`${condition.key} is single-valued: a set operator on it can allow more than meant`);
  if (condition.values.length === 0) issues.push(`no value allowed for ${condition.key}`);
  if (new Set(condition.values).size !== condition.values.length)
    issues.push(`a value of ${condition.key} is listed twice`);
  for (const value of condition.values) {
    if (/[*?]/.test(value) || value === '')
      issues.push(
        `value "${value}" of ${condition.key}: StringEquals matches literally (no wildcards, not empty)`,
      );
  }
  return issues;
}

/**
 * A declared condition as a policy statement's condition block, after checking it: a
 * multivalued key only under a set operator, a single-valued key never, at least one value,
 * no repeats, no wildcards (StringEquals does not expand them). A multivalued condition also
 * requires the key in the request (`Null` false).
 *
 * @throws ValidationError when the declaration breaks one of those rules.
 * @example
 * ```ts
 * iamConditionBlock({ operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['a', 'b'], statementId: 'Untag', reason: '…' });
 * // { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] }, Null: { 'aws:TagKeys': 'false' } }
 * ```
 */
export function iamConditionBlock(condition: IamCondition): IamConditionBlock {
  const issues = conditionIssues(condition);
  if (issues.length > 0) {
    throw new ValidationError(
      `The IAM condition of statement ${condition.statementId} is not valid; fix its declaration`,
      issues.map((message) => ({ path: `condition.${condition.key}`, message })),
    );
  }
  if (condition.operator === 'StringEquals') return { StringEquals: { [condition.key]: condition.value } };
  return {
    'ForAllValues:StringEquals': { [condition.key]: [...condition.values] },
    Null: { [condition.key]: 'false' },
  };
}

/**
 * One IAM permission a gateway method needs: the action, the resources it is authorised on, and
 * the condition it is limited by, if any.
 *
 * @example
 * ```ts
 * const grant: IamGrant = { action: 'eks:DescribeCluster', resources: [{ kind: 'eks-cluster' }] };
 * ```
 */
export interface IamGrant {
  readonly action: IamAction;
  readonly resources: readonly [IamResource, ...IamResource[]];
  readonly condition?: IamCondition;
  /**
   * Which resources of those kinds (`IamScope`, iam-scopes.ts): `any` when absent (reads);
   * every change names the narrower scope it needs.
   */
  readonly scope?: IamScope;
}

/** Where the ARNs are built for: the partition, region and account of the functions' roles. */
export interface IamLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * The ARN pattern of each resource kind, any resource of that kind in the account and region
 * (formats from the Service Authorization Reference:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html#amazonelastickubernetesservice-resources-for-iam-policies
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html#amazonroute53-resources-for-iam-policies).
 * Route 53 is global: its ARNs name no region or account.
 */
const RESOURCE_ARN_PATTERNS: Readonly<Record<IamResourceKind, (location: IamLocation) => string>> = {
  'eks-cluster': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:cluster/*`,
  // nodegroup/<cluster>/<node group>/<uuid>
  'eks-nodegroup': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:nodegroup/*/*/*`,
  // addon/<cluster>/<add-on>/<uuid>
  'eks-addon': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:addon/*/*/*`,
  // fargateprofile/<cluster>/<profile>/<uuid>
  'eks-fargateprofile': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:fargateprofile/*/*/*`,
  // access-entry/<cluster>/<identity type>/<identity account>/<identity name>/<uuid>
  'eks-access-entry': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:access-entry/*/*/*/*/*`,
  // podidentityassociation/<cluster>/<association id>
  'eks-podidentityassociation': ({ partition, region, accountId }) =>
    `arn:${partition}:eks:${region}:${accountId}:podidentityassociation/*/*`,
  // IAM is global: oidc-provider/<issuer host and path>, role/<path><name>
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-resources-for-iam-policies).
  'iam-oidc-provider': ({ partition, accountId }) => `arn:${partition}:iam::${accountId}:oidc-provider/*`,
  'iam-role': ({ partition, accountId }) => `arn:${partition}:iam::${accountId}:role/*`,
  'route53-hosted-zone': ({ partition }) => `arn:${partition}:route53:::hostedzone/*`,
  'route53-change': ({ partition }) => `arn:${partition}:route53:::change/*`,
};

/**
 * The ARN pattern a grant's resource stands for at one location (`*` for any resource).
 *
 * @example
 * ```ts
 * iamResourceArn({ kind: 'eks-cluster' }, { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' });
 * // 'arn:aws:eks:eu-west-1:111122223333:cluster/*'
 * ```
 */
export function iamResourceArn(resource: IamResource, location: IamLocation): string {
  return resource.kind === 'any' ? '*' : RESOURCE_ARN_PATTERNS[resource.kind](location);
}

/** The order resource kinds are listed in a statement, whatever order the grants name them in. */
export const IAM_RESOURCE_KINDS: readonly (IamResourceKind | 'any')[] = [
  'eks-cluster',
  'eks-nodegroup',
  'eks-addon',
  'eks-fargateprofile',
  'eks-access-entry',
  'eks-podidentityassociation',
  'iam-oidc-provider',
  'iam-role',
  'route53-hosted-zone',
  'route53-change',
  'any',
];

/**
 * The IAM permissions behind every cluster-gateway operation, declared beside each AWS part
 * (`aws-eks-iam.ts`, `aws-route53-iam.ts`, `aws-cloudwatch-iam.ts`). A new gateway method does
 * not compile until its part declares what it needs; the deploy command builds each phase
 * function's policy from `PHASE_GATEWAY_OPERATIONS` and this table, and a test checks it against
 * the SDK commands each Lambda bundle contains.
 *
 * @example
 * ```ts
 * GATEWAY_OPERATION_GRANTS.describeAlarms[0]?.action; // 'cloudwatch:DescribeAlarms'
 * ```
 */
export const GATEWAY_OPERATION_GRANTS: Readonly<Record<GatewayOperation, readonly IamGrant[]>> = {
  ...EKS_OPERATION_GRANTS,
  ...POD_IDENTITY_OPERATION_GRANTS,
  ...EKS_TAGGING_OPERATION_GRANTS,
  ...IAM_IDENTITY_OPERATION_GRANTS,
  ...ROUTE53_OPERATION_GRANTS,
  ...CLOUDWATCH_OPERATION_GRANTS,
  ...EC2_OPERATION_GRANTS,
};
