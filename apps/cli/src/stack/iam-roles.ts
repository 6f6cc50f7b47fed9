import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  paginateListRolePolicies,
  UpdateAssumeRolePolicyCommand,
  waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import type { AgentConfig } from '@eks-upgrade/core-models';
import { jsonEqual, toAWSServiceError } from '@eks-upgrade/core-models';
import type { PolicyDocument, TrustPolicyDocument } from './iam-policies.js';
import { normalizePolicyDocument } from './policy-document.js';
import { arnsFor, MANAGED_TAG, type StackLocation } from './stack-names.js';

/** A role deploy manages: its trust policy and one inline policy. */
export interface RoleSpec {
  readonly name: string;
  readonly description: string;
  readonly trust: TrustPolicyDocument;
  readonly policyName: string;
  readonly policy: PolicyDocument;
}

/**
 * The name of the role EventBridge Scheduler assumes for `start --at`: `<stateMachine>-scheduler-role`.
 *
 * @example
 * ```ts
 * schedulerRoleName(createDefaultAgentConfig()); // 'eks-upgrade-workflow-scheduler-role'
 * ```
 */
export function schedulerRoleName(config: AgentConfig): string {
  return `${config.stepFunctions.stateMachineName}-scheduler-role`.slice(0, 64);
}

/**
 * The role `start --at`'s one-time schedules run as: Scheduler may assume it only for schedules
 * of this account's default group (`aws:SourceAccount`, `aws:SourceArn`, against the confused
 * deputy problem), and it may only
 * start executions of the upgrade workflow (its versions and aliases included)
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
 *
 * @example
 * ```ts
 * schedulerRoleSpec(config, location).policy.Statement[0].Action; // ['states:StartExecution']
 * ```
 */
export function schedulerRoleSpec(config: AgentConfig, location: StackLocation): RoleSpec {
  const machine = arnsFor(location).stateMachine(config.stepFunctions.stateMachineName);
  return {
    name: schedulerRoleName(config),
    description: 'EventBridge Scheduler starting eks-upgrade executions (start --at)',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          // Scheduler names the schedule group as the source (start --at uses `default`).
          Condition: {
            StringEquals: { 'aws:SourceAccount': location.accountId },
            ArnLike: {
              'aws:SourceArn': `arn:${location.partition}:scheduler:${location.region}:${location.accountId}:schedule-group/default`,
            },
          },
        },
      ],
    },
    policyName: 'start-workflow-only',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [machine, `${machine}:*`] },
      ],
    },
  };
}

/** What was (or would be) done to a role. */
export type RoleAction = 'create' | 'update' | 'none';

async function iamCall<T>(operation: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAWSServiceError(error, { service: 'IAM', operation, action });
  }
}

function isNoSuchEntity(error: unknown): boolean {
  return (
    (error as { name?: unknown }).name === 'NoSuchEntityException' ||
    (error as { name?: unknown }).name === 'NoSuchEntity'
  );
}

async function getRole(iam: IAMClient, name: string) {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw toAWSServiceError(error, { service: 'IAM', operation: 'GetRole', action: `read role ${name}` });
  }
}

async function getInlinePolicy(iam: IAMClient, role: string, policy: string): Promise<string | undefined> {
  try {
    return (await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policy }))).PolicyDocument;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw toAWSServiceError(error, {
      service: 'IAM',
      operation: 'GetRolePolicy',
      action: `read policy ${policy} of role ${role}`,
    });
  }
}

/**
 * Brings a role to its spec: creates it (tagged as managed), or updates only its trust policy
 * or inline policy when they differ. With `dryRun` it only reports. Returns the role ARN and
 * what was done.
 */
export async function applyRole(
  iam: IAMClient,
  spec: RoleSpec,
  options: { dryRun: boolean; roleArn: string },
): Promise<{ arn: string; action: RoleAction; details: string[] }> {
  const existing = await getRole(iam, spec.name);
  if (!existing) {
    if (!options.dryRun) {
      await iamCall('CreateRole', `create role ${spec.name}`, () =>
        iam.send(
          new CreateRoleCommand({
            RoleName: spec.name,
            Description: spec.description,
            AssumeRolePolicyDocument: JSON.stringify(spec.trust),
            Tags: [{ ...MANAGED_TAG }],
          }),
        ),
      );
      await iamCall('PutRolePolicy', `attach policy ${spec.policyName} to role ${spec.name}`, () =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: spec.name,
            PolicyName: spec.policyName,
            PolicyDocument: JSON.stringify(spec.policy),
          }),
        ),
      );
      await iamCall('GetRole', `wait for role ${spec.name}`, () =>
        waitUntilRoleExists({ client: iam, maxWaitTime: 60 }, { RoleName: spec.name }),
      );
    }
    return { arn: options.roleArn, action: 'create', details: ['role and inline policy'] };
  }
  const details: string[] = [];
  const trustDiffers =
    !existing.AssumeRolePolicyDocument ||
    !jsonEqual(
      normalizePolicyDocument(existing.AssumeRolePolicyDocument),
      normalizePolicyDocument(spec.trust),
    );
  if (trustDiffers) {
    details.push('trust policy');
    if (!options.dryRun) {
      await iamCall('UpdateAssumeRolePolicy', `update the trust policy of role ${spec.name}`, () =>
        iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: spec.name,
            PolicyDocument: JSON.stringify(spec.trust),
          }),
        ),
      );
    }
  }
  const current = await getInlinePolicy(iam, spec.name, spec.policyName);
  if (
    current === undefined ||
    !jsonEqual(normalizePolicyDocument(current), normalizePolicyDocument(spec.policy))
  ) {
    details.push('inline policy');
    if (!options.dryRun) {
      await iamCall('PutRolePolicy', `update policy ${spec.policyName} of role ${spec.name}`, () =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: spec.name,
            PolicyName: spec.policyName,
            PolicyDocument: JSON.stringify(spec.policy),
          }),
        ),
      );
    }
  }
  return { arn: existing.Arn ?? options.roleArn, action: details.length > 0 ? 'update' : 'none', details };
}

/**
 * Deletes a role deploy created (it carries the managed tag): its inline policies first, then
 * the role. Roles without the tag are left alone. Returns what was (or would be) done.
 */
export async function removeRole(
  iam: IAMClient,
  name: string,
  options: { dryRun: boolean },
): Promise<'delete' | 'none' | 'not-managed'> {
  const existing = await getRole(iam, name);
  if (!existing) return 'none';
  const managed = (existing.Tags ?? []).some(
    (tag) => tag.Key === MANAGED_TAG.Key && tag.Value === MANAGED_TAG.Value,
  );
  if (!managed) return 'not-managed';
  if (options.dryRun) return 'delete';
  const policies: string[] = [];
  await iamCall('ListRolePolicies', `list the policies of role ${name}`, async () => {
    for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: name })) {
      policies.push(...(page.PolicyNames ?? []));
    }
  });
  for (const policy of policies) {
    await iamCall('DeleteRolePolicy', `delete policy ${policy} of role ${name}`, () =>
      iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy })),
    );
  }
  await iamCall('DeleteRole', `delete role ${name}`, () =>
    iam.send(new DeleteRoleCommand({ RoleName: name })),
  );
  return 'delete';
}
