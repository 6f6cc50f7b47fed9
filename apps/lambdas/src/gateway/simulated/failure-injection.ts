import {
  type AWSServiceError,
  type HealthIssue,
  toAWSServiceError,
  type UpgradeInsight,
  type UpgradePhase,
} from '@eks-upgrade/core-models';
import type { Scenario } from '../../simulation/scenario.js';
import type { ResourceFails } from '../../simulation/scenario-aws-faults.js';

/** How an injected update failure ends the update (DescribeUpdate `errors`). */
export interface InjectedUpdateError {
  code: string;
  message: string;
}

/** A resource of EKS a `resource_fails` or `slow_resource` fault names. */
export type FaultedResource = ResourceFails['resource'];

/** How an injected creation or deletion failure ends (the failed status and its health issue). */
export interface InjectedResourceFailure {
  status: 'FAILED' | 'CREATE_FAILED' | 'DELETE_FAILED';
  issue: HealthIssue;
}

/**
 * The health issue a failed creation or deletion reports when the fault names no code: one EKS
 * documents for that resource (ClusterIssue, Issue, AddonIssue, FargateProfileIssue in the EKS
 * API reference).
 */
const DEFAULT_RESOURCE_ISSUES: Record<`${FaultedResource}:${'create' | 'delete'}`, HealthIssue> = {
  'cluster:create': {
    code: 'InsufficientFreeAddresses',
    message: 'One or more of the subnets has no free IP addresses for the cluster (simulated)',
    resourceIds: [],
  },
  'cluster:delete': { code: 'InternalFailure', message: 'Simulated', resourceIds: [] },
  'nodegroup:create': {
    code: 'NodeCreationFailure',
    message: 'Instances failed to join the kubernetes cluster (simulated)',
    resourceIds: [],
  },
  'nodegroup:delete': {
    code: 'Ec2SecurityGroupDeletionFailure',
    message: 'Could not delete the remote access security group of the node group (simulated)',
    resourceIds: [],
  },
  'addon:create': {
    code: 'ConfigurationConflict',
    message: 'Conflicts found when trying to apply the add-on configuration (simulated)',
    resourceIds: [],
  },
  'addon:delete': { code: 'InternalFailure', message: 'Simulated', resourceIds: [] },
  'fargate_profile:create': {
    code: 'AccessDenied',
    message: 'The pod execution role cannot be assumed by Fargate (simulated)',
    resourceIds: [],
  },
  'fargate_profile:delete': { code: 'InternalFailure', message: 'Simulated', resourceIds: [] },
};

/** The HTTP status of each error an injected Route 53 or IAM refusal answers with. */
const HTTP_STATUS: Record<string, number> = {
  InvalidChangeBatch: 400,
  PriorRequestNotComplete: 400,
  Throttling: 400,
  ServiceFailureException: 500,
  ConcurrentModificationException: 409,
};
const REFUSAL_MESSAGES: Record<string, string> = {
  InvalidChangeBatch: 'The change batch is invalid (simulated)',
  PriorRequestNotComplete: 'The request was rejected because Route 53 was still processing a prior request',
  Throttling: 'Rate exceeded',
  ServiceFailureException: 'The request processing has failed because of an unknown error',
};

/** What the traffic weights reached make happen (`unhealthy_at_weight`). */
export interface WeightEffects {
  /** Alarms that go to ALARM, with their reason. */
  alarms: { name: string; reason: string }[];
  /** A health issue the green cluster reports, when a failure names no alarm. */
  greenHealthIssue?: HealthIssue;
}

/**
 * The failures a scenario injects, asked by the simulated services at the moment each one
 * applies: an update that ends `Failed`, an upgrade insight in ERROR, a refused native
 * rollback, alarms in ALARM from the start or once green carries some traffic.
 *
 * @example
 * ```ts
 * const failures = new FailureInjection(scenario);
 * failures.updateFailure('nodegroup', 'general', '1.30'); // { code: 'ClusterUnreachable', ... }
 * ```
 */
export class FailureInjection {
  private readonly failures: Scenario['failures'];
  private readonly targetVersion: string;
  /** How many calls each entry with `times` (by index) has failed so far. */
  private readonly failedUpdates = new Map<number, number>();
  /** The phase whose function runs now (the rehearsal says), for faults limited by `during`. */
  private phase: UpgradePhase | undefined;

  constructor(scenario: Scenario) {
    this.failures = scenario.failures;
    this.targetVersion = scenario.request.targetVersion;
  }

