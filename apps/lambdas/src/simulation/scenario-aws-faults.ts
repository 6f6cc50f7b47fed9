import { UpgradePhaseSchema } from '@eks-upgrade/core-models';
import { z } from 'zod';
import { strictObject } from './scenario-limits.js';

/*
 * Faults AWS itself can produce during an upgrade, beyond a failed update: a resource that ends
 * CREATE_FAILED or DELETE_FAILED, a Route 53 change refused or slow to reach INSYNC, an IAM call
 * refused, a Lambda invocation that fails, one resource much slower than the others. Each names
 * the error AWS answers with (its API reference's Errors section or status enum).
 *
 * Every fault may be limited to one phase (`during`: only while that phase's function runs, e.g.
 * `rollback` for a fault in the rollback) and to its first `times` matching calls (the ones after
 * succeed: a fault that happens once and is gone when the call is made again).
 */

/** How many matching calls fail (each one when absent); the ones after succeed. */
const TimesSchema = z.number().int().min(1).max(100).optional();
/** Only while this phase's function runs (any phase when absent). */
const DuringSchema = UpgradePhaseSchema.optional();

/**
 * A cluster, node group, add-on or Fargate profile whose creation or deletion EKS accepts, then
 * ends in a failed status when its transition is over:
 * - `cluster` `create`: the cluster ends `FAILED` (EKS `Cluster.status`; the reason in its
 *   `health.issues`, e.g. `InsufficientFreeAddresses`,
 *   https://docs.aws.amazon.com/eks/latest/APIReference/API_ClusterIssue.html). EKS's cluster
 *   status has no DELETE_FAILED, so a cluster's deletion is not offered here;
 * - `nodegroup` `create` / `delete`: `CREATE_FAILED` / `DELETE_FAILED`, with a health issue
 *   (e.g. `NodeCreationFailure`, `Ec2SecurityGroupDeletionFailure`,
 *   https://docs.aws.amazon.com/eks/latest/APIReference/API_Issue.html); a group in either status
 *   may be deleted again (DeleteNodegroup);
 * - `addon` `create`: `CREATE_FAILED` with an add-on issue (e.g. `ConfigurationConflict`,
 *   https://docs.aws.amazon.com/eks/latest/APIReference/API_AddonIssue.html). The upgrade never
 *   deletes an add-on by itself (it goes with its cluster), so an add-on's deletion is not offered;
 * - `fargate_profile` `create` / `delete`: `CREATE_FAILED` / `DELETE_FAILED`
 *   (https://docs.aws.amazon.com/eks/latest/APIReference/API_FargateProfile.html, `status`).
 *
 * @example
 * ```yaml
 * failures:
 *   - type: resource_fails
 *     resource: nodegroup
 *     operation: delete
 *     clusterName: shop-1-31
 *     name: ng-1
 *     times: 1
 * ```
 */
export const ResourceFailsSchema = strictObject({
  type: z.literal('resource_fails'),
  resource: z.enum(['cluster', 'nodegroup', 'addon', 'fargate_profile']),
  operation: z.enum(['create', 'delete']),
  /** The cluster (for `cluster`, the cluster itself) the resource belongs to (any when absent). */
  clusterName: z.string().min(1).max(100).optional(),
  /** The node group, add-on or Fargate profile name (any when absent). */
  name: z.string().min(1).max(100).optional(),
  /** The health issue code it reports (a default per resource and operation when absent). */
  errorCode: z.string().min(1).max(100).optional(),
  message: z.string().min(1).max(2000).optional(),
  times: TimesSchema,
  during: DuringSchema,
}).superRefine((fault, context) => {
  if ((fault.resource === 'cluster' || fault.resource === 'addon') && fault.operation === 'delete') {
    context.addIssue({
      code: 'custom',
      path: ['operation'],
      message: `must be create for a ${fault.resource} (EKS reports no DELETE_FAILED for it here)`,
    });
  }
  if (fault.resource === 'cluster' && fault.name !== undefined) {
    context.addIssue({ code: 'custom', path: ['name'], message: 'is not for a cluster (use clusterName)' });
  }
});

/**
 * Route 53 refuses a ChangeResourceRecordSets call and applies nothing
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html,
 * Errors): `InvalidChangeBatch` (HTTP 400, not worth retrying), `PriorRequestNotComplete`
 * (HTTP 400, "the request was rejected because Route 53 was still processing a prior request")
 * or `Throttling` (HTTP 400, "Rate exceeded", the common error of every Route 53 action,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html); the last two are
 * worth retrying. `toward` limits it to a change that raises that side's share (green: a traffic
 * shift; blue: the rollback's move back).
 */
