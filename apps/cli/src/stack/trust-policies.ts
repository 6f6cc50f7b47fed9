import type { AgentConfig } from '@eks-upgrade/core-models';
import { arnsFor, type StackLocation, stackNames } from './stack-names.js';

// Who may assume the stack's roles: the trust policies, with the confused-deputy conditions.

/** Who may assume each kind of role. */
export const TRUSTED_SERVICES = {
  lambda: 'lambda.amazonaws.com',
  stateMachine: 'states.amazonaws.com',
  events: 'events.amazonaws.com',
} as const;

/** A role's trust policy. */
export interface TrustPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ReadonlyArray<{
    readonly Effect: 'Allow';
    readonly Principal: { readonly Service: string };
    readonly Action: 'sts:AssumeRole';
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  }>;
}

/** Who, on whose behalf, may make a service assume a role (the confused-deputy conditions). */
export interface TrustSource {
  /** `aws:SourceAccount`: the account whose resource asks the service to assume the role. */
  readonly account: string;
  /** `aws:SourceArn` (ArnLike): the resources that may, e.g. the state machine or the rules. */
  readonly arns: readonly [string, ...string[]];
}

/**
 * The trust policy letting one AWS service assume a role; with `source`, only on behalf of
 * those resources of that account (`aws:SourceAccount`, `aws:SourceArn`), so no other account's
 * resource can make the service act with this role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 *
 * @example
 * ```ts
 * trustPolicy('states.amazonaws.com', { account: '123456789012', arns: ['arn:aws:states:eu-west-1:123456789012:stateMachine:eks-upgrade-workflow'] });
 * ```
 */
export function trustPolicy(service: string, source?: TrustSource): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(source
          ? {
              Condition: {
                StringEquals: { 'aws:SourceAccount': source.account },
                ArnLike: { 'aws:SourceArn': source.arns.length === 1 ? source.arns[0] : [...source.arns] },
              },
            }
          : {}),
      },
    ],
  };
}

/**
 * The trust policy of each role the stack creates. Step Functions assumes the workflow role
 * only for the stack's state machine (its versions and aliases too), EventBridge the targets
 * role only for the stack's two rules (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html). The
 * functions' roles trust Lambda without source conditions: Lambda assumes an execution role
 * for the function it runs, and the role is reachable only through functions of this account.
 *
 * @example
 * ```ts
 * stackTrustPolicies(config, location).stateMachine.Statement[0]?.Condition;
 * ```
 */
export function stackTrustPolicies(
  config: AgentConfig,
  location: StackLocation,
): Readonly<Record<keyof typeof TRUSTED_SERVICES, TrustPolicyDocument>> {
  const arns = arnsFor(location);
  const names = stackNames(config);
  const machine = arns.stateMachine(names.stateMachine);
  return {
    lambda: trustPolicy(TRUSTED_SERVICES.lambda),
    stateMachine: trustPolicy(TRUSTED_SERVICES.stateMachine, {
      account: location.accountId,
      arns: [machine, `${machine}:*`],
    }),
    events: trustPolicy(TRUSTED_SERVICES.events, {
      account: location.accountId,
      arns: [names.monitoringRule, names.rollbackTriggerRule].map((rule) =>
        arns.rule(config.eventBridge.busName, rule),
      ) as [string, ...string[]],
    }),
  };
}