  /** The error the update of `resource` (named `name`) to `version` ends with, if one is injected. */
  updateFailure(
    resource: 'control_plane' | 'addon' | 'nodegroup',
    name: string | undefined,
    version: string,
  ): InjectedUpdateError | undefined {
    for (const [index, failure] of this.failures.entries()) {
      if (
        failure.type === 'update_fails' &&
        failure.resource === resource &&
        (failure.name === undefined || failure.name === name) &&
        (failure.toVersion === undefined || failure.toVersion === version)
      ) {
        // A failure with `times` fails that many matching updates, then lets the next ones succeed.
        const failed = this.failedUpdates.get(index) ?? 0;
        if (failure.times !== undefined && failed >= failure.times) continue;
        this.failedUpdates.set(index, failed + 1);
        return { code: failure.errorCode, message: failure.message };
      }
    }
    return undefined;
  }

  /** Why EKS refuses the native rollback, when the scenario says it does. */
  rollbackRefusal(): string | undefined {
    for (const failure of this.failures) if (failure.type === 'rollback_fails') return failure.message;
    return undefined;
  }

  /** Upgrade insights in ERROR the scenario adds to the cluster's own. */
  blockingInsights(): UpgradeInsight[] {
    return this.failures.flatMap((failure, index) =>
      failure.type === 'blocking_insight'
        ? [
            {
              id: `sim-insight-${index + 1}`,
              name: failure.name,
              category: 'UPGRADE_READINESS',
              kubernetesVersion: failure.kubernetesVersion ?? this.targetVersion,
              status: failure.status,
              reason: failure.reason,
              description: `${failure.name} (injected by the scenario)`,
              recommendation: 'Fix the reported resources before upgrading.',
            },
          ]
        : [],
    );
  }

  /**
   * Whether ListInsights reports the insight yet, `minutesSinceStart` into the rehearsal: an
   * injected one with `appearsAfterMinutes` only from then on; every other one from the start.
   */
  insightReported(insightId: string, minutesSinceStart: number): boolean {
    const index = /^sim-insight-(\d+)$/.exec(insightId)?.[1];
    const failure = index === undefined ? undefined : this.failures[Number(index) - 1];
    if (failure?.type !== 'blocking_insight' || failure.appearsAfterMinutes === undefined) return true;
    return minutesSinceStart >= failure.appearsAfterMinutes;
  }

  /** Alarms the failures put in ALARM from the start, or name (so they exist, OK until they fire). */
  initialAlarms(): { name: string; state: string; reason: string }[] {
    const alarms: { name: string; state: string; reason: string }[] = [];
    for (const failure of this.failures) {
      if (failure.type === 'alarm_in_alarm') {
        alarms.push({ name: failure.alarmName, state: 'ALARM', reason: failure.reason });
      }
      if (failure.type === 'unhealthy_at_weight' && failure.alarmName) {
        alarms.push({ name: failure.alarmName, state: 'OK', reason: 'Initial state OK' });
      }
    }
    return alarms;
  }

  /** What happens once green carries `greenWeight` % of the traffic. */
  atGreenWeight(greenWeight: number): WeightEffects {
    const effects: WeightEffects = { alarms: [] };
    for (const failure of this.failures) {
      if (failure.type !== 'unhealthy_at_weight' || greenWeight < failure.weight) continue;
      if (failure.alarmName) {
        effects.alarms.push({
          name: failure.alarmName,
          reason: `Threshold Crossed: errors rose with ${greenWeight}% of traffic on green (simulated)`,
        });
      } else {
        effects.greenHealthIssue = {
          code: 'SimulatedFailure',
          message: `Unhealthy with ${greenWeight}% of traffic (simulated)`,
          resourceIds: [],
        };
      }
    }
    return effects;
  }

  /**
   * How many calls each counted failure of the scenario has failed so far, by its index in
   * `failures` (the ones that match calls: `update_fails`, `resource_fails`, the Route 53, IAM and
   * Lambda faults); an index absent never took effect.
   */
  failedCalls(): ReadonlyMap<number, number> {
    return new Map(this.failedUpdates);
  }

  /** The rehearsal tells which phase's function runs now (faults with `during` apply only then). */
  enterPhase(phase: UpgradePhase): void {
    this.phase = phase;
  }