export const Route53ChangeRefusedSchema = strictObject({
  type: z.literal('route53_change_refused'),
  errorCode: z.enum(['InvalidChangeBatch', 'PriorRequestNotComplete', 'Throttling']).default('Throttling'),
  toward: z.enum(['blue', 'green']).optional(),
  times: TimesSchema,
  during: DuringSchema,
});

/**
 * A Route 53 change that stays `PENDING` for `polls` GetChange calls instead of
 * `timing.changePolls` (GetChange, https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html:
 * `PENDING` until every Route 53 DNS server has it, then `INSYNC`); more polls than a step waits
 * is a change that never reaches INSYNC in time.
 */
export const Route53ChangePendingSchema = strictObject({
  type: z.literal('route53_change_pending'),
  polls: z.number().int().min(1).max(1000),
  toward: z.enum(['blue', 'green']).optional(),
  times: TimesSchema,
  during: DuringSchema,
});

/** The IAM errors each refused operation may answer with (its API reference's Errors). */
const IAM_ERRORS = {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
  CreateOpenIDConnectProvider: [
    'LimitExceededException',
    'ConcurrentModificationException',
    'OpenIdIdpCommunicationErrorException',
    'ServiceFailureException',
  ],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
  UpdateAssumeRolePolicy: [
    'LimitExceededException',
    'UnmodifiableEntityException',
    'MalformedPolicyDocumentException',
    'ServiceFailureException',
  ],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html
  DeleteOpenIDConnectProvider: ['InvalidInputException', 'ServiceFailureException'],
} as const;

/**
 * IAM refuses a call and changes nothing: `ServiceFailureException` is HTTP 500 ("the request
 * processing has failed because of an unknown error", worth retrying); the others are HTTP 400
 * or 409 and not worth retrying (`LimitExceededException`: the account's OIDC providers or the
 * trust policy's size; `UnmodifiableEntityException`: a service-linked role).
 */
export const IamFailsSchema = strictObject({
  type: z.literal('iam_fails'),
  operation: z.enum(['CreateOpenIDConnectProvider', 'UpdateAssumeRolePolicy', 'DeleteOpenIDConnectProvider']),
  errorCode: z
    .enum([...new Set(Object.values(IAM_ERRORS).flat())] as [string, ...string[]])
    .default('ServiceFailureException'),
  times: TimesSchema,
  during: DuringSchema,
}).superRefine((fault, context) => {
  const allowed: readonly string[] = IAM_ERRORS[fault.operation];
  if (!allowed.includes(fault.errorCode)) {
    context.addIssue({
      code: 'custom',
      path: ['errorCode'],
      message: `is not an error ${fault.operation} answers (${allowed.join(', ')})`,
    });
  }
});

/**
 * A phase's Lambda invocation fails, as Step Functions reports it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html,
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html, Errors):
 * `Lambda.ServiceException` (HTTP 500) and `Lambda.TooManyRequestsException` (HTTP 429): the
 * invocation fails before the function runs; `Lambda.Unknown`: the function ran and its
 * runtime crashed before it answered (out of memory, timed out), so its calls were made;
 * `Lambda.ClientExecutionTimeoutException`: the invoking client stopped waiting, so the function
 * ran (here: to its end, the stricter case, its calls all made) and its answer was lost.
 */
export const LambdaFailsSchema = strictObject({
  type: z.literal('lambda_fails'),
  phase: UpgradePhaseSchema,
  errorType: z
    .enum([
      'Lambda.ServiceException',
      'Lambda.TooManyRequestsException',
      'Lambda.Unknown',
      'Lambda.ClientExecutionTimeoutException',
    ])
    .default('Lambda.ServiceException'),
  times: TimesSchema,
});

/**
 * One resource much slower than the others: its creation or deletion takes `createPolls` /
 * `deletePolls` polls of it instead of the scenario's `timing` (EKS gives no duration; a node
 * group's nodes may take much longer to launch or drain than another's,
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
 */
export const SlowResourceSchema = strictObject({
  type: z.literal('slow_resource'),
  resource: z.enum(['cluster', 'nodegroup', 'addon', 'fargate_profile']),
  clusterName: z.string().min(1).max(100).optional(),
  name: z.string().min(1).max(100).optional(),
  createPolls: z.number().int().min(1).max(1000).optional(),
  deletePolls: z.number().int().min(1).max(1000).optional(),
}).superRefine((fault, context) => {
  if (fault.createPolls === undefined && fault.deletePolls === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['createPolls'],
      message: 'give createPolls, deletePolls or both',
    });
  }
});

export type ResourceFails = z.infer<typeof ResourceFailsSchema>;
export type Route53ChangeRefused = z.infer<typeof Route53ChangeRefusedSchema>;
export type IamFails = z.infer<typeof IamFailsSchema>;