  /**
   * The first fault of `type` matching `matches`, within its phase, counted against its `times`
   * (a fault used up lets the call succeed).
   */
  private take<Type extends Scenario['failures'][number]['type']>(
    type: Type,
    matches: (failure: Extract<Scenario['failures'][number], { type: Type }>) => boolean,
  ): Extract<Scenario['failures'][number], { type: Type }> | undefined {
    for (const [index, failure] of this.failures.entries()) {
      if (failure.type !== type) continue;
      const candidate = failure as Extract<Scenario['failures'][number], { type: Type }>;
      if ('during' in candidate && candidate.during !== undefined && candidate.during !== this.phase)
        continue;
      if (!matches(candidate)) continue;
      const failed = this.failedUpdates.get(index) ?? 0;
      if ('times' in candidate && candidate.times !== undefined && failed >= candidate.times) continue;
      this.failedUpdates.set(index, failed + 1);
      return candidate;
    }
    return undefined;
  }

  /**
   * How the creation or deletion of `resource` asked for now ends, when a `resource_fails` fault
   * names it (decided when EKS accepts the call; the status is reached when the transition ends).
   */
  resourceFailure(
    resource: FaultedResource,
    operation: 'create' | 'delete',
    clusterName: string,
    name?: string,
  ): InjectedResourceFailure | undefined {
    const failure = this.take(
      'resource_fails',
      (candidate) =>
        candidate.resource === resource &&
        candidate.operation === operation &&
        (candidate.clusterName === undefined || candidate.clusterName === clusterName) &&
        (candidate.name === undefined || candidate.name === name),
    );
    if (!failure) return undefined;
    const fallback = DEFAULT_RESOURCE_ISSUES[`${resource}:${operation}`];
    return {
      status: resource === 'cluster' ? 'FAILED' : operation === 'create' ? 'CREATE_FAILED' : 'DELETE_FAILED',
      issue: {
        code: failure.errorCode ?? fallback.code,
        message: failure.message ?? fallback.message,
        resourceIds: name ? [name] : [],
      },
    };
  }

  /** The polls a creation or deletion of `resource` takes: a `slow_resource` fault's, or `polls`. */
  transitionPolls(
    resource: FaultedResource,
    operation: 'create' | 'delete',
    clusterName: string,
    name: string | undefined,
    polls: number,
  ): number {
    for (const failure of this.failures) {
      if (
        failure.type === 'slow_resource' &&
        failure.resource === resource &&
        (failure.clusterName === undefined || failure.clusterName === clusterName) &&
        (failure.name === undefined || failure.name === name)
      ) {
        const slow = operation === 'create' ? failure.createPolls : failure.deletePolls;
        if (slow !== undefined) return slow;
      }
    }
    return polls;
  }

  /** Route 53's refusal of a change raising `toward`'s share (any change when undefined), if injected. */
  route53Refusal(toward: 'blue' | 'green' | undefined): AWSServiceError | undefined {
    const failure = this.take(
      'route53_change_refused',
      (candidate) => candidate.toward === undefined || candidate.toward === toward,
    );
    return failure ? refusal('Route53', 'ChangeResourceRecordSets', failure.errorCode) : undefined;
  }

  /** The GetChange polls a change raising `toward`'s share stays PENDING for: injected, or `polls`. */
  changePolls(toward: 'blue' | 'green' | undefined, polls: number): number {
    const failure = this.take(
      'route53_change_pending',
      (candidate) => candidate.toward === undefined || candidate.toward === toward,
    );
    return failure?.polls ?? polls;
  }

  /** IAM's refusal of `operation`, if injected. */
  iamRefusal(
    operation: 'CreateOpenIDConnectProvider' | 'UpdateAssumeRolePolicy' | 'DeleteOpenIDConnectProvider',
  ): AWSServiceError | undefined {
    const failure = this.take('iam_fails', (candidate) => candidate.operation === operation);
    return failure ? refusal('IAM', operation, failure.errorCode) : undefined;
  }

  /** The error type `phase`'s Lambda invocation fails with now, if injected. */
  lambdaFailure(phase: UpgradePhase): string | undefined {
    return this.take('lambda_fails', (candidate) => candidate.phase === phase)?.errorType;
  }
}

/**
 * An AWS refusal as the AWS gateway would report it: mapped by core-models' `toAWSServiceError`
 * from the SDK's error shape, so it is retryable exactly when the real one is.
 */
function refusal(service: string, operation: string, code: string): AWSServiceError {
  return toAWSServiceError(
    {
      name: code,
      message: REFUSAL_MESSAGES[code] ?? `${code} (simulated)`,
      $metadata: { httpStatusCode: HTTP_STATUS[code] ?? 400 },
    },
    { service, operation },
  );
}
